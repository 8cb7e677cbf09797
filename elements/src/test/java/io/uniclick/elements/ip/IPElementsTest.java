package io.uniclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.elements.TestRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IPElementsTest {
    @TempDir
    Path tmp;

    static byte[] tcp() {
        return Pkt.tcp("10.0.0.1", "192.168.0.5", 1234, 80, 0, 0, 0x10, 65535, new byte[0]);
    }

    /** A packet that went through CheckIPHeader (annotations set). */
    static Packet checked(Harness h, byte[] ip) {
        Packet p = h.packet(ip);
        p.setNetworkHeader(0, (ip[0] & 15) * 4);
        p.setDstIpAnno(Pkt.ipInt("192.168.0.5"));
        return p;
    }

    @Test
    void decIPTTLDecrementsWithAValidChecksumAndSendsExpiredToOutputOne() throws Exception {
        Harness h = Harness.of(new DecIPTTL(), "", 2);
        for (int ttl : new int[] {255, 64, 2, 1, 0}) {
            byte[] b = Pkt.ipv4("1.2.3.4", "5.6.7.8", 17, ttl, new byte[8]);
            h.push(checked(h, b));
        }
        assertEquals(3, h.out(0).size());
        assertEquals(2, h.out(1).size());
        int[] want = {254, 63, 1};
        for (int i = 0; i < 3; i++) {
            byte[] got = h.out(0).get(i).toByteArray();
            assertEquals(want[i], got[8] & 0xFF);
            assertTrue(Pkt.verifies(got, 0, 20), "checksum after decrement");
        }
        assertEquals("2", h.read("drops"));
        // the checksum an exhaustive search would give
        for (int ttl = 2; ttl < 256; ttl++) {
            byte[] b = Pkt.ipv4("9.9.9.9", "8.8.8.8", ttl % 256, ttl, new byte[0]);
            Harness k = Harness.of(new DecIPTTL(), "", 1);
            k.push(checked(k, b));
            byte[] r = k.single(0).toByteArray();
            byte[] e = b.clone();
            e[8]--;
            Pkt.fixIp(e, 0);
            assertArrayEquals(e, r, "ttl " + ttl);
        }
    }

    @Test
    void decIPTTLInactiveAndMulticastFalsePassUnchanged() throws Exception {
        Harness h = Harness.of(new DecIPTTL(), "MULTICAST false", 2);
        byte[] mc = Pkt.ipv4("1.2.3.4", "224.0.0.5", 17, 1, new byte[0]);
        h.push(checked(h, mc));
        assertArrayEquals(mc, h.single(0).toByteArray());
        Harness a = Harness.of(new DecIPTTL(), "ACTIVE false", 2);
        a.push(checked(a, mc));
        assertEquals(1, a.out(0).size());
        a.write("active", "true");
        a.push(checked(a, mc));
        assertEquals(1, a.out(1).size());
        assertEquals("true", a.read("active"));
    }

    @Test
    void setIPChecksumRecomputesAndDropsBadHeaders() throws Exception {
        Harness h = Harness.of(new SetIPChecksum(), "", 1);
        byte[] b = tcp();
        byte[] broken = b.clone();
        broken[10] = 0;
        broken[11] = 0;
        h.push(broken);
        assertArrayEquals(b, h.single(0).toByteArray());
        h.push(new byte[10]);
        assertEquals("1", h.read("drops"));
        assertEquals("SetIPChecksum: bad input packet\n", h.printed());
    }

    @Test
    void setTCPAndUDPChecksumsMatchIndependentComputation() throws Exception {
        byte[] t = Pkt.tcp("10.0.0.1", "10.0.0.2", 1, 2, 77, 88, 0x18, 100, "hello, world".getBytes());
        byte[] bt = t.clone();
        bt[36] ^= 0x5A;
        Harness h = Harness.of(new SetTCPChecksum(), "", 1);
        h.push(checked(h, bt));
        assertArrayEquals(t, h.single(0).toByteArray());
        byte[] u = Pkt.udp("10.0.0.1", "10.0.0.2", 53, 5353, "odd".getBytes());
        byte[] bu = u.clone();
        bu[26] = 0;
        bu[27] = 0;
        Harness k = Harness.of(new SetUDPChecksum(), "", 2);
        k.push(checked(k, bu));
        assertArrayEquals(u, k.single(0).toByteArray());
        byte[] frag = u.clone();
        frag[6] = 0x20; // MF
        Pkt.fixIp(frag, 0);
        k.push(checked(k, frag));
        assertEquals(1, k.out(1).size());
    }

    @Test
    void checkTCPHeaderReasonsAndMessages() throws Exception {
        Harness h = Harness.of(new CheckTCPHeader(), "DETAILS true", 2);
        byte[] good = Pkt.tcp("10.0.0.1", "10.0.0.2", 1, 2, 3, 4, 0x02, 5, new byte[3]);
        byte[] sum = good.clone();
        sum[40] ^= 1;
        byte[] off = good.clone();
        off[32] = 0x40; // data offset 16 bytes
        byte[] udp = Pkt.udp("1.1.1.1", "2.2.2.2", 1, 2, new byte[0]);
        h.push(checked(h, good), checked(h, sum), checked(h, off), checked(h, udp), h.packet(good));
        assertEquals(1, h.out(0).size());
        assertEquals(4, h.out(1).size());
        assertEquals("2\tnot TCP\n1\tbad packet length\n1\tbad TCP checksum\n", h.read("drop_details"));
        assertEquals("e :: CheckTCPHeader: TCP header check failed: bad TCP checksum\n", h.printed());
    }

    @Test
    void checkUDPHeaderAcceptsZeroChecksumAndChecksLength() throws Exception {
        Harness h = Harness.of(new CheckUDPHeader(), "DETAILS true, VERBOSE true", 2);
        byte[] good = Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, new byte[5]);
        byte[] zero = good.clone();
        zero[26] = 0;
        zero[27] = 0;
        byte[] bad = good.clone();
        bad[27] ^= 1;
        byte[] longer = good.clone();
        Pkt.put16(longer, 24, 14);
        h.push(checked(h, good), checked(h, zero), checked(h, bad), checked(h, longer), checked(h, tcp()));
        assertEquals(2, h.out(0).size());
        assertEquals("1\tnot UDP\n1\tbad packet length\n1\tbad UDP checksum\n", h.read("drop_details"));
        assertEquals("UDP header check failed: bad UDP checksum\nUDP header check failed: bad packet length\n"
                + "UDP header check failed: not UDP\n", h.printed());
    }

    @Test
    void checkICMPHeaderTypeLengthRules() throws Exception {
        Harness h = Harness.of(new CheckICMPHeader(), "DETAILS true", 2);
        byte[] echo = Pkt.icmp("1.1.1.1", "2.2.2.2", 8, 0, 7, 9, new byte[10]);
        byte[] unreachShort = Pkt.icmp("1.1.1.1", "2.2.2.2", 3, 3, 0, 0, new byte[27]);
        byte[] unreach = Pkt.icmp("1.1.1.1", "2.2.2.2", 3, 3, 0, 0, new byte[28]);
        byte[] badSum = echo.clone();
        badSum[30] ^= 1;
        h.push(checked(h, echo), checked(h, unreachShort), checked(h, unreach), checked(h, badSum));
        assertEquals(2, h.out(0).size());
        assertEquals("0\tnot ICMP\n1\tbad packet length\n1\tbad ICMP checksum\n", h.read("drop_details"));
        assertEquals("e :: CheckICMPHeader: ICMP header check failed: bad packet length\n", h.printed());
    }

    @Test
    void pingResponderAnswersEchoRequestsWithValidChecksums() throws Exception {
        Harness h = Harness.of(new ICMPPingResponder(), "", 2);
        byte[] req = Pkt.icmp("10.0.0.1", "10.0.0.2", 8, 0, 0x1234, 7, "ping".getBytes());
        req[6] = 0x40; // DF
        req[8] = 3;
        Pkt.fixIp(req, 0);
        Packet in = checked(h, req);
        in.setPaint(9);
        h.push(in);
        byte[] r = h.single(0).toByteArray();
        assertEquals(0, r[20]);
        assertArrayEquals(Pkt.ip("10.0.0.2"), java.util.Arrays.copyOfRange(r, 12, 16));
        assertArrayEquals(Pkt.ip("10.0.0.1"), java.util.Arrays.copyOfRange(r, 16, 20));
        assertEquals(255, r[8] & 0xFF);
        assertEquals(0, Pkt.u16(r, 6));
        assertTrue(Pkt.verifies(r, 0, 20));
        assertTrue(Pkt.verifies(r, 20, r.length - 20));
        assertEquals(Pkt.ipInt("10.0.0.1"), h.single(0).dstIpAnno());
        assertEquals(0, h.single(0).paint());
        h.push(checked(h, Pkt.icmp("10.0.0.1", "10.0.0.2", 0, 0, 1, 1, new byte[0])));
        h.push(checked(h, tcp()));
        assertEquals(2, h.out(1).size());
    }

    @Test
    void ipEncapBuildsAValidHeaderAndCountsIds() throws Exception {
        Harness h = Harness.of(new IPEncap(), "ipip, 1.0.0.1, 2.0.0.2, TTL 9, DSCP 10, DF true", 1);
        h.push(h.packet(new byte[12]), h.packet(new byte[3]));
        byte[] a = h.out(0).get(0).toByteArray();
        byte[] b = h.out(0).get(1).toByteArray();
        assertEquals(32, a.length);
        assertEquals(0x45, a[0]);
        assertEquals(40, a[1] & 0xFF);
        assertEquals(32, Pkt.u16(a, 2));
        assertEquals(0, Pkt.u16(a, 4));
        assertEquals(1, Pkt.u16(b, 4));
        assertEquals(0x4000, Pkt.u16(a, 6));
        assertEquals(9, a[8]);
        assertEquals(4, a[9]);
        assertTrue(Pkt.verifies(a, 0, 20));
        assertTrue(Pkt.verifies(b, 0, 20));
        assertEquals(Pkt.ipInt("2.0.0.2"), h.out(0).get(0).dstIpAnno());
        assertEquals(0, h.out(0).get(0).networkHeaderOffset());
        assertEquals("2.0.0.2", h.read("dst"));
        h.write("dst", "DST_ANNO");
        Packet p = h.packet(new byte[1]);
        p.setDstIpAnno(Pkt.ipInt("7.7.7.7"));
        h.push(p);
        byte[] c = h.out(0).get(2).toByteArray();
        assertArrayEquals(Pkt.ip("7.7.7.7"), java.util.Arrays.copyOfRange(c, 16, 20));
        assertTrue(Pkt.verifies(c, 0, 20));
    }

    @Test
    void ipEncapConfigurationErrorsAreClicks() {
        assertEquals(List.of("cannot set both TOS and DSCP"), Harness.configErrors(new IPEncap(), "4, 1.0.0.1, 2.0.0.2, TOS 1, DSCP 2"));
        assertEquals(List.of("DST argument should be IP address or 'DST_ANNO'"), Harness.configErrors(new IPEncap(), "4, 1.0.0.1, nowhere"));
        assertEquals(List.of("TOS too large; max 255"), Harness.configErrors(new IPEncap(), "4, 1.0.0.1, 2.0.0.2, TOS 256"));
        assertEquals(List.of("bad IP protocol"), Harness.configErrors(new IPEncap(), "300, 1.0.0.1, 2.0.0.2"));
        assertEquals(List.of("DST: required argument missing"), Harness.configErrors(new IPEncap(), "4, 1.0.0.1"));
    }

    @Test
    void udpIpEncapChecksumsVerify() throws Exception {
        Harness h = Harness.of(new UDPIPEncap(), "10.0.0.1, 1234, 10.0.0.2, dns", 1);
        h.push("hello".getBytes());
        byte[] r = h.single(0).toByteArray();
        assertEquals(33, r.length);
        assertTrue(Pkt.verifies(r, 0, 20));
        assertEquals(17, r[9]);
        assertEquals(250, r[8] & 0xFF);
        assertEquals(1234, Pkt.u16(r, 20));
        assertEquals(53, Pkt.u16(r, 22));
        assertEquals(13, Pkt.u16(r, 24));
        byte[] z = r.clone();
        z[26] = 0;
        z[27] = 0;
        assertEquals(Pkt.l4cksum(z, 0, 13), Pkt.u16(r, 26));
        assertEquals("53", h.read("dport"));
    }

    @Test
    void storeIPAddressUpdatesChecksumsIncrementally() throws Exception {
        Harness h = Harness.of(new StoreIPAddress(), "9.8.7.6, dst", 2);
        byte[] t = Pkt.tcp("10.0.0.1", "10.0.0.2", 1, 2, 3, 4, 0x10, 5, "abc".getBytes());
        h.push(checked(h, t));
        byte[] r = h.single(0).toByteArray();
        assertArrayEquals(Pkt.ip("9.8.7.6"), java.util.Arrays.copyOfRange(r, 16, 20));
        assertTrue(Pkt.verifies(r, 0, 20));
        byte[] z = r.clone();
        z[36] = 0;
        z[37] = 0;
        assertEquals(Pkt.l4cksum(z, 0, r.length - 20), Pkt.u16(r, 36));
        Harness k = Harness.of(new StoreIPAddress(), "16", 2);
        Packet p = k.packet(new byte[20]);
        p.setDstIpAnno(Pkt.ipInt("1.2.3.4"));
        k.push(p);
        assertArrayEquals(Pkt.ip("1.2.3.4"), java.util.Arrays.copyOfRange(k.single(0).toByteArray(), 16, 20));
        k.push(new byte[20]); // zero annotation
        assertEquals(1, k.out(1).size());
        assertEquals(List.of("type mismatch: OFFSET requires integer"), Harness.configErrors(new StoreIPAddress(), "x"));
    }

    @Test
    void annotationElements() throws Exception {
        Harness g = Harness.of(new GetIPAddress(), "16", 1);
        g.push(Pkt.ipv4("1.1.1.1", "3.3.3.3", 6, 1, new byte[0]));
        assertEquals(Pkt.ipInt("3.3.3.3"), g.single(0).dstIpAnno());
        Harness gs = Harness.of(new GetIPAddress(), "IP src", 1);
        gs.push(checked(gs, Pkt.ipv4("1.1.1.1", "3.3.3.3", 6, 1, new byte[0])));
        assertEquals(Pkt.ipInt("1.1.1.1"), gs.single(0).dstIpAnno());
        assertEquals(List.of("set one of OFFSET, IP"), Harness.configErrors(new GetIPAddress(), ""));
        assertEquals(List.of("bad IP"), Harness.configErrors(new GetIPAddress(), "IP foo"));
        Harness s = Harness.of(new SetIPAddress(), "4.4.4.4", 1);
        s.push(new byte[1]);
        assertEquals(Pkt.ipInt("4.4.4.4"), s.single(0).dstIpAnno());
        assertEquals("4.4.4.4", s.read("addr"));
        Harness m = Harness.of(new MarkIPHeader(), "14", 1);
        m.push(Pkt.ether(tcp()));
        assertEquals(14, m.single(0).networkHeaderOffset());
        assertEquals(34, m.single(0).transportHeaderOffset());
        Harness st = Harness.of(new StripToNetworkHeader(), "", 1);
        Packet p = st.packet(Pkt.ether(tcp()));
        p.setNetworkHeader(14, 20);
        st.push(p);
        assertArrayEquals(tcp(), st.single(0).toByteArray());
    }

    @Test
    void fixIPSrcAndDropBroadcasts() throws Exception {
        Harness f = Harness.of(new FixIPSrc(), "10.9.9.9", 1);
        Packet p = checked(f, tcp());
        p.setAnno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET, 1);
        f.push(p, checked(f, tcp()));
        byte[] r = f.out(0).get(0).toByteArray();
        assertArrayEquals(Pkt.ip("10.9.9.9"), java.util.Arrays.copyOfRange(r, 12, 16));
        assertTrue(Pkt.verifies(r, 0, 20));
        assertEquals(0, f.out(0).get(0).anno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET));
        assertArrayEquals(tcp(), f.out(0).get(1).toByteArray());
        Harness d = Harness.of(new DropBroadcasts(), "", 1);
        Packet b = d.packet(tcp());
        IPAnnos.setPacketType(b, IPAnnos.BROADCAST);
        Packet m = d.packet(tcp());
        IPAnnos.setPacketType(m, IPAnnos.MULTICAST);
        d.push(b, m, d.packet(tcp()));
        assertEquals(1, d.out(0).size());
        assertEquals("2", d.read("drops"));
    }

    @Test
    void ipPrintLinesMatchClickFormat() throws Exception {
        Harness h = Harness.of(new IPPrint(), "", 1);
        Packet t = checked(h, Pkt.tcp("10.0.0.1", "192.168.0.5", 1234, 80, 0, 0, 0x10, 65535, new byte[0]));
        t.setTimestampNanos(1_700_000_000_000_001_000L);
        Packet syn = checked(h, Pkt.tcp("10.0.0.1", "10.0.0.2", 5, 6, 100, 0, 0x02, 512, new byte[0]));
        syn.setTimestampNanos(1_500_000_123L);
        Packet u = checked(h, Pkt.udp("10.0.0.1", "10.0.0.2", 53, 5353, new byte[4]));
        Packet e = checked(h, Pkt.icmp("1.1.1.1", "2.2.2.2", 8, 0, 0x102, 3, new byte[0]));
        byte[] quoted = Pkt.udp("2.2.2.2", "3.3.3.3", 9, 4444, new byte[0]);
        Packet un = checked(h, Pkt.icmp("1.1.1.1", "2.2.2.2", 3, 3, 0, 0, quoted));
        Packet tx = checked(h, Pkt.icmp("1.1.1.1", "2.2.2.2", 11, 0, 0, 0, new byte[28]));
        Packet other = checked(h, Pkt.ipv4("1.1.1.1", "2.2.2.2", 47, 1, new byte[4]));
        h.push(t, syn, u, e, un, tx, other);
        assertEquals("""
                1700000000.000001: 10.0.0.1.1234 > 192.168.0.5.80: . 0:0(0,40,40) ack 0 win 65535
                1.500000123: 10.0.0.1.5 > 10.0.0.2.6: S 100:101(1,40,40) win 512
                0.000000: 10.0.0.1.53 > 10.0.0.2.5353: udp 12
                0.000000: 1.1.1.1 > 2.2.2.2: icmp echo (258, 3)
                0.000000: 1.1.1.1 > 2.2.2.2: icmp 3.3.3.3 unreachable port udp/4444
                0.000000: 1.1.1.1 > 2.2.2.2: icmp timeexceeded transit
                0.000000: 1.1.1.1 > 2.2.2.2: ip-proto-47
                """, h.printed());
    }

    @Test
    void ipPrintOptionsFragmentsAndContents() throws Exception {
        Harness h = Harness.of(new IPPrint(), "lbl, TIMESTAMP false, ID true, TTL true, LENGTH true, CONTENTS HEX, MAXLENGTH 6", 1);
        byte[] f = Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, new byte[8]);
        f[6] = 0x20;
        f[7] = 3;
        Pkt.fixIp(f, 0);
        h.push(checked(h, f));
        assertEquals("lbl: id 4660 ttl 64 length 36 10.0.0.1 > 10.0.0.2: udp (frag 4660:16@24+)\n  45000024 1234\n",
                h.printed());
    }

    @Test
    void routerChainFromTrace() throws Exception {
        Path in = tmp.resolve("in.pcap");
        Path out = tmp.resolve("out.pcap");
        Pkt.writePcap(in, List.of(Pkt.ether(tcp()),
                Pkt.ether(Pkt.ipv4("1.2.3.4", "5.6.7.8", 17, 1, new byte[8]))));
        TestRouter t = TestRouter.run("FromDump(" + in + ", STOP true) -> Strip(14) -> CheckIPHeader -> GetIPAddress(16) "
                + "-> dt :: DecIPTTL -> IPPrint(x, TIMESTAMP false) -> ToDump(" + out + ", ENCAP IP); dt[1] -> d :: Counter -> Discard;",
                Duration.ofSeconds(20));
        assertEquals(1, t.readLong("d.count"));
        assertTrue(t.printed().contains("x: 10.0.0.1.1234 > 192.168.0.5.80: . 0:0(0,40,40) ack 0 win 65535"), t.printed());
        byte[] r = Pkt.readPcap(out).get(0);
        assertEquals(63, r[8]);
        assertTrue(Pkt.verifies(r, 0, 20));
    }
}
