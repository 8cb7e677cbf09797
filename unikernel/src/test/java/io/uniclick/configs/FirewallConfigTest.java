package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configs/firewall.click: counts and passed frames against an independent rule evaluator. */
class FirewallConfigTest {
    @TempDir
    Path dir;

    /** The documented rule set, decided from the bytes: tcp 80/443, udp 53, icmp echo; all else denied. */
    static boolean allowed(byte[] f) {
        int hl = (Pcap.u8(f, 14) & 0xF) * 4;
        int th = 14 + hl;
        int proto = Pcap.u8(f, 23);
        boolean firstFragment = (Pcap.u16(f, 20) & 0x1FFF) == 0;
        int tot = Pcap.u16(f, 16);
        if (!firstFragment) {
            return false;
        }
        if ((proto == 6 || proto == 17) && tot - hl >= 4) {
            int dport = Pcap.u16(f, th + 2);
            return proto == 6 ? dport == 80 || dport == 443 : dport == 53;
        }
        return proto == 1 && tot - hl >= 1 && Pcap.u8(f, th) == 8;
    }

    private void check(Path trace) throws Exception {
        Path out = dir.resolve("allowed.pcap");
        ConfigRun r = ConfigRun.run("firewall.click", Map.of("TRACE", trace.toString(), "OUT", out.toString()),
                "in.count", "bad.count", "allowed.count", "denied.count");
        List<byte[]> in = Pcap.read(trace);
        List<String> expected = new ArrayList<>();
        long bad = 0;
        long denied = 0;
        for (byte[] f : in) {
            if (f.length < 14 || Pcap.u16(f, 12) != 0x0800 || !Pcap.validIp(f)) {
                bad++;
            } else if (allowed(f)) {
                expected.add(Pcap.hex(Pcap.trimmed(f)));
            } else {
                denied++;
            }
        }
        assertEquals(in.size(), r.count("in.count"));
        assertEquals(bad, r.count("bad.count"));
        assertEquals(expected.size(), r.count("allowed.count"));
        assertEquals(denied, r.count("denied.count"));
        List<String> got = Pcap.read(out).stream().map(Pcap::hex).toList();
        assertEquals(expected, got, "allowed frames, in order and unchanged");
        assertTrue(r.stdout.contains("allowed: " + expected.size()), r.stderr);
        assertTrue(r.stdout.contains("denied:  " + denied), r.stderr);
    }

    @Test
    void sampleTracePassesExactlyWebDnsAndPing() throws Exception {
        check(ConfigRun.sampleTrace());
    }

    @Test
    void malformedAndImixPacketsAreCountedAsBadAndTheRestFiltered() throws Exception {
        Path trace = dir.resolve("bad.pcap");
        ConfigRun.generate(trace, "--packets", "3000", "--size", "imix", "--bad", "5", "--seed", "7");
        check(trace);
    }

    @Test
    void handBuiltEdgeCases() throws Exception {
        int a = Pcap.ip("10.1.2.3");
        int b = Pcap.ip("192.168.1.9");
        Path trace = dir.resolve("edge.pcap");
        byte[] truncated = java.util.Arrays.copyOf(Pcap.tcp(a, 1000, b, 80, 0x02, 0), 30);
        Pcap.write(trace, List.of(
                Pcap.tcp(a, 1000, b, 80, 0x02, 0),
                Pcap.tcp(a, 1001, b, 443, 0x10, 100),
                Pcap.tcp(a, 1002, b, 22, 0x02, 0),
                Pcap.tcp(a, 80, b, 8080, 0x02, 0),           // source port 80 does not count
                Pcap.udp(a, 5353, b, 53, 30),
                Pcap.udp(a, 53, b, 5353, 30),
                Pcap.tcp(a, 1003, b, 53, 0x02, 0),            // DNS over TCP is not in the rules
                Pcap.icmpEcho(a, b, 8, 1, 1),
                Pcap.icmpEcho(a, b, 0, 1, 1),                 // echo reply: denied
                truncated));
        check(trace);
    }
}
