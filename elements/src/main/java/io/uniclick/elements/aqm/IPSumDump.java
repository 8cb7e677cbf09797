package io.uniclick.elements.aqm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The IP summary dump format shared by {@link FromIPSummaryDump} and {@link ToIPSummaryDump}: field
 * codes, names (with Click's synonyms and the old spellings "ip src" and "src"), binary sizes and
 * the text forms of the values. Not an element.
 */
final class IPSumDump {
    private IPSumDump() {
    }

    static final int MAJOR_VERSION = 1;
    static final int MINOR_VERSION = 3;

    static final int TIMESTAMP = 0;
    static final int NTIMESTAMP = 1;
    static final int TS_SEC = 2;
    static final int TS_USEC = 3;
    static final int TS_USEC1 = 4;
    static final int IP_SRC = 5;
    static final int IP_DST = 6;
    static final int IP_LEN = 7;
    static final int IP_PROTO = 8;
    static final int IP_HL = 9;
    static final int IP_ID = 10;
    static final int IP_TOS = 11;
    static final int IP_DSCP = 12;
    static final int IP_ECN = 13;
    static final int IP_TTL = 14;
    static final int IP_SUM = 15;
    static final int IP_FRAG = 16;
    static final int IP_FRAGOFF = 17;
    static final int IP_CAPTURE_LEN = 18;
    static final int SPORT = 19;
    static final int DPORT = 20;
    static final int TCP_SEQ = 21;
    static final int TCP_ACK = 22;
    static final int TCP_OFF = 23;
    static final int TCP_FLAGS = 24;
    static final int TCP_WINDOW = 25;
    static final int TCP_URP = 26;
    static final int UDP_LEN = 27;
    static final int ICMP_TYPE = 28;
    static final int ICMP_CODE = 29;
    static final int PAYLOAD = 30;
    static final int PAYLOAD_LEN = 31;
    static final int COUNT = 32;
    static final int LINK = 33;
    static final int DIRECTION = 34;
    static final int NFIELDS = 35;

    static final String[] NAMES = {
        "timestamp", "ntimestamp", "ts_sec", "ts_usec", "ts_usec1", "ip_src", "ip_dst", "ip_len", "ip_proto", "ip_hl",
        "ip_id", "ip_tos", "ip_dscp", "ip_ecn", "ip_ttl", "ip_sum", "ip_frag", "ip_fragoff", "ip_capture_len", "sport",
        "dport", "tcp_seq", "tcp_ack", "tcp_off", "tcp_flags", "tcp_window", "tcp_urp", "udp_len", "icmp_type", "icmp_code",
        "payload", "payload_len", "count", "link", "direction"};

    /** Bytes per field in binary records; -1 = not allowed in binary dumps. */
    static final int[] BINARY_SIZE = {
        8, 8, 4, 4, 8, 4, 4, 4, 1, 1,
        2, 1, 1, 1, 1, 2, 1, 2, 4, 2,
        2, 4, 4, 1, 1, 2, 2, 4, 1, 1,
        -1, 4, 4, 1, 1};

    private static final String[][] SYNONYMS = {
        {"utimestamp", "timestamp"}, {"payload_length", "payload_len"}, {"tcp_seqno", "tcp_seq"},
        {"tcp_ackno", "tcp_ack"}, {"tcp_win", "tcp_window"}, {"paint", "link"}, {"ip_p", "ip_proto"},
        {"length", "ip_len"}};

    /** TCP flag letters by bit (FIN first), as Click writes them. */
    static final String TCP_FLAG_LETTERS = "FSRPAUECN";

    /** The field code for a name, or -1 (Click's lookup: synonyms, spaces to underscores, "src" to "ip_src"). */
    static int find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (int i = 0; i < NFIELDS; i++) {
            if (NAMES[i].equals(n)) {
                return i;
            }
        }
        for (String[] s : SYNONYMS) {
            if (s[0].equals(n)) {
                return find(s[1]);
            }
        }
        int sp = n.indexOf(' ');
        if (sp >= 0) {
            return find(n.substring(0, sp) + "_" + n.substring(sp + 1));
        }
        if (n.indexOf('_') < 0 && !n.isEmpty()) {
            return find("ip_" + n);
        }
        return -1;
    }

    /** Splits a field list ("ip_src ip_dst 'tcp seq'") into words, unquoting each. */
    static List<String> words(String text) {
        List<String> r = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder sb = new StringBuilder();
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'') {
                    int j = text.indexOf(c, i + 1);
                    if (j < 0) {
                        j = n;
                    }
                    sb.append(text, i + 1, j);
                    i = Math.min(n, j + 1);
                } else {
                    sb.append(c);
                    i++;
                }
            }
            r.add(sb.toString());
        }
        return r;
    }

    /** Whether an IP protocol carries 16-bit ports at the start of its header (TCP, UDP, DCCP, UDP-Lite). */
    static boolean hasPorts(int proto) {
        return proto == 6 || proto == 17 || proto == 33 || proto == 136;
    }

    /** Click's quoting of a payload: double quotes, C escapes, octal for other non-printing bytes. */
    static void quote(ByteOut o, byte[] b, int off, int len) {
        o.put('"');
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\n' -> {
                    o.put('\\');
                    o.put('n');
                }
                case '\t' -> {
                    o.put('\\');
                    o.put('t');
                }
                case '\r' -> {
                    o.put('\\');
                    o.put('r');
                }
                case '\\', '"', '$' -> {
                    o.put('\\');
                    o.put(c);
                }
                default -> {
                    if (c < 32 || c >= 127) {
                        o.put('\\');
                        o.put('0' + (c >> 6));
                        o.put('0' + ((c >> 3) & 7));
                        o.put('0' + (c & 7));
                    } else {
                        o.put(c);
                    }
                }
            }
        }
        o.put('"');
    }
}
