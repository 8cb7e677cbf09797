package io.uniclick.elements.iproute;

import static io.uniclick.elements.iproute.Harness.ether;
import static io.uniclick.elements.iproute.Harness.ipPacket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark router configuration (shared/workloads/router.click), run on hand-made and sample traces. */
class RouterWorkloadTest {
    @TempDir
    Path tmp;

    /** shared/workloads/router.click, verbatim. */
    static final String ROUTER_CLICK = """
            // W5: IPv4 forwarding: header check, longest-prefix lookup, TTL, MAC rewrite.
            rt :: RadixIPLookup(192.168.0.0/24 0, 192.168.1.0/24 1, 192.168.2.0/23 2, 0.0.0.0/0 3);
            FromDump($TRACE, STOP true, TIMING false)
              -> Strip(14)
              -> CheckIPHeader
              -> GetIPAddress(16)
              -> rt;
            c :: Counter -> Discard;
            rt[0] -> DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:01) -> c;
            rt[1] -> DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:02) -> c;
            rt[2] -> DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:03) -> c;
            rt[3] -> DecIPTTL -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:04) -> c;
            """;

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void routesRewritesMacsAndDecrementsTtlByteExactly() throws Exception {
        String[][] cases = {
            {"192.168.0.5", "02:00:00:00:01:01"}, {"192.168.1.7", "02:00:00:00:01:02"}, {"192.168.2.9", "02:00:00:00:01:03"},
            {"192.168.3.200", "02:00:00:00:01:03"}, {"192.168.4.1", "02:00:00:00:01:04"}, {"8.8.8.8", "02:00:00:00:01:04"},
        };
        List<byte[]> in = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            byte[] ip = ipPacket("10.0.0." + (i + 1), cases[i][0], 64, 26);
            in.add(ether("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800, ip));
            expected.add(hex(ether(cases[i][1], "02:00:00:00:01:00", 0x0800, ipPacket("10.0.0." + (i + 1), cases[i][0], 63, 26))));
        }
        // dropped: TTL 1 (DecIPTTL output 1 is unconnected), bad checksum, truncated header
        in.add(ether("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800, ipPacket("10.0.0.99", "192.168.0.1", 1, 26)));
        byte[] bad = ipPacket("10.0.0.98", "192.168.0.1", 64, 26);
        bad[10] ^= 0x55;
        in.add(ether("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800, bad));
        in.add(ether("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800, new byte[] {0x45, 0, 0, 20}));
        Path trace = tmp.resolve("trace.pcap");
        Path out = tmp.resolve("out.pcap");
        Harness.writePcap(trace, in);
        String cfg = ROUTER_CLICK.replace("c :: Counter -> Discard;", "c :: Counter -> ToDump(" + out + ");");
        Harness h = Harness.compile(cfg, Map.of("TRACE", trace.toString()));
        if (h.router == null) {
            throw new AssertionError(h.errors());
        }
        h.runOnly();
        assertEquals(String.valueOf(cases.length), h.read("c.count"));
        assertEquals("0 ", h.read("rt.lookup", "192.168.0.1") + " ");
        assertEquals("2", h.read("rt.lookup", "192.168.3.1"));
        h.router.cleanup();
        List<String> got = new ArrayList<>();
        for (byte[] b : Harness.readPcap(out)) {
            got.add(hex(b));
        }
        // RadixIPLookup emits a batch output by output, so compare regardless of order
        got.sort(null);
        expected.sort(null);
        assertEquals(expected, got);
    }

    @Test
    void runsVerbatimOnTheSampleTrace() throws Exception {
        Path sample = Path.of("../configs/traces/sample.pcap");
        Path shared = Path.of("/work/shared/workloads/router.click");
        String cfg = Files.exists(shared) ? Files.readString(shared) : ROUTER_CLICK;
        Harness h = Harness.compile(cfg, Map.of("TRACE", sample.toString()));
        if (h.router == null) {
            throw new AssertionError(h.errors());
        }
        h.runOnly();
        long c = Long.parseLong(h.read("c.count"));
        assertTrue(c > 1000, "only " + c + " of 2000 packets forwarded");
        h.router.cleanup();
    }
}
