package io.uniclick.elements.ip;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgType;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checksum arithmetic, name tables and argument helpers shared by the IPv4 elements. Not an element. */
final class IPSupport {
    private IPSupport() {
    }

    static final int IP_PROTO_ICMP = 1;
    static final int IP_PROTO_TCP = 6;
    static final int IP_PROTO_UDP = 17;
    static final int IP_DF = 0x4000;
    static final int IP_MF = 0x2000;
    static final int IP_OFFMASK = 0x1FFF;

    /**
     * Click's {@code click_update_in_cksum}: the checksum after a 16-bit word changed from
     * {@code oldHw} to {@code newHw} (RFC 1624), bit for bit as Click computes it.
     */
    static int updateCksum(int csum, int oldHw, int newHw) {
        int sum = (~csum & 0xFFFF) + (~oldHw & 0xFFFF) + (newHw & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~(sum + (sum >>> 16)) & 0xFFFF;
    }

    /** One's-complement sum (not complemented, folded) of {@code len} bytes at {@code off}; caller checks bounds. */
    static int sum(Packet p, int off, int len, long initial) {
        long s = initial;
        int i = off;
        int end = off + len;
        while (end - i >= 4) {
            s += p.i32(i) & 0xFFFFFFFFL;
            i += 4;
        }
        if (end - i >= 2) {
            s += p.u16(i);
            i += 2;
        }
        if (i < end) {
            s += p.u8(i) << 8;
        }
        return fold(s);
    }

    /**
     * The destination an encapsulating element writes: the packet's destination annotation when
     * {@code useAnno} (Click's DST_ANNO), else {@code configured}, which then becomes the annotation.
     */
    static int encapDestination(Packet p, boolean useAnno, int configured) {
        if (useAnno) {
            return p.dstIpAnno();
        }
        p.setDstIpAnno(configured);
        return configured;
    }

    /**
     * Writes a 20-byte IPv4 header (no options) at the front of {@code p}, which the caller has just
     * pushed: total length from the packet, {@code w0hi} = version, header length and TOS, the given
     * ID, fragment word, TTL and protocol word {@code w2}, addresses and header checksum; marks the
     * network header.
     */
    static void writeIPv4Header(Packet p, int w0hi, int id, int frag, int w2, int src, int dst) {
        int w0 = (w0hi << 16) | (p.length() & 0xFFFF);
        int w1 = ((id & 0xFFFF) << 16) | frag;
        p.setI32(0, w0);
        p.setI32(4, w1);
        p.setI32(8, w2);
        p.setI32(12, src);
        p.setI32(16, dst);
        long sum = (w0 & 0xFFFFFFFFL) + (w1 & 0xFFFFFFFFL) + (w2 & 0xFFFFFFFFL) + (src & 0xFFFFFFFFL) + (dst & 0xFFFFFFFFL);
        p.setU16(10, ~fold(sum));
        p.setNetworkHeader(0, 20);
    }

    /** Folds a wide one's-complement sum to 16 bits. */
    static int fold(long s) {
        s = (s & 0xFFFFFFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /** The Internet checksum field value over {@code len} bytes (the field itself zeroed or skipped by the caller). */
    static int cksum(Packet p, int off, int len) {
        return ~sum(p, off, len, 0) & 0xFFFF;
    }

    /**
     * Click's {@code click_in_cksum_pseudohdr} for an IPv4 header at {@code iph} without source
     * route: combines a data sum (not complemented) with the pseudo-header, returns the field value.
     */
    static int pseudoCksum(Packet p, int iph, int dataSum, int transportLen) {
        int src = p.i32(iph + 12);
        int dst = p.i32(iph + 16);
        long s = (long) dataSum + (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF)
                + p.u8(iph + 9) + (transportLen & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /** Whether the fragment offset is zero (Click's IP_FIRSTFRAG). */
    static boolean firstFrag(Packet p, int iph) {
        return (p.u16(iph + 6) & IP_OFFMASK) == 0;
    }

    /** Whether the packet is a fragment (Click's IP_ISFRAG). */
    static boolean isFrag(Packet p, int iph) {
        return (p.u16(iph + 6) & (IP_MF | IP_OFFMASK)) != 0;
    }

    // ---- argument helpers ---------------------------------------------------------------------

    /** Resolves an AddressInfo name for {@code kind}, or returns the text unchanged. */
    static String resolve(Args a, String text, AddressResolver.Kind kind) {
        AddressResolver r = a.addresses();
        String t = text.trim();
        if (r == null || t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
            return text;
        }
        String v = r.resolve(t, kind);
        return v == null ? text : v;
    }

    /** An IPv4 address argument type that also accepts AddressInfo names through {@code a}. */
    static ArgType<Integer> ipv4(Args a) {
        return t -> ArgTypes.IPV4.parse(resolve(a, ConfigText.unquote(t), AddressResolver.Kind.IPV4));
    }

    /** A space-separated list of IPv4 addresses (Click's IPAddressArg for vectors). */
    static ArgType<int[]> ipv4List(Args a) {
        return t -> {
            List<String> w = ConfigText.splitWords(t);
            int[] r = new int[w.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ArgTypes.IPV4.parse(resolve(a, ConfigText.unquote(w.get(i)), AddressResolver.Kind.IPV4));
            }
            return r;
        };
    }

    /** A space-separated list of IPv4 prefixes, each {addr, mask}. */
    static ArgType<List<int[]>> prefixList(Args a) {
        return t -> {
            List<int[]> r = new ArrayList<>();
            for (String w : ConfigText.splitWords(t)) {
                String x = ConfigText.unquote(w);
                // Click's IPPrefixArg(true) keeps the host bits: parse address and mask separately
                String s = resolve(a, x, AddressResolver.Kind.IPV4_PREFIX);
                int slash = s.indexOf('/');
                int[] addr;
                int mask;
                if (slash < 0) {
                    addr = ArgTypes.parseIPv4(resolve(a, s, AddressResolver.Kind.IPV4), false);
                    mask = -1;
                } else {
                    addr = ArgTypes.parseIPv4(s.substring(0, slash), true);
                    mask = ArgTypes.IPV4_PREFIX.parse("0.0.0.0/" + s.substring(slash + 1))[1];
                }
                if (addr == null) {
                    throw new ArgException("expected IP address prefix");
                }
                r.add(new int[] {addr[0], mask});
            }
            return r;
        };
    }

    /** Byte 0..255. */
    static final ArgType<Integer> BYTE = t -> {
        long v = ArgTypes.parseInteger(t);
        if (v < 0) {
            throw new ArgException("out of range, bound 0");
        }
        if (v > 255) {
            throw new ArgException("out of range, bound 255");
        }
        return (int) v;
    };

    /** 16-bit port number or a well-known name. */
    static final ArgType<Integer> PORT = t -> {
        String s = ConfigText.unquote(t).trim();
        Integer named = IPSupport.PORTS.get(s.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        long v;
        try {
            v = ArgTypes.parseInteger(s);
        } catch (ArgException e) {
            throw new ArgException("expected port number");
        }
        if (v < 0 || v > 65535) {
            throw new ArgException("expected port number");
        }
        return (int) v;
    };

    // ---- names (Click's NameInfo databases for IP) --------------------------------------------

    static final Map<String, Integer> IP_PROTOS = Map.of("dccp", 33, "gre", 47, "icmp", 1, "igmp", 2, "ipip", 4,
            "sctp", 132, "tcp", 6, "udp", 17);

    static final Map<String, Integer> ICMP_TYPES = Map.ofEntries(Map.entry("echo", 8), Map.entry("echo-reply", 0),
            Map.entry("inforeq", 15), Map.entry("inforeq-reply", 16), Map.entry("maskreq", 17),
            Map.entry("maskreq-reply", 18), Map.entry("parameterproblem", 12), Map.entry("redirect", 5),
            Map.entry("routeradvert", 9), Map.entry("routersolicit", 10), Map.entry("sourcequench", 4),
            Map.entry("timeexceeded", 11), Map.entry("timestamp", 13), Map.entry("timestamp-reply", 14),
            Map.entry("unreachable", 3));

    static final Map<String, Integer> UNREACH_CODES = Map.ofEntries(Map.entry("filterprohibited", 13),
            Map.entry("host", 1), Map.entry("hostprecedence", 14), Map.entry("hostprohibited", 10),
            Map.entry("hostunknown", 7), Map.entry("isolated", 8), Map.entry("needfrag", 4), Map.entry("net", 0),
            Map.entry("netprohibited", 9), Map.entry("netunknown", 6), Map.entry("port", 3),
            Map.entry("precedencecutoff", 15), Map.entry("protocol", 2), Map.entry("srcroutefail", 5),
            Map.entry("toshost", 12), Map.entry("tosnet", 11));

    static final Map<String, Integer> REDIRECT_CODES = Map.of("host", 1, "net", 0, "toshost", 3, "tosnet", 2);
    static final Map<String, Integer> TIMXCEED_CODES = Map.of("reassembly", 1, "transit", 0);
    static final Map<String, Integer> PARAMPROB_CODES = Map.of("erroratptr", 0, "length", 2, "missingopt", 1);

    static final Map<String, Integer> PORTS = Map.ofEntries(Map.entry("auth", 113), Map.entry("bootpc", 68),
            Map.entry("bootps", 67), Map.entry("chargen", 19), Map.entry("daytime", 13), Map.entry("discard", 9),
            Map.entry("dns", 53), Map.entry("domain", 53), Map.entry("echo", 7), Map.entry("finger", 79),
            Map.entry("ftp", 21), Map.entry("ftp-data", 20), Map.entry("https", 443), Map.entry("imap3", 220),
            Map.entry("imaps", 993), Map.entry("irc", 194), Map.entry("netbios-dgm", 138),
            Map.entry("netbios-ns", 137), Map.entry("netbios-ssn", 139), Map.entry("nntp", 119),
            Map.entry("ntp", 123), Map.entry("pop3", 110), Map.entry("pop3s", 995), Map.entry("pptp", 1723),
            Map.entry("rip", 520), Map.entry("route", 520), Map.entry("smtp", 25), Map.entry("snmp", 161),
            Map.entry("snmp-trap", 162), Map.entry("ssh", 22), Map.entry("sunrpc", 111), Map.entry("telnet", 23),
            Map.entry("tftp", 69), Map.entry("www", 80));

    /** Codes by name for an ICMP type, or an empty map. */
    static Map<String, Integer> icmpCodes(int type) {
        return switch (type) {
            case 3 -> UNREACH_CODES;
            case 5 -> REDIRECT_CODES;
            case 11 -> TIMXCEED_CODES;
            case 12 -> PARAMPROB_CODES;
            default -> Map.of();
        };
    }

    /** Reverse lookup in a name table; null if absent. The first name in alphabetical order wins, as in Click. */
    static String nameOf(Map<String, Integer> m, int v) {
        String best = null;
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (e.getValue() == v && (best == null || e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** Looks up a named integer or parses a number. */
    static int namedInt(Map<String, Integer> m, String text) throws ArgException {
        String s = ConfigText.unquote(text).trim();
        Integer v = m.get(s);
        if (v != null) {
            return v;
        }
        long x = ArgTypes.parseInteger(s);
        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
            throw new ArgException("out of range");
        }
        return (int) x;
    }

    /** Preformatted message bytes (so the data path can print without allocating). */
    static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
