package io.uniclick.elements.rewriter;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementContext;
import java.util.List;

/**
 * A rewrite pattern {@code SADDR SPORT DADDR DPORT} (Click's IPRewriterPattern), possibly shared
 * by several inputs and rewriters (IPRewriterPatterns, mappers).
 *
 * <p>Choice of the varied field, exactly as Click 2.1 does it (iprwpattern.cc):
 * <ul>
 * <li>A range is {@code L-H} for ports or {@code A-B} / {@code A/len} for source addresses (a
 * prefix of length ≤ 30 skips its .0 and broadcast addresses: {@code 10.0.0.0/24} means
 * 10.0.0.1–10.0.0.254; /31 means both addresses; /32 one). The port range applies when the
 * pattern has four fields (NAPT), the address range otherwise.</li>
 * <li>Without a suffix: if the packet's own source port lies in the range and the resulting reply
 * flow is unused, it is kept. Otherwise a start value is drawn uniformly from the range and the
 * range is probed upwards, wrapping, for the first value whose reply flow (new daddr, new dport,
 * new saddr, candidate) is not in the table.</li>
 * <li>Suffix {@code #}: sequential: probing starts at the value after the one chosen last (at
 * L for the first flow), wrapping; the packet's own port is not preferred.</li>
 * <li>Suffix {@code ?}: random start, the packet's own port not preferred.</li>
 * <li>When no value is free, the packet is dropped and the input's failure count incremented.</li>
 * </ul>
 * Click draws the random start with {@code click_random}; uniclick uses a per-pattern xorshift
 * generator with a fixed seed, so sequential and same-port choices match Click exactly and random
 * ones are reproducible run to run but not equal to Click's.
 */
final class Pattern {
    static final int RW_DROP = -1;
    static final int RW_ADDMAP = -2;

    final int saddr;
    final int sport;
    final int daddr;
    final int dport;
    final boolean napt;
    final boolean sequential;
    final boolean sameFirst;
    final int variationTop;
    private int nextVariation;
    private long rnd = 0x2545F4914F6CDD1DL;

    Pattern(int saddr, int sport, int daddr, int dport, boolean napt, boolean sequential, boolean sameFirst, int variationTop) {
        this.saddr = saddr;
        this.sport = sport;
        this.daddr = daddr;
        this.dport = dport;
        this.napt = napt;
        this.sequential = sequential;
        this.sameFirst = sameFirst;
        this.variationTop = variationTop;
    }

    /** A pattern error with Click's message. */
    static final class PatternException extends Exception {
        PatternException(String m) {
            super(m, null, false, false);
        }
    }

    /** Parses 1–4 words: a pattern name, or {@code SADDR [SPORT] DADDR [DPORT]}. */
    static Pattern parse(List<String> words, Element context, ElementContext ctx) throws PatternException {
        if (words.isEmpty() || words.size() > 4) {
            throw new PatternException("syntax error");
        }
        if (words.size() == 1) {
            Pattern p = IPRewriterPatterns.find(ctx, words.get(0));
            if (p == null) {
                throw new PatternException("no such pattern '" + words.get(0) + "'");
            }
            return p;
        }
        int[] v = new int[4]; // saddr, variation, sequential, sameFirst
        v[3] = 1;
        Integer sa;
        String w0 = words.get(0);
        int saddr = 0;
        if (w0.equals("-")) {
            // keep
        } else if ((sa = ip(w0, context, ctx)) != null) {
            saddr = sa;
        } else if (addressVariation(w0, v, context, ctx)) {
            saddr = v[0];
        } else {
            throw new PatternException("bad source address");
        }
        int sport = 0;
        int i = 0;
        if (words.size() >= 3) {
            i = words.size() == 3 ? 2 : 1;
            String w = words.get(i);
            int port = intOr(w, -1);
            if (w.equals("-")) {
                // keep
            } else if (port > 0 && port < 65536) {
                sport = port;
            } else if (portVariation(w, v)) {
                sport = v[0];
            } else {
                throw new PatternException("bad source port");
            }
            i = words.size() == 3 ? 0 : 1;
        }
        i++;
        String wd = words.get(i);
        int daddr = 0;
        Integer da;
        if (wd.equals("-")) {
            // keep
        } else if ((da = ip(wd, context, ctx)) != null) {
            daddr = da;
        } else {
            throw new PatternException("bad destination address");
        }
        int dport = 0;
        if (words.size() == 4) {
            String w = words.get(++i);
            int port = intOr(w, -1);
            if (w.equals("-")) {
                // keep
            } else if (port > 0 && port < 65536) {
                dport = port;
            } else {
                throw new PatternException("bad destination port");
            }
        }
        return new Pattern(saddr, sport, daddr, dport, words.size() >= 3, v[2] != 0, v[3] != 0, v[1]);
    }

    static Integer ip(String w, Element context, ElementContext ctx) {
        int[] r = ArgTypes.parseIPv4(w, false);
        if (r != null) {
            return r[0];
        }
        if (ctx != null && !w.isEmpty() && (Character.isLetter(w.charAt(0)) || w.charAt(0) == '_')) {
            try {
                String t = ctx.addresses() == null ? null : ctx.addresses().resolve(context, w, AddressResolver.Kind.IPV4);
                if (t != null) {
                    r = ArgTypes.parseIPv4(t, false);
                    return r == null ? null : r[0];
                }
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    static int intOr(String w, int dflt) {
        try {
            long x = ArgTypes.parseInteger(w);
            return x < Integer.MIN_VALUE || x > Integer.MAX_VALUE ? dflt : (int) x;
        } catch (Exception e) {
            return dflt;
        }
    }

    private static String suffix(String s, int[] v) {
        if (s.endsWith("#")) {
            v[2] = 1;
            v[3] = 0;
            return s.substring(0, s.length() - 1);
        } else if (s.endsWith("?")) {
            v[3] = 0;
            return s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean addressVariation(String str, int[] v, Element context, ElementContext ctx) {
        int[] save = v.clone();
        String s = suffix(str, v);
        int dash = s.indexOf('-');
        if (dash >= 0) {
            Integer a = ip(s.substring(0, dash), context, ctx);
            Integer b = ip(s.substring(dash + 1), context, ctx);
            if (a != null && b != null && Integer.compareUnsigned(b, a) >= 0) {
                v[0] = a;
                v[1] = b - a;
                return true;
            }
        } else {
            try {
                int[] pm = ArgTypes.IPV4_PREFIX.parse(s);
                int addr = pm[0];
                int mask = pm[1];
                // Click keeps the host bits until it masks below; IPV4_PREFIX already masked them
                int[] raw = ArgTypes.parseIPv4(s.indexOf('/') >= 0 ? s.substring(0, s.indexOf('/')) : s, true);
                if (raw != null) {
                    addr = raw[0];
                }
                if (addr != 0 && mask != 0 && Integer.bitCount(mask) == Integer.numberOfLeadingZeros(~mask)) {
                    if (mask == -1) {
                        v[1] = 0;
                    } else if (mask == 0xFFFFFFFE) {
                        addr &= mask;
                        v[1] = 1;
                    } else {
                        addr = (addr & mask) | 1;
                        v[1] = ~mask - 2;
                    }
                    v[0] = addr;
                    return true;
                }
            } catch (Exception e) {
                // fall through
            }
        }
        System.arraycopy(save, 0, v, 0, 4);
        return false;
    }

    private static boolean portVariation(String str, int[] v) {
        int[] save = v.clone();
        String s = suffix(str, v);
        int dash = s.indexOf('-');
        if (dash >= 0) {
            int lo = intOr(s.substring(0, dash), -1);
            int hi = intOr(s.substring(dash + 1), -1);
            if (lo >= 0 && hi >= lo && hi < 65536 && !s.substring(0, dash).isEmpty()) {
                v[0] = lo;
                v[1] = hi - lo;
                return true;
            }
        }
        System.arraycopy(save, 0, v, 0, 4);
        return false;
    }

    /**
     * Rewrites {@code in} into {@code out}; returns {@link #RW_ADDMAP}, or {@link #RW_DROP} when
     * no free value is left. Reply flows are looked up in {@code table} with class {@code cls}.
     */
    int rewrite(FlowId in, FlowId out, FlowTable table, int cls) {
        out.copy(in);
        if (saddr != 0) {
            out.saddr = saddr;
        }
        if (sport != 0) {
            out.sport = sport;
        }
        if (daddr != 0) {
            out.daddr = daddr;
        }
        if (dport != 0) {
            out.dport = dport;
        }
        final int top = variationTop;
        if (top == 0) {
            return RW_ADDMAP;
        }
        // lookup = reverse of the rewritten flow: (out.daddr, out.dport) -> (out.saddr, X)
        int lsaddr = out.daddr;
        int lsport = out.dport;
        int ldaddr = out.saddr;
        int ldport = out.sport;
        long base = napt ? (sport & 0xFFFF) : (saddr & 0xFFFFFFFFL);
        long val;
        if (sameFirst && (val = (in.sport - base) & 0xFFFFFFFFL) <= top) {
            if (table.lookup(FlowTable.keyA(lsaddr, ldaddr), FlowTable.keyB(cls, lsport, in.sport)) < 0) {
                ldport = in.sport;
                return found(out, ldaddr, ldport, val);
            }
        }
        if (sequential) {
            val = (nextVariation & 0xFFFFFFFFL) > top ? 0 : nextVariation & 0xFFFFFFFFL;
        } else {
            val = random(top);
        }
        for (long count = 0; count <= top; ++count, val = (val == top ? 0 : val + 1)) {
            if (napt) {
                ldport = (int) (base + val) & 0xFFFF;
            } else {
                ldaddr = (int) (base + val);
            }
            if (table.lookup(FlowTable.keyA(lsaddr, ldaddr), FlowTable.keyB(cls, lsport, ldport)) < 0) {
                return found(out, ldaddr, ldport, val);
            }
        }
        return RW_DROP;
    }

    private int found(FlowId out, int ldaddr, int ldport, long val) {
        if (napt) {
            out.sport = ldport;
        } else {
            out.saddr = ldaddr;
        }
        nextVariation = (int) (val + 1);
        return RW_ADDMAP;
    }

    private long random(int top) {
        long x = rnd;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rnd = x;
        return Long.remainderUnsigned(x >>> 1, (top & 0xFFFFFFFFL) + 1);
    }

    /** Click's unparse of the pattern (the {@code patterns} handler). */
    String unparse() {
        StringBuilder sb = new StringBuilder();
        if (!napt && variationTop != 0) {
            sb.append(ArgTypes.formatIPv4(saddr)).append('-').append(ArgTypes.formatIPv4(saddr + variationTop));
        } else if (saddr != 0) {
            sb.append(ArgTypes.formatIPv4(saddr));
        } else {
            sb.append('-');
        }
        if (napt) {
            if (sport == 0) {
                sb.append(" -");
            } else if (variationTop != 0) {
                sb.append(' ').append(sport).append('-').append(sport + variationTop);
            } else {
                sb.append(' ').append(sport);
            }
        }
        sb.append(' ').append(daddr != 0 ? ArgTypes.formatIPv4(daddr) : "-");
        if (napt) {
            sb.append(' ').append(dport != 0 ? Integer.toString(dport) : "-");
        }
        return sb.toString();
    }
}
