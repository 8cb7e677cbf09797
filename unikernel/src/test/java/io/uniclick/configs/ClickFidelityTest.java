package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shared workloads over gen_trace.py traces (100,000 packets, seed 1: 60-byte, imix, 5% bad)
 * give the counts the original Click 2.1 userlevel driver gives (kohler/click 9197a594, built and
 * run on this machine), and the NAT, load balancer and firewalls emit the same packets byte for
 * byte (SHA-256 over the concatenated packet bytes that Click's ToDump wrote).
 */
class ClickFidelityTest {
    @TempDir
    static Path dir;

    static Path workloads;

    @BeforeAll
    static void traces() throws Exception {
        workloads = Path.of("/work/shared/workloads");
        Assumptions.assumeTrue(Files.isDirectory(workloads), "shared workloads not available");
        ConfigRun.generate(dir.resolve("t60.pcap"), "--packets", "100000", "--seed", "1");
        ConfigRun.generate(dir.resolve("timix.pcap"), "--packets", "100000", "--size", "imix", "--seed", "1");
        ConfigRun.generate(dir.resolve("tbad.pcap"), "--packets", "100000", "--bad", "5", "--seed", "1");
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
        // workload, trace, c.count, c.byte_count, CheckIPHeader drops (-1: none), its name in Click's numbering
        "replay,       t60,   100000,  6000000,  -1, -",
        "replay,       timix, 100000, 35187348,  -1, -",
        "replay,       tbad,  100000,  5966136,  -1, -",
        "firewall,     t60,    62393,  3743580,   0, CheckIPHeader@3",
        "firewall,     timix,  62231, 21844948,   0, CheckIPHeader@3",
        "firewall,     tbad,   59226,  3553560, 5056, CheckIPHeader@3",
        "firewall-200, t60,    21041,  1262460,   0, CheckIPHeader@3",
        "firewall-200, timix,  20920,  7395980,   0, CheckIPHeader@3",
        "firewall-200, tbad,   19891,  1193460, 5056, CheckIPHeader@3",
        "router,       t60,   100000,  6000000,   0, CheckIPHeader@4",
        "router,       timix, 100000, 35187348,   0, CheckIPHeader@4",
        "router,       tbad,   94944,  5696640, 5056, CheckIPHeader@4",
        "nat,          t60,    89599,  4121554,   0, CheckIPHeader@4",
        "nat,          timix,  89586, 30242482,   0, CheckIPHeader@4",
        "nat,          tbad,   85051,  3912346, 5056, CheckIPHeader@4",
        "loadbalancer, t60,    89599,  4121554,   0, CheckIPHeader@5",
        "loadbalancer, timix,  89586, 30242482,   0, CheckIPHeader@5",
        "loadbalancer, tbad,   85051,  3912346, 5056, CheckIPHeader@5",
    })
    void countsMatchClick(String workload, String trace, long count, long bytes, long drops, String checker) {
        String[] handlers = drops < 0 ? new String[] {"c.count", "c.byte_count"} : new String[] {"c.count", "c.byte_count", checker + ".drops"};
        ConfigRun r = ConfigRun.run(workloads.resolve(workload + ".click").toString(), Map.of("TRACE", dir.resolve(trace + ".pcap").toString()),
                handlers);
        assertEquals(count, r.count("c.count"), "c.count");
        assertEquals(bytes, r.count("c.byte_count"), "c.byte_count");
        if (drops >= 0) {
            assertEquals(drops, r.count(checker + ".drops"), checker + ".drops (anonymous names are numbered as Click numbers them)");
        }
    }

    @ParameterizedTest(name = "{0} output over {1}")
    @CsvSource({
        // workload, trace, where the dump goes, SHA-256 of Click's output packet bytes
        "nat,          t60,   'nat[0] -> c :: Counter',     b4973e675f56de3e427dc97bc3388581f33526d7ee5b21d91614d3d4b875d872, CheckIPHeader@4",
        "nat,          timix, 'nat[0] -> c :: Counter',     694a9c110fa6e5d1169f4883b949f3bd523b6548309679510c81a5b61cab3e2b, CheckIPHeader@4",
        "nat,          tbad,  'nat[0] -> c :: Counter',     ba4932ecb0968f7eac7437dc583436bf3f3a044a7ebc66d475b495ab73641dcc, CheckIPHeader@4",
        "loadbalancer, t60,   'lb[0] -> c :: Counter',      a31ea9320e2000d2c84ec2cd825f3a40110f75fd93cc78ed078908ca47a0250a, CheckIPHeader@5",
        "loadbalancer, timix, 'lb[0] -> c :: Counter',      486365da23e092db29b60999947eb2f3bdeb5f2741e2b1012702815df814d963, CheckIPHeader@5",
        "loadbalancer, tbad,  'lb[0] -> c :: Counter',      074ad3c52753d15da8fb3cd339805135abf6e03fc92de0faf1511ae1e9208b6e, CheckIPHeader@5",
        "firewall,     t60,   '-> c :: Counter',            f7209a38223ef9c2aff52dfc7ec20914ee5c0b944dc3ef48d01489ebecb0a039, CheckIPHeader@3",
        "firewall,     tbad,  '-> c :: Counter',            5e1f74e7b49ba3482e65a978ccafded56a6fb9accd46cd22c04c4a21a0143a35, CheckIPHeader@3",
        "firewall-200, timix, '-> c :: Counter',            708df84eb4e6d21b6b3993243aeed4d47c62c91d9b843c3dcdaab8f0b33b6652, CheckIPHeader@3",
    })
    void outputPacketsMatchClickByteForByte(String workload, String trace, String counterText, String sha256) throws Exception {
        String config = Files.readString(workloads.resolve(workload + ".click"));
        Path out = dir.resolve(workload + "-" + trace + "-out.pcap");
        String dumped = config.replace(counterText, counterText + " -> ToDump(\"" + out + "\")");
        if (dumped.equals(config)) {
            throw new AssertionError("'" + counterText + "' not found in " + workload);
        }
        Path cfg = dir.resolve(workload + "-dump.click");
        Files.writeString(cfg, dumped);
        ConfigRun.run(cfg.toString(), Map.of("TRACE", dir.resolve(trace + ".pcap").toString()), "c.count");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<byte[]> frames = Pcap.read(out);
        for (byte[] f : frames) {
            md.update(f);
        }
        assertEquals(sha256, HexFormat.of().formatHex(md.digest()), frames.size() + " packets");
    }
}
