package io.uniclick.elements.aqm;

import static io.uniclick.elements.aqm.IPSumDump.*;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes one summary line (or binary record) per packet (Click's ToIPSummaryDump). */
@ElementInfo(name = "ToIPSummaryDump", ports = "1/0-1", processing = "a/h",
        synopsis = "ToIPSummaryDump(FILENAME [, *keywords* FIELDS, HEADER, VERBOSE, BANNER, BINARY, MULTIPACKET, BAD_PACKETS, CAREFUL_TRUNC])",
        description = "Writes a summary of each packet to FILENAME ('-' = standard output), one line per packet with the "
                + "FIELDS given, separated by spaces; a field that does not apply (sport of an ICMP packet, anything of a "
                + "packet whose IP header is bad) is written as '-'. The file starts with '!IPSummaryDump 1.3', "
                + "'!creator \"BANNER\"' if BANNER is given, '!host' and '!runtime' lines with VERBOSE, and the '!data' "
                + "line naming the fields. Packets need the network header annotation (set by CheckIPHeader, MarkIPHeader "
                + "or FromIPSummaryDump); packets without it have no IP fields. Packets pass on to the output if it is "
                + "connected. Fields: timestamp (sec.usec), ntimestamp (sec.nsec), ts_sec, ts_usec, ts_usec1, ip_src, ip_dst, "
                + "ip_len, ip_proto (T, U, I or a number), ip_hl, ip_id, ip_tos, ip_dscp, ip_ecn (no, ect1, ect2, ce), ip_ttl, "
                + "ip_sum, ip_frag (F first fragment, f later fragment, ! DF, . other), ip_fragoff (bytes, + for MF, ! for DF), "
                + "ip_capture_len, sport, dport, tcp_seq, tcp_ack, tcp_off, tcp_flags (letters FSRPAUECN or '.'), "
                + "tcp_window, tcp_urp, udp_len, icmp_type, icmp_code, payload (a quoted string), payload_len, count, "
                + "link (paint annotation), direction ('>' for paint 0, '<' for 1). Old names ('ip src', 'src', 'len') are "
                + "accepted. With BINARY, the header ends with '!binary' and each packet is a record: a 4-byte length "
                + "(including itself; high bit set for text records such as '!bad') followed by the fields in fixed sizes.",
        keywords = {"FIELDS: space-separated field names (default 'timestamp ip_src'); CONTENTS is a synonym",
                "HEADER: write the '!' header lines (default true)",
                "VERBOSE: add '!host' and '!runtime' lines (default false)",
                "BANNER: text of a '!creator' line",
                "BINARY: write binary records (default false)",
                "MULTIPACKET: accepted; there is no extra-packets annotation, so each packet gives one line",
                "BAD_PACKETS: write a '!bad MESSAGE' line before each packet with a bad IP, TCP or UDP header (default false)",
                "CAREFUL_TRUNC: with BAD_PACKETS, also flag packets shorter than their IP length (default true)"},
        handlers = {"flush (w): write buffered lines to the file", "count (r): packets written", "filename (r)"},
        example = "FromDump(trace.pcap, STOP true) -> Strip(14) -> CheckIPHeader -> ToIPSummaryDump(-, FIELDS timestamp ip_src ip_dst sport dport ip_proto ip_len tcp_flags);",
        notes = "Timestamps are written with microseconds, as a default Click build does (ntimestamp gives nanoseconds). "
                + "IP and TCP options fields (ip_opt, tcp_opt, tcp_sack), payload MD5 fields, aggregate, first_timestamp "
                + "and Ethernet fields are not supported; there is no extra-length annotation, so lengths are those of the "
                + "packet data. Lines are built in a reusable buffer and written in 64 KiB blocks; the file is complete "
                + "after cleanup or a write to flush. In binary records tcp_flags is one byte, as in Click's table, so the NS "
                + "flag is lost, and absent fields are zeros. The count handler is an addition.")
public final class ToIPSummaryDump extends Element {
    private static final int BLOCK = 1 << 16;

    private String filename;
    private int[] fields;
    private boolean header;
    private boolean verbose;
    private String banner;
    private boolean binary;
    private boolean badPackets;
    private boolean carefulTrunc;
    private OutputStream out;
    private boolean closeOut;
    private final ByteOut buf = new ByteOut(BLOCK + 4096);
    private final ByteOut bad = new ByteOut(256);
    private byte[] scratch = new byte[2048];
    private long count;
    private boolean writeFailed;
    private boolean pushOut;
    private PullTask task;

    // per-packet view, reused
    private int ip;
    private int ipHl;
    private int ipLen;
    private int netLen;
    private int proto;
    private int ipOff;
    private int tr;
    private int trLen;

    @Override
    public void configure(Args a) throws ConfigException {
        filename = a.mandatoryPositional("FILENAME", ArgTypes.STRING);
        String f = a.keyword("CONTENTS", ArgTypes.STRING, "timestamp ip_src");
        f = a.keyword("FIELDS", ArgTypes.STRING, f);
        header = a.keyword("HEADER", ArgTypes.BOOL, true);
        verbose = a.keyword("VERBOSE", ArgTypes.BOOL, false);
        banner = a.keyword("BANNER", ArgTypes.STRING, null);
        binary = a.keyword("BINARY", ArgTypes.BOOL, false);
        a.keyword("MULTIPACKET", ArgTypes.BOOL, false);
        badPackets = a.keyword("BAD_PACKETS", ArgTypes.BOOL, false);
        carefulTrunc = a.keyword("CAREFUL_TRUNC", ArgTypes.BOOL, true);
        a.keyword("EXTRA_LENGTH", ArgTypes.BOOL, true);
        a.complete();
        List<String> errors = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (String w : words(f)) {
            int c = find(w);
            if (c < 0) {
                errors.add("unknown content type '" + w + "'");
                continue;
            }
            if (binary && BINARY_SIZE[c] < 0) {
                errors.add("cannot use field " + w + " with BINARY");
            }
            codes.add(c);
        }
        if (codes.isEmpty() && errors.isEmpty()) {
            errors.add("no contents specified");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        fields = codes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void initialize() throws ConfigException {
        if (filename.equals("-")) {
            out = System.out;
            closeOut = false;
        } else {
            try {
                out = new FileOutputStream(filename);
            } catch (IOException e) {
                throw new ConfigException(filename + ": " + e.getMessage());
            }
            closeOut = true;
        }
        pushOut = noutputs() > 0 && outputConnected(0);
        if (header) {
            StringBuilder sb = new StringBuilder();
            sb.append("!IPSummaryDump ").append(MAJOR_VERSION).append('.').append(MINOR_VERSION).append('\n');
            if (banner != null) {
                ByteOut q = new ByteOut(banner.length() + 8);
                byte[] bb = banner.getBytes(StandardCharsets.ISO_8859_1);
                quote(q, bb, 0, bb.length);
                sb.append("!creator ").append(new String(q.buf, 0, q.len, StandardCharsets.ISO_8859_1)).append('\n');
            }
            if (verbose) {
                String host;
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    host = "localhost";
                }
                long now = context.now();
                sb.append("!host ").append(host).append('\n');
                sb.append("!runtime ").append(now / 1_000_000_000L).append('.')
                        .append(String.format("%06d", (now % 1_000_000_000L) / 1000)).append(" (")
                        .append(java.time.format.DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", java.util.Locale.ROOT)
                                .format(java.time.Instant.ofEpochSecond(now / 1_000_000_000L).atZone(java.time.ZoneId.systemDefault())))
                        .append(")\n");
            }
            sb.append("!data");
            for (int c : fields) {
                sb.append(' ').append(c == NTIMESTAMP && !binary ? "timestamp" : NAMES[c]);
            }
            sb.append('\n');
            if (binary) {
                sb.append("!binary\n");
            }
            buf.put(sb.toString());
        }
        if (!inputIsPush(0)) {
            task = new PullTask(this, 0, 32) {
                @Override
                protected int consume(PacketBatch b) {
                    handle(b);
                    return b.size();
                }
            };
            context.addTask(task);
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        handle(b);
    }

    private void handle(PacketBatch b) {
        for (int i = 0, n = b.size(); i < n; i++) {
            write(b.get(i));
        }
        if (buf.len >= BLOCK) {
            flushBuffer();
        }
        if (pushOut) {
            output[0].push(b);
        } else {
            b.killAll();
        }
    }

    // ---- the per-packet view (Click's ip_prepare) ------------------------------------------------

    private void prepare(Packet p) {
        bad.clear();
        ip = p.networkHeaderOffset();
        tr = -1;
        trLen = 0;
        int plen = p.length();
        if (ip < 0 || ip >= plen) {
            ip = -1;
            if (badPackets) {
                badLine("no IP header", -1);
            }
            return;
        }
        int nl = plen - ip;
        if (nl < 4) {
            badLine("truncated IP header", -1);
            ip = -1;
            return;
        }
        int v0 = p.u8(ip);
        if (v0 >> 4 != 4) {
            badLine("IP version ", v0 >> 4);
            ip = -1;
            return;
        }
        ipHl = (v0 & 15) << 2;
        if (ipHl < 20) {
            badLine("IP header length ", ipHl >> 2);
            ip = -1;
            return;
        }
        ipLen = p.u16(ip + 2);
        if (ipLen < ipHl) {
            badLine("IP length ", ipLen);
            ip = -1;
            return;
        }
        netLen = nl;
        if (nl > ipLen) {
            netLen = ipLen;
        } else if (carefulTrunc && nl < ipLen) {
            badLine("truncated IP missing ", ipLen - nl);
        }
        proto = netLen >= 10 ? p.u8(ip + 9) : -1;
        ipOff = netLen >= 8 ? p.u16(ip + 6) : 0;
        if (netLen > ipHl && (ipOff & 0x1FFF) == 0) {
            tr = ip + ipHl;
            trLen = netLen - ipHl;
            if (proto == 6 && trLen > 12 && (p.u8(tr + 12) >> 4) < 5) {
                badLine("TCP header length ", p.u8(tr + 12) >> 4);
                if (proto == 6) {
                    tr = -2; // TCP fields absent, ports still readable
                }
            }
        }
    }

    private void badLine(String msg, int value) {
        if (!badPackets || bad.len > 0) {
            return;
        }
        bad.put("!bad ");
        bad.put(msg);
        if (value >= 0) {
            bad.dec(value);
        }
        bad.put('\n');
    }

    private void missing(String protoName, boolean fragment) {
        if (!badPackets || bad.len > 0 || ip < 0) {
            return;
        }
        bad.put(fragment ? "!bad fragmented " : "!bad truncated ");
        bad.put(protoName);
        bad.put(" header\n");
    }

    /** Transport offset usable for protocol {@code want} with {@code need} bytes, else -1 (noting a bad header). */
    private int transport(Packet p, int want, int need, String name) {
        if (ip < 0 || (want == -1 ? !hasPorts(proto) : proto != want)) {
            return -1;
        }
        if ((ipOff & 0x1FFF) != 0) {
            missing(name, true);
            return -1;
        }
        int t = ip + ipHl;
        if (tr == -2 && want == 6) {
            return -1;
        }
        if (netLen - ipHl < need) {
            missing(name, false);
            return -1;
        }
        return t;
    }

    // ---- writing -------------------------------------------------------------------------------

    private void write(Packet p) {
        prepare(p);
        final ByteOut o = buf;
        if (badPackets && bad.len > 0) {
            if (binary) {
                o.u32(0x80000000L | (bad.len + 4));
            }
            o.put(bad);
            bad.clear();
        }
        final int[] fs = fields;
        if (binary) {
            int start = o.len;
            o.u32(0);
            for (int c : fs) {
                binaryField(p, c, o);
            }
            o.setU32(start, o.len - start);
            // the lines for bad headers found while extracting come after the record in binary mode
        } else {
            for (int i = 0; i < fs.length; i++) {
                if (i > 0) {
                    o.put(' ');
                }
                textField(p, fs[i], o);
            }
            o.put('\n');
        }
        count++;
    }

    private void textField(Packet p, int c, ByteOut o) {
        long ts = p.timestampNanos();
        switch (c) {
            case TIMESTAMP -> {
                o.dec(Math.floorDiv(ts, 1_000_000_000L));
                o.put('.');
                o.fixed(Math.floorMod(ts, 1_000_000_000L) / 1000, 6);
            }
            case NTIMESTAMP -> {
                o.dec(Math.floorDiv(ts, 1_000_000_000L));
                o.put('.');
                o.fixed(Math.floorMod(ts, 1_000_000_000L), 9);
            }
            case TS_SEC -> o.dec(Math.floorDiv(ts, 1_000_000_000L));
            case TS_USEC -> o.dec(Math.floorMod(ts, 1_000_000_000L) / 1000);
            case TS_USEC1 -> o.dec(Math.floorDiv(ts, 1000L));
            case IP_PROTO -> {
                if (ipField(10)) {
                    switch (proto) {
                        case 6 -> o.put('T');
                        case 17 -> o.put('U');
                        case 1 -> o.put('I');
                        default -> o.dec(proto);
                    }
                } else {
                    o.put('-');
                }
            }
            case IP_FRAG -> {
                if (ipField(8)) {
                    o.put(fragChar());
                } else {
                    o.put('-');
                }
            }
            case IP_FRAGOFF -> {
                if (ipField(8)) {
                    o.dec((ipOff & 0x1FFF) << 3);
                    if ((ipOff & 0x2000) != 0) {
                        o.put('+');
                    }
                    if ((ipOff & 0x4000) != 0) {
                        o.put('!');
                    }
                } else {
                    o.put('-');
                }
            }
            case IP_ECN -> {
                if (ipField(2)) {
                    switch (p.u8(ip + 1) & 3) {
                        case 0 -> o.put("no");
                        case 1 -> o.put("ect1");
                        case 2 -> o.put("ect2");
                        default -> o.put("ce");
                    }
                } else {
                    o.put('-');
                }
            }
            case IP_SRC, IP_DST -> {
                if (ipField(c == IP_SRC ? 16 : 20)) {
                    o.ip(p.i32(ip + (c == IP_SRC ? 12 : 16)));
                } else {
                    o.put('-');
                }
            }
            case TCP_FLAGS -> {
                int t = transport(p, 6, 14, "TCP");
                if (t < 0) {
                    o.put('-');
                } else {
                    int fl = p.u8(t + 13) | (p.u8(t + 12) & 1) << 8;
                    if (fl == 0) {
                        o.put('.');
                    }
                    for (int b = 0; b < 9; b++) {
                        if ((fl & (1 << b)) != 0) {
                            o.put(TCP_FLAG_LETTERS.charAt(b));
                        }
                    }
                }
            }
            case PAYLOAD -> {
                long info = payloadInfo(p);
                int off = (int) (info >>> 32);
                int len = (int) info;
                if (len > 0 && off >= p.length()) {
                    o.put('-');
                } else {
                    len = Math.max(0, Math.min(len, p.length() - off));
                    if (scratch.length < len) {
                        scratch = new byte[Math.max(len, scratch.length * 2)];
                    }
                    if (len > 0) {
                        p.copyTo(off, scratch, 0, len);
                    }
                    quote(o, scratch, 0, len);
                }
            }
            case DIRECTION -> {
                int paint = p.paint();
                if (paint == 0) {
                    o.put('>');
                } else if (paint == 1) {
                    o.put('<');
                } else {
                    o.dec(paint);
                }
            }
            default -> {
                long v = value(p, c);
                if (v < 0) {
                    o.put('-');
                } else {
                    o.dec(v);
                }
            }
        }
    }

    private char fragChar() {
        if ((ipOff & 0x3FFF) != 0 && (ipOff & 0x2000 | ipOff & 0x1FFF) != 0) {
            return (ipOff & 0x1FFF) == 0 ? 'F' : 'f';
        }
        return (ipOff & 0x4000) != 0 ? '!' : '.';
    }

    private boolean ipField(int need) {
        return ip >= 0 && netLen >= need;
    }

    /** Payload offset (high 32 bits) and length (low 32 bits), as Click's payload_info. */
    private long payloadInfo(Packet p) {
        int off;
        int len;
        if (ip >= 0) {
            len = ipLen;
            off = ip + ipHl;
            if ((ipOff & 0x1FFF) == 0) {
                if (proto == 6) {
                    int tl = netLen - ipHl;
                    int th = tl >= 13 ? (p.u8(off + 12) >> 4) << 2 : 0;
                    off += th >= 20 ? th : 20;
                } else if (proto == 17 || proto == 136) {
                    off += 8;
                }
            }
            len -= off - ip;
        } else {
            off = 0;
            len = p.length();
        }
        return ((long) off << 32) | (Math.max(0, len) & 0xFFFFFFFFL);
    }

    /** Numeric value of a field, or -1 when it does not apply. */
    private long value(Packet p, int c) {
        int t;
        switch (c) {
            case IP_LEN:
                return ip >= 0 ? ipLen : p.length();
            case IP_CAPTURE_LEN:
                return ip >= 0 ? Math.min(ipLen, netLen) : p.length();
            case IP_HL:
                return ipField(1) ? ipHl : -1;
            case IP_ID:
                return ipField(6) ? p.u16(ip + 4) : -1;
            case IP_TOS:
                return ipField(2) ? p.u8(ip + 1) : -1;
            case IP_DSCP:
                return ipField(2) ? p.u8(ip + 1) >> 2 : -1;
            case IP_TTL:
                return ipField(9) ? p.u8(ip + 8) : -1;
            case IP_SUM:
                return ipField(12) ? p.u16(ip + 10) : -1;
            case IP_PROTO:
                return ipField(10) ? proto : -1;
            case IP_SRC:
                return ipField(16) ? p.i32(ip + 12) & 0xFFFFFFFFL : -1;
            case IP_DST:
                return ipField(20) ? p.i32(ip + 16) & 0xFFFFFFFFL : -1;
            case IP_FRAG:
                return ipField(8) ? fragChar() : -1;
            case IP_FRAGOFF:
                return ipField(8) ? ipOff : -1;
            case IP_ECN:
                return ipField(2) ? p.u8(ip + 1) & 3 : -1;
            case SPORT:
                t = transport(p, -1, 2, "TCP/UDP");
                return t < 0 ? -1 : p.u16(t);
            case DPORT:
                t = transport(p, -1, 4, "TCP/UDP");
                return t < 0 ? -1 : p.u16(t + 2);
            case TCP_SEQ:
                t = transport(p, 6, 8, "TCP");
                return t < 0 ? -1 : p.i32(t + 4) & 0xFFFFFFFFL;
            case TCP_ACK:
                t = transport(p, 6, 12, "TCP");
                return t < 0 ? -1 : p.i32(t + 8) & 0xFFFFFFFFL;
            case TCP_OFF:
                t = transport(p, 6, 13, "TCP");
                return t < 0 ? -1 : (p.u8(t + 12) >> 4) << 2;
            case TCP_FLAGS:
                t = transport(p, 6, 14, "TCP");
                return t < 0 ? -1 : p.u8(t + 13);
            case TCP_WINDOW:
                t = transport(p, 6, 16, "TCP");
                return t < 0 ? -1 : p.u16(t + 14);
            case TCP_URP:
                t = transport(p, 6, 20, "TCP");
                return t < 0 ? -1 : p.u16(t + 18);
            case UDP_LEN:
                t = transport(p, 17, 6, "UDP");
                return t < 0 ? -1 : p.u16(t + 4);
            case ICMP_TYPE:
                t = transport(p, 1, 1, "ICMP");
                return t < 0 ? -1 : p.u8(t);
            case ICMP_CODE:
                t = transport(p, 1, 2, "ICMP");
                return t < 0 ? -1 : p.u8(t + 1);
            case PAYLOAD_LEN:
                return (int) payloadInfo(p);
            case COUNT:
                return 1;
            case LINK, DIRECTION:
                return p.paint();
            default:
                return -1;
        }
    }

    private void binaryField(Packet p, int c, ByteOut o) {
        long ts = p.timestampNanos();
        switch (c) {
            case TIMESTAMP -> {
                o.u32(Math.floorDiv(ts, 1_000_000_000L));
                o.u32(Math.floorMod(ts, 1_000_000_000L) / 1000);
            }
            case NTIMESTAMP -> {
                o.u32(Math.floorDiv(ts, 1_000_000_000L));
                o.u32(Math.floorMod(ts, 1_000_000_000L));
            }
            case TS_SEC -> o.u32(Math.floorDiv(ts, 1_000_000_000L));
            case TS_USEC -> o.u32(Math.floorMod(ts, 1_000_000_000L) / 1000);
            case TS_USEC1 -> o.u64(Math.floorDiv(ts, 1000L));
            default -> {
                long v = Math.max(0, value(p, c));
                switch (BINARY_SIZE[c]) {
                    case 1 -> o.u8((int) v);
                    case 2 -> o.u16((int) v);
                    case 4 -> o.u32(v);
                    default -> o.u64(v);
                }
            }
        }
    }

    private void flushBuffer() {
        if (buf.len == 0) {
            return;
        }
        try {
            buf.writeTo(out);
        } catch (IOException e) {
            if (!writeFailed) {
                writeFailed = true;
                context.errors().println(declaration() + ": " + filename + ": " + e.getMessage());
            }
        }
        buf.clear();
    }

    @Override
    public void cleanup() {
        if (out != null) {
            flushBuffer();
            try {
                if (closeOut) {
                    out.close();
                } else {
                    out.flush();
                }
            } catch (IOException e) {
                context.errors().println(declaration() + ": " + filename + ": " + e.getMessage());
            }
            out = null;
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.write("flush", v -> {
            if (out != null) {
                flushBuffer();
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new HandlerException(filename + ": " + e.getMessage());
                }
            }
        });
        h.readLong("count", () -> count);
        h.read("filename", () -> filename);
    }
}
