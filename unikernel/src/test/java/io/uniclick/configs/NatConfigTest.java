package io.uniclick.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** configs/nat.click: outbound sources become PUBLIC, replies are mapped back, all checksums stay right. */
class NatConfigTest {
    @TempDir
    Path dir;

    static final int PUBLIC = Pcap.ip("198.51.100.1");

    @Test
    void outboundIsMasqueradedAndRepliesMappedBack() throws Exception {
        int h1 = Pcap.ip("10.0.0.5");
        int h2 = Pcap.ip("10.9.8.7");
        int srv = Pcap.ip("203.0.113.10");
        int dns = Pcap.ip("192.0.2.53");
        List<byte[]> t = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        // outbound: source ports in 1024-65535 and distinct, so each keeps its own port
        byte[] o1 = Pcap.tcp(h1, 40000, srv, 80, 0x02, 0);
        byte[] o2 = Pcap.udp(h2, 33333, dns, 53, 40);
        byte[] o3 = Pcap.tcp(h2, 40001, srv, 443, 0x18, 100);
        byte[] r1 = Pcap.tcp(srv, 80, PUBLIC, 40000, 0x12, 0);
        byte[] r2 = Pcap.udp(dns, 53, PUBLIC, 33333, 120);
        byte[] r3 = Pcap.tcp(srv, 443, PUBLIC, 40001, 0x10, 1000);
        byte[] unsolicited = Pcap.tcp(srv, 80, PUBLIC, 50000, 0x12, 0);
        byte[] ping = Pcap.icmpEcho(h1, srv, 8, 1, 1);
        byte[] stranger = Pcap.udp(srv, 53, Pcap.ip("192.0.2.1"), 53, 10);
        t.addAll(List.of(o1, o2, o3, r1, r2, r3, unsolicited, ping, stranger, o1, r1));
        expected.add(rewriteSrc(o1, PUBLIC));
        expected.add(rewriteSrc(o2, PUBLIC));
        expected.add(rewriteSrc(o3, PUBLIC));
        expected.add(rewriteDst(r1, h1));
        expected.add(rewriteDst(r2, h2));
        expected.add(rewriteDst(r3, h2));
        expected.add(rewriteSrc(o1, PUBLIC));
        expected.add(rewriteDst(r1, h1));
        Path trace = dir.resolve("nat.pcap");
        Path out = dir.resolve("out.pcap");
        Pcap.write(trace, t);
        ConfigRun r = ConfigRun.run("nat.click", Map.of("TRACE", trace.toString(), "OUT", out.toString()),
                "outbound.count", "replies.count", "unsolicited.count", "other.count", "nat.table_size");
        assertEquals(4, r.count("outbound.count"));
        assertEquals(4, r.count("replies.count"));
        assertEquals(1, r.count("unsolicited.count"));
        assertEquals(2, r.count("other.count"));
        assertEquals(3, r.count("nat.table_size"));
        List<byte[]> got = Pcap.read(out);
        for (byte[] f : got) {
            assertTrue(Pcap.ipChecksumOk(f) && Pcap.l4ChecksumOk(f), "checksums of " + Pcap.hex(f));
        }
        // the rewriter hands on each output's packets of a batch together: compare as multisets
        assertEquals(expected.stream().map(Pcap::hex).sorted().toList(), got.stream().map(Pcap::hex).sorted().toList());
    }

    @Test
    void sampleTraceTranslatesEveryTcpAndUdpFlowConsistently() throws Exception {
        Path trace = ConfigRun.sampleTrace();
        Path out = dir.resolve("out.pcap");
        ConfigRun r = ConfigRun.run("nat.click", Map.of("TRACE", trace.toString(), "OUT", out.toString()),
                "outbound.count", "other.count", "nat.table_size");
        List<byte[]> in = Pcap.read(trace);
        List<byte[]> tcpUdp = new ArrayList<>();
        for (byte[] f : in) {
            int proto = Pcap.u8(f, 23);
            if (proto == 6 || proto == 17) {
                tcpUdp.add(f);
            }
        }
        assertEquals(tcpUdp.size(), r.count("outbound.count"));
        assertEquals(in.size() - tcpUdp.size(), r.count("other.count"));
        List<byte[]> got = Pcap.read(out);
        assertEquals(tcpUdp.size(), got.size());
        Map<String, Integer> portOfFlow = new HashMap<>();
        Map<String, String> flowOfPublic = new HashMap<>();
        for (int i = 0; i < got.size(); i++) {
            byte[] a = tcpUdp.get(i);
            byte[] b = got.get(i);
            assertTrue(Pcap.ipChecksumOk(b) && Pcap.l4ChecksumOk(b), "checksums");
            assertEquals(PUBLIC, Pcap.i32(b, 26));
            int sport = Pcap.u16(b, 34);
            assertTrue(sport >= 1024, "port in 1024-65535");
            // only source address, source port and the checksums change
            byte[] back = a.clone();
            Pcap.set32(back, 26, PUBLIC);
            Pcap.set16(back, 34, sport);
            assertEquals(Pcap.hex(Pcap.fixChecksums(back)), Pcap.hex(b));
            String flow = Pcap.u8(a, 23) + " " + Pcap.i32(a, 26) + ":" + Pcap.u16(a, 34) + ">" + Pcap.i32(a, 30) + ":" + Pcap.u16(a, 36);
            Integer prev = portOfFlow.putIfAbsent(flow, sport);
            if (prev != null) {
                assertEquals(prev, sport, "one flow keeps its port");
            }
            String pub = Pcap.u8(a, 23) + " " + sport + ">" + Pcap.i32(a, 30) + ":" + Pcap.u16(a, 36);
            String owner = flowOfPublic.putIfAbsent(pub, flow);
            if (owner != null) {
                assertEquals(owner, flow, "two flows share a public tuple");
            }
        }
        assertEquals(portOfFlow.size(), r.count("nat.table_size"));
        assertNotNull(r.stderr);
    }

    static byte[] rewriteSrc(byte[] f, int addr) {
        byte[] g = f.clone();
        Pcap.set32(g, 26, addr);
        return Pcap.fixChecksums(g);
    }

    static byte[] rewriteDst(byte[] f, int addr) {
        byte[] g = f.clone();
        Pcap.set32(g, 30, addr);
        return Pcap.fixChecksums(g);
    }
}
