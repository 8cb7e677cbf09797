package io.uniclick.elements.iproute;

import static io.uniclick.elements.iproute.Harness.cat;
import static io.uniclick.elements.iproute.Harness.ether;
import static io.uniclick.elements.iproute.Harness.ipPacket;
import static io.uniclick.elements.iproute.Harness.mac;
import static io.uniclick.elements.iproute.Harness.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EthernetTest {
    @TempDir
    Path tmp;

    private List<byte[]> through(String elements, List<byte[]> frames) throws Exception {
        Path in = tmp.resolve("in.pcap");
        Path out = tmp.resolve("out.pcap");
        Harness.writePcap(in, frames);
        Harness.ok("FromDump(" + in + ", STOP true) -> " + elements + " -> ToDump(" + out + ");").run();
        return Harness.readPcap(out);
    }

    @Test
    void etherEncapPrependsTheHeader() throws Exception {
        byte[] ip = ipPacket("1.2.3.4", "5.6.7.8", 64, 4);
        List<byte[]> out = through("Strip(14) -> EtherEncap(0x0800, 00:11:22:33:44:55, ff:ff:ff:ff:ff:ff)",
                List.of(ether("02:02:02:02:02:02", "04:04:04:04:04:04", 0x86dd, ip)));
        assertArrayEquals(ether("ff:ff:ff:ff:ff:ff", "00:11:22:33:44:55", 0x0800, ip), out.get(0));
    }

    @Test
    void etherEncapHandlersReadAndWrite() throws Exception {
        Harness h = Harness.ok("Idle -> e :: EtherEncap(0x0800, 00:11:22:33:44:55, 1-2-3-4-5-6) -> Discard;");
        assertEquals("00-11-22-33-44-55", h.read("e.src"));
        assertEquals("01-02-03-04-05-06", h.read("e.dst"));
        assertEquals("2048", h.read("e.ethertype"));
        h.write("e.ethertype", "0x86dd");
        h.write("e.dst", "aa:bb:cc:dd:ee:ff");
        assertEquals("34525", h.read("e.ethertype"));
        assertEquals("AA-BB-CC-DD-EE-FF", h.read("e.dst"));
        h.router.cleanup();
    }

    @Test
    void etherEncapRejectsABadEthertypeNamingIt() {
        Harness h = Harness.compile("Idle -> EtherEncap(0x10000, 00:11:22:33:44:55, ff:ff:ff:ff:ff:ff) -> Discard;");
        assertNull(h.router);
        assertTrue(h.errors().contains("ETHERTYPE: out of range"), h.errors());
        h = Harness.compile("Idle -> EtherEncap(0x800, 00:11:22:33:44, ff:ff:ff:ff:ff:ff) -> Discard;");
        assertNull(h.router);
        assertTrue(h.errors().contains("SRC: expected Ethernet address"), h.errors());
    }

    @Test
    void etherRewriteAndMirror() throws Exception {
        byte[] ip = ipPacket("1.2.3.4", "5.6.7.8", 64, 4);
        byte[] f = ether("02:02:02:02:02:02", "04:04:04:04:04:04", 0x0800, ip);
        assertArrayEquals(ether("0a:0a:0a:0a:0a:0a", "0b:0b:0b:0b:0b:0b", 0x0800, ip),
                through("EtherRewrite(0b:0b:0b:0b:0b:0b, 0a:0a:0a:0a:0a:0a)", List.of(f)).get(0));
        assertArrayEquals(ether("04:04:04:04:04:04", "02:02:02:02:02:02", 0x0800, ip), through("EtherMirror", List.of(f)).get(0));
    }

    @Test
    void etherRewriteWritesEveryAddressByteInOrderAlsoAfterAHandlerWrite() throws Exception {
        byte[] ip = ipPacket("1.2.3.4", "5.6.7.8", 64, 4);
        byte[] f = ether("02:02:02:02:02:02", "04:04:04:04:04:04", 0x0800, ip);
        assertArrayEquals(ether("a1:a2:a3:a4:a5:a6", "01:02:03:04:05:06", 0x0800, ip),
                through("EtherRewrite(01:02:03:04:05:06, a1:a2:a3:a4:a5:a6)", List.of(f)).get(0));
        Path in = tmp.resolve("in2.pcap");
        Path out = tmp.resolve("out2.pcap");
        Harness.writePcap(in, List.of(f));
        Harness h = Harness.ok("FromDump(" + in + ", STOP true) -> e :: EtherRewrite(01:02:03:04:05:06, a1:a2:a3:a4:a5:a6) -> ToDump("
                + out + ");");
        h.write("e.src", "10:20:30:40:50:60");
        h.write("e.dst", "b1:b2:b3:b4:b5:b6");
        assertEquals("10-20-30-40-50-60", h.read("e.src"));
        h.run();
        assertArrayEquals(ether("b1:b2:b3:b4:b5:b6", "10:20:30:40:50:60", 0x0800, ip), Harness.readPcap(out).get(0));
    }

    @Test
    void hostEtherFilterClassifiesAndDropsOtherHosts() throws Exception {
        byte[] p = ipPacket("1.2.3.4", "5.6.7.8", 64, 4);
        List<byte[]> frames = List.of(
                ether("00:11:22:33:44:55", "02:00:00:00:00:09", 0x0800, p), // host
                ether("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:09", 0x0800, p), // broadcast
                ether("01:00:5e:00:00:01", "02:00:00:00:00:09", 0x0800, p), // multicast
                ether("02:00:00:00:00:07", "02:00:00:00:00:09", 0x0800, p), // other host
                ether("02:00:00:00:00:07", "00:11:22:33:44:55", 0x0800, p)); // other host, from us
        Path in = tmp.resolve("in.pcap");
        Harness.writePcap(in, frames);
        Harness h = Harness.ok("FromDump(" + in + ", STOP true) -> f :: HostEtherFilter(00:11:22:33:44:55, true) -> ps :: TestTypeSwitch;"
                + "ps[0] -> h :: Counter -> Discard; ps[1] -> b :: Counter -> Discard; ps[2] -> m :: Counter -> Discard;"
                + "ps[3] -> o :: Counter -> Discard; f[1] -> rej :: Counter -> Discard;").run();
        assertEquals("1", h.read("h.count"));
        assertEquals("1", h.read("b.count"));
        assertEquals("1", h.read("m.count"));
        assertEquals("0", h.read("o.count"));
        assertEquals("2", h.read("rej.count"));
        assertEquals("00-11-22-33-44-55", h.read("f.ether"));
    }

    @Test
    void vlanEncapAndDecapRoundTrip() throws Exception {
        byte[] ip = ipPacket("1.2.3.4", "5.6.7.8", 64, 4);
        byte[] f = ether("02:02:02:02:02:02", "04:04:04:04:04:04", 0x0800, ip);
        byte[] tagged = cat(mac("02:02:02:02:02:02"), mac("04:04:04:04:04:04"), u16(0x8100), u16(0x6000 | 10), u16(0x0800), ip);
        assertArrayEquals(tagged, through("VLANEncap(VLAN_ID 10, VLAN_PCP 3)", List.of(f)).get(0));
        byte[] qinq = cat(mac("02:02:02:02:02:02"), mac("04:04:04:04:04:04"), u16(0x88a8), u16(0x0123), u16(0x0800), ip);
        assertArrayEquals(qinq, through("VLANEncap(0x0123, ETHERTYPE 0x88a8)", List.of(f)).get(0));
        // native VLAN passes untagged
        assertArrayEquals(f, through("VLANEncap(VLAN_ID 7, NATIVE_VLAN 7)", List.of(f)).get(0));
        // decap, then re-encap from the annotation
        List<byte[]> out = through("VLANDecap", List.of(tagged, f));
        assertArrayEquals(f, out.get(0));
        assertArrayEquals(f, out.get(1));
        assertArrayEquals(tagged, through("VLANDecap -> VLANEncap(ANNO)", List.of(tagged)).get(0));
        assertArrayEquals(Arrays.copyOf(f, f.length), through("VLANDecap -> VLANEncap(ANNO, NATIVE_VLAN 0)", List.of(f)).get(0));
    }
}
