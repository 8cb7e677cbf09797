package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configs/monitor.click: class and bucket counts against an independent evaluator; the sample. */
class MonitorConfigTest {
    @TempDir
    Path dir;

    static final String[] CLASSES = {"web", "ssh", "tcp_other", "dns", "ntp", "udp_other", "icmp", "ip_other"};

    static int classOf(byte[] f) {
        int proto = Pcap.u8(f, 23);
        int th = 14 + (Pcap.u8(f, 14) & 0xF) * 4;
        boolean ports = (Pcap.u16(f, 20) & 0x1FFF) == 0 && Pcap.u16(f, 16) - (th - 14) >= 4;
        int dport = ports ? Pcap.u16(f, th + 2) : -1;
        if (proto == 6) {
            return dport == 80 || dport == 443 ? 0 : dport == 22 ? 1 : 2;
        }
        if (proto == 17) {
            return dport == 53 ? 3 : dport == 123 ? 4 : 5;
        }
        return proto == 1 ? 6 : 7;
    }

    /** HashSwitch(26, 8) over 4 outputs: sum of the address bytes, (s ^ s >> 4) & 3. */
    static int bucketOf(byte[] f) {
        int s = 0;
        for (int i = 26; i < 34; i++) {
            s += Pcap.u8(f, i);
        }
        return (s ^ (s >> 4)) & 3;
    }

    private void check(Path trace, double p) throws Exception {
        Path out = dir.resolve("sample.pcap");
        List<String> h = new ArrayList<>(List.of("in.count", "bad.count", "valid.count", "valid.byte_count", "sampled.count"));
        for (String c : CLASSES) {
            h.add(c + ".count");
            h.add(c + ".byte_count");
        }
        for (int b = 0; b < 4; b++) {
            h.add("bucket" + b + ".count");
        }
        ConfigRun r = ConfigRun.run("monitor.click", Map.of("TRACE", trace.toString(), "OUT", out.toString(), "P", Double.toString(p)),
                h.toArray(String[]::new));
        List<byte[]> in = Pcap.read(trace);
        long bad = 0;
        long validBytes = 0;
        long[] pk = new long[8];
        long[] by = new long[8];
        long[] buckets = new long[4];
        List<String> valid = new ArrayList<>();
        for (byte[] f : in) {
            if (Pcap.u16(f, 12) != 0x0800 || !Pcap.validIp(f)) {
                bad++;
                continue;
            }
            byte[] t = Pcap.trimmed(f);
            int c = classOf(t);
            pk[c]++;
            by[c] += t.length - 14;
            validBytes += t.length - 14;
            buckets[bucketOf(t)]++;
            valid.add(Pcap.hex(t));
        }
        assertEquals(in.size(), r.count("in.count"));
        assertEquals(bad, r.count("bad.count"));
        assertEquals(valid.size(), r.count("valid.count"));
        assertEquals(validBytes, r.count("valid.byte_count"));
        for (int c = 0; c < 8; c++) {
            assertEquals(pk[c], r.count(CLASSES[c] + ".count"), CLASSES[c]);
            assertEquals(by[c], r.count(CLASSES[c] + ".byte_count"), CLASSES[c] + " bytes");
        }
        for (int b = 0; b < 4; b++) {
            assertEquals(buckets[b], r.count("bucket" + b + ".count"), "bucket " + b);
        }
        List<String> sampled = Pcap.read(out).stream().map(Pcap::hex).toList();
        assertEquals(sampled.size(), r.count("sampled.count"));
        if (p >= 1.0) {
            assertEquals(valid.stream().sorted().toList(), sampled.stream().sorted().toList(), "P=1 keeps every valid packet");
        } else {
            double n = valid.size();
            double sd = Math.sqrt(n * p * (1 - p));
            assertTrue(Math.abs(sampled.size() - n * p) < 5 * sd + 1, sampled.size() + " sampled of " + n + " at " + p);
            List<String> pool = new ArrayList<>(valid);
            for (String s : sampled) {
                assertTrue(pool.remove(s), "sampled frame is an input frame, unchanged");
            }
        }
        assertTrue(r.stdout.contains("web         " + pk[0] + "   " + by[0]), r.stderr);
    }

    @Test
    void sampleTraceClassesBucketsAndTenPercentSample() throws Exception {
        check(ConfigRun.sampleTrace(), 0.1);
    }

    @Test
    void imixWithMalformedPacketsAndFullSample() throws Exception {
        Path trace = dir.resolve("imix.pcap");
        ConfigRun.generate(trace, "--packets", "3000", "--size", "imix", "--bad", "5", "--seed", "3");
        check(trace, 1.0);
    }
}
