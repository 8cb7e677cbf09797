package io.uniclick.elements.aqm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IPSummaryDumpTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.ISO_8859_1);
        return p;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.ISO_8859_1);
    }

    private static List<String> dataLines(String dump) {
        List<String> r = new ArrayList<>();
        for (String l : dump.split("\n")) {
            if (!l.isEmpty() && l.charAt(0) != '!') {
                r.add(l);
            }
        }
        return r;
    }

    /** A pcap record: timestamp (ns) and data. */
    record Rec(long ts, byte[] data) {
    }

    private static List<Rec> readPcap(Path p) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        List<Rec> r = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= bb.limit()) {
            long sec = bb.getInt(pos) & 0xFFFFFFFFL;
            long usec = bb.getInt(pos + 4) & 0xFFFFFFFFL;
            int caplen = bb.getInt(pos + 8);
            r.add(new Rec(sec * 1_000_000_000L + usec * 1000, Arrays.copyOfRange(bb.array(), pos + 16, pos + 16 + caplen)));
            pos += 16 + caplen;
        }
        return r;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static long sum(byte[] b, int off, int len, long s) {
        for (int i = 0; i + 1 < len; i += 2) {
            s += u16(b, off + i);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xFF) << 8;
        }
        while (s >> 16 != 0) {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return s;
    }

    private static boolean transportChecksumOk(byte[] p) {
        int hl = (p[0] & 15) * 4;
        int len = u16(p, 2) - hl;
        int proto = p[9] & 0xFF;
        long s = 0;
        if (proto == 6 || proto == 17) {
            s = u16(p, 12) + u16(p, 14) + u16(p, 16) + u16(p, 18) + proto + len;
        }
        return sum(p, hl, len, s) == 0xFFFF;
    }

    @Test
    void handWrittenDumpMakesIPPacketsWithCorrectHeadersAndChecksums() throws IOException {
        Path in = write("in.txt", """
                !IPSummaryDump 1.3
                !creator "hand"
                !data timestamp ip_src ip_dst sport dport ip_proto ip_len tcp_flags payload
                # a comment
                1000.000001 10.0.0.1 10.0.0.2 1234 80 T 45 SA "hello"
                1000.5 10.0.0.3 10.0.0.4 53 5353 U 40 - -

                1001 1.2.3.4 5.6.7.8 - - I 28 - -
                """);
        Path out = dir.resolve("out.pcap");
        TestRouter t = TestRouter.run("f :: FromIPSummaryDump(" + in + ", STOP true, CHECKSUM true) -> ToDump(" + out + ", ENCAP IP, NANO false);", T);
        assertEquals(3, t.readLong("f.count"));
        assertEquals(0, t.readLong("f.bad_lines"));
        assertEquals("IP", t.read("f.encap"));
        List<Rec> rs = readPcap(out);
        assertEquals(3, rs.size());

        byte[] tcp = rs.get(0).data();
        assertEquals(45, tcp.length);
        assertEquals(0x45, tcp[0] & 0xFF);
        assertEquals(45, u16(tcp, 2));
        assertEquals(100, tcp[8] & 0xFF); // Click's default TTL
        assertEquals(6, tcp[9] & 0xFF);
        assertEquals(0xFFFF, sum(tcp, 0, 20, 0), "IP checksum");
        assertArrayEquals(new byte[] {10, 0, 0, 1, 10, 0, 0, 2}, Arrays.copyOfRange(tcp, 12, 20));
        assertEquals(1234, u16(tcp, 20));
        assertEquals(80, u16(tcp, 22));
        assertEquals(0x50, tcp[32] & 0xFF);
        assertEquals(0x12, tcp[33] & 0xFF);
        assertEquals("hello", new String(tcp, 40, 5, StandardCharsets.ISO_8859_1));
        assertTrue(transportChecksumOk(tcp), "TCP checksum");
        assertEquals(1000_000_001_000L, rs.get(0).ts());

        byte[] udp = rs.get(1).data();
        assertEquals(40, udp.length);
        assertEquals(17, udp[9] & 0xFF);
        assertEquals(20, u16(udp, 24)); // UDP length from the IP length
        assertTrue(transportChecksumOk(udp), "UDP checksum");
        assertEquals(1000_500_000_000L, rs.get(1).ts());

        byte[] icmp = rs.get(2).data();
        assertEquals(28, icmp.length);
        assertEquals(1, icmp[9] & 0xFF);
        assertTrue(transportChecksumOk(icmp), "ICMP checksum");
        assertEquals(0xFFFF, sum(icmp, 0, 20, 0));
    }

    @Test
    void payloadWithIpLengthPadsTheHeadersSoThePayloadEndsTheFrame() throws IOException {
        Path in = write("in.txt", "!data ip_proto ip_len payload\nT 60 \"abcd\"\n");
        Path out = dir.resolve("out.txt");
        TestRouter.run("FromIPSummaryDump(" + in + ", STOP true) -> ToIPSummaryDump(" + out + ", FIELDS ip_len ip_hl tcp_off payload_len payload);", T);
        assertEquals(List.of("60 20 36 4 \"abcd\""), dataLines(read(out)));
    }

    /** One random canonical line for the fields of {@link #roundTripFields}. */
    private static String randomLine(Random r, int i, boolean withPayload) {
        int[] protos = withPayload ? new int[] {6, 17} : new int[] {6, 17, 1, 47};
        int proto = protos[r.nextInt(protos.length)];
        int hdrEnd = switch (proto) {
            case 6 -> 40;
            case 17 -> 28;
            default -> 20;
        };
        int plen = r.nextInt(60) + (proto == 1 ? 8 : 0);
        int ipLen = hdrEnd + plen;
        StringBuilder sb = new StringBuilder();
        sb.append(1_000_000_000L + i).append('.').append(String.format("%06d", r.nextInt(1_000_000)));
        sb.append(' ').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256));
        sb.append(' ').append(r.nextInt(256)).append(".0.").append(r.nextInt(256)).append('.').append(r.nextInt(256));
        boolean ports = proto == 6 || proto == 17;
        sb.append(' ').append(ports ? Integer.toString(r.nextInt(65536)) : "-");
        sb.append(' ').append(ports ? Integer.toString(r.nextInt(65536)) : "-");
        sb.append(' ').append(proto == 6 ? "T" : proto == 17 ? "U" : proto == 1 ? "I" : "47");
        sb.append(' ').append(ipLen);
        sb.append(' ').append(r.nextInt(65536));
        sb.append(' ').append(1 + r.nextInt(255));
        sb.append(' ').append(r.nextInt(256));
        if (proto == 6) {
            sb.append(' ').append(r.nextLong(1L << 32)).append(' ').append(r.nextLong(1L << 32));
            int fl = r.nextInt(512);
            StringBuilder f = new StringBuilder();
            for (int b = 0; b < 9; b++) {
                if ((fl & 1 << b) != 0) {
                    f.append("FSRPAUECN".charAt(b));
                }
            }
            sb.append(' ').append(fl == 0 ? "." : f).append(' ').append(r.nextInt(65536));
        } else {
            sb.append(" - - - -");
        }
        sb.append(' ').append(proto == 17 ? Integer.toString(ipLen - 20) : "-");
        if (proto == 1) {
            sb.append(' ').append(r.nextInt(256)).append(' ').append(r.nextInt(256));
        } else {
            sb.append(" - -");
        }
        sb.append(' ').append(proto == 1 ? ipLen - 20 : plen);
        if (withPayload) {
            byte[] pay = new byte[plen];
            for (int k = 0; k < plen; k++) {
                pay[k] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : 'a' + r.nextInt(26));
            }
            ByteOut o = new ByteOut(16);
            IPSumDump.quote(o, pay, 0, plen);
            sb.append(' ').append(new String(o.buf, 0, o.len, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    private static final String ROUND_TRIP_FIELDS = "timestamp ip_src ip_dst sport dport ip_proto ip_len ip_id ip_ttl ip_tos "
            + "tcp_seq tcp_ack tcp_flags tcp_window udp_len icmp_type icmp_code payload_len";

    private String roundTrip(String fields, List<String> lines, String fromOptions) throws IOException {
        Path in = write("rt-in.txt", "!IPSummaryDump 1.3\n!data " + fields + "\n" + String.join("\n", lines) + "\n");
        Path out = dir.resolve("rt-out.txt");
        TestRouter t = TestRouter.run("f :: FromIPSummaryDump(" + in + ", STOP true" + fromOptions + ") -> ToIPSummaryDump(" + out
                + ", FIELDS " + fields + ");", T);
        assertEquals(0, t.readLong("f.bad_lines"), t.printed());
        return read(out);
    }

    @Test
    void textRoundTripReproducesEveryField() throws IOException {
        Random r = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add(randomLine(r, i, false));
        }
        String out = roundTrip(ROUND_TRIP_FIELDS, lines, "");
        assertTrue(out.startsWith("!IPSummaryDump 1.3\n!data " + ROUND_TRIP_FIELDS + "\n"), out);
        assertEquals(lines, dataLines(out));
        assertEquals(lines, dataLines(roundTrip(ROUND_TRIP_FIELDS, lines, ", CHECKSUM true")));
    }

    @Test
    void textRoundTripReproducesPayloads() throws IOException {
        Random r = new Random(11);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(randomLine(r, i, true));
        }
        String fields = ROUND_TRIP_FIELDS + " payload";
        assertEquals(lines, dataLines(roundTrip(fields, lines, "")));
    }

    @Test
    void binaryRoundTripReproducesTheTextDump() throws IOException {
        Random r = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(randomLine(r, i, false));
        }
        Path in = write("b-in.txt", "!data " + ROUND_TRIP_FIELDS + "\n" + String.join("\n", lines) + "\n");
        Path bin = dir.resolve("b.bin");
        Path out = dir.resolve("b-out.txt");
        TestRouter.run("FromIPSummaryDump(" + in + ", STOP true) -> ToIPSummaryDump(" + bin + ", BINARY true, FIELDS " + ROUND_TRIP_FIELDS + ");", T);
        String head = new String(Files.readAllBytes(bin), 0, 200, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("!IPSummaryDump 1.3\n!data " + ROUND_TRIP_FIELDS + "\n!binary\n"), head);
        TestRouter t = TestRouter.run("f :: FromIPSummaryDump(" + bin + ", STOP true) -> ToIPSummaryDump(" + out + ", FIELDS " + ROUND_TRIP_FIELDS + ");", T);
        assertEquals(0, t.readLong("f.bad_lines"));
        // binary records carry no '-': absent fields come back as 0, so compare the fields every packet has
        List<String> got = dataLines(read(out));
        assertEquals(lines.size(), got.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] a = lines.get(i).split(" ");
            String[] b = got.get(i).split(" ");
            for (int k : new int[] {0, 1, 2, 5, 6, 7, 8, 9}) {
                assertEquals(a[k], b[k], "line " + i + " field " + k);
            }
            if (a[5].equals("T")) {
                // binary tcp_flags is one byte, as in Click's format: the NS flag does not survive
                assertEquals(lines.get(i).replace("N ", " ").replace(" . ", " "), got.get(i).replace(" . ", " "));
            }
        }
    }

    @Test
    void malformedLinesAreSkippedCountedAndReportedWithFileAndLine() throws IOException {
        Path in = write("bad.txt", """
                !IPSummaryDump 1.3
                !data ip_src ip_dst ip_proto tcp_flags
                1.1.1.1 2.2.2.2 T S
                1.1.1.300 2.2.2.2 T S
                1.1.1.1 2.2.2.2 Q S
                - - - -
                1.1.1.1 2.2.2.2 T SZ
                3.3.3.3 4.4.4.4 U
                "unterminated
                """);
        TestRouter t = TestRouter.run("f :: FromIPSummaryDump(" + in + ", STOP true) -> c :: Counter -> Discard;", T);
        assertEquals(2, t.readLong("c.count"));
        assertEquals(5, t.readLong("f.bad_lines"));
        String p = t.printed();
        assertTrue(p.contains(in + ":4: packet parse error (bad ip_src)"), p);
        assertTrue(p.contains(in + ":5: packet parse error (bad ip_proto)"), p);
        assertTrue(p.contains(in + ":6: packet parse error"), p);
        assertTrue(p.contains(in + ":7: packet parse error (bad tcp_flags)"), p);
        assertTrue(p.contains(in + ":9: packet parse error"), p);
    }

    @Test
    void missingDataLineAndBannerAreReported() throws IOException {
        Path in = write("nodata.txt", "1.1.1.1 2.2.2.2\n");
        TestRouter t = TestRouter.run("f :: FromIPSummaryDump(" + in + ", STOP true) -> c :: Counter -> Discard;", T);
        assertEquals(0, t.readLong("c.count"));
        assertTrue(t.printed().contains("missing banner line; is this an IP summary dump?"), t.printed());
        assertTrue(t.printed().contains(in + ":1: no '!data' provided"), t.printed());
        TestRouter u = TestRouter.run("f :: FromIPSummaryDump(" + in + ", STOP true, FIELDS ip_src ip_dst) -> c :: Counter -> Discard;", T);
        assertEquals(1, u.readLong("c.count"));
        assertEquals("", u.printed());
    }

    @Test
    void dataKeywordFlowidAndProtoLines() throws IOException {
        Path out = dir.resolve("o.txt");
        TestRouter.run("FromIPSummaryDump(DATA \"!data ip_len\\n!flowid 1.0.0.1 10 2.0.0.2 20 U\\n40\\n!proto T\\n50\\n\", STOP true)"
                + " -> ToIPSummaryDump(" + out + ", FIELDS ip_src sport ip_dst dport ip_proto ip_len);", T);
        assertEquals(List.of("1.0.0.1 10 2.0.0.2 20 U 40", "1.0.0.1 10 2.0.0.2 20 T 50"), dataLines(read(out)));
    }

    @Test
    void fragmentsAndOldFieldNames() throws IOException {
        Path in = write("frag.txt", "!IPSummaryDump 1.3\n!data 'ip src' len proto ip_frag ip_fragoff\n"
                + "1.2.3.4 100 U F 0+\n1.2.3.4 100 U f 1480\n1.2.3.4 100 U ! 0!\n");
        Path out = dir.resolve("o.txt");
        TestRouter.run("FromIPSummaryDump(" + in + ", STOP true) -> ToIPSummaryDump(" + out + ", FIELDS src ip_frag ip_fragoff sport udp_len);", T);
        assertEquals(List.of("1.2.3.4 F 0+ 0 80", "1.2.3.4 f 1480 - -", "1.2.3.4 ! 0! 0 80"), dataLines(read(out)));
    }

    @Test
    void multipacketEmitsCountCopies() throws IOException {
        Path in = write("m.txt", "!data ip_src count\n1.1.1.1 3\n2.2.2.2 1\n");
        TestRouter t = TestRouter.run("FromIPSummaryDump(" + in + ", STOP true, MULTIPACKET true) -> c :: Counter -> Discard;", T);
        assertEquals(4, t.readLong("c.count"));
        TestRouter u = TestRouter.run("FromIPSummaryDump(" + in + ", STOP true) -> c :: Counter -> Discard;", T);
        assertEquals(2, u.readLong("c.count"));
    }

    @Test
    void timingReplaysTheGapsOnTheVirtualClock() throws IOException {
        Path in = write("t.txt", "!data timestamp ip_src\n5000.0 1.1.1.1\n5000.5 1.1.1.1\n5001.25 1.1.1.1\n");
        TestRouter t = Sim.run("f :: FromIPSummaryDump(" + in + ", STOP true, TIMING true) -> c :: Counter -> Discard;");
        assertEquals(3, t.readLong("c.count"));
        long elapsed = t.router.clock().now() - 1_000_000_000L * 1_000_000_000L;
        assertTrue(elapsed >= 1_250_000_000L && elapsed < 1_300_000_000L, "elapsed " + elapsed);
    }

    @Test
    void pullContextAndSampling() throws IOException {
        StringBuilder sb = new StringBuilder("!data ip_src\n");
        for (int i = 0; i < 1000; i++) {
            sb.append("1.1.1.1\n");
        }
        Path in = write("p.txt", sb.toString());
        TestRouter t = Sim.run("FromIPSummaryDump(" + in + ", STOP true) -> u :: Unqueue -> c :: Counter -> Discard;");
        assertEquals(1000, t.readLong("c.count"));
        TestRouter s = TestRouter.run("f :: FromIPSummaryDump(" + in + ", STOP true, SAMPLE 0.5) -> c :: Counter -> Discard;", T);
        long n = s.readLong("c.count");
        assertTrue(n > 430 && n < 570, "sampled " + n);
        assertEquals("0.5", s.read("f.sampling_prob"));
    }

    @Test
    void toIPSummaryDumpHeaderOptions() throws IOException {
        Path a = dir.resolve("a.txt");
        TestRouter.run("InfiniteSource(LIMIT 2, STOP true) -> ToIPSummaryDump(" + a + ", BANNER \"my \\\"tool\\\"\", FIELDS ip_src count);", T);
        assertEquals("!IPSummaryDump 1.3\n!creator \"my \\\"tool\\\"\"\n!data ip_src count\n- 1\n- 1\n", read(a));
        Path b = dir.resolve("b.txt");
        TestRouter.run("InfiniteSource(LIMIT 1, STOP true) -> ToIPSummaryDump(" + b + ", HEADER false, VERBOSE true);", T);
        assertEquals(1, read(b).split("\n").length);
        Path c = dir.resolve("c.txt");
        TestRouter.run("InfiniteSource(LIMIT 1, STOP true) -> ToIPSummaryDump(" + c + ", VERBOSE true);", T);
        String v = read(c);
        assertTrue(v.contains("\n!host ") && v.contains("\n!runtime ") && v.contains("\n!data timestamp ip_src\n"), v);
    }

    @Test
    void toIPSummaryDumpConfigErrors() {
        assertTrue(Sim.configError("Idle -> ToIPSummaryDump(x, FIELDS ip_src bogus);").contains("unknown content type 'bogus'"));
        assertTrue(Sim.configError("Idle -> ToIPSummaryDump(x, FIELDS payload, BINARY true);").contains("cannot use field payload with BINARY"));
        assertTrue(Sim.configError("FromIPSummaryDump(a, DATA \"x\") -> Discard;").contains("FILENAME and DATA conflict"));
        assertTrue(Sim.configError("FromIPSummaryDump(/nonexistent/file) -> Discard;").contains("No such file or directory"));
    }

    @Test
    void badPacketsAreFlaggedAndPassThroughToTheOutput() throws IOException {
        Path out = dir.resolve("bad.txt");
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 2, STOP true) -> ToIPSummaryDump(" + out
                + ", FIELDS ip_src sport, BAD_PACKETS true) -> c :: Counter -> Discard;", T);
        assertEquals(2, t.readLong("c.count"));
        assertEquals("!IPSummaryDump 1.3\n!data ip_src sport\n!bad no IP header\n- -\n!bad no IP header\n- -\n", read(out));
        Path in = write("tr.txt", "!data ip_src ip_len\n1.1.1.1 40\n");
        Path out2 = dir.resolve("bad2.txt");
        TestRouter.run("FromIPSummaryDump(" + in + ", STOP true) -> ToIPSummaryDump(" + out2 + ", FIELDS ip_src tcp_seq, BAD_PACKETS true);", T);
        assertEquals(List.of("1.1.1.1 0"), dataLines(read(out2)));
    }
}
