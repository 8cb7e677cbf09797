package io.uniclick.elements.aqm;

import io.uniclick.core.element.Listeners;
import static io.uniclick.elements.aqm.IPSumDump.*;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Checksum;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/** Makes IP packets from an IP summary dump (Click's FromIPSummaryDump). */
@ElementInfo(name = "FromIPSummaryDump", ports = "0/1", processing = "a/a",
        synopsis = "FromIPSummaryDump(FILENAME [, *keywords* STOP, TIMING, ACTIVE, ZERO, CHECKSUM, PROTO, MULTIPACKET, SAMPLE, FIELDS, FLOWID, DATA, ALLOW_NONEXISTENT, BURST])",
        description = "Reads a text (or binary) IP summary dump, as written by ToIPSummaryDump or ipsumdump, and makes one IPv4 "
                + "packet per line: an IP header (version 4, TTL 100 unless given, protocol from the ip_proto field, the "
                + "last '!proto' line or PROTO), a TCP (20 bytes), UDP or ICMP (8 bytes) header on first fragments, then "
                + "the payload, zero or from the payload field. The packet is ip_len bytes long (headers plus payload when "
                + "ip_len is missing); when both ip_len and a payload are given, the headers are padded with options so the "
                + "payload ends at ip_len, as Click does. The packets have no link header; the network header annotation, "
                + "the destination address annotation, the timestamp and (from link/direction) the paint annotation are "
                + "set. With CHECKSUM true the IP, TCP, UDP and ICMP checksums are correct. The '!data' (or '!contents') "
                + "line names the fields of the following lines; FIELDS gives them for files without one. '!flowid SRC "
                + "SPORT DST DPORT [PROTO]' sets defaults for lines without addresses or ports, '!binary' switches to "
                + "binary records, '#' lines are comments. A line whose fields do not parse is skipped and counted, with a "
                + "warning naming FILE:LINE (the first ten are printed); reading never stops on bad input. The file may be "
                + "gzip-compressed. At the end of the file STOP true stops the driver.",
        keywords = {"STOP: stop the driver at the end (default false)",
                "TIMING: emit packets with the dump's inter-packet timing (default false)",
                "ACTIVE: whether to emit packets (default true)",
                "ZERO: accepted; packet data not set by the dump is always zero",
                "CHECKSUM: set correct IP/TCP/UDP/ICMP checksums (default false: ip_sum from the dump, others zero)",
                "PROTO: IP protocol when the dump gives none (default 6, TCP)",
                "MULTIPACKET: emit as many identical packets as the count field says (default false)",
                "SAMPLE: emit each packet with this probability (default 1)",
                "FIELDS: field names when the file has no '!data' line (CONTENTS, DEFAULT_CONTENTS are synonyms)",
                "FLOWID: default 'SRC SPORT DST DPORT [PROTO]'",
                "DATA: the dump's text itself instead of FILENAME",
                "ALLOW_NONEXISTENT: a missing file is an empty dump (default false)",
                "BURST: packets per scheduling in push context (default 32)"},
        handlers = {"active (rw)", "count (r): packets emitted", "bad_lines (r): lines skipped as malformed",
                "sampling_prob (r)", "encap (r): IP", "filesize (r)", "filepos (r)", "stop (w): deactivate and stop the driver"},
        example = "FromIPSummaryDump(trace.txt, STOP true, CHECKSUM true) -> CheckIPHeader -> c :: Counter -> Discard;",
        notes = "Packets have their full ip_len (Click makes short packets with an extra-length annotation unless CHECKSUM is "
                + "true); data not set is always zero (ZERO false gives zeros too). A line with any unparsable field is "
                + "skipped (Click ignores just that field). MULTIPACKET copies are identical (Click spreads lengths and "
                + "timestamps). ip_opt, tcp_opt and Ethernet fields are not read. bad_lines, count and BURST are additions.")
public final class FromIPSummaryDump extends Element implements EmptyNotifier {
    private static final byte[] ZEROS = new byte[65536];
    private static final int MAX_WARNINGS = 10;

    private String filename;
    private String dataArg;
    private String landmarkName;
    private boolean stop;
    private volatile boolean active;
    private boolean timing;
    private boolean checksum;
    private boolean multipacket;
    private boolean allowNonexistent;
    private int sample = Prob.ONE;
    private int defaultProto;
    private int burst;
    private int[] fields = new int[0];
    private boolean haveFlowid;
    private int flowSrc;
    private int flowDst;
    private int flowSport;
    private int flowDport;

    private byte[] data = new byte[0];
    private int pos;
    private int lineNo;
    private boolean binary;
    private int minorVersion = MINOR_VERSION;
    private boolean eof;
    private long count;
    private long badLines;
    private long poolDrops;

    private final long[] val = new long[NFIELDS];
    private final boolean[] has = new boolean[NFIELDS];
    private byte[] payload = new byte[2048];
    private int payloadLen;
    private final int[] tokStart = new int[NFIELDS * 4];
    private final int[] tokEnd = new int[NFIELDS * 4];
    private String badField;

    private PacketPool pool;
    private SplittableRandom random;
    private final PacketBatch batch = new PacketBatch();
    private Packet held;
    private Packet template;
    private long copiesLeft;
    private long timingOffset = Long.MIN_VALUE;
    private Task task;
    private Timer timer;
    private Task[] listeners = Listeners.NONE;

    @Override
    public void configure(Args a) throws ConfigException {
        filename = a.positional("FILENAME", ArgTypes.STRING, null);
        stop = a.keyword("STOP", ArgTypes.BOOL, false);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        a.keyword("ZERO", ArgTypes.BOOL, true);
        timing = a.keyword("TIMING", ArgTypes.BOOL, false);
        checksum = a.keyword("CHECKSUM", ArgTypes.BOOL, false);
        double s = a.keyword("SAMPLE", ArgTypes.REAL, 1.0);
        int proto = a.keyword("PROTO", ArgTypes.UINT32, 6);
        multipacket = a.keyword("MULTIPACKET", ArgTypes.BOOL, false);
        String contents = a.keyword("DEFAULT_CONTENTS", ArgTypes.STRING, null);
        contents = a.keyword("DEFAULT_FIELDS", ArgTypes.STRING, contents);
        contents = a.keyword("CONTENTS", ArgTypes.STRING, contents);
        contents = a.keyword("FIELDS", ArgTypes.STRING, contents);
        String flowid = a.keyword("DEFAULT_FLOWID", ArgTypes.STRING, null);
        flowid = a.keyword("FLOWID", ArgTypes.STRING, flowid);
        allowNonexistent = a.keyword("ALLOW_NONEXISTENT", ArgTypes.BOOL, false);
        dataArg = a.keyword("DATA", ArgTypes.STRING, null);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        if (proto > 255) {
            a.error("PROTO", "out of range, bound 255");
        }
        if (s < 0) {
            a.error("SAMPLE", "out of range, bound 0");
        }
        if (burst < 1 || burst > PacketBatch.MAX_SIZE) {
            a.error("BURST", "out of range, bound " + PacketBatch.MAX_SIZE);
        }
        a.complete();
        if (s > 1) {
            context.errors().println(declaration() + ": warning: SAMPLE probability reduced to 1");
            s = 1;
        } else if (s == 0) {
            context.errors().println(declaration() + ": warning: SAMPLE probability is 0; emitting no packets");
        }
        sample = (int) Math.round(s * Prob.ONE);
        defaultProto = proto;
        if (dataArg != null && filename != null) {
            throw new ConfigException("FILENAME and DATA conflict");
        }
        if (dataArg == null && filename == null) {
            throw new ConfigException("FILENAME: required argument missing");
        }
        landmarkName = filename != null ? filename : "<data>";
        if (contents != null) {
            bangData(contents, false);
        }
        if (flowid != null && !bangFlowid(("!flowid " + flowid).getBytes(StandardCharsets.ISO_8859_1), 0, flowid.length() + 8)) {
            throw new ConfigException("FLOWID: bad flow ID");
        }
    }

    @Override
    public void initialize() throws ConfigException {
        if (dataArg != null) {
            data = dataArg.getBytes(StandardCharsets.ISO_8859_1);
        } else {
            try {
                data = load(Path.of(filename));
            } catch (NoSuchFileException e) {
                if (!allowNonexistent) {
                    throw new ConfigException(filename + ": No such file or directory");
                }
                data = new byte[0];
            } catch (IOException e) {
                throw new ConfigException(filename + ": " + e.getMessage());
            }
        }
        checkBanner();
        pool = context.pool(this);
        if (sample < Prob.ONE) {
            random = new SplittableRandom(0x1D5_0000L + index());
        }
        timer = new Timer() {
            @Override
            public void run() {
                if (active) {
                    if (task != null) {
                        task.reschedule();
                    }
                    Listeners.wake(listeners);
                }
            }
        };
        if (outputIsPush(0)) {
            task = new Task(this) {
                @Override
                public int doWork() {
                    return runTask();
                }
            };
            context.addTask(task);
            if (!active) {
                task.unschedule();
            }
        }
    }

    private static byte[] load(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        if (b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 4);
                in.transferTo(out);
                return out.toByteArray();
            }
        }
        return b;
    }

    private void checkBanner() {
        int e = lineEnd(0);
        String first = new String(data, 0, e, StandardCharsets.ISO_8859_1).stripTrailing();
        if (first.startsWith("!IPSummaryDump")) {
            String[] v = first.substring(14).trim().split("\\.");
            try {
                int major = Integer.parseInt(v[0]);
                int minor = Integer.parseInt(v[1]);
                minorVersion = minor;
                if (major != MAJOR_VERSION || minor > MINOR_VERSION) {
                    warn(1, "unexpected IPSummaryDump version " + major + "." + minor);
                    minorVersion = MINOR_VERSION;
                }
            } catch (RuntimeException ex) {
                // a banner without a readable version: assume the current one
            }
            pos = e < data.length ? e + 1 : e;
            lineNo = 1;
        } else if (data.length > 0 && !first.startsWith("!creator") && !first.startsWith("!data")
                && !first.startsWith("!contents") && !first.startsWith("!proto") && !first.startsWith("!flowid")
                && fields.length == 0) {
            warn(1, "missing banner line; is this an IP summary dump?");
        }
    }

    private void warn(int line, String msg) {
        context.errors().println(declaration() + ": " + landmarkName + ":" + line + ": " + msg);
    }

    private int lineEnd(int from) {
        final byte[] d = data;
        int i = from;
        while (i < d.length && d[i] != '\n') {
            i++;
        }
        return i;
    }

    // ---- header lines --------------------------------------------------------------------------

    private void bangData(String text, boolean fromFile) {
        List<String> ws = words(text);
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
            String w = ws.get(i);
            if (i == 0 && (w.equals("!data") || w.equals("!contents"))) {
                continue;
            }
            int c = find(w);
            if (c < 0) {
                if (fromFile) {
                    warn(lineNo, "unknown content type '" + w + "'");
                } else {
                    context.errors().println(declaration() + ": warning: unknown content type '" + w + "'");
                }
            } else if (c == IP_CAPTURE_LEN) {
                c = -1; // ignored on input, as in Click
            }
            codes.add(c);
        }
        fields = codes.stream().mapToInt(Integer::intValue).toArray();
        if (fields.length == 0 && fromFile) {
            warn(lineNo, "no contents specified");
        }
    }

    private boolean bangFlowid(byte[] d, int s, int e) {
        String[] w = new String(d, s, e - s, StandardCharsets.ISO_8859_1).trim().split("\\s+");
        if (w.length < 5) {
            return false;
        }
        try {
            int src = w[1].equals("-") ? 0 : parseIp(w[1]);
            int sport = w[2].equals("-") ? 0 : Integer.parseInt(w[2]);
            int dst = w[3].equals("-") ? 0 : parseIp(w[3]);
            int dport = w[4].equals("-") ? 0 : Integer.parseInt(w[4]);
            if (sport < 0 || sport > 65535 || dport < 0 || dport > 65535) {
                return false;
            }
            if (w.length >= 6) {
                int p = protoWord(w[5]);
                if (p < 0) {
                    return false;
                }
                defaultProto = p;
            }
            flowSrc = src;
            flowDst = dst;
            flowSport = sport;
            flowDport = dport;
            haveFlowid = true;
            return true;
        } catch (RuntimeException ex) {
            return false;
        }
    }

    private static int parseIp(String s) {
        int[] r = ArgTypes.parseIPv4(s, false);
        if (r == null) {
            throw new IllegalArgumentException(s);
        }
        return r[0];
    }

    private static int protoWord(String w) {
        switch (w) {
            case "T", "tcp" -> {
                return 6;
            }
            case "U", "udp" -> {
                return 17;
            }
            case "I", "icmp" -> {
                return 1;
            }
            default -> {
                try {
                    int p = Integer.parseInt(w);
                    return p >= 0 && p < 256 ? p : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
    }

    /** Whether the line [s, e) is {@code word} alone or followed by white space. */
    private static boolean startsWith(byte[] d, int s, int e, String word) {
        int n = word.length();
        if (e - s < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (d[s + i] != word.charAt(i)) {
                return false;
            }
        }
        return e - s == n || Character.isWhitespace(d[s + n]);
    }

    private void bang(byte[] d, int s, int e) {
        if (startsWith(d, s, e, "!data") || startsWith(d, s, e, "!contents")) {
            bangData(new String(d, s, e - s, StandardCharsets.ISO_8859_1), true);
        } else if (startsWith(d, s, e, "!flowid")) {
            if (!bangFlowid(d, s, e)) {
                warn(lineNo, "bad !flowid specification");
                haveFlowid = false;
            }
        } else if (startsWith(d, s, e, "!proto")) {
            String[] w = new String(d, s, e - s, StandardCharsets.ISO_8859_1).trim().split("\\s+");
            int p = w.length == 2 ? protoWord(w[1]) : -1;
            if (p < 0) {
                warn(lineNo, "bad protocol in !proto");
            } else {
                defaultProto = p;
            }
        } else if (startsWith(d, s, e, "!binary")) {
            binary = true;
            lineNo = 0;
        }
    }

    // ---- reading packets -----------------------------------------------------------------------

    /** The next packet of the dump (before sampling), or null at the end. */
    private Packet readPacket() {
        if (template != null) {
            if (copiesLeft > 1) {
                copiesLeft--;
                Packet c = pool.allocate(0);
                if (c != null && c.copyContentsFrom(template)) {
                    return c;
                }
                if (c != null) {
                    c.kill();
                }
                poolDrops++;
            }
            Packet t = template;
            template = null;
            return t;
        }
        final byte[] d = data;
        while (pos < d.length) {
            boolean ok;
            if (binary) {
                if (pos + 4 > d.length) {
                    truncated("binary record too short");
                    return null;
                }
                long word = (d[pos] & 0xFFL) << 24 | (d[pos + 1] & 0xFF) << 16 | (d[pos + 2] & 0xFF) << 8 | (d[pos + 3] & 0xFF);
                int rlen = (int) (word & 0x7FFFFFFF);
                lineNo++;
                if (rlen < 4 || pos + rlen > d.length) {
                    truncated(rlen < 4 ? "binary record too short" : "truncated binary record");
                    return null;
                }
                int s = pos + 4;
                int e = pos + rlen;
                pos = e;
                if ((word & 0x80000000L) != 0) {
                    while (e > s && (d[e - 1] == 0 || d[e - 1] == '\n')) {
                        e--;
                    }
                    if (e > s && d[s] == '!') {
                        bang(d, s, e);
                    }
                    continue;
                }
                ok = parseBinary(d, s, e);
            } else {
                int s = pos;
                int e = lineEnd(s);
                pos = e < d.length ? e + 1 : e;
                lineNo++;
                if (e > s && d[e - 1] == '\r') {
                    e--;
                }
                int f = s;
                while (f < e && (d[f] == ' ' || d[f] == '\t')) {
                    f++;
                }
                if (f == e || d[f] == '#') {
                    continue;
                }
                if (d[f] == '!') {
                    bang(d, f, e);
                    continue;
                }
                ok = parseText(d, f, e);
            }
            if (!ok) {
                badLine();
                continue;
            }
            Packet p = build();
            if (p == null) {
                poolDrops++;
                continue;
            }
            if (multipacket && has[COUNT] && val[COUNT] > 1) {
                template = p;
                copiesLeft = val[COUNT];
                return readPacket();
            }
            return p;
        }
        return null;
    }

    private void truncated(String msg) {
        warn(lineNo, msg);
        pos = data.length;
    }

    private void badLine() {
        badLines++;
        if (badLines <= MAX_WARNINGS) {
            String why = fields.length == 0 ? "no '!data' provided"
                    : badField != null ? "packet parse error (bad " + badField + ")" : "packet parse error";
            warn(lineNo, why + (badLines == MAX_WARNINGS ? "; further parse errors not reported" : ""));
        }
    }

    private void clearValues() {
        final boolean[] h = has;
        for (int i = 0; i < h.length; i++) {
            h[i] = false;
        }
        payloadLen = 0;
        badField = null;
    }

    /** Parses a text line into {@link #val}/{@link #has}; false if a field is malformed or none is set. */
    private boolean parseText(byte[] d, int s, int e) {
        clearValues();
        final int[] fs = fields;
        if (fs.length == 0) {
            return false;
        }
        int ntok = 0;
        int i = s;
        while (i < e && ntok < fs.length) {
            while (i < e && (d[i] == ' ' || d[i] == '\t')) {
                i++;
            }
            if (i >= e) {
                break;
            }
            int ts = i;
            while (i < e && d[i] != ' ' && d[i] != '\t') {
                if (d[i] == '"') {
                    i++;
                    while (i < e && d[i] != '"') {
                        i += d[i] == '\\' ? 2 : 1;
                    }
                }
                i++;
            }
            i = Math.min(i, e);
            tokStart[ntok] = ts;
            tokEnd[ntok] = i;
            ntok++;
        }
        int set = 0;
        for (int k = 0; k < ntok; k++) {
            int c = fs[k];
            int ts = tokStart[k];
            int te = tokEnd[k];
            if (c < 0 || (te - ts == 1 && d[ts] == '-')) {
                continue;
            }
            if (!textValue(c, d, ts, te)) {
                badField = NAMES[c];
                return false;
            }
            has[c] = true;
            set++;
        }
        return set > 0;
    }

    private static long number(byte[] d, int s, int e, long max) {
        if (s >= e) {
            return -1;
        }
        long v = 0;
        int radix = 10;
        if (e - s > 2 && d[s] == '0' && (d[s + 1] == 'x' || d[s + 1] == 'X')) {
            radix = 16;
            s += 2;
        }
        for (int i = s; i < e; i++) {
            int dig = Character.digit(d[i], radix);
            if (dig < 0) {
                return -1;
            }
            v = v * radix + dig;
            if (v > max) {
                return -1;
            }
        }
        return v;
    }

    private static long maxFor(int c) {
        return switch (BINARY_SIZE[c]) {
            case 1 -> 0xFF;
            case 2 -> 0xFFFF;
            case 4 -> 0xFFFFFFFFL;
            default -> Long.MAX_VALUE / 10;
        };
    }

    private boolean textValue(int c, byte[] d, int s, int e) {
        long v;
        switch (c) {
            case TIMESTAMP, NTIMESTAMP -> {
                int dot = s;
                while (dot < e && d[dot] != '.') {
                    dot++;
                }
                long sec = number(d, s, dot, Long.MAX_VALUE / 2_000_000_000L);
                if (sec < 0) {
                    return false;
                }
                long frac = 0;
                int digits = 0;
                for (int i = dot + 1; i < e; i++) {
                    int dig = d[i] - '0';
                    if (dig < 0 || dig > 9) {
                        return false;
                    }
                    if (digits < 9) {
                        frac = frac * 10 + dig;
                        digits++;
                    }
                }
                while (digits < 9) {
                    frac *= 10;
                    digits++;
                }
                v = sec * 1_000_000_000L + frac;
            }
            case IP_SRC, IP_DST -> {
                long a = 0;
                int parts = 0;
                int i = s;
                while (i <= e && parts < 4) {
                    int j = i;
                    while (j < e && d[j] != '.') {
                        j++;
                    }
                    if (j - i > 3) {
                        return false;
                    }
                    long b = number(d, i, j, 255);
                    if (b < 0) {
                        return false;
                    }
                    a = a << 8 | b;
                    parts++;
                    i = j + 1;
                }
                if (parts != 4 || i <= e) {
                    return false;
                }
                v = a;
            }
            case IP_PROTO -> {
                if (e - s == 1 && (d[s] == 'T' || d[s] == 'U' || d[s] == 'I')) {
                    v = d[s] == 'T' ? 6 : d[s] == 'U' ? 17 : 1;
                } else {
                    v = number(d, s, e, 255);
                }
            }
            case IP_FRAG, IP_FRAGOFF -> {
                if (e - s == 1 && (d[s] == '.' || d[s] == '!' || d[s] == 'F' || d[s] == 'f')) {
                    v = switch (d[s]) {
                        case '.' -> 0;
                        case '!' -> 0x4000;
                        case 'F' -> 0x2000;
                        default -> 100;
                    };
                } else {
                    int j = s;
                    while (j < e && Character.isDigit(d[j])) {
                        j++;
                    }
                    v = number(d, s, j, 0xFFFF);
                    if (v < 0) {
                        return false;
                    }
                    if (minorVersion > 0) {
                        v >>= 3;
                    }
                    if (v > 0x1FFF) {
                        return false;
                    }
                    for (; j < e; j++) {
                        if (d[j] == '!') {
                            v |= 0x4000;
                        } else if (d[j] == '+') {
                            v |= 0x2000;
                        } else {
                            return false;
                        }
                    }
                }
            }
            case IP_ECN -> {
                String w = new String(d, s, e - s, StandardCharsets.ISO_8859_1);
                v = switch (w) {
                    case "0", "no" -> 0;
                    case "1", "ect1", "ECT(1)" -> 1;
                    case "2", "ect2", "ECT(0)" -> 2;
                    case "3", "ce", "CE" -> 3;
                    default -> -1;
                };
            }
            case TCP_FLAGS -> {
                if (Character.isDigit(d[s])) {
                    v = number(d, s, e, 0x1FF);
                } else if (e - s == 1 && d[s] == '.') {
                    v = 0;
                } else {
                    v = 0;
                    for (int i = s; i < e; i++) {
                        int bit = switch (d[i]) {
                            case 'F' -> 0x01;
                            case 'S' -> 0x02;
                            case 'R' -> 0x04;
                            case 'P' -> 0x08;
                            case 'A' -> 0x10;
                            case 'U' -> 0x20;
                            case 'E', 'X' -> 0x40;
                            case 'C', 'W', 'Y' -> 0x80;
                            case 'N' -> 0x100;
                            default -> -1;
                        };
                        if (bit < 0) {
                            return false;
                        }
                        v |= bit;
                    }
                }
            }
            case PAYLOAD -> {
                return unquote(d, s, e);
            }
            case DIRECTION, LINK -> {
                if (e - s == 1 && (d[s] == '>' || d[s] == 'L')) {
                    v = 0;
                } else if (e - s == 1 && (d[s] == '<' || d[s] == 'R' || d[s] == 'X')) {
                    v = 1;
                } else {
                    v = number(d, s, e, 255);
                }
            }
            case TS_SEC, TS_USEC, TS_USEC1 -> v = number(d, s, e, Long.MAX_VALUE / 10);
            default -> v = number(d, s, e, maxFor(c));
        }
        if (v < 0) {
            return false;
        }
        val[c] = v;
        return true;
    }

    /** Reads a payload token (a double-quoted string with C escapes, or a bare word) into {@link #payload}. */
    private boolean unquote(byte[] d, int s, int e) {
        int n = 0;
        if (payload.length < e - s) {
            payload = new byte[Math.max(e - s, payload.length * 2)];
        }
        final byte[] out = payload;
        if (d[s] != '"') {
            for (int i = s; i < e; i++) {
                out[n++] = d[i];
            }
            payloadLen = n;
            return true;
        }
        if (e - s < 2 || d[e - 1] != '"') {
            return false;
        }
        int i = s + 1;
        final int end = e - 1;
        while (i < end) {
            int c = d[i++] & 0xFF;
            if (c != '\\') {
                out[n++] = (byte) c;
                continue;
            }
            if (i >= end) {
                return false;
            }
            c = d[i++] & 0xFF;
            switch (c) {
                case 'n' -> out[n++] = '\n';
                case 't' -> out[n++] = '\t';
                case 'r' -> out[n++] = '\r';
                case 'a' -> out[n++] = 7;
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'v' -> out[n++] = 11;
                case 'x' -> {
                    int v = 0;
                    int k = 0;
                    while (k < 2 && i < end && Character.digit(d[i], 16) >= 0) {
                        v = v * 16 + Character.digit(d[i++], 16);
                        k++;
                    }
                    if (k == 0) {
                        return false;
                    }
                    out[n++] = (byte) v;
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        int k = 1;
                        while (k < 3 && i < end && d[i] >= '0' && d[i] <= '7') {
                            v = v * 8 + (d[i++] - '0');
                            k++;
                        }
                        out[n++] = (byte) v;
                    } else {
                        out[n++] = (byte) c; // \\ \" \$ \' and anything else: the character itself
                    }
                }
            }
        }
        payloadLen = n;
        return true;
    }

    private boolean parseBinary(byte[] d, int s, int e) {
        clearValues();
        final int[] fs = fields;
        if (fs.length == 0) {
            return false;
        }
        int i = s;
        int set = 0;
        for (int c : fs) {
            int size = c < 0 ? 0 : BINARY_SIZE[c];
            if (size < 0) {
                badField = NAMES[c];
                return false;
            }
            if (i + size > e) {
                break;
            }
            if (c >= 0) {
                long v = 0;
                for (int k = 0; k < size; k++) {
                    v = v << 8 | (d[i + k] & 0xFF);
                }
                if (c == TIMESTAMP) {
                    v = (v >>> 32) * 1_000_000_000L + (v & 0xFFFFFFFFL) * 1000;
                } else if (c == NTIMESTAMP) {
                    v = (v >>> 32) * 1_000_000_000L + (v & 0xFFFFFFFFL);
                } else if (c == IP_FRAG) {
                    v = v == 'F' ? 0x2000 : v == 'f' ? 100 : v == '!' ? 0x4000 : 0;
                }
                val[c] = v;
                has[c] = true;
                set++;
            }
            i += size;
        }
        return set > 0;
    }

    // ---- building packets ----------------------------------------------------------------------

    private Packet build() {
        final long[] v = val;
        final boolean[] h = has;
        int proto = h[IP_PROTO] ? (int) v[IP_PROTO] : defaultProto;
        int off = h[IP_FRAGOFF] ? (int) v[IP_FRAGOFF] : h[IP_FRAG] ? (int) v[IP_FRAG] : 0;
        boolean first = (off & 0x1FFF) == 0;
        int hl = 20;
        if (h[IP_HL]) {
            hl = (int) Math.min(60, Math.max(20, (v[IP_HL] + 3) & ~3));
        }
        int thl = 0;
        if (first) {
            if (proto == 6) {
                thl = h[TCP_OFF] ? (int) Math.min(60, Math.max(20, v[TCP_OFF] & ~3)) : 20;
            } else if (proto == 17 || proto == 136 || proto == 1) {
                thl = 8;
            } else if (proto == 33) {
                thl = 12;
            }
        }
        boolean withPayload = h[PAYLOAD] || h[PAYLOAD_LEN];
        long plen = h[PAYLOAD] ? payloadLen : h[PAYLOAD_LEN] ? v[PAYLOAD_LEN] : 0;
        // where Click's payload starts: after TCP and UDP headers, at the transport header otherwise (ICMP included)
        int payOff = hl + (first && (proto == 6 || proto == 17 || proto == 136) ? thl : 0);
        int ipLen;
        if (h[IP_LEN]) {
            ipLen = (int) Math.min(0xFFFF, v[IP_LEN]);
            long delta = ipLen - (payOff + plen);
            if (delta > 0 && withPayload) {
                // pad the headers with options so that the payload ends at ip_len, as Click does
                if (first && proto == 6 && !h[TCP_OFF] && thl == 20) {
                    int td = (int) Math.min(delta - (delta & 3), 40);
                    thl += td;
                    payOff += td;
                    delta -= td;
                }
                if (delta > 0 && !h[IP_HL] && hl == 20) {
                    int id = (int) Math.min(delta - (delta & 3), 40);
                    hl += id;
                    payOff += id;
                }
            }
        } else {
            ipLen = (int) Math.min(0xFFFF, withPayload ? payOff + plen : hl + thl);
        }
        int len = Math.max(ipLen, hl);
        if (h[PAYLOAD]) {
            len = Math.max(len, Math.min(0xFFFF, payOff + payloadLen));
        }
        Packet p = pool.allocate(len);
        if (p == null) {
            return null;
        }
        p.copyFrom(ZEROS, 0, 0, len);
        int src = h[IP_SRC] ? (int) v[IP_SRC] : haveFlowid ? flowSrc : 0;
        int dst = h[IP_DST] ? (int) v[IP_DST] : haveFlowid ? flowDst : 0;
        int tos = h[IP_TOS] ? (int) v[IP_TOS] : 0;
        if (h[IP_DSCP]) {
            tos = (tos & 3) | ((int) v[IP_DSCP] << 2 & 0xFC);
        }
        if (h[IP_ECN]) {
            tos = (tos & 0xFC) | ((int) v[IP_ECN] & 3);
        }
        p.setU8(0, 0x40 | hl >> 2);
        p.setU8(1, tos);
        p.setU16(2, ipLen);
        p.setU16(4, h[IP_ID] ? (int) v[IP_ID] : 0);
        p.setU16(6, off);
        p.setU8(8, h[IP_TTL] ? (int) v[IP_TTL] : 100);
        p.setU8(9, proto);
        p.setI32(12, src);
        p.setI32(16, dst);
        int t = hl;
        if (first && thl > 0) {
            if (hasPorts(proto)) {
                setU16(p, t, h[SPORT] ? (int) v[SPORT] : haveFlowid ? flowSport : 0);
                setU16(p, t + 2, h[DPORT] ? (int) v[DPORT] : haveFlowid ? flowDport : 0);
            }
            if (proto == 6) {
                setI32(p, t + 4, h[TCP_SEQ] ? (int) v[TCP_SEQ] : 0);
                setI32(p, t + 8, h[TCP_ACK] ? (int) v[TCP_ACK] : 0);
                int fl = h[TCP_FLAGS] ? (int) v[TCP_FLAGS] : 0;
                setU8(p, t + 12, (thl >> 2) << 4 | (fl >> 8 & 1));
                setU8(p, t + 13, fl & 0xFF);
                setU16(p, t + 14, h[TCP_WINDOW] ? (int) v[TCP_WINDOW] : 0);
                setU16(p, t + 18, h[TCP_URP] ? (int) v[TCP_URP] : 0);
            } else if (proto == 17 || proto == 136) {
                setU16(p, t + 4, h[UDP_LEN] ? (int) v[UDP_LEN] : Math.max(0, ipLen - hl));
            } else if (proto == 1) {
                setU8(p, t, h[ICMP_TYPE] ? (int) v[ICMP_TYPE] : 0);
                setU8(p, t + 1, h[ICMP_CODE] ? (int) v[ICMP_CODE] : 0);
            }
        }
        if (h[PAYLOAD] && payloadLen > 0) {
            int at = payOff;
            int n = Math.min(payloadLen, len - at);
            if (n > 0) {
                p.copyFrom(payload, 0, at, n);
            }
        }
        if (checksum) {
            p.setU16(10, Checksum.compute(p, 0, hl));
            boolean frag = (off & 0x3FFF & ~0x4000) != 0;
            int tl = Math.min(ipLen, len) - hl;
            if (!frag && tl >= 0) {
                if ((proto == 6 && tl >= 18) || (proto == 17 && tl >= 8)) {
                    int at = hl + (proto == 6 ? 16 : 6);
                    p.setU16(at, 0);
                    int sum = Checksum.sum(p, hl, tl, Checksum.pseudoHeader(src, dst, proto, tl));
                    int ck = ~sum & 0xFFFF;
                    p.setU16(at, proto == 17 && ck == 0 ? 0xFFFF : ck);
                } else if (proto == 1 && tl >= 4) {
                    p.setU16(hl + 2, 0);
                    p.setU16(hl + 2, Checksum.compute(p, hl, tl));
                }
            }
        } else if (h[IP_SUM]) {
            p.setU16(10, (int) v[IP_SUM]);
        }
        p.setNetworkHeader(0, hl);
        p.setDstIpAnno(dst);
        long ts = 0;
        if (h[TIMESTAMP]) {
            ts = v[TIMESTAMP];
        } else if (h[NTIMESTAMP]) {
            ts = v[NTIMESTAMP];
        } else if (h[TS_SEC]) {
            ts = v[TS_SEC] * 1_000_000_000L + (h[TS_USEC] ? v[TS_USEC] * 1000 : 0);
        } else if (h[TS_USEC1]) {
            ts = v[TS_USEC1] * 1000;
        }
        p.setTimestampNanos(ts);
        if (h[LINK]) {
            p.setPaint((int) v[LINK]);
        } else if (h[DIRECTION]) {
            p.setPaint((int) v[DIRECTION]);
        }
        return p;
    }

    private static void setU8(Packet p, int at, int v) {
        if (at < p.length()) {
            p.setU8(at, v);
        }
    }

    private static void setU16(Packet p, int at, int v) {
        if (at + 2 <= p.length()) {
            p.setU16(at, v);
        }
    }

    private static void setI32(Packet p, int at, int v) {
        if (at + 4 <= p.length()) {
            p.setI32(at, v);
        }
    }

    // ---- emitting ------------------------------------------------------------------------------

    /** The next packet to emit now: sampled, and due when TIMING; null if none now (see {@link #eof}). */
    private Packet next() {
        while (true) {
            Packet p = held;
            held = null;
            if (p == null) {
                p = readPacket();
                if (p == null) {
                    end();
                    return null;
                }
            }
            if (timing) {
                long now = context.now();
                if (timingOffset == Long.MIN_VALUE) {
                    timingOffset = now - p.timestampNanos();
                }
                long due = p.timestampNanos() + timingOffset;
                if (due > now) {
                    held = p;
                    if (!timer.scheduled()) {
                        context.schedule(this, timer, due);
                    }
                    return null;
                }
            }
            if (random != null && (random.nextInt() & Prob.MASK) >= sample) {
                p.kill();
                continue;
            }
            count++;
            return p;
        }
    }

    private void end() {
        if (eof) {
            return;
        }
        eof = true;
        if (stop) {
            context.pleaseStop();
        }
    }

    int runTask() {
        if (!active) {
            task.unschedule();
            return 0;
        }
        final PacketBatch b = batch;
        final int n = burst;
        while (b.size() < n) {
            Packet p = next();
            if (p == null) {
                break;
            }
            b.add(p);
        }
        int made = b.size();
        if (made > 0) {
            output[0].push(b);
            b.clear();
        }
        if (eof || held != null) {
            task.unschedule(); // the timer reschedules a held packet
        }
        return made;
    }

    @Override
    public PacketBatch pull(int port, int max) {
        if (!active) {
            return null;
        }
        final PacketBatch b = batch;
        b.clear();
        int n = Math.min(max, b.capacity());
        while (b.size() < n) {
            Packet p = next();
            if (p == null) {
                break;
            }
            b.add(p);
        }
        return b;
    }

    @Override
    public boolean isEmpty() {
        if (!active || eof) {
            return true;
        }
        return held != null && timer.scheduled();
    }

    @Override
    public void addListener(Task t) {
        listeners = Listeners.append(listeners, t);
    }

    private void setActive(boolean a) {
        active = a;
        if (a) {
            if (task != null && !eof) {
                task.reschedule();
            }
            Listeners.wake(listeners);
        }
    }

    @Override
    public void cleanup() {
        if (held != null) {
            held.kill();
            held = null;
        }
        if (template != null) {
            template.kill();
            template = null;
        }
        if (timer != null && timer.scheduled()) {
            context.unschedule(this, timer);
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("active", () -> Boolean.toString(active), v -> setActive(HandlerValues.parse(ArgTypes.BOOL, v)));
        h.readLong("count", () -> count);
        h.readLong("bad_lines", () -> badLines);
        h.read("sampling_prob", () -> Prob.format(sample));
        h.read("encap", () -> "IP");
        h.readLong("filesize", () -> data.length);
        h.readLong("filepos", () -> pos);
        h.write("stop", v -> {
            active = false;
            context.pleaseStop();
        });
    }

}
