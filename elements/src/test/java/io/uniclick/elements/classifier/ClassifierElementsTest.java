package io.uniclick.elements.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierElementsTest {
    private static final Path SAMPLE = Path.of("../configs/traces/sample.pcap");
    private static final Path FW = Path.of("/work/shared/workloads/firewall.click");
    private static final Path FW200 = Path.of("/work/shared/workloads/firewall-200.click");

    private static void assertConfigError(String cfg, String message) {
        TestRouter t = TestRouter.compile(cfg);
        assertNull(t.router, cfg);
        assertTrue(t.errors().contains(message), t.errors());
    }

    /** Frames of a pcap file. */
    static List<byte[]> frames(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(24);
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int cap = b.getInt();
            b.getInt();
            byte[] f = new byte[cap];
            b.get(f);
            out.add(f);
        }
        return out;
    }

    static void writePcap(Path file, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int t = 1;
        for (byte[] f : frames) {
            b.putInt(t++).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, b.array());
    }

    /** The IPFilter arguments of a workload file. */
    static String filterArgs(Path click) throws IOException {
        Matcher m = Pattern.compile("IPFilter\\((.*?)\\)\\s*\\n\\s*->", Pattern.DOTALL).matcher(Files.readString(click));
        assertTrue(m.find(), click.toString());
        return m.group(1);
    }

    /** Count of sample packets (after Strip(14), IP header annotated) the reference sends to output 0. */
    static long referenceAllowed(String filterArgs) throws IOException {
        IPFilterParser.Result r = IPFilterParser.parseFilter(io.uniclick.core.config.ConfigText.splitArguments(filterArgs), 1, null);
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        PacketPool pool = new PacketPool();
        long n = 0;
        for (byte[] f : frames(SAMPLE)) {
            Packet p = pool.allocate(f.length - 14);
            p.copyFrom(f, 14, 0, f.length - 14);
            p.setNetworkHeader(0, (p.u8(0) & 15) * 4);
            n += Reference.classify(r.rules(), p) == 0 ? 1 : 0;
            p.kill();
        }
        return n;
    }

    private static TestRouter runFilter(String args) {
        return TestRouter.run("FromDump(" + SAMPLE + ", STOP true, TIMING false) -> Strip(14) -> TestMarkIPHeader"
                + " -> f :: IPFilter(" + args + ") -> c :: Counter -> Discard;", Duration.ofSeconds(60));
    }

    @Test
    void firewallRulesOverTheSampleTraceMatchTheReference() throws IOException {
        String args = filterArgs(FW);
        long want = referenceAllowed(args);
        TestRouter t = runFilter(args);
        assertEquals(want, t.readLong("c.count"));
        assertEquals(2000 - want, t.readLong("f.drops"));
        assertTrue(want > 0 && want < 2000, "some allowed, some denied: " + want);
    }

    @Test
    void firewall200RulesBecomeASwitchAndMatchTheReference() throws IOException {
        String args = filterArgs(FW200);
        long want = referenceAllowed(args);
        TestRouter t = runFilter(args);
        assertEquals(want, t.readLong("c.count"));
        String program = t.read("f.program");
        assertTrue(program.contains("switch ip+12%ffffff"), program);
        // stats: decision count and longest path
        IPFilterParser.Result r = IPFilterParser.parseFilter(io.uniclick.core.config.ConfigText.splitArguments(args), 1, null);
        List<Expr> rules = new ArrayList<>();
        int[] outs = new int[r.rules().size()];
        for (int i = 0; i < outs.length; i++) {
            rules.add(Lowering.lower(r.rules().get(i).ast()));
            outs[i] = r.rules().get(i).output();
        }
        DecisionProgram prog = DecisionProgram.compile(rules, outs);
        System.out.println("firewall-200: " + prog.decisionCount() + " decisions (" + prog.size() + " nodes), at most "
                + prog.maxDepth() + " per packet, generated: " + (BytecodeCompiler.compile(prog) != null) + ", sequential: "
                + prog.sequential + ", bytecode " + BytecodeCompiler.generate(prog).length + " bytes");
        assertTrue(prog.maxDepth() <= 10, "depth " + prog.maxDepth());
        assertTrue(BytecodeCompiler.compile(prog) != null);
    }

    @Test
    void classifierSortsArpRequestsRepliesIpAndOthers(@TempDir Path dir) throws IOException {
        byte[] req = new byte[42];
        req[12] = 8;
        req[13] = 6;
        req[21] = 1;
        byte[] rep = req.clone();
        rep[21] = 2;
        byte[] ip = new byte[34];
        ip[12] = 8;
        byte[] other = new byte[60];
        byte[] shortArp = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 6};
        Path f = dir.resolve("in.pcap");
        writePcap(f, List.of(req, rep, ip, other, req, shortArp));
        TestRouter t = TestRouter.run("FromDump(" + f + ", STOP true, TIMING false) -> c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);"
                + "c[0] -> c0 :: Counter -> Discard; c[1] -> c1 :: Counter -> Discard; c[2] -> c2 :: Counter -> Discard;"
                + "c[3] -> c3 :: Counter -> Discard;", Duration.ofSeconds(20));
        assertEquals(2, t.readLong("c0.count"));
        assertEquals(1, t.readLong("c1.count"));
        assertEquals(1, t.readLong("c2.count"));
        assertEquals(2, t.readLong("c3.count")); // the short ARP fails 20/0001 and 20/0002
        assertTrue(t.read("c.program").contains("safe length data 22"), t.read("c.program"));
    }

    @Test
    void negatedClauseMatchesPacketsTooShortForIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("in.pcap");
        writePcap(f, List.of(new byte[10], new byte[14]));
        TestRouter t = TestRouter.run("FromDump(" + f + ", STOP true, TIMING false) -> c :: Classifier(!12/0800, -);"
                + "c[0] -> c0 :: Counter -> Discard; c[1] -> c1 :: Counter -> Discard;", Duration.ofSeconds(20));
        assertEquals(2, t.readLong("c0.count"));
    }

    @Test
    void classifierErrorsUseClicksWording() {
        assertConfigError("Idle -> c :: Classifier(12/0800, -) -> Discard;", "need 1 arguments, one per output port");
        assertConfigError("Idle -> c :: Classifier(x/0800); c -> Discard;", "pattern 0: expected a digit");
        assertConfigError("Idle -> c :: Classifier(12/080); c -> Discard;", "pattern 0: value has odd number of hex digits");
        assertConfigError("Idle -> c :: Classifier(12/0800%ff); c -> Discard;", "pattern 0: mask has too few hex digits");
        assertConfigError("Idle -> c :: Classifier(12 0800); c -> Discard;", "pattern 0: expected '/'");
    }

    @Test
    void ipFilterErrorsUseClicksWording() {
        assertConfigError("Idle -> f :: IPFilter(allow tcp, allow udp, deny foo) -> Discard;", "pattern 2: empty term near 'foo'");
        assertConfigError("Idle -> f :: IPFilter(allow tcp : udp) -> Discard;", "pattern 0: garbage after expression at ':'");
        assertConfigError("Idle -> f :: IPFilter(allow tcp and) -> Discard;", "pattern 0: missing expression");
        assertConfigError("Idle -> f :: IPFilter(allow echo) -> Discard;", "pattern 0: 'echo' is ambiguous; try 'port echo', 'icmp type echo'");
        assertConfigError("Idle -> f :: IPFilter(allow 80) -> Discard;", "pattern 0: specify header field or 'port'");
        assertConfigError("Idle -> f :: IPFilter(allow ip ttl 256) -> Discard;", "pattern 0: 'ip ttl': out of range, bound 255");
        assertConfigError("Idle -> f :: IPFilter(3 tcp) -> Discard;", "pattern 0: slot '3' out of range");
        assertConfigError("Idle -> f :: IPFilter(accept tcp) -> Discard;", "pattern 0: unknown slot ID 'accept'");
        assertConfigError("Idle -> f :: IPFilter(allow ip[2:4] 5) -> Discard;", "pattern 0: field [2:4] does not fit in a single word");
        assertConfigError("Idle -> f :: IPFilter(\"allow (tcp\") -> Discard;", "pattern 0: missing ')'");
        assertConfigError("Idle -> c :: IPClassifier(tcp, udp) -> Discard;", "need 1 arguments, one per output port");
    }

    @Test
    void alwaysFalseRelationsWarn() {
        TestRouter t = TestRouter.compile("Idle -> f :: IPFilter(allow ip ttl > 255, allow tcp port < 70000) -> Discard;");
        assertTrue(t.router != null, t.errors());
        assertTrue(t.printed().contains("pattern 0: relation '> 255' is always false (range 0-255)"), t.printed());
        assertTrue(t.printed().contains("pattern 1: relation '< 70000' is always true (range 0-65535)"), t.printed());
    }

    @Test
    void qualifiersCarryForwardAndAbbreviationsExpand() {
        IPFilterParser.Result a = IPFilterParser.parseClassifier(List.of("src port 80 or 81"), 1, null);
        IPFilterParser.Result b = IPFilterParser.parseClassifier(List.of("src port 80 or src port 81"), 1, null);
        assertEquals(b.rules(), a.rules());
        IPFilterParser.Result c = IPFilterParser.parseClassifier(List.of("10.0.0.0/8 and www and syn"), 1, null);
        IPFilterParser.Result d = IPFilterParser.parseClassifier(List.of("net 10.0.0.0/8 and port www and tcp opt syn"), 1, null);
        assertTrue(c.errors().isEmpty() && d.errors().isEmpty(), c.errors() + " " + d.errors());
        assertEquals(Lowering.lower(d.rules().get(0).ast()), Lowering.lower(c.rules().get(0).ast()));
    }

    @Test
    void ipClassifierPatternHandlerRecompiles(@TempDir Path dir) throws Exception {
        TestRouter t = TestRouter.compile("FromDump(" + SAMPLE + ", STOP true, TIMING false) -> Strip(14) -> TestMarkIPHeader"
                + " -> c :: IPClassifier(tcp, udp, -); c[0] -> c0 :: Counter -> Discard; c[1] -> c1 :: Counter -> Discard;"
                + "c[2] -> c2 :: Counter -> Discard;");
        assertEquals("tcp", t.read("c.pattern0"));
        t.write("c.pattern0", "icmp");
        assertEquals("icmp", t.read("c.pattern0"));
        t.runToEnd(Duration.ofSeconds(30));
        long icmp = 0;
        long udp = 0;
        for (byte[] f : frames(SAMPLE)) {
            icmp += f[23] == 1 ? 1 : 0;
            udp += f[23] == 17 ? 1 : 0;
        }
        assertEquals(icmp, t.readLong("c0.count"));
        assertEquals(udp, t.readLong("c1.count"));
        assertEquals(2000 - icmp - udp, t.readLong("c2.count"));
    }
}
