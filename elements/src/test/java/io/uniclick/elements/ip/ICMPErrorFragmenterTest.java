package io.uniclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ICMPErrorFragmenterTest {
    static Packet checked(Harness h, byte[] ip) {
        Packet p = h.packet(ip);
        p.setNetworkHeader(0, (ip[0] & 15) * 4);
        return p;
    }

    @Test
    void timeExceededQuotesThePacketWithValidChecksums() throws Exception {
        Harness h = Harness.of(new ICMPError(), "10.0.0.1, timeexceeded", 1);
        byte[] in = Pkt.udp("10.9.0.5", "172.16.0.1", 1000, 53, new byte[30]);
        h.push(checked(h, in));
        Packet q = h.single(0);
        byte[] r = q.toByteArray();
        assertEquals(20 + 8 + in.length, r.length);
        assertEquals(0x45, r[0]);
        assertEquals(r.length, Pkt.u16(r, 2));
        assertEquals(200, r[8] & 0xFF);
        assertEquals(1, r[9]);
        assertArrayEquals(Pkt.ip("10.0.0.1"), Arrays.copyOfRange(r, 12, 16));
        assertArrayEquals(Pkt.ip("10.9.0.5"), Arrays.copyOfRange(r, 16, 20));
        assertTrue(Pkt.verifies(r, 0, 20));
        assertEquals(11, r[20]);
        assertEquals(0, r[21]);
        assertTrue(Pkt.verifies(r, 20, r.length - 20));
        assertArrayEquals(in, Arrays.copyOfRange(r, 28, r.length));
        assertEquals(Pkt.ipInt("10.9.0.5"), q.dstIpAnno());
        assertEquals(1, q.anno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET));
        assertEquals(0, q.networkHeaderOffset());
    }

    @Test
    void errorIsCutToMtuAndNeedfragCarriesPmtu() throws Exception {
        Harness h = Harness.of(new ICMPError(), "10.0.0.1, unreachable, needfrag, PMTU 1400", 1);
        h.push(checked(h, Pkt.udp("10.9.0.5", "172.16.0.1", 1, 2, new byte[1000])));
        byte[] r = h.single(0).toByteArray();
        assertEquals(576, r.length);
        assertEquals(3, r[20]);
        assertEquals(4, r[21]);
        assertEquals(1400, Pkt.u16(r, 26));
        assertTrue(Pkt.verifies(r, 20, r.length - 20));
    }

    @Test
    void neverAnswersErrorsBroadcastsFragmentsOrBadSources() throws Exception {
        Harness h = Harness.of(new ICMPError(), "10.0.0.1, unreachable, host, 10.255.255.255", 1);
        int free = h.available();
        byte[] err = Pkt.icmp("10.9.0.5", "172.16.0.1", 3, 1, 0, 0, new byte[28]);
        byte[] bcast = Pkt.udp("10.9.0.5", "255.255.255.255", 1, 2, new byte[0]);
        byte[] mcast = Pkt.udp("10.9.0.5", "224.0.0.1", 1, 2, new byte[0]);
        byte[] badaddr = Pkt.udp("10.9.0.5", "10.255.255.255", 1, 2, new byte[0]);
        byte[] loop = Pkt.udp("127.0.0.1", "10.0.0.9", 1, 2, new byte[0]);
        byte[] zero = Pkt.udp("0.1.2.3", "10.0.0.9", 1, 2, new byte[0]);
        byte[] frag = Pkt.udp("10.9.0.5", "10.0.0.9", 1, 2, new byte[0]);
        frag[7] = 1;
        Pkt.fixIp(frag, 0);
        Packet l2 = checked(h, Pkt.udp("10.9.0.5", "10.0.0.9", 1, 2, new byte[0]));
        IPAnnos.setPacketType(l2, IPAnnos.BROADCAST);
        h.push(checked(h, err), checked(h, bcast), checked(h, mcast), checked(h, badaddr), checked(h, loop),
                checked(h, zero), checked(h, frag), l2, h.packet(new byte[20]));
        assertEquals(0, h.out(0).size());
        assertEquals(free, h.available(), "inputs are consumed");
        // an echo request does get an error
        h.push(checked(h, Pkt.icmp("10.9.0.5", "172.16.0.1", 8, 0, 1, 1, new byte[0])));
        assertEquals(1, h.out(0).size());
    }

    @Test
    void icmpErrorConfigurationErrors() {
        assertEquals(List.of("ICMP type 8 is not an error type"), Harness.configErrors(new ICMPError(), "1.1.1.1, echo"));
        assertEquals(List.of("argument 2 takes ICMP code (integer between 0 and 255)"),
                Harness.configErrors(new ICMPError(), "1.1.1.1, unreachable, bogus"));
        assertEquals(List.of("TYPE: required argument missing"), Harness.configErrors(new ICMPError(), "1.1.1.1"));
    }

    @Test
    void fragmenterSplitsIntoValidFragmentsThatReassemble() throws Exception {
        Harness h = Harness.of(new IPFragmenter(), "100", 2);
        byte[] data = new byte[250];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        byte[] in = Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, data); // 278 bytes
        Packet p = checked(h, in);
        p.setPaint(5);
        h.push(p);
        List<Packet> out = h.out(0);
        assertEquals(4, out.size());
        assertEquals("4", h.read("fragments"));
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int expectOff = 0;
        for (int i = 0; i < out.size(); i++) {
            byte[] f = out.get(i).toByteArray();
            assertTrue(f.length <= 100);
            assertTrue(Pkt.verifies(f, 0, 20), "fragment " + i + " checksum");
            assertEquals(f.length, Pkt.u16(f, 2));
            assertEquals(Pkt.u16(in, 4), Pkt.u16(f, 4));
            int off = Pkt.u16(f, 6);
            assertEquals(expectOff, (off & 0x1FFF) * 8);
            assertEquals(i < 3, (off & 0x2000) != 0, "MF on all but the last");
            assertEquals(5, out.get(i).paint());
            payload.write(f, 20, f.length - 20);
            expectOff += f.length - 20;
        }
        assertArrayEquals(Arrays.copyOfRange(in, 20, in.length), payload.toByteArray());
        // small packets pass untouched
        h.clearOutputs();
        byte[] small = Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, new byte[10]);
        h.push(checked(h, small));
        assertArrayEquals(small, h.single(0).toByteArray());
    }

    @Test
    void fragmenterSendsDontFragmentToOutputOneUnlessHonorDfIsFalse() throws Exception {
        byte[] df = Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, new byte[200]);
        df[6] = 0x40;
        Pkt.fixIp(df, 0);
        Harness h = Harness.of(new IPFragmenter(), "100", 2);
        h.push(checked(h, df));
        assertEquals(1, h.out(1).size());
        assertEquals("1", h.read("drops"));
        assertEquals("IPFragmenter(100) DF 10.0.0.1 10.0.0.2 len=228\n", h.printed());
        Harness k = Harness.of(new IPFragmenter(), "100, false", 2);
        k.push(checked(k, df));
        assertEquals(3, k.out(0).size());
        for (Packet f : k.out(0)) {
            byte[] b = f.toByteArray();
            assertEquals(0, Pkt.u16(b, 6) & 0x4000);
            assertTrue(Pkt.verifies(b, 0, 20));
        }
        assertEquals(List.of("MTU must be at least 8"), Harness.configErrors(new IPFragmenter(), "4"));
    }

    @Test
    void fragmenterTinyMtuManyFragments() throws Exception {
        Harness h = Harness.of(new IPFragmenter(), "28", 1);
        h.push(checked(h, Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, new byte[3000])));
        assertEquals(376, h.out(0).size());
    }
}
