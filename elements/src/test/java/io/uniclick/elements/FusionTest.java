package io.uniclick.elements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.dsl.compile.RouterCompiler.Linking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fused chains of simple-action elements behave exactly like the same elements linked one by one. */
class FusionTest {
    private static final String CONFIG = """
            FromDump($TRACE, STOP true)
              -> Strip(14) -> ck :: CheckIPHeader -> GetIPAddress(16)
              -> f :: IPFilter(allow tcp, allow udp && dst port 53, allow icmp, deny all)
              -> ttl :: DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:00:01, 02:00:00:00:00:02)
              -> c :: Counter -> ToDump($OUT);
            ck[1] -> bad :: Counter -> ToDump($BAD);
            ttl[1] -> expired :: Counter -> Discard;
            """;

    @TempDir
    Path dir;

    private Path trace() throws Exception {
        Path t = dir.resolve("bad.pcap");
        try {
            Process p = new ProcessBuilder("python3", "/work/shared/tools/gen_trace.py", t.toString(), "--packets", "6000",
                    "--bad", "5", "--size", "imix").redirectErrorStream(true).start();
            if (p.waitFor() == 0 && Files.size(t) > 24) {
                return t;
            }
        } catch (java.io.IOException e) {
            // no python3 or no shared/: the committed sample trace still exercises every element
        }
        return Path.of("../configs/traces/sample.pcap");
    }

    private TestRouter run(Path trace, Linking linking, String tag) {
        Map<String, String> d = Map.of("TRACE", trace.toString(), "OUT", dir.resolve(tag + "-out.pcap").toString(),
                "BAD", dir.resolve(tag + "-bad.pcap").toString());
        TestRouter t = TestRouter.compile(CONFIG, d, false, 1, linking);
        t.runToEnd(Duration.ofSeconds(30));
        return t;
    }

    @Test
    void aFusedChainGivesTheSameCountsAndBytesAsUnfusedLinking() throws Exception {
        Path trace = trace();
        TestRouter fused = run(trace, Linking.FUSED, "fused");
        TestRouter plain = run(trace, Linking.GENERATED, "plain");
        assertTrue(fused.router.element("FromDump@1").output(0).getClass().getName().contains("Fused$Strip$CheckIPHeader"),
                "the path from FromDump is fused: " + fused.router.element("FromDump@1").output(0).getClass().getName());
        assertFalse(plain.router.element("FromDump@1").output(0).getClass().getName().contains("Fused"));
        for (String h : new String[] {"c.count", "c.byte_count", "bad.count", "ck.drops", "f.drops", "expired.count"}) {
            assertEquals(plain.read(h), fused.read(h), h);
        }
        assertTrue(Long.parseLong(fused.read("c.count")) > 0 && Long.parseLong(fused.read("f.drops")) > 0);
        // the filter splits the loop: survivors and rejects are sorted by the verdict, with a batch for the rejects
        assertTrue(java.util.Arrays.stream(fused.router.element("FromDump@1").output(0).getClass().getDeclaredFields())
                .filter(f -> f.getType() == io.uniclick.core.packet.PacketBatch.class).count() == 1);
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain-out.pcap")), Files.readAllBytes(dir.resolve("fused-out.pcap")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain-bad.pcap")), Files.readAllBytes(dir.resolve("fused-bad.pcap")));
    }

    @Test
    void aSingleElementIsNotFused() {
        TestRouter t = TestRouter.compile("InfiniteSource(LIMIT 10, STOP true) -> c :: Counter -> Discard;");
        String name = t.router.element("InfiniteSource@1").output(0).getClass().getName();
        assertFalse(name.contains("Fused"), name);
    }

    @Test
    void aClassifierWithSeveralOutputsIsFusedAsASwitch() {
        TestRouter t = TestRouter.compile("""
                InfiniteSource(LIMIT 10, STOP true) -> Strip(14) -> Unstrip(14) -> cl :: Classifier(12/0800, -) -> Counter -> Discard;
                cl[1] -> Discard;
                """);
        String name = t.router.element("InfiniteSource@1").output(0).getClass().getName();
        assertTrue(name.contains("Fused$Strip$Unstrip$Classifier$switch/"), name);
    }

    @Test
    void aRouteLookupWithoutOutputsIsLeftUnfusedAndKillsEveryPacket() {
        TestRouter t = TestRouter.compile("InfiniteSource(LIMIT 5, STOP true) -> Strip(14) -> RadixIPLookup;");
        t.runToEnd(Duration.ofSeconds(10));
        String name = t.router.element("InfiniteSource@1").output(0).getClass().getName();
        assertFalse(name.contains("switch"), name);
    }

    private static final String ROUTER = """
            rt :: RadixIPLookup(192.168.0.0/24 0, 192.168.1.0/24 1, 192.168.2.0/24 2, 0.0.0.0/0 3);
            FromDump($TRACE, STOP true)
              -> Strip(14) -> ck :: CheckIPHeader -> GetIPAddress(16) -> rt;
            c :: Counter -> ToDump($OUT);
            rt[0] -> t0 :: DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:01) -> c;
            rt[1] -> t1 :: DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:02) -> c;
            rt[2] -> other :: Counter -> ToDump($BAD);
            rt[3] -> t3 :: DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:04) -> c;
            t0[1] -> expired :: Counter -> Discard;
            t1[1] -> expired;
            t3[1] -> expired;
            """;

    /** Runs {@code config} to the end with FUSED and with GENERATED linking ($OUT and $BAD named after each). */
    private Map<String, TestRouter> fusedAndPlain(String config) throws Exception {
        Path trace = trace();
        Map<String, TestRouter> runs = new java.util.HashMap<>();
        for (Linking l : new Linking[] {Linking.FUSED, Linking.GENERATED}) {
            Map<String, String> d = Map.of("TRACE", trace.toString(), "OUT", dir.resolve(l + "-out.pcap").toString(),
                    "BAD", dir.resolve(l + "-other.pcap").toString());
            TestRouter t = TestRouter.compile(config, d, false, 1, l);
            t.runToEnd(Duration.ofSeconds(30));
            runs.put(l.name(), t);
        }
        return runs;
    }

    @Test
    void outputsWithAlikeChainsShareOneBranchBodyAndGiveTheSameCountsAndBytes() throws Exception {
        String config = ROUTER.replace("rt[2] -> other :: Counter -> ToDump($BAD);",
                "rt[2] -> t2 :: DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:03) -> c; "
                + "Idle -> other :: Counter -> ToDump($BAD);") + "t2[1] -> expired;\n";
        Map<String, TestRouter> runs = fusedAndPlain(config);
        Class<?> glue = runs.get("FUSED").router.element("FromDump@2").output(0).getClass();
        assertTrue(glue.getName().contains("RadixIPLookup$switch/"), glue.getName());
        assertTrue(java.util.Arrays.stream(glue.getDeclaredFields()).anyMatch(f -> f.getType().isArray()),
                "the branch elements are held in arrays indexed by output");
        for (String h : new String[] {"c.count", "c.byte_count", "ck.drops", "expired.count", "t0.drops", "t2.drops"}) {
            assertEquals(runs.get("GENERATED").read(h), runs.get("FUSED").read(h), h);
        }
        assertEquals(records(dir.resolve("GENERATED-out.pcap")), records(dir.resolve("FUSED-out.pcap")));
    }

    @Test
    void aRouteLookupIsFusedWithThePathsBehindItAndGivesTheSameCountsAndBytes() throws Exception {
        Map<String, TestRouter> runs = fusedAndPlain(ROUTER);
        TestRouter fused = runs.get("FUSED");
        TestRouter plain = runs.get("GENERATED");
        String name = fused.router.element("FromDump@2").output(0).getClass().getName();
        assertTrue(name.contains("Fused$Strip$CheckIPHeader$GetIPAddress$RadixIPLookup$switch/"), name);
        for (String h : new String[] {"c.count", "c.byte_count", "other.count", "ck.drops", "expired.count"}) {
            assertEquals(plain.read(h), fused.read(h), h);
        }
        assertTrue(Long.parseLong(fused.read("c.count")) > 0 && Long.parseLong(fused.read("other.count")) > 0);
        // Unfused, the lookup hands each output its share of a batch in turn, so the merged counter sees
        // them grouped by output; fused, it sees them in arrival order, as Click does. Same packets, same bytes.
        assertEquals(records(dir.resolve("GENERATED-out.pcap")), records(dir.resolve("FUSED-out.pcap")));
        assertEquals(records(dir.resolve("GENERATED-other.pcap")), records(dir.resolve("FUSED-other.pcap")));
    }

    /** Click's IP router path and the transport checks, every element of them a simple action. */
    private static final String IP_PATH = """
            rt :: RadixIPLookup(192.168.0.0/23 0, 0.0.0.0/0 1);
            FromDump($TRACE, STOP true)
              -> Strip(14) -> ck :: CheckIPHeader -> GetIPAddress(16) -> rt;
            c :: Counter -> ToDump($OUT);
            other :: Counter -> ToDump($BAD);
            rt[0] -> DropBroadcasts -> gw :: IPGWOptions(10.0.0.1) -> FixIPSrc(10.0.0.1)
              -> StoreIPAddress(10.9.9.9, src) -> ttl :: DecIPTTL -> SetIPChecksum -> Unstrip(14) -> c;
            ttl[1] -> expired :: Counter -> Discard;
            rt[1] -> cl :: IPClassifier(tcp, udp, icmp, -);
            cl[0] -> tcp :: CheckTCPHeader -> SetTCPChecksum -> other;
            cl[1] -> udp :: CheckUDPHeader -> SetUDPChecksum -> other;
            cl[2] -> icmp :: CheckICMPHeader -> ICMPPingResponder -> other;
            cl[3] -> Discard;
            """;

    @Test
    void clicksIpRouterElementsAreFusedAndGiveTheSameCountsAndBytes() throws Exception {
        Map<String, TestRouter> runs = fusedAndPlain(IP_PATH);
        TestRouter fused = runs.get("FUSED");
        TestRouter plain = runs.get("GENERATED");
        Class<?> glue = fused.router.element("FromDump@2").output(0).getClass();
        assertTrue(glue.getName().contains("RadixIPLookup$switch/"), glue.getName());
        java.util.Set<String> held = new java.util.HashSet<>();
        for (java.lang.reflect.Field f : glue.getDeclaredFields()) {
            Class<?> t = f.getType().isArray() ? f.getType().getComponentType() : f.getType();
            held.add(t.getSimpleName());
        }
        for (String e : new String[] {"DropBroadcasts", "IPGWOptions", "FixIPSrc", "StoreIPAddress", "SetIPChecksum"}) {
            assertTrue(held.contains(e), e + " runs inside the fused loop: " + held);
        }
        for (String h : new String[] {"c.count", "c.byte_count", "other.count", "other.byte_count", "ck.drops", "gw.drops",
                "expired.count", "tcp.drops", "udp.drops", "icmp.drops"}) {
            assertEquals(plain.read(h), fused.read(h), h);
        }
        assertTrue(Long.parseLong(fused.read("c.count")) > 0 && Long.parseLong(fused.read("other.count")) > 0);
        assertEquals(records(dir.resolve("GENERATED-out.pcap")), records(dir.resolve("FUSED-out.pcap")));
        // ICMPPingResponder stamps its replies with the time of the run: compare the rest
        assertEquals(records(dir.resolve("GENERATED-other.pcap"), 8), records(dir.resolve("FUSED-other.pcap"), 8));
    }

    /** A pcap file's records (header and data, hex), sorted. */
    private static java.util.List<String> records(Path pcap) throws Exception {
        return records(pcap, 0);
    }

    /** A pcap file's records from byte {@code from} of each record header on (8: without the timestamp), sorted. */
    private static java.util.List<String> records(Path pcap, int from) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pcap)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.List<String> out = new java.util.ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            int cap = b.getInt(b.position() + 8);
            byte[] r = new byte[16 + cap];
            b.get(r);
            out.add(java.util.HexFormat.of().formatHex(r, from, r.length));
        }
        assertEquals(0, b.remaining(), pcap + " ends on a record boundary");
        java.util.Collections.sort(out);
        return out;
    }
}
