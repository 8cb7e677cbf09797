package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configs/stateful-firewall.click: inbound passes only for connections opened from the inside. */
class StatefulFirewallConfigTest {
    @TempDir
    Path dir;

    /** Connection key, direction-independent: protocol, then the two (address, port) ends ordered. */
    static String key(byte[] f) {
        int proto = Pcap.u8(f, 23);
        int th = 14 + (Pcap.u8(f, 14) & 0xF) * 4;
        long s = Pcap.i32(f, 26) & 0xFFFFFFFFL;
        long d = Pcap.i32(f, 30) & 0xFFFFFFFFL;
        int sp = 0;
        int dp = 0;
        if (proto == 6 || proto == 17) {
            sp = Pcap.u16(f, th);
            dp = Pcap.u16(f, th + 2);
        } else if (proto == 1) {
            sp = dp = Pcap.u16(f, th + 4);             // echo identifier
        }
        String x = s + ":" + sp;
        String y = d + ":" + dp;
        return proto + " " + (x.compareTo(y) < 0 ? x + " " + y : y + " " + x);
    }

    private void check(Path trace, int inside, int insideMask) throws Exception {
        Path out = dir.resolve("pass.pcap");
        // BURST=1: strict trace order (with batches, outbound packets of a batch go first; see the config)
        ConfigRun r = ConfigRun.run("stateful-firewall.click", Map.of("TRACE", trace.toString(), "OUT", out.toString(), "BURST", "1"),
                "in.count", "bad.count", "outbound.count", "inbound.count", "rejected.count", "ff.count");
        Set<String> open = new HashSet<>();
        List<String> expected = new ArrayList<>();
        long outbound = 0;
        long inbound = 0;
        long rejected = 0;
        long bad = 0;
        List<byte[]> in = Pcap.read(trace);
        for (byte[] f : in) {
            if (!Pcap.validIp(f)) {
                bad++;
                continue;
            }
            if ((Pcap.i32(f, 26) & insideMask) == inside) {
                outbound++;
                open.add(key(f));
                expected.add(Pcap.hex(Pcap.trimmed(f)));
            } else if (open.contains(key(f))) {
                inbound++;
                expected.add(Pcap.hex(Pcap.trimmed(f)));
            } else {
                rejected++;
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", Pcap.read(out).stream().map(Pcap::hex).toList()));
        assertEquals(in.size(), r.count("in.count"));
        assertEquals(bad, r.count("bad.count"));
        assertEquals(outbound, r.count("outbound.count"));
        assertEquals(inbound, r.count("inbound.count"));
        assertEquals(rejected, r.count("rejected.count"));
        assertEquals(open.size(), r.count("ff.count"), "tracked connections");
    }

    @Test
    void repliesPassOnlyAfterTheInsideOpenedTheConnection() throws Exception {
        int h1 = Pcap.ip("10.0.0.5");
        int h2 = Pcap.ip("10.200.1.1");
        int web = Pcap.ip("203.0.113.80");
        int dns = Pcap.ip("198.51.100.53");
        int attacker = Pcap.ip("192.0.2.66");
        List<byte[]> t = new ArrayList<>();
        t.add(Pcap.tcp(web, 443, h1, 40000, 0x12, 0));         // reply before the connection exists: rejected
        t.add(Pcap.tcp(h1, 40000, web, 443, 0x02, 0));         // opens
        t.add(Pcap.tcp(web, 443, h1, 40000, 0x12, 0));         // now admitted
        t.add(Pcap.tcp(h1, 40000, web, 443, 0x10, 50));
        t.add(Pcap.tcp(web, 443, h1, 40000, 0x10, 500));
        t.add(Pcap.tcp(web, 443, h1, 40001, 0x10, 10));        // other port: rejected
        t.add(Pcap.udp(h2, 5000, dns, 53, 30));
        t.add(Pcap.udp(dns, 53, h2, 5000, 80));                // admitted
        t.add(Pcap.udp(dns, 53, h1, 5000, 80));                // other host: rejected
        t.add(Pcap.icmpEcho(h2, web, 8, 77, 1));
        t.add(Pcap.icmpEcho(web, h2, 0, 77, 1));               // echo reply, same id: admitted
        t.add(Pcap.icmpEcho(web, h2, 0, 78, 1));               // other id: rejected
        t.add(Pcap.icmpEcho(attacker, h1, 8, 1, 1));           // unsolicited ping: rejected
        t.add(Pcap.tcp(attacker, 1234, h2, 22, 0x02, 0));      // unsolicited SYN: rejected
        byte[] broken = Pcap.udp(dns, 53, h2, 5000, 10);
        broken[24] ^= 0x55;                                     // bad IP checksum
        t.add(broken);
        Path trace = dir.resolve("both.pcap");
        Pcap.write(trace, t);
        check(trace, Pcap.ip("10.0.0.0"), 0xFF000000);
    }

    @Test
    void sampleTraceIsAllOutbound() throws Exception {
        check(ConfigRun.sampleTrace(), Pcap.ip("10.0.0.0"), 0xFF000000);
    }
}
