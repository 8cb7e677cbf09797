package io.uniclick.elements.rewriter;

import static io.uniclick.elements.rewriter.Pkt.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IPRewriterTest {
    @TempDir
    Path tmp;

    /** Runs {@code element} (declared as {@code rw}) with one input fed from {@code frames}; returns the frames of outputs 0 and 1. */
    Run run(String element, List<byte[]> frames) throws IOException {
        Path in = Pkt.write(tmp.resolve("in" + System.nanoTime() + ".pcap"), frames);
        Path o0 = tmp.resolve("o0-" + System.nanoTime() + ".pcap");
        Path o1 = tmp.resolve("o1-" + System.nanoTime() + ".pcap");
        String cfg = "rw :: " + element + ";\n"
                + "FromDump(" + in + ", STOP true, TIMING false) -> Strip(14) -> rw;\n"
                + "rw[0] -> Unstrip(14) -> ToDump(" + o0 + ", SNAPLEN 0);\n"
                + "rw[1] -> Unstrip(14) -> ToDump(" + o1 + ", SNAPLEN 0);\n";
        TestRouter t = TestRouter.run(cfg, Duration.ofSeconds(20));
        return new Run(t, Pkt.read(o0), Pkt.read(o1));
    }

    record Run(TestRouter t, List<byte[]> out0, List<byte[]> out1) {
    }

    static final String NAT = "IPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1)";

    @Test
    void natKeepsTheSourcePortWhenFreeAndRewritesTheSourceAddress() throws IOException {
        byte[] p = Pkt.tcp("10.0.0.1", 5000, "93.184.216.34", 80, 0x02, 0);
        Run r = run(NAT, List.of(p));
        assertEquals(1, r.out0.size());
        byte[] q = r.out0.get(0);
        assertEquals(ip("198.51.100.1"), Pkt.src(q));
        assertEquals(ip("93.184.216.34"), Pkt.dst(q));
        assertEquals(5000, Pkt.sport(q));
        assertEquals(80, Pkt.dport(q));
        assertTrue(Pkt.checksumsValid(q));
        // only addresses, ports and checksums changed
        byte[] expect = Pkt.tcp("198.51.100.1", 5000, "93.184.216.34", 80, 0x02, 0);
        assertArrayEquals(expect, q);
        assertEquals(1, r.t.readLong("rw.table_size"));
    }

    @Test
    void repliesMapBackToTheInsideHostOnTheReplyOutput() throws IOException {
        List<byte[]> in = List.of(
                Pkt.tcp("10.0.0.1", 5000, "93.184.216.34", 80, 0x02, 0),
                Pkt.tcp("93.184.216.34", 80, "198.51.100.1", 5000, 0x12, 0),
                Pkt.tcp("10.0.0.1", 5000, "93.184.216.34", 80, 0x10, 100),
                Pkt.udp("10.0.0.9", 53000, "8.8.8.8", 53, 30, true),
                Pkt.udp("8.8.8.8", 53, "198.51.100.1", 53000, 60, true));
        Run r = run(NAT, in);
        assertEquals(3, r.out0.size());
        assertEquals(2, r.out1.size());
        assertArrayEquals(Pkt.tcp("198.51.100.1", 5000, "93.184.216.34", 80, 0x10, 100), r.out0.get(1));
        byte[] reply = r.out1.get(0);
        assertArrayEquals(Pkt.tcp("93.184.216.34", 80, "10.0.0.1", 5000, 0x12, 0), reply);
        byte[] dnsReply = r.out1.get(1);
        assertArrayEquals(Pkt.udp("8.8.8.8", 53, "10.0.0.9", 53000, 60, true), dnsReply);
        assertArrayEquals(Pkt.udp("198.51.100.1", 53000, "8.8.8.8", 53, 30, true), r.out0.get(2));
        for (byte[] f : r.out0) {
            assertTrue(Pkt.checksumsValid(f));
        }
        assertEquals(2, r.t.readLong("rw.table_size"));
        assertEquals(0, r.t.readLong("rw.mapping_failures"));
    }

    @Test
    void aPortAlreadyUsedTowardsTheSameDestinationIsReplacedByAFreeOne() throws IOException {
        List<byte[]> in = List.of(
                Pkt.tcp("10.0.0.1", 5000, "93.184.216.34", 80, 0x02, 0),
                Pkt.tcp("10.0.0.2", 5000, "93.184.216.34", 80, 0x02, 0),
                Pkt.tcp("10.0.0.3", 5000, "93.184.216.35", 80, 0x02, 0),
                Pkt.tcp("10.0.0.4", 80, "93.184.216.35", 80, 0x02, 0));
        Run r = run(NAT, in);
        assertEquals(4, r.out0.size());
        assertEquals(5000, Pkt.sport(r.out0.get(0)));
        int p2 = Pkt.sport(r.out0.get(1));
        assertNotEquals(5000, p2);
        assertTrue(p2 >= 1024 && p2 <= 65535);
        assertEquals(5000, Pkt.sport(r.out0.get(2)), "another destination: the own port is free again");
        int p4 = Pkt.sport(r.out0.get(3));
        assertTrue(p4 >= 1024, "port 80 is outside the range, so a port from the range is chosen");
        r.out0.forEach(f -> assertTrue(Pkt.checksumsValid(f)));
    }

    @Test
    void sequentialRangeAllocatesFromTheLowPortAndFailsWhenExhausted() throws IOException {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            in.add(Pkt.udp("10.0.0." + (i + 1), 40000, "192.0.2.7", 9999, 4, true));
        }
        Run r = run("IPRewriter(pattern 198.51.100.1 1024-1026# - - 0 1)", in);
        assertEquals(3, r.out0.size());
        assertEquals(1024, Pkt.sport(r.out0.get(0)));
        assertEquals(1025, Pkt.sport(r.out0.get(1)));
        assertEquals(1026, Pkt.sport(r.out0.get(2)));
        assertEquals(1, r.t.readLong("rw.mapping_failures"));
        assertEquals(3, r.t.readLong("rw.table_size"));
        assertEquals("198.51.100.1 1024-1026 - - [3]\n", r.t.read("rw.patterns"));
    }

    @Test
    void randomWithoutPreferenceNeverNeedsTheOwnPort() throws IOException {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            in.add(Pkt.udp("10.0.1." + (i + 1), 2000, "192.0.2.7", 53, 4, true));
        }
        Run r = run("IPRewriter(pattern 198.51.100.1 2000-2099? - - 0 1)", in);
        Set<Integer> ports = new HashSet<>();
        for (byte[] f : r.out0) {
            ports.add(Pkt.sport(f));
            assertTrue(Pkt.checksumsValid(f));
        }
        assertEquals(50, ports.size(), "each flow gets its own port");
    }

    @Test
    void udpZeroChecksumStaysZero() throws IOException {
        Run r = run(NAT, List.of(Pkt.udp("10.0.0.1", 7000, "192.0.2.1", 7, 10, false)));
        byte[] q = r.out0.get(0);
        assertEquals(0, Pkt.get16(q, 34 + 6));
        assertTrue(Pkt.checksumsValid(q));
        assertEquals(ip("198.51.100.1"), Pkt.src(q));
    }

    @Test
    void nonTcpUdpAndLaterFragmentsFollowTheSpec() throws IOException {
        byte[] icmp = Pkt.icmpEcho("10.0.0.1", "192.0.2.1", 8, 7, 1);
        byte[] frag = Pkt.ipv4("10.0.0.1", "192.0.2.1", Pkt.UDP, new byte[16], -1, 0x0010);
        Run dropped = run(NAT, List.of(icmp, frag));
        assertEquals(0, dropped.out0.size() + dropped.out1.size());
        Run passed = run("IPRewriter(pass 1)", List.of(icmp, frag, Pkt.udp("10.0.0.1", 1, "10.0.0.2", 2, 0, true)));
        assertEquals(3, passed.out1.size());
        assertArrayEquals(icmp, passed.out1.get(0));
        assertArrayEquals(frag, passed.out1.get(1));
        assertEquals(0, passed.t.readLong("rw.table_size"));
    }

    @Test
    void keepInstallsAnIdentityMappingWithSeparateOutputs() throws IOException {
        byte[] a = Pkt.tcp("10.0.0.1", 1000, "10.0.0.2", 2000, 0x02, 0);
        byte[] b = Pkt.tcp("10.0.0.2", 2000, "10.0.0.1", 1000, 0x12, 0);
        Run r = run("IPRewriter(keep 0 1)", List.of(a, b));
        assertEquals(1, r.out0.size());
        assertEquals(1, r.out1.size());
        assertArrayEquals(a, r.out0.get(0));
        assertArrayEquals(b, r.out1.get(0));
    }

    @Test
    void destinationRewriteLikeAPortForward() throws IOException {
        byte[] a = Pkt.tcp("203.0.113.5", 33000, "198.51.100.1", 80, 0x02, 20);
        byte[] b = Pkt.tcp("10.0.0.80", 8080, "203.0.113.5", 33000, 0x12, 0);
        Run r = run("IPRewriter(pattern - - 10.0.0.80 8080 0 1)", List.of(a, b));
        assertArrayEquals(Pkt.tcp("203.0.113.5", 33000, "10.0.0.80", 8080, 0x02, 20), r.out0.get(0));
        assertArrayEquals(Pkt.tcp("198.51.100.1", 80, "203.0.113.5", 33000, 0x12, 0), r.out1.get(0));
    }

    @Test
    void tableLookupAndPatternHandlersUseClicksFormats() throws IOException {
        Run r = run(NAT, List.of(Pkt.tcp("10.0.0.1", 5000, "93.184.216.34", 80, 0x02, 0)));
        String table = r.t.read("rw.tcp_table");
        assertTrue(table.contains("(10.0.0.1, 5000, 93.184.216.34, 80) => (198.51.100.1, 5000, 93.184.216.34, 80) [*0 1] i0 exp"), table);
        assertTrue(table.contains("(93.184.216.34, 80, 198.51.100.1, 5000) => (93.184.216.34, 80, 10.0.0.1, 5000) [0 *1] i0 exp"), table);
        assertEquals("", r.t.read("rw.udp_table"));
        assertEquals("198.51.100.1 5000 93.184.216.34 80", lookup(r.t, "rw.tcp_lookup", "10.0.0.1 5000 93.184.216.34 80"));
        assertEquals("", lookup(r.t, "rw.tcp_lookup", "10.0.0.1 5001 93.184.216.34 80"));
        assertEquals("198.51.100.1 1024-65535 - - [1]\n", r.t.read("rw.patterns"));
        assertEquals("2147483647", r.t.read("rw.capacity"));
        assertEquals(1, r.t.readLong("rw.size"));
    }

    static String lookup(TestRouter t, String h, String param) {
        try {
            return t.router.readHandler(null, h, param);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void capacityEvictsOnlyBestEffortFlowsAndCountsFailures() throws IOException {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            in.add(Pkt.udp("10.0.0." + (i + 1), 1000 + i, "192.0.2.1", 53, 0, true));
        }
        // every flow is guaranteed for 5 s, so the third and later flows are refused
        Run r = run("IPRewriter(pattern 198.51.100.1 - - - 0 1, MAPPING_CAPACITY 2)", in);
        assertEquals(2, r.out0.size());
        assertEquals(3, r.t.readLong("rw.mapping_failures"));
        // without guarantee the oldest flow is evicted instead
        Run r2 = run("IPRewriter(pattern 198.51.100.1 - - - 0 1, MAPPING_CAPACITY 2, UDP_GUARANTEE 0)", in);
        assertEquals(5, r2.out0.size());
        assertEquals(0, r2.t.readLong("rw.mapping_failures"));
        assertEquals(2, r2.t.readLong("rw.table_size"));
    }

    @Test
    void configurationErrorsUseClicksWording() {
        assertConfigError("IPRewriter(pattern 1.2.3.4 - - - 0 2)", "input spec 0: output port out of range");
        assertConfigError("IPRewriter(frobnicate)", "input spec 0: unknown specification");
        assertConfigError("IPRewriter(pattern nosuch 0 1)", "input spec 0: no such pattern 'nosuch'");
        assertConfigError("IPRewriter(pattern 1.2.3.400 - - - 0 1)", "input spec 0: bad source address");
        assertConfigError("IPRewriter(pattern 1.2.3.4 99999 - - 0 1)", "input spec 0: bad source port");
        assertConfigError("IPRewriter(pass 5)", "input spec 0: output port out of range");
        assertConfigError("IPRewriter(drop 1)", "input spec 0: syntax error, expected 'drop'");
        TestRouter t = TestRouter.compile("x :: Counter; Idle -> x -> Discard; Idle -> rw :: IPRewriter(x) -> Discard; rw[1] -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("input spec 0: element is not an IPMapper"), t.errors());
    }

    private static void assertConfigError(String element, String message) {
        TestRouter t = TestRouter.compile("Idle -> rw :: " + element + " -> Discard; rw[1] -> Discard;");
        assertNull(t.router, element);
        assertTrue(t.errors().contains(message), element + " gave:\n" + t.errors());
    }

    @Test
    void namedPatternsAreSharedAndNamed() throws IOException {
        List<byte[]> in = List.of(Pkt.udp("10.0.0.1", 999, "192.0.2.1", 53, 0, true), Pkt.udp("10.0.0.2", 999, "192.0.2.1", 53, 0, true));
        Path inf = Pkt.write(tmp.resolve("p.pcap"), in);
        Path o = tmp.resolve("po.pcap");
        TestRouter t = TestRouter.run("IPRewriterPatterns(to_world 198.51.100.1 4000-4010# - -);\n"
                + "rw :: IPRewriter(pattern to_world 0 1);\n"
                + "FromDump(" + inf + ", STOP true) -> Strip(14) -> rw -> Unstrip(14) -> ToDump(" + o + ");\nrw[1] -> Discard;",
                Duration.ofSeconds(20));
        List<byte[]> out = Pkt.read(o);
        assertEquals(4000, Pkt.sport(out.get(0)));
        assertEquals(4001, Pkt.sport(out.get(1)));
        assertEquals("198.51.100.1 4000-4010 - - [2]\n", t.read("rw.patterns"));
    }

    @Test
    void sourceAddressPrefixSkipsNetworkAndBroadcastAddresses() throws IOException {
        List<byte[]> in = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            in.add(Pkt.ipv4("10.0.0." + (i + 1), "192.0.2.1", 47, new byte[8], -1, 0));
        }
        Run r = run("IPAddrRewriter(pattern 198.51.100.0/30# - 0 1)", in);
        assertEquals(2, r.out0.size(), "a /30 has two usable addresses");
        assertEquals(ip("198.51.100.1"), Pkt.src(r.out0.get(0)));
        assertEquals(ip("198.51.100.2"), Pkt.src(r.out0.get(1)));
        assertTrue(Pkt.checksumsValid(r.out0.get(0)));
    }
}
