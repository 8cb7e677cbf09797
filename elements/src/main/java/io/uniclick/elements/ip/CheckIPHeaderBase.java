package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Checksum;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.List;

/**
 * CheckIPHeader and CheckIPHeader2 (they differ only in whether CHECKSUM defaults to true). The
 * per-packet check is written out in {@link #check}, one pass over the header: the length is
 * checked once, then the header words are read once each.
 */
abstract sealed class CheckIPHeaderBase extends Element implements SimpleAction permits CheckIPHeader, CheckIPHeader2 {
    static final int TINY = 0;
    static final int BAD_VERSION = 1;
    static final int BAD_HLEN = 2;
    static final int BAD_IP_LEN = 3;
    static final int BAD_CHECKSUM = 4;
    static final int BAD_SADDR = 5;
    static final String[] REASONS = {"tiny packet", "bad IP version", "bad IP header length", "bad IP length",
        "bad IP checksum", "bad source address"};

    private int offset;
    private int[] badSrc;
    private int[] goodDst;
    private boolean checksum;
    private boolean verbose;
    private long[] reasonDrops;
    private long drops;
    private byte[][] messages;
    private Rejects rejects;

    abstract boolean defaultChecksum();

    @Override
    public void configure(Args a) throws ConfigException {
        List<int[]> ifs = a.keyword("INTERFACES", IPSupport.prefixList(a), null);
        int[] bad = a.keyword("BADSRC", IPSupport.ipv4List(a), null);
        int[] good = a.keyword("GOODDST", IPSupport.ipv4List(a), null);
        Integer off = a.keyword("OFFSET", ArgTypes.UINT32, null);
        verbose = a.keyword("VERBOSE", ArgTypes.BOOL, false);
        boolean details = a.keyword("DETAILS", ArgTypes.BOOL, false);
        checksum = a.keyword("CHECKSUM", ArgTypes.BOOL, defaultChecksum());
        // positional forms: CheckIPHeader(OFFSET) or the old CheckIPHeader(BADSRC2 [, OFFSET])
        String p0 = a.positional("BADSRC", ArgTypes.STRING, null);
        String p1 = a.positional("OFFSET", ArgTypes.STRING, null);
        int[] oldBad = null;
        if (p0 != null && p1 == null && isInteger(p0)) {
            off = parseOffset(a, p0);
        } else if (p0 != null) {
            try {
                int[] l = IPSupport.ipv4List(a).parse(p0);
                oldBad = java.util.Arrays.copyOf(l, l.length + 2);
                oldBad[l.length] = 0;
                oldBad[l.length + 1] = -1;
            } catch (ArgException e) {
                a.error("BADSRC", e.getMessage());
            }
            if (p1 != null) {
                off = parseOffset(a, p1);
            }
        }
        a.complete();
        java.util.ArrayList<Integer> b = new java.util.ArrayList<>();
        java.util.ArrayList<Integer> g = new java.util.ArrayList<>();
        if (ifs != null) {
            for (int[] pm : ifs) {
                b.add((pm[0] & pm[1]) | ~pm[1]);
                g.add(pm[0]);
            }
            b.add(0);
            b.add(-1);
        }
        if (bad != null) {
            b.clear();
            for (int x : bad) {
                b.add(x);
            }
        }
        if (good != null) {
            g.clear();
            for (int x : good) {
                g.add(x);
            }
        }
        if (oldBad != null) {
            b.clear();
            for (int x : oldBad) {
                b.add(x);
            }
        }
        badSrc = b.isEmpty() ? null : b.stream().mapToInt(Integer::intValue).toArray();
        goodDst = g.stream().mapToInt(Integer::intValue).toArray();
        offset = off == null ? 0 : off;
        reasonDrops = details ? new long[REASONS.length] : null;
    }

    private static boolean isInteger(String s) {
        try {
            ArgTypes.parseInteger(s);
            return true;
        } catch (ArgException e) {
            return false;
        }
    }

    private static Integer parseOffset(Args a, String s) {
        try {
            return ArgTypes.UINT32.parse(s);
        } catch (ArgException e) {
            a.error("OFFSET", e.getMessage());
            return 0;
        }
    }

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
        messages = new byte[REASONS.length][];
        for (int i = 0; i < REASONS.length; i++) {
            messages[i] = IPSupport.line(name() + ": IP header check failed: " + REASONS[i]);
        }
    }

    /**
     * Checks one packet: true if it is good (annotated and trimmed), false if dropped or rejected.
     * The good path is kept under the JIT's inlining limit (it is inlined into fused chains); a bad
     * packet goes to {@link #reject}, which works out Click's reason.
     */
    @Override
    public final boolean action(Packet p) {
        final int off = offset;
        int plen = p.length() - off;
        if (plen < 20) {
            return drop(TINY, p);
        }
        int w0 = p.i32(off);
        int hlen = (w0 >>> 22) & 0x3C;
        int len = w0 & 0xFFFF;
        if ((w0 >>> 28) != 4 || hlen < 20 || len > plen || len < hlen
                || (checksum && !Checksum.ipv4HeaderOk(p, off, hlen)) || (badSrc != null && badSource(p, off))) {
            return reject(p, off, w0, plen);
        }
        p.setNetworkHeader(off, hlen);
        if (plen > len) {
            p.take(plen - len);
        }
        p.setDstIpAnno(p.i32(off + 16));
        return true;
    }

    private boolean badSource(Packet p, int off) {
        return contains(badSrc, p.i32(off + 12)) && !contains(goodDst, p.i32(off + 16));
    }

    /** Drops a packet that failed a check, for the first reason in Click's order. */
    private boolean reject(Packet p, int off, int w0, int plen) {
        int hlen = (w0 >>> 22) & 0x3C;
        int len = w0 & 0xFFFF;
        if ((w0 >>> 28) != 4) {
            return drop(BAD_VERSION, p);
        }
        if (hlen < 20) {
            return drop(BAD_HLEN, p);
        }
        if (len > plen || len < hlen) {
            return drop(BAD_IP_LEN, p);
        }
        if (checksum && !Checksum.ipv4HeaderOk(p, off, hlen)) {
            return drop(BAD_CHECKSUM, p);
        }
        return drop(BAD_SADDR, p);
    }

    @Override
    public final void actionsDone() {
        rejects.flush();
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    private boolean drop(int reason, Packet p) {
        if (drops == 0 || verbose) {
            byte[] msg = messages[reason];
            context.errors().write(msg, 0, msg.length);
        }
        drops++;
        if (reasonDrops != null) {
            reasonDrops[reason]++;
        }
        rejects.add(p);
        return false;
    }

    @Override
    public void push(int port, PacketBatch b) {
        SimpleAction.push(this, b, output[0]);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return SimpleAction.pull(this, input[0].pull(max));
    }

    /** Packets dropped (or sent to output 1). */
    public long drops() {
        return drops;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
        if (reasonDrops != null) {
            h.read("drop_details", () -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < REASONS.length; i++) {
                    sb.append(reasonDrops[i]).append('\t').append(REASONS[i]).append('\n');
                }
                return sb.toString();
            });
        }
    }
}
