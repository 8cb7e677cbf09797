package io.uniclick.elements.iproute;

import static io.uniclick.elements.iproute.Harness.arp;
import static io.uniclick.elements.iproute.Harness.ether;
import static io.uniclick.elements.iproute.Harness.ipPacket;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArpTest {
    @TempDir
    Path tmp;

    static final String ME = "00:11:22:33:44:55";
    static final String PEER = "02:00:00:00:00:09";

    private Path pcap(String name, List<byte[]> frames) throws Exception {
        Path p = tmp.resolve(name);
        Harness.writePcap(p, frames);
        return p;
    }

    @Test
    void arpResponderAnswersMatchingRequestsAndPassesOthers() throws Exception {
        Path in = pcap("in.pcap", List.of(
                arp("ff:ff:ff:ff:ff:ff", PEER, 1, PEER, "10.0.0.9", "00:00:00:00:00:00", "10.0.0.1", 60),
                arp("ff:ff:ff:ff:ff:ff", PEER, 1, PEER, "10.0.0.9", "00:00:00:00:00:00", "10.0.0.2", 60),
                arp("ff:ff:ff:ff:ff:ff", PEER, 1, PEER, "10.0.0.9", "00:00:00:00:00:00", "192.168.7.7", 60),
                arp(ME, PEER, 2, PEER, "10.0.0.9", ME, "10.0.0.1", 60),
                ether(ME, PEER, 0x0800, ipPacket("10.0.0.9", "10.0.0.1", 64, 26))));
        Path out = tmp.resolve("out.pcap");
        Path rest = tmp.resolve("rest.pcap");
        Harness h = Harness.ok("FromDump(" + in + ", STOP true) -> r :: ARPResponder(10.0.0.1 " + ME
                + ", 192.168.0.0/16 02:00:00:00:00:01) -> ToDump(" + out + "); r[1] -> ToDump(" + rest + ");").run();
        List<byte[]> replies = Harness.readPcap(out);
        assertEquals(2, replies.size());
        assertArrayEquals(arp(PEER, ME, 2, ME, "10.0.0.1", PEER, "10.0.0.9", 0), replies.get(0));
        assertArrayEquals(arp(PEER, "02:00:00:00:00:01", 2, "02:00:00:00:00:01", "192.168.7.7", PEER, "10.0.0.9", 0), replies.get(1));
        assertEquals(3, Harness.readPcap(rest).size());
        assertEquals("10.0.0.1/32 00-11-22-33-44-55\n192.168.0.0/16 02-00-00-00-00-01\n", h.read("r.table"));
        assertEquals("02-00-00-00-00-01", h.read("r.lookup", "192.168.1.1"));
        assertEquals("", h.read("r.lookup", "10.0.0.2"));
        h.write("r.add", "10.0.0.2 02:00:00:00:00:02");
        assertEquals("02-00-00-00-00-02", h.read("r.lookup", "10.0.0.2"));
        h.write("r.remove", "10.0.0.2/32");
        assertEquals("", h.read("r.lookup", "10.0.0.2"));
    }

    @Test
    void arpResponderMoreSpecificEntryWins() throws Exception {
        Harness h = Harness.ok("Idle -> r :: ARPResponder(10.0.0.0/8 02:00:00:00:00:08, 10.1.0.0/16 02:00:00:00:00:10) -> Discard;");
        assertEquals("02-00-00-00-00-10", h.read("r.lookup", "10.1.2.3"));
        assertEquals("02-00-00-00-00-08", h.read("r.lookup", "10.2.2.3"));
        h.router.cleanup();
    }

    @Test
    void arpResponderErrors() {
        Harness h = Harness.compile("Idle -> ARPResponder(10.0.0.1) -> Discard;");
        assertNull(h.router);
        assertTrue(h.errors().contains("argument 0: missing ETH"), h.errors());
        h = Harness.compile("Idle -> ARPResponder(10.0.0.1 00:11:22:33:44:55 00:11:22:33:44:56) -> Discard;");
        assertTrue(h.errors().contains("argument 0: more than one ETH"), h.errors());
    }

    @Test
    void addressInfoNamesWorkInEtherEncapAndARPResponder() throws Exception {
        byte[] ip = ipPacket("1.2.3.4", "5.6.7.8", 64, 4);
        Path in = pcap("in.pcap", List.of(
                arp("ff:ff:ff:ff:ff:ff", PEER, 1, PEER, "10.0.0.9", "00:00:00:00:00:00", "10.0.0.1", 0),
                arp("ff:ff:ff:ff:ff:ff", PEER, 1, PEER, "10.0.0.9", "00:00:00:00:00:00", "10.0.0.2", 0)));
        Path ipIn = pcap("ip.pcap", List.of(ip));
        Path out = tmp.resolve("out.pcap");
        Path encOut = tmp.resolve("enc.pcap");
        Harness h = Harness.ok("AddressInfo(me 10.0.0.1/8 " + ME + ");\n"
                + "FromDump(" + in + ", STOP true) -> r :: ARPResponder(me) -> ToDump(" + out + "); r[1] -> Discard;\n"
                + "FromDump(" + ipIn + ") -> e :: EtherEncap(0x0800, me, ff:ff:ff:ff:ff:ff) -> ToDump(" + encOut + ");\n").run();
        List<byte[]> replies = Harness.readPcap(out);
        assertEquals(1, replies.size()); // me is 10.0.0.1 (the address wins over the prefix), not all of 10/8
        assertArrayEquals(arp(PEER, ME, 2, ME, "10.0.0.1", PEER, "10.0.0.9", 0), replies.get(0));
        assertArrayEquals(ether("ff:ff:ff:ff:ff:ff", ME, 0x0800, ip), Harness.readPcap(encOut).get(0));
        assertEquals("10.0.0.1/32 00-11-22-33-44-55\n", h.read("r.table"));
    }

    @Test
    void addressInfoSuffixesAndScopes() throws Exception {
        Harness h = Harness.ok("AddressInfo(me 10.0.0.5/8 " + ME + ");\n"
                + "elementclass C { AddressInfo(me 192.168.1.1/24); input -> r :: RadixIPLookup(me:ipnet 0, me:bcast 1) -> output; r[1] -> Discard }\n"
                + "Idle -> c :: C -> Discard;\n"
                + "Idle -> t :: RadixIPLookup(me:ipnet 0, me:bcast 1, me:gw 2, me 3) -> Discard; t[1] -> Discard; t[2] -> Discard; t[3] -> Discard;");
        assertEquals("10.0.0.0/8\t\t-\t\t0\n10.255.255.255/32\t-\t\t1\n10.0.0.1/32\t\t-\t\t2\n10.0.0.5/32\t\t-\t\t3\n",
                h.read("t.table"));
        assertEquals("192.168.1.0/24\t\t-\t\t0\n192.168.1.255/32\t-\t\t1\n", h.read("c/r.table"));
        h.router.cleanup();
    }

    @Test
    void addressInfoRejectsGarbage() {
        Harness h = Harness.compile("AddressInfo(me 10.0.0.300);");
        assertNull(h.router);
        assertTrue(h.errors().contains("'10.0.0.300' is not a recognizable address"), h.errors());
    }

    @Test
    void arpQuerierQueriesHoldsAndSendsOnReply() throws Exception {
        // three IP packets for 10.0.0.9 (unknown), one for the broadcast address, then the reply arrives
        byte[] p1 = ipPacket("10.0.0.1", "10.0.0.9", 64, 10);
        byte[] p2 = ipPacket("10.0.0.1", "10.0.0.9", 64, 11);
        byte[] pb = ipPacket("10.0.0.1", "10.255.255.255", 64, 12);
        byte[] pm = ipPacket("10.0.0.1", "224.1.2.3", 64, 13);
        Path ipIn = pcap("ip.pcap", List.of(p1, p2, pb, pm));
        Path replyIn = pcap("reply.pcap", List.of(arp(ME, PEER, 2, PEER, "10.0.0.9", ME, "10.0.0.1", 60)));
        Path out = tmp.resolve("out.pcap");
        Path q = tmp.resolve("q.pcap");
        Harness h = Harness.ok("ipin :: FromDump(" + ipIn + ") -> TestSetDst(0) -> [0]aq :: ARPQuerier(10.0.0.1/8, " + ME + ");\n"
                + "arpin :: FromDump(" + replyIn + ", ACTIVE false) -> [1]aq;\n"
                + "aq[0] -> ToDump(" + out + "); aq[1] -> ToDump(" + q + ");\n"
                + "Script(wait 0.3, write arpin.active true, wait 0.3, stop);");
        h.runOnly();
        assertEquals("1", h.read("aq.queries"));
        assertEquals("1", h.read("aq.responses"));
        assertEquals("1", h.read("aq.count"));
        assertEquals("0", h.read("aq.length"));
        assertTrue(h.read("aq.table").startsWith("10.0.0.9 1 02-00-00-00-00-09 "), h.read("aq.table"));
        assertEquals("0 packets killed\n1 ARP queries sent\n", h.read("aq.stats"));
        assertEquals("10.0.0.1", h.read("aq.ipaddr"));
        h.router.cleanup();
        List<byte[]> sent = Harness.readPcap(out);
        List<byte[]> queries = Harness.readPcap(q);
        assertEquals(1, queries.size(), "one query (rate limited)");
        assertArrayEquals(arp("ff:ff:ff:ff:ff:ff", ME, 1, ME, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.9", 0), queries.get(0));
        assertEquals(4, sent.size());
        assertArrayEquals(ether("ff:ff:ff:ff:ff:ff", ME, 0x0800, pb), sent.get(0));
        assertArrayEquals(ether("01:00:5e:01:02:03", ME, 0x0800, pm), sent.get(1));
        assertArrayEquals(ether(PEER, ME, 0x0800, p1), sent.get(2));
        assertArrayEquals(ether(PEER, ME, 0x0800, p2), sent.get(3));
    }

    @Test
    void arpQuerierWithOneOutputAndANameSendsQueriesOnOutputZero() throws Exception {
        byte[] p1 = ipPacket("10.0.0.1", "10.0.0.9", 64, 10);
        byte[] p2 = ipPacket("10.0.0.1", "10.0.0.7", 64, 10);
        Path ipIn = pcap("ip.pcap", List.of(p1, p2));
        Path out = tmp.resolve("out.pcap");
        Harness h = Harness.ok("AddressInfo(me 10.0.0.1/8 " + ME + ");\n"
                + "FromDump(" + ipIn + ", STOP true) -> TestSetDst(0) -> aq :: ARPQuerier(me, CAPACITY 4) -> ToDump(" + out + ");\n"
                + "Idle -> [1]aq;").runOnly();
        assertEquals("2", h.read("aq.length"));
        assertEquals("2", h.read("aq.count"));
        h.router.cleanup();
        List<byte[]> sent = Harness.readPcap(out);
        assertEquals(2, sent.size());
        // ARPQuerier(me) uses the address, so the broadcast defaults to 255.255.255.255
        assertEquals("255.255.255.255", h.read("aq.broadcast"));
        assertArrayEquals(arp("ff:ff:ff:ff:ff:ff", ME, 1, ME, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.9", 0), sent.get(0));
        assertArrayEquals(arp("ff:ff:ff:ff:ff:ff", ME, 1, ME, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.7", 0), sent.get(1));
    }

    @Test
    void arpQuerierHeldPacketsAreBoundedAndInsertHandlerSendsThem() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            frames.add(ipPacket("10.0.0.1", "10.0.0.9", 64, i));
        }
        Path ipIn = pcap("ip.pcap", frames);
        Harness h = Harness.ok("FromDump(" + ipIn + ", STOP true) -> TestSetDst(0) -> aq :: ARPQuerier(10.0.0.1, " + ME
                + ", CAPACITY 8) -> c :: Counter -> Discard; Idle -> [1]aq; aq[1] -> qc :: Counter -> Discard;").runOnly();
        assertTrue(Long.parseLong(h.read("aq.length")) <= 8, h.read("aq.length"));
        long held = Long.parseLong(h.read("aq.length"));
        assertEquals(20 - held, Long.parseLong(h.read("aq.stats").split(" ")[0]));
        h.write("aq.insert", "10.0.0.9 " + PEER);
        assertEquals(String.valueOf(held), h.read("c.count"));
        assertEquals("0", h.read("aq.length"));
        h.write("aq.clear", "");
        assertEquals("0", h.read("aq.count"));
        assertEquals("0", h.read("aq.queries"));
        h.router.cleanup();
    }

    @Test
    void arpQuerierConfigErrors() {
        Harness h = Harness.compile("Idle -> aq :: ARPQuerier(10.0.0.1) -> Discard; Idle -> [1]aq;");
        assertNull(h.router);
        assertTrue(h.errors().contains("ETH: expected Ethernet address"), h.errors());
        h = Harness.compile("Idle -> aq :: ARPQuerier(10.0.0.1, " + ME + ", TABLE nosuch) -> Discard; Idle -> [1]aq;");
        assertTrue(h.errors().contains("TABLE: does not name an element"), h.errors());
    }

    @Test
    void arpQueriersShareAnARPTable() throws Exception {
        Harness h = Harness.ok("t :: ARPTable(CAPACITY 16);"
                + "Idle -> a1 :: ARPQuerier(10.0.0.1, " + ME + ", TABLE t) -> Discard; Idle -> [1]a1;"
                + "Idle -> a2 :: ARPQuerier(10.0.0.2, " + ME + ", TABLE t) -> Discard; Idle -> [1]a2;");
        h.write("a1.insert", "10.0.0.9 " + PEER);
        assertTrue(h.read("a2.table").startsWith("10.0.0.9 1 02-00-00-00-00-09"), h.read("a2.table"));
        assertEquals("1", h.read("t.count"));
        h.write("t.delete", "10.0.0.9");
        assertTrue(h.read("t.table").startsWith("10.0.0.9 0 FF-FF-FF-FF-FF-FF"), h.read("t.table"));
        h.router.cleanup();
    }
}
