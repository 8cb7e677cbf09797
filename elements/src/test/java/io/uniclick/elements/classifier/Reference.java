package io.uniclick.elements.classifier;

import io.uniclick.core.packet.Packet;
import java.util.List;

/**
 * Reference evaluator, written apart from the compiler: evaluates the parsed expression (connectives
 * and semantic primitives) directly on the packet bytes, bit by bit, and Classifier patterns
 * directly from their text, byte by byte.
 */
final class Reference {
    private Reference() {
    }

    /** The packet bytes and where each header space starts (-1 = absent). */
    record View(byte[] d, int net, int transp, int mac) {
        static View of(Packet p) {
            byte[] d = p.toByteArray();
            int len = d.length;
            int nb = p.hasNetworkHeader() ? p.networkHeaderOffset() : 0;
            if (nb < 0 || nb > len) {
                nb = -1;
            }
            int tb;
            if (p.hasNetworkHeader()) {
                tb = p.transportHeaderOffset();
            } else {
                tb = len > 0 ? 4 * (d[0] & 0x0F) : -1;
            }
            if (tb < 0 || tb > len) {
                tb = -1;
            }
            int mb = p.macHeaderOffset();
            if (mb < 0 || mb > len) {
                mb = -1;
            }
            return new View(d, nb, tb, mb);
        }

        int base(int space) {
            return switch (space) {
                case Test.NET -> net;
                case Test.TRANSP -> transp;
                case Test.MAC -> mac;
                default -> 0;
            };
        }
    }

    /** The field's bits masked, or null if a byte holding a mask bit lies outside the packet (or the space is absent). */
    static Long field(View v, Ast.Field f, long mask) {
        int base = v.base(f.space());
        if (base < 0) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < f.bitLen(); i++) {
            int abs = f.bitPos() + i;
            int at = base + abs / 8;
            boolean maskBit = ((mask >>> (f.bitLen() - 1 - i)) & 1) != 0;
            int bit = 0;
            if (at < v.d().length) {
                bit = (v.d()[at] >> (7 - abs % 8)) & 1;
            } else if (maskBit) {
                return null;
            }
            value = value << 1 | bit;
        }
        return value & mask;
    }

    static boolean eval(Ast a, View v) {
        return switch (a) {
            case Ast.Const c -> c.value();
            case Ast.P p -> prim(p.prim(), v);
            case Ast.Not n -> !eval(n.a(), v);
            case Ast.And x -> x.as().stream().allMatch(y -> eval(y, v));
            case Ast.Or x -> x.as().stream().anyMatch(y -> eval(y, v));
            case Ast.Ternary t -> eval(t.c(), v) ? eval(t.a(), v) : eval(t.b(), v);
        };
    }

    static boolean prim(Ast.Prim p, View v) {
        if (p.proto() != Ast.Prim.NO_PROTO && p.proto() != Ast.Prim.ANY_TRANSP) {
            Long proto = field(v, new Ast.Field(Test.NET, 72, 8), 0xFF);
            if (proto == null) {
                return false;
            }
            boolean ok = p.proto() == Ast.Prim.TCP_OR_UDP ? proto == 6 || proto == 17 : proto == p.proto();
            if (!ok) {
                return false;
            }
        }
        if (p.firstFrag()) {
            Long off = field(v, new Ast.Field(Test.NET, 48, 16), 0x1FFF);
            if (off == null || off != 0) {
                return false;
            }
        }
        if (p.constant() != null) {
            return p.constant();
        }
        int rel = p.rel();
        boolean negative = rel == Ast.Prim.REL_NE || rel == Ast.Prim.REL_LE || rel == Ast.Prim.REL_LT;
        int positive = switch (rel) {
            case Ast.Prim.REL_NE -> Ast.Prim.REL_EQ;
            case Ast.Prim.REL_LE -> Ast.Prim.REL_GT;
            case Ast.Prim.REL_LT -> Ast.Prim.REL_GE;
            default -> rel;
        };
        boolean and = p.srcdst() == Ast.Prim.SD_AND;
        boolean combined = and;
        for (Ast.Field f : p.sides()) {
            Long x = field(v, f, p.mask());
            boolean side;
            if (f.bitLen() > 32) {
                // Ethernet addresses: compared in 16-bit pieces, each missing piece counting on its own (as Click's words)
                side = true;
                for (int b = 0; b < f.bitLen(); b += 16) {
                    long m = (p.mask() >>> (f.bitLen() - b - 16)) & 0xFFFF;
                    Long piece = field(v, new Ast.Field(f.space(), f.bitPos() + b, 16), m);
                    long want = (p.value() >>> (f.bitLen() - b - 16)) & m;
                    side &= piece == null ? negative : piece == want;
                }
                combined = and ? combined && side : combined || side;
                continue;
            }
            if (x == null) {
                side = negative; // missing: false for == > >=, "satisfied" inside the negation of != <= <
            } else {
                side = switch (positive) {
                    case Ast.Prim.REL_EQ -> x == p.value();
                    case Ast.Prim.REL_GT -> Long.compareUnsigned(x, p.value()) > 0;
                    default -> Long.compareUnsigned(x, p.value()) >= 0;
                };
            }
            combined = and ? combined && side : combined || side;
        }
        return negative != combined;
    }

    /** First-match over rules; -1 = drop. */
    static int classify(List<IPFilterParser.Rule> rules, Packet p) {
        View v = View.of(p);
        for (IPFilterParser.Rule r : rules) {
            if (eval(r.ast(), v)) {
                return r.output();
            }
        }
        return -1;
    }

    /** Classifier pattern semantics straight from the text (patterns assumed valid). */
    static boolean pattern(String pattern, byte[] d) {
        String s = pattern.trim();
        if (s.equals("-") || s.isEmpty()) {
            return true;
        }
        for (String clause : s.split("\\s+")) {
            boolean neg = clause.startsWith("!");
            if (neg) {
                clause = clause.substring(1);
            }
            int slash = clause.indexOf('/');
            int off = Integer.parseInt(clause.substring(0, slash));
            String rest = clause.substring(slash + 1);
            String val = rest;
            String mask = null;
            int pct = rest.indexOf('%');
            if (pct >= 0) {
                val = rest.substring(0, pct);
                mask = rest.substring(pct + 1);
            }
            boolean match = true;
            for (int n = 0; n < val.length(); n++) {
                char c = val.charAt(n);
                int m = c == '?' ? 0 : 0xF;
                int x = c == '?' ? 0 : Character.digit(c, 16);
                if (mask != null) {
                    char mc = mask.charAt(n);
                    m &= mc == '?' ? 0 : Character.digit(mc, 16);
                }
                if (m == 0) {
                    continue;
                }
                int at = off + n / 2;
                if (at >= d.length) {
                    match = false;
                    break;
                }
                int nib = n % 2 == 0 ? (d[at] >> 4) & 0xF : d[at] & 0xF;
                if ((nib & m) != (x & m)) {
                    match = false;
                    break;
                }
            }
            if (match == neg) {
                return false;
            }
        }
        return true;
    }
}
