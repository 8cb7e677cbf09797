package io.uniclick.elements.rewriter;

import static io.uniclick.elements.rewriter.Pkt.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uniclick.core.element.ElementRegistry;
import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadBalancerTest {
    static final Path SAMPLE = Path.of("../configs/traces/sample.pcap");
    static final String RR = "rr :: RoundRobinIPMapper(- - 172.16.0.1 - 0 1,\n - - 172.16.0.2 - 0 1,\n - - 172.16.0.3 - 0 1,\n"
            + " - - 172.16.0.4 - 0 1);\n";

    @TempDir
    Path tmp;

    List<byte[]> runLb(String mapperDecl, String spec, List<byte[]> frames, Path o1, StringBuilder handlers, String... reads)
            throws IOException {
        Path in = Pkt.write(tmp.resolve("lb" + System.nanoTime() + ".pcap"), frames);
        Path o0 = tmp.resolve("lb0-" + System.nanoTime() + ".pcap");
        TestRouter t = TestRouter.run(mapperDecl + "lb :: IPRewriter(" + spec + ");\n"
                + "FromDump(" + in + ", STOP true, TIMING false) -> Strip(14) -> lb;\n"
                + "lb[0] -> Unstrip(14) -> ToDump(" + o0 + ", SNAPLEN 0);\n"
                + "lb[1] -> Unstrip(14) -> ToDump(" + o1 + ", SNAPLEN 0);\n", Duration.ofSeconds(20));
        for (String r : reads) {
            handlers.append(t.read(r));
        }
        return Pkt.read(o0);
    }

    @Test
    void roundRobinSpreadsNewFlowsInOrderAndRepliesReturnFromTheVirtualAddress() throws IOException {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            in.add(Pkt.tcp("203.0.113." + (i + 1), 40000 + i, "198.51.100.80", 80, 0x02, 0));
        }
        in.add(Pkt.tcp("203.0.113.1", 40000, "198.51.100.80", 80, 0x10, 10)); // same flow as the first: same backend
        in.add(Pkt.tcp("172.16.0.2", 80, "203.0.113.2", 40001, 0x12, 0)); // reply from backend 2
        Path o1 = tmp.resolve("rr1.pcap");
        StringBuilder h = new StringBuilder();
        List<byte[]> out = runLb(RR, "rr", in, o1, h, "lb.table_size");
        assertEquals(6, out.size());
        String[] expect = {"172.16.0.1", "172.16.0.2", "172.16.0.3", "172.16.0.4", "172.16.0.1", "172.16.0.1"};
        for (int i = 0; i < 6; i++) {
            assertEquals(ip(expect[i]), Pkt.dst(out.get(i)), "flow " + i);
            assertTrue(Pkt.checksumsValid(out.get(i)));
        }
        assertArrayEquals(Pkt.tcp("203.0.113.1", 40000, "172.16.0.1", 80, 0x10, 10), out.get(5));
        List<byte[]> replies = Pkt.read(o1);
        assertEquals(1, replies.size());
        assertArrayEquals(Pkt.tcp("198.51.100.80", 80, "203.0.113.2", 40001, 0x12, 0), replies.get(0));
        assertEquals("5", h.toString());
    }

    @Test
    void sourceIpHashMapperIsStickyPerClientAndMatchesClicksRing() throws IOException {
        String decl = "sh :: SourceIPHashMapper(50 0xbadbeef, - - 10.1.0.1 - 0 1 0, - - 10.1.0.2 - 0 1 1, - - 10.1.0.3 - 0 1 2);\n";
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            in.add(Pkt.udp("192.0.2." + (i % 20 + 1), 1000 + i, "198.51.100.80", 53, 0, true));
        }
        List<byte[]> out = runLb(decl, "sh", in, tmp.resolve("sh1.pcap"), new StringBuilder());
        assertEquals(40, out.size());
        int[] used = new int[3];
        for (int i = 0; i < 20; i++) {
            assertEquals(Pkt.dst(out.get(i)), Pkt.dst(out.get(i + 20)), "same client, same server");
            used[(Pkt.dst(out.get(i)) & 0xFF) - 1]++;
        }
        assertTrue(used[0] > 0 && used[1] > 0 && used[2] > 0, java.util.Arrays.toString(used));
    }

    @Test
    void glibcRandomMatchesTheCLibrary() {
        GlibcRandom r = new GlibcRandom(1);
        assertEquals(1804289383, r.next());
        assertEquals(846930886, r.next());
        GlibcRandom r42 = new GlibcRandom(42);
        assertEquals(71876166, r42.next());
        assertEquals(708592740, r42.next());
        assertEquals(1483128881, r42.next());
    }

    @Test
    void maglevBalancesTheTableAndMovesAboutOneNthWhenABackendLeaves() {
        int n = 10;
        int m = 65537;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("- - 172.16.0." + (i + 1) + " -");
        }
        int[] before = MaglevIPMapper.populate(names, m);
        int[] count = new int[n];
        for (int b : before) {
            count[b]++;
        }
        for (int c : count) {
            assertTrue(Math.abs(c - m / n) <= 1, "entries per backend " + java.util.Arrays.toString(count));
        }
        List<String> fewer = new ArrayList<>(names);
        fewer.remove(3);
        int[] after = MaglevIPMapper.populate(fewer, m);
        Random rnd = new Random(7);
        int flows = 100_000;
        int moved = 0;
        int movedNotFromRemoved = 0;
        for (int i = 0; i < flows; i++) {
            int h = MaglevIPMapper.flowHash(rnd.nextInt(), rnd.nextInt(65536), rnd.nextInt(), 80, 1);
            String b0 = names.get(before[h % m]);
            String b1 = fewer.get(after[h % m]);
            if (!b0.equals(b1)) {
                moved++;
                if (!b0.equals(names.get(3))) {
                    movedNotFromRemoved++;
                }
            }
        }
        double frac = moved / (double) flows;
        assertTrue(frac > 0.09 && frac < 0.13, "moved fraction " + frac);
        assertTrue(movedNotFromRemoved / (double) flows < 0.03, "disrupted flows of other backends " + movedNotFromRemoved);
    }

    @Test
    void maglevHandlersAddAndRemoveBackends() throws Exception {
        TestRouter t = TestRouter.compile("mg :: MaglevIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1, TABLE_SIZE 1009);\n"
                + "Idle -> lb :: IPRewriter(mg) -> Discard; lb[1] -> Discard;");
        assertTrue(t.router != null, t.errors());
        assertEquals("0: - - 10.0.0.1 - 0 1 505\n1: - - 10.0.0.2 - 0 1 504\n".replaceAll(" 50[45]\n", "\n"),
                t.read("mg.backends").replaceAll(" 50[45]\n", "\n"));
        t.write("mg.add", "- - 10.0.0.3 - 0 1");
        assertEquals(3, t.read("mg.backends").lines().count());
        t.write("mg.remove", "- - 10.0.0.1 -");
        String b = t.read("mg.backends");
        assertTrue(b.startsWith("0: - - 10.0.0.2 - 0 1 "), b);
        t.write("mg.remove", "1");
        assertEquals(1, t.read("mg.backends").lines().count());
        TestRouter bad = TestRouter.compile("mg :: MaglevIPMapper(- - 10.0.0.1 - 0 1, TABLE_SIZE 1000); Idle -> IPRewriter(mg) -> Discard;");
        assertTrue(bad.errors().contains("TABLE_SIZE: must be a prime"), bad.errors());
    }

    @Test
    void maglevSendsEachFlowToOneBackendThroughTheRewriter() throws IOException {
        String decl = "mg :: MaglevIPMapper(- - 172.16.0.1 - 0 1, - - 172.16.0.2 - 0 1, - - 172.16.0.3 - 0 1);\n";
        List<byte[]> in = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 300; i++) {
                in.add(Pkt.tcp("203.0.113." + (i % 250 + 1), 20000 + i, "198.51.100.80", 443, 0x10, 1));
            }
        }
        List<byte[]> out = runLb(decl, "mg", in, tmp.resolve("mg1.pcap"), new StringBuilder());
        assertEquals(600, out.size());
        int[] per = new int[3];
        for (int i = 0; i < 300; i++) {
            assertEquals(Pkt.dst(out.get(i)), Pkt.dst(out.get(i + 300)));
            per[(Pkt.dst(out.get(i)) & 0xFF) - 1]++;
            assertTrue(Pkt.checksumsValid(out.get(i)));
        }
        for (int c : per) {
            assertTrue(c > 60, java.util.Arrays.toString(per));
        }
    }

    static boolean have(String... classes) {
        ElementRegistry r = ElementRegistry.load(LoadBalancerTest.class.getClassLoader());
        for (String c : classes) {
            if (!r.contains(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void benchmarkWorkloadsRunOnTheSampleTrace() throws IOException {
        assumeTrue(have("CheckIPHeader", "IPClassifier"), "IPClassifier not available yet");
        for (String w : List.of("nat", "loadbalancer")) {
            String cfg = Files.readString(Path.of("/work/shared/workloads/" + w + ".click"));
            TestRouter t = TestRouter.compile(cfg, Map.of("TRACE", SAMPLE.toString()), false, 1);
            assertTrue(t.router != null, t.errors());
            t.runToEnd(Duration.ofSeconds(30));
            long mapped = t.readLong("c.count");
            long other = t.readLong("other.count");
            assertEquals(2000, mapped + other, w);
            assertTrue(mapped > 1000, w + " mapped " + mapped);
            String rw = w.equals("nat") ? "nat" : "lb";
            assertEquals(0, t.readLong(rw + ".mapping_failures"), w);
            assertTrue(t.readLong(rw + ".table_size") > 0);
        }
    }
}
