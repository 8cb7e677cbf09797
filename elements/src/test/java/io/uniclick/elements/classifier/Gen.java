package io.uniclick.elements.classifier;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketPool;
import java.util.Random;

/** Random packets and random rule lists for the property tests. */
final class Gen {
    final Random r;

    Gen(long seed) {
        r = new Random(seed);
    }

    private static final String[] HOSTS = {"10.0.0.1", "10.0.0.2", "10.1.2.3", "192.168.0.1", "172.16.5.4"};
    private static final int[] PORTS = {0, 7, 22, 53, 80, 443, 1000, 1023, 1024, 8080, 65535};
    private static final int[] TTLS = {0, 1, 5, 63, 64, 65, 128, 255};
    private static final int[] PROTOS = {6, 17, 1, 2, 47};
    private static final int[] ICMP = {0, 3, 8, 11};
    static final byte[] MAC_A = {0, 1, 2, 3, 4, 5};
    static final byte[] MAC_B = {2, 0, 0, 0, 0, 1};

    <T> T pick(T[] a) {
        return a[r.nextInt(a.length)];
    }

    int pick(int[] a) {
        return r.nextInt(4) == 0 ? r.nextInt(256) : a[r.nextInt(a.length)];
    }

    private static int ip(String s) {
        String[] p = s.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    /** A random IPv4 packet (maybe fragmented, truncated, with options, without annotation, or behind Ethernet). */
    Packet packet(PacketPool pool) {
        int hl = r.nextInt(5) == 0 ? 5 + r.nextInt(3) : 5;
        int proto = r.nextInt(6) == 0 ? r.nextInt(256) : PROTOS[r.nextInt(PROTOS.length)];
        int tlen = proto == 6 ? 20 : 8;
        int total = hl * 4 + tlen + r.nextInt(24);
        byte[] d = new byte[total];
        r.nextBytes(d);
        d[0] = (byte) (r.nextInt(10) == 0 ? r.nextInt(256) : 0x40 | hl);
        if ((d[0] & 0xF) != hl) {
            hl = Math.max(d[0] & 0xF, 0);
        }
        d[1] = (byte) (r.nextBoolean() ? r.nextInt(4) : r.nextInt(256));
        int len = r.nextInt(5) == 0 ? r.nextInt(65536) : total;
        d[2] = (byte) (len >> 8);
        d[3] = (byte) len;
        int frag = switch (r.nextInt(10)) {
            case 0 -> 0x4000;
            case 1 -> 0x2000;
            case 2 -> 1 + r.nextInt(0x1FFF);
            case 3 -> 0x2000 | (1 + r.nextInt(0x1FFF));
            case 4 -> r.nextInt(65536);
            default -> 0;
        };
        d[6] = (byte) (frag >> 8);
        d[7] = (byte) frag;
        d[8] = (byte) pick(TTLS);
        d[9] = (byte) proto;
        for (int k = 0; k < 2; k++) {
            int a = r.nextInt(4) == 0 ? r.nextInt() : ip(pick(HOSTS));
            int at = 12 + 4 * k;
            d[at] = (byte) (a >>> 24);
            d[at + 1] = (byte) (a >>> 16);
            d[at + 2] = (byte) (a >>> 8);
            d[at + 3] = (byte) a;
        }
        int th = hl * 4;
        if (proto == 1 && th < total) {
            d[th] = (byte) pick(ICMP);
        } else if (th + 4 <= total) {
            int sp = r.nextInt(4) == 0 ? r.nextInt(65536) : PORTS[r.nextInt(PORTS.length)];
            int dp = r.nextInt(4) == 0 ? r.nextInt(65536) : PORTS[r.nextInt(PORTS.length)];
            d[th] = (byte) (sp >> 8);
            d[th + 1] = (byte) sp;
            d[th + 2] = (byte) (dp >> 8);
            d[th + 3] = (byte) dp;
        }
        int keep = r.nextInt(5) == 0 ? r.nextInt(total + 1) : total;
        int mode = r.nextInt(20);
        boolean ether = mode < 2;
        int pre = ether ? 14 : 0;
        Packet p = pool.allocate(pre + keep);
        if (ether) {
            byte[] eh = new byte[14];
            System.arraycopy(r.nextBoolean() ? MAC_A : MAC_B, 0, eh, 0, 6);
            System.arraycopy(r.nextBoolean() ? MAC_A : MAC_B, 0, eh, 6, 6);
            eh[12] = 8;
            p.copyFrom(eh, 0, 0, 14);
            p.setMacHeaderOffset(0);
        }
        p.copyFrom(d, 0, pre, keep);
        if (mode < 18) {
            p.setNetworkHeader(pre, hl * 4);
        }
        return p;
    }

    // ---- expressions ------------------------------------------------------------------------

    private static final String[] OPS = {"", "= ", "== ", "!= ", "> ", "< ", ">= ", "<= "};

    String op() {
        return OPS[r.nextInt(OPS.length)];
    }

    String sd() {
        return new String[] {"", "src ", "dst ", "src or dst ", "src and dst "}[r.nextInt(5)];
    }

    String primitive() {
        return switch (r.nextInt(28)) {
            case 0 -> "ip frag";
            case 1 -> "ip unfrag";
            case 2 -> r.nextBoolean() ? "frag" : "unfrag";
            case 3 -> sd() + "port " + op() + PORTS[r.nextInt(PORTS.length)];
            case 4 -> sd() + (r.nextBoolean() ? "tcp" : "udp") + " port " + op() + PORTS[r.nextInt(PORTS.length)];
            case 5 -> "ip ttl " + op() + pick(TTLS);
            case 6 -> "ip len " + op() + (20 + r.nextInt(80));
            case 7 -> sd() + "host " + pick(HOSTS);
            case 8 -> sd() + "net " + pick(HOSTS) + "/" + (8 + r.nextInt(25));
            case 9 -> new String[] {"tcp", "udp", "icmp", "igmp"}[r.nextInt(4)];
            case 10 -> "ip proto " + op().replace(">", "").replace("<", "") + PROTOS[r.nextInt(PROTOS.length)];
            case 11 -> "icmp type " + (r.nextBoolean() ? "echo" : r.nextBoolean() ? "!= echo-reply" : op() + pick(ICMP));
            case 12 -> new String[] {"syn", "ack", "tcp opt fin", "tcp opt rst", "psh", "urg"}[r.nextInt(6)];
            case 13 -> "ip tos & " + (1 + r.nextInt(255)) + " " + op() + r.nextInt(256);
            case 14 -> "tcp[13] & " + (1 + r.nextInt(255)) + " " + (r.nextBoolean() ? "!= 0" : "= " + r.nextInt(256));
            case 15 -> "ip[" + r.nextInt(24) + "] " + op() + r.nextInt(256);
            case 16 -> "ip[" + (r.nextInt(6) * 2) + ":2] " + op() + r.nextInt(65536);
            case 17 -> r.nextBoolean() ? "ip ect" : "ip ce";
            case 18 -> r.nextBoolean() ? "true" : "false";
            case 19 -> "src port " + PORTS[r.nextInt(PORTS.length)] + " or " + PORTS[r.nextInt(PORTS.length)];
            case 20 -> "ip ttl " + pick(TTLS) + " or " + pick(TTLS);
            case 21 -> {
                int p = r.nextInt(8);
                int l = p % 4 <= 2 && r.nextBoolean() ? 2 : 1;
                yield "udp[" + p + ":" + l + "] " + op() + r.nextInt(l == 1 ? 256 : 65536);
            }
            case 22 -> r.nextInt(4) == 0 ? "tcp win " + (r.nextBoolean() ? "> " : "< ") + 70000 : "tcp win " + op() + r.nextInt(65536);
            case 23 -> "transp[0:2] " + op() + PORTS[r.nextInt(PORTS.length)];
            case 24 -> "ip ttl " + op() + pick(TTLS);
            case 25 -> "ip dscp " + op() + r.nextInt(64);
            case 26 -> sd().replace("src and dst ", "") + "host " + pick(HOSTS) + " or " + pick(HOSTS) + (r.nextBoolean() ? "" : "/" + (8 + r.nextInt(25)));
            default -> "ip hl " + op() + (4 + r.nextInt(4));
        };
    }

    String expr(int depth) {
        if (depth <= 0) {
            return primitive();
        }
        return switch (r.nextInt(8)) {
            case 0 -> "not " + "(" + expr(depth - 1) + ")";
            case 1 -> "(" + expr(depth - 1) + " and " + expr(depth - 1) + ")";
            case 2 -> "(" + expr(depth - 1) + " or " + expr(depth - 1) + ")";
            case 3 -> "(" + expr(depth - 1) + " ? " + expr(depth - 1) + " : " + expr(depth - 1) + ")";
            case 4 -> primitive() + " && " + primitive();
            case 5 -> "! " + primitive();
            case 6 -> primitive() + " || " + expr(depth - 1);
            default -> primitive();
        };
    }

    /** A rule's expression; Ethernet tests only last (after one, bare words would be read as Ethernet data, as in Click). */
    String rule() {
        String e = expr(r.nextInt(3));
        if (r.nextInt(10) == 0) {
            e = "(" + e + ") and " + sd() + "ether host " + (r.nextBoolean() ? "00:01:02:03:04:05" : "02:00:00:00:00:01");
        }
        return e;
    }

    String action() {
        return new String[] {"allow", "drop", "deny", "1", "2", "3"}[r.nextInt(6)];
    }
}
