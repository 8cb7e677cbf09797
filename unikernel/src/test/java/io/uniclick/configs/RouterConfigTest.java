package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configs/router.click: ARP answers and queries, forwarding with TTL and Ethernet rewrite, TTL errors. */
class RouterConfigTest {
    @TempDir
    Path dir;

    static final int IF0 = Pcap.ip("10.0.0.1");
    static final byte[] IF0_ETH = Pcap.mac("02:00:00:00:00:01");
    static final byte[] IF1_ETH = Pcap.mac("02:00:00:00:00:02");
    static final byte[] GW_ETH = Pcap.mac("02:00:00:00:00:fe");
    static final byte[] BCAST = Pcap.mac("ff:ff:ff:ff:ff:ff");
    static final byte[] ZERO = new byte[6];

    /** The frame forwarded: new Ethernet addresses, TTL - 1, checksum recomputed. */
    static byte[] forwarded(byte[] f, byte[] src, byte[] dst) {
        byte[] g = Pcap.withTtl(f, Pcap.u8(f, 22) - 1);
        System.arraycopy(dst, 0, g, 0, 6);
        System.arraycopy(src, 0, g, 6, 6);
        return g;
    }

    @Test
    void routesAnswersArpAndReportsExpiredTtl() throws Exception {
        int h1 = Pcap.ip("10.0.0.5");
        byte[] h1Eth = Pcap.mac("02:00:00:00:10:05");
        int h2 = Pcap.ip("10.0.0.6");
        int ext = Pcap.ip("203.0.113.9");
        byte[] askMe = Pcap.arp(1, BCAST, h1Eth, h1, ZERO, IF0);
        byte[] askOther = Pcap.arp(1, BCAST, h1Eth, h1, ZERO, Pcap.ip("10.0.0.99"));
        byte[] h1Reply = Pcap.arp(2, IF0_ETH, h1Eth, h1, IF0_ETH, IF0);
        byte[] out = Pcap.tcp(h1, 40000, ext, 443, 0x02, 0);
        byte[] in = Pcap.tcp(ext, 443, h1, 40000, 0x12, 10);
        byte[] toH2 = Pcap.udp(ext, 53, h2, 5000, 20);
        byte[] dying = Pcap.withTtl(Pcap.tcp(h1, 40001, ext, 80, 0x02, 0), 1);
        byte[] local = Pcap.icmpEcho(h1, IF0, 8, 5, 1);
        byte[] bad = Pcap.udp(h1, 1, ext, 2, 0);
        bad[24] ^= 1;
        byte[] ipv6 = new byte[60];
        Pcap.set16(ipv6, 12, 0x86dd);
        Path trace = dir.resolve("lan.pcap");
        Pcap.write(trace, List.of(askMe, askOther, h1Reply, out, in, toH2, dying, local, bad, ipv6));

        Path dump = dir.resolve("sent.pcap");
        ConfigRun r = ConfigRun.run("router.click", Map.of("TRACE", trace.toString(), "OUT", dump.toString()),
                "in.count", "arp_req.count", "arp_sent.count", "arp_rep.count", "bad.count", "local.count",
                "expired.count", "out0.count", "out1.count", "non_ip.count", "aq0.queries", "aq0.length");
        assertEquals(10, r.count("in.count"));
        assertEquals(2, r.count("arp_req.count"));
        assertEquals(1, r.count("arp_sent.count"));
        assertEquals(1, r.count("arp_rep.count"));
        assertEquals(1, r.count("bad.count"));
        assertEquals(1, r.count("local.count"));
        assertEquals(1, r.count("expired.count"));
        assertEquals(1, r.count("out1.count"));
        assertEquals(1, r.count("non_ip.count"));
        assertEquals(1, r.count("aq0.length"), "the packet for h2 waits for ARP");
        long queries = r.count("aq0.queries");
        assertTrue(queries >= 1);
        assertEquals(2 + queries, r.count("out0.count"), "to h1, the ICMP error, and the queries");

        // the ARP reply, built independently (Click's reply is the 42-byte ARP frame)
        byte[] arpAnswer = Arrays.copyOf(Pcap.arp(2, h1Eth, IF0_ETH, IF0, h1Eth, h1), 42);
        byte[] query = Arrays.copyOf(Pcap.arp(1, BCAST, IF0_ETH, IF0, ZERO, h2), 42);
        List<String> expected = new ArrayList<>();
        expected.add(Pcap.hex(arpAnswer));
        expected.add(Pcap.hex(forwarded(out, IF1_ETH, GW_ETH)));
        expected.add(Pcap.hex(forwarded(in, IF0_ETH, h1Eth)));

        List<byte[]> sent = Pcap.read(dump);
        List<String> got = new ArrayList<>();
        byte[] icmp = null;
        int queriesSeen = 0;
        for (byte[] f : sent) {
            if (Pcap.u16(f, 12) == 0x0806 && Pcap.u16(f, 20) == 1) {
                queriesSeen++;
                assertEquals(Pcap.hex(query), Pcap.hex(Arrays.copyOf(f, 42)), "ARP query for h2");
            } else if (Pcap.u16(f, 12) == 0x0800 && Pcap.u8(f, 23) == 1) {
                icmp = f;
            } else {
                got.add(Pcap.hex(f));
            }
        }
        assertEquals(queries, queriesSeen);
        assertEquals(expected.stream().sorted().toList(), got.stream().sorted().toList());

        // the time-exceeded error: to h1 over interface 0, from IF0, after one hop of its own (TTL 200 - 1)
        assertTrue(icmp != null, "ICMP error sent");
        assertEquals(Pcap.hex(h1Eth), Pcap.hex(Arrays.copyOf(icmp, 6)));
        assertEquals(Pcap.hex(IF0_ETH), Pcap.hex(Arrays.copyOfRange(icmp, 6, 12)));
        assertEquals(IF0, Pcap.i32(icmp, 26));
        assertEquals(h1, Pcap.i32(icmp, 30));
        assertEquals(199, Pcap.u8(icmp, 22));
        assertTrue(Pcap.ipChecksumOk(icmp) && Pcap.l4ChecksumOk(icmp), "checksums");
        int th = 14 + (Pcap.u8(icmp, 14) & 0xF) * 4;
        assertEquals(11, Pcap.u8(icmp, th), "time exceeded");
        assertEquals(0, Pcap.u8(icmp, th + 1), "in transit");
        byte[] quoted = Arrays.copyOfRange(icmp, th + 8, 14 + Pcap.u16(icmp, 16));
        byte[] original = Arrays.copyOfRange(dying, 14, dying.length);
        assertTrue(quoted.length >= 28, "quotes the IP header and 8 bytes");
        assertEquals(Pcap.hex(Arrays.copyOf(original, quoted.length)), Pcap.hex(quoted), "quotes the expired packet");
    }

    @Test
    void sampleTraceLeavesThroughTheUplink() throws Exception {
        Path dump = dir.resolve("sent.pcap");
        Path trace = ConfigRun.sampleTrace();
        ConfigRun r = ConfigRun.run("router.click", Map.of("TRACE", trace.toString(), "OUT", dump.toString()),
                "out0.count", "out1.count", "bad.count");
        List<byte[]> in = Pcap.read(trace);
        List<String> expected = new ArrayList<>();
        for (byte[] f : in) {
            expected.add(Pcap.hex(forwarded(f, IF1_ETH, GW_ETH)));   // every destination is 192.168.x: default route
        }
        assertEquals(in.size(), r.count("out1.count"));
        assertEquals(0, r.count("out0.count"));
        assertEquals(expected, Pcap.read(dump).stream().map(Pcap::hex).toList());
        assertTrue(r.stdout.contains("sent on interface 1:   " + in.size()), r.stderr);
    }
}
