package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configs/loadbalancer.click and loadbalancer-maglev.click: per-flow backend choice, rewriting, replies. */
class LoadBalancerConfigTest {
    @TempDir
    Path dir;

    static final int[] BACKENDS = {Pcap.ip("172.16.0.1"), Pcap.ip("172.16.0.2"), Pcap.ip("172.16.0.3"), Pcap.ip("172.16.0.4")};
    static final String[] COUNTERS = {"to_b1.count", "to_b2.count", "to_b3.count", "to_b4.count"};

    static String flow(byte[] f) {
        return Pcap.u8(f, 23) + " " + Pcap.i32(f, 26) + ":" + Pcap.u16(f, 34) + ">" + Pcap.i32(f, 30) + ":" + Pcap.u16(f, 36);
    }

    static String unchangedKey(byte[] f) {
        return Pcap.u8(f, 23) + " " + Pcap.i32(f, 26) + ":" + Pcap.u16(f, 34) + ":" + Pcap.u16(f, 36) + " id " + Pcap.u16(f, 18);
    }

    static byte[] withDst(byte[] f, int addr) {
        byte[] g = f.clone();
        Pcap.set32(g, 30, addr);
        return Pcap.fixChecksums(g);
    }

    static byte[] withSrc(byte[] f, int addr) {
        byte[] g = f.clone();
        Pcap.set32(g, 26, addr);
        return Pcap.fixChecksums(g);
    }

    private ConfigRun run(String config, Path trace, Path out) {
        List<String> h = new ArrayList<>(List.of("requests.count", "replies.count", "unmatched.count", "other.count", "lb.table_size"));
        h.addAll(List.of(COUNTERS));
        return ConfigRun.run(config, Map.of("TRACE", trace.toString(), "OUT", out.toString()), h.toArray(String[]::new));
    }

    /** Requests from the sample trace: each flow's packets go to one backend, rewritten only in the destination. */
    private Map<String, Integer> checkSample(String config, boolean roundRobin) throws Exception {
        Path trace = ConfigRun.sampleTrace();
        Path out = dir.resolve("out.pcap");
        ConfigRun r = run(config, trace, out);
        List<byte[]> requests = new ArrayList<>();
        for (byte[] f : Pcap.read(trace)) {
            int proto = Pcap.u8(f, 23);
            if (proto == 6 || proto == 17) {             // every destination is in the default VIP 192.168.0.0/22
                requests.add(f);
            }
        }
        List<byte[]> got = Pcap.read(out);
        assertEquals(requests.size(), got.size());
        assertEquals(requests.size(), r.count("requests.count"));
        // the per-backend counters reorder packets within a batch: match outputs to inputs by what the
        // rewriter leaves alone (protocol, source, ports, IP ID)
        Map<String, byte[]> rewritten = new HashMap<>();
        for (byte[] b : got) {
            assertTrue(Pcap.ipChecksumOk(b) && Pcap.l4ChecksumOk(b), "checksums");
            assertTrue(rewritten.put(unchangedKey(b), b) == null, "IP IDs are unique in the trace");
        }
        Map<String, Integer> backendOf = new LinkedHashMap<>();
        long[] perBackend = new long[4];
        for (byte[] a : requests) {
            byte[] b = rewritten.get(unchangedKey(a));
            assertTrue(b != null, "request forwarded");
            int dst = Pcap.i32(b, 30);
            int k = java.util.Arrays.stream(BACKENDS).boxed().toList().indexOf(dst);
            assertTrue(k >= 0, "destination is a backend");
            perBackend[k]++;
            Integer prev = backendOf.putIfAbsent(flow(a), k);
            if (roundRobin && prev == null) {
                assertEquals((backendOf.size() - 1) % 4, k, "round robin: the n-th new flow takes backend n mod 4");
            }
            if (prev != null) {
                assertEquals(prev, k, "a flow stays on its backend");
            }
            assertEquals(Pcap.hex(withDst(a, dst)), Pcap.hex(b), "only the destination and checksums change");
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(perBackend[k], r.count(COUNTERS[k]));
        }
        assertEquals(backendOf.size(), r.count("lb.table_size"));
        assertEquals(0, r.count("replies.count"));
        return backendOf;
    }

    @Test
    void roundRobinAssignsNewFlowsInTurn() throws Exception {
        checkSample("loadbalancer.click", true);
    }

    @Test
    void maglevKeepsFlowsOnOneBackendAndSpreadsThemEvenly() throws Exception {
        Map<String, Integer> backendOf = checkSample("loadbalancer-maglev.click", false);
        int[] flows = new int[4];
        backendOf.values().forEach(k -> flows[k]++);
        for (int k = 0; k < 4; k++) {
            double share = flows[k] / (double) backendOf.size();
            assertTrue(share > 0.18 && share < 0.32, "backend " + k + " has " + flows[k] + " of " + backendOf.size() + " flows");
        }
    }

    /** Replies from the chosen backend are mapped back to the VIP; replies from the others are unmatched. */
    private void checkReplies(String config, boolean roundRobin) throws Exception {
        int client = Pcap.ip("10.1.1.1");
        int vip = Pcap.ip("192.168.0.10");
        List<byte[]> reqs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reqs.add(i % 2 == 0 ? Pcap.tcp(client, 20000 + i, vip, 80, 0x02, 0) : Pcap.udp(client, 20000 + i, vip, 53, 20));
        }
        Path phase1 = dir.resolve("req.pcap");
        Path out1 = dir.resolve("out1.pcap");
        Pcap.write(phase1, reqs);
        run(config, phase1, out1);
        Map<Integer, Integer> chosenFor = new HashMap<>();       // client port -> backend
        List<String> firstHex = new ArrayList<>();
        for (byte[] b : Pcap.read(out1)) {
            chosenFor.put(Pcap.u16(b, 34), Pcap.i32(b, 30));
            firstHex.add(Pcap.hex(b));
        }
        // a second run over requests then replies from every backend: the choice is deterministic
        List<byte[]> trace = new ArrayList<>(reqs);
        List<String> expectedReplies = new ArrayList<>();
        for (int i = 0; i < reqs.size(); i++) {
            int chosen = chosenFor.get(20000 + i);
            if (roundRobin) {
                assertEquals(BACKENDS[i % 4], chosen);
            }
            for (int b : BACKENDS) {
                byte[] rep = i % 2 == 0 ? Pcap.tcp(b, 80, client, 20000 + i, 0x12, 0) : Pcap.udp(b, 53, client, 20000 + i, 40);
                trace.add(rep);
                if (b == chosen) {
                    expectedReplies.add(Pcap.hex(withSrc(rep, vip)));
                }
            }
        }
        trace.add(Pcap.icmpEcho(client, vip, 8, 1, 1));
        Path phase2 = dir.resolve("both.pcap");
        Path out2 = dir.resolve("out2.pcap");
        Pcap.write(phase2, trace);
        ConfigRun r = run(config, phase2, out2);
        assertEquals(8, r.count("requests.count"));
        assertEquals(8, r.count("replies.count"));
        assertEquals(24, r.count("unmatched.count"));
        assertEquals(1, r.count("other.count"));
        List<String> expected = new ArrayList<>(firstHex);
        expected.addAll(expectedReplies);
        // outputs of one batch are handed on output by output: compare as multisets
        assertEquals(expected.stream().sorted().toList(), Pcap.read(out2).stream().map(Pcap::hex).sorted().toList());
    }

    @Test
    void roundRobinRepliesAreMappedBack() throws Exception {
        checkReplies("loadbalancer.click", true);
    }

    @Test
    void maglevRepliesAreMappedBack() throws Exception {
        checkReplies("loadbalancer-maglev.click", false);
    }
}
