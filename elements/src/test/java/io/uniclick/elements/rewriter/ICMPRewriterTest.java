package io.uniclick.elements.rewriter;

import static io.uniclick.elements.rewriter.Pkt.get16;
import static io.uniclick.elements.rewriter.Pkt.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ICMPPingRewriter and ICMPRewriter in a NAT: pings out and back, ICMP errors quoting translated packets. */
class ICMPRewriterTest {
    @TempDir
    Path tmp;

    static final String NAT = "IPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1)";
    static final String PING = "ICMPPingRewriter(pattern 198.51.100.1 1024-65535# - - 0 1)";
    static final String INSIDE = "10.0.0.1";
    static final String PUBLIC = "198.51.100.1";
    static final String SERVER = "93.184.216.34";
    static final String ROUTER = "203.0.113.9";

    record Run(TestRouter t, List<byte[]> world, List<byte[]> inside) {
    }

    /**
     * Runs a NAT: echo requests/replies go to the ping rewriter, TCP and UDP to the IP rewriter,
     * other ICMP to the ICMP rewriter; forward outputs are captured as "world", reply outputs and
     * rewritten errors as "inside".
     */
    Run run(String nat, String ping, List<byte[]> frames) throws IOException {
        Path in = Pkt.write(tmp.resolve("in" + System.nanoTime() + ".pcap"), frames);
        Path w = tmp.resolve("w" + System.nanoTime() + ".pcap");
        Path i = tmp.resolve("i" + System.nanoTime() + ".pcap");
        String cfg = "nat :: " + nat + ";\n"
                + "ping :: " + ping + ";\n"
                + "errs :: ICMPRewriter(nat ping);\n"
                + "FromDump(" + in + ", STOP true, TIMING false) -> Strip(14) -> MarkIPHeader\n"
                + "  -> c :: IPClassifier(icmp type echo or icmp type echo-reply, tcp or udp, icmp);\n"
                // outputs are pushed in order within a batch: translate first, then the errors quoting the translations
                + "c[0] -> ping; c[1] -> nat; c[2] -> errs;\n"
                + "wu :: Unstrip(14) -> ToDump(" + w + ", SNAPLEN 0);\n"
                + "iu :: Unstrip(14) -> ToDump(" + i + ", SNAPLEN 0);\n"
                + "nat[0] -> wu; ping[0] -> wu;\n"
                + "nat[1] -> iu; ping[1] -> iu; errs -> iu;\n";
        TestRouter t = TestRouter.run(cfg, Duration.ofSeconds(20));
        assertTrue(t.router != null, t.errors());
        return new Run(t, Pkt.read(w), Pkt.read(i));
    }

    /** An ICMP error from {@code src} to {@code dst} quoting the IP packet of Ethernet frame {@code quoted} (whole). */
    static byte[] icmpError(String src, String dst, int type, int code, byte[] quoted) {
        int ql = quoted.length - 14;
        byte[] c = new byte[8 + ql];
        c[0] = (byte) type;
        c[1] = (byte) code;
        System.arraycopy(quoted, 14, c, 8, ql);
        Pkt.put16(c, 2, Pkt.csum(c, 0, c.length, 0));
        return Pkt.ipv4(src, dst, Pkt.ICMP, c, -1, 0);
    }

    /** The quoted IP packet inside ICMP error frame {@code f}. */
    static byte[] quoted(byte[] f) {
        return Arrays.copyOfRange(f, 14 + 20 + 8, f.length);
    }

    /** Independently checks the quoted packet's IP header checksum and its TCP/UDP/ICMP checksum (the whole quote is present). */
    static void assertQuotedChecksumsValid(byte[] f) {
        int io = 14 + 20 + 8;
        int ihl = (f[io] & 15) * 4;
        assertEquals(0, Pkt.csum(f, io, ihl, 0), "quoted IP header checksum");
        int proto = f[io + 9] & 0xFF;
        int tl = get16(f, io + 2) - ihl;
        assertEquals(f.length - io - ihl, tl, "whole quoted packet present");
        int t = io + ihl;
        if (proto == Pkt.TCP || proto == Pkt.UDP) {
            assertEquals(0, Pkt.csum(f, t, tl, Pkt.pseudo(f, io, proto, tl)), "quoted transport checksum");
        } else if (proto == Pkt.ICMP) {
            assertEquals(0, Pkt.csum(f, t, tl, 0), "quoted ICMP checksum");
        }
    }

    static byte[] ipPart(byte[] frame) {
        return Arrays.copyOfRange(frame, 14, frame.length);
    }

    @Test
    void pingGoesOutWithTheNatAddressAndANewIdentifierAndItsReplyComesBack() throws IOException {
        byte[] req1 = Pkt.icmpEcho(INSIDE, SERVER, 8, 7, 1);
        byte[] req2 = Pkt.icmpEcho("10.0.0.2", SERVER, 8, 7, 1);
        // sequential identifiers: 1024 for the first request, 1025 for the second
        byte[] rep2 = Pkt.icmpEcho(SERVER, PUBLIC, 0, 1025, 1);
        byte[] rep1 = Pkt.icmpEcho(SERVER, PUBLIC, 0, 1024, 1);
        byte[] stray = Pkt.icmpEcho(SERVER, PUBLIC, 0, 999, 1);
        Run r = run(NAT, PING, List.of(req1, req2, rep2, rep1, stray));

        assertEquals(2, r.world.size());
        assertArrayEquals(ipPart(Pkt.icmpEcho(PUBLIC, SERVER, 8, 1024, 1)), ipPart(r.world.get(0)));
        assertArrayEquals(ipPart(Pkt.icmpEcho(PUBLIC, SERVER, 8, 1025, 1)), ipPart(r.world.get(1)));
        assertEquals(2, r.inside.size(), "the unmapped reply is dropped");
        assertArrayEquals(ipPart(Pkt.icmpEcho(SERVER, "10.0.0.2", 0, 7, 1)), ipPart(r.inside.get(0)));
        assertArrayEquals(ipPart(Pkt.icmpEcho(SERVER, INSIDE, 0, 7, 1)), ipPart(r.inside.get(1)));
        for (byte[] f : r.world) {
            assertTrue(Pkt.checksumsValid(f));
        }
        for (byte[] f : r.inside) {
            assertTrue(Pkt.checksumsValid(f));
        }
        assertEquals(2, r.t.readLong("ping.table_size"));
        assertEquals(0, r.t.readLong("ping.mapping_failures"));
        String table = r.t.read("ping.table");
        assertTrue(table.contains("(10.0.0.1, 93.184.216.34, 7) => (198.51.100.1, 93.184.216.34, 1024) [*0 1] i0 exp300"), table);
        assertTrue(table.contains("(93.184.216.34, 198.51.100.1, 1025) => (93.184.216.34, 10.0.0.1, 8) [0 *1] i0 exp300"), table);
        assertEquals("198.51.100.1 1024-65535 - - [2]\n", r.t.read("ping.patterns"));
    }

    @Test
    void repeatedPingsReuseTheMappingAndKeepTheOwnIdentifierWhenFree() throws IOException {
        byte[] a = Pkt.icmpEcho(INSIDE, SERVER, 8, 4660, 1);
        byte[] b = Pkt.icmpEcho(INSIDE, SERVER, 8, 4660, 2);
        byte[] rep = Pkt.icmpEcho(SERVER, PUBLIC, 0, 4660, 2);
        Run r = run(NAT, "ICMPPingRewriter(pattern 198.51.100.1 1024-65535 - - 0 1, DST_ANNO false)", List.of(a, b, rep));
        assertEquals(2, r.world.size());
        assertArrayEquals(ipPart(Pkt.icmpEcho(PUBLIC, SERVER, 8, 4660, 2)), ipPart(r.world.get(1)));
        assertEquals(1, r.inside.size());
        assertArrayEquals(ipPart(Pkt.icmpEcho(SERVER, INSIDE, 0, 4660, 2)), ipPart(r.inside.get(0)));
        assertEquals(1, r.t.readLong("ping.table_size"));
    }

    @Test
    void portUnreachableForATranslatedSynArrivesTranslatedBackToTheInsideHost() throws IOException {
        byte[] syn = Pkt.tcp(INSIDE, 5000, SERVER, 80, 0x02, 0);
        byte[] translated = Pkt.tcp(PUBLIC, 5000, SERVER, 80, 0x02, 0);
        byte[] unreach = icmpError(SERVER, PUBLIC, 3, 3, translated);
        Run r = run(NAT, PING, List.of(syn, unreach));

        assertEquals(1, r.world.size());
        assertArrayEquals(ipPart(translated), ipPart(r.world.get(0)));
        assertEquals(1, r.inside.size());
        byte[] e = r.inside.get(0);
        assertEquals(ip(SERVER), Pkt.src(e));
        assertEquals(ip(INSIDE), Pkt.dst(e));
        assertEquals(3, e[34] & 0xFF);
        assertEquals(3, e[35] & 0xFF);
        assertTrue(Pkt.checksumsValid(e), "outer IP and ICMP checksums");
        assertQuotedChecksumsValid(e);
        // the quote is now exactly the packet the inside host sent
        assertArrayEquals(ipPart(syn), quoted(e));
        assertArrayEquals(ipPart(icmpError(SERVER, INSIDE, 3, 3, syn)), ipPart(e));
        assertEquals(0, r.t.readLong("errs.drops"));
    }

    @Test
    void quotedPortsAreTranslatedBackWhenTheNatChangedThePort() throws IOException {
        byte[] syn = Pkt.tcp(INSIDE, 5000, SERVER, 80, 0x02, 0);
        byte[] udp = Pkt.udp(INSIDE, 5353, SERVER, 53, 12, true);
        byte[] tsyn = Pkt.tcp(PUBLIC, 1024, SERVER, 80, 0x02, 0);
        byte[] tudp = Pkt.udp(PUBLIC, 1025, SERVER, 53, 12, true);
        // an unreachable from a router on the way (outer destination = the NAT address) and a time exceeded
        byte[] e1 = icmpError(ROUTER, PUBLIC, 3, 1, tsyn);
        byte[] e2 = icmpError(ROUTER, PUBLIC, 11, 0, tudp);
        Run r = run("IPRewriter(pattern 198.51.100.1 1024-65535# - - 0 1)", PING, List.of(syn, udp, e1, e2));
        assertEquals(2, r.world.size());
        assertArrayEquals(ipPart(tsyn), ipPart(r.world.get(0)));
        assertArrayEquals(ipPart(tudp), ipPart(r.world.get(1)));
        assertEquals(2, r.inside.size());
        byte[] o1 = r.inside.get(0);
        byte[] o2 = r.inside.get(1);
        for (byte[] o : List.of(o1, o2)) {
            assertEquals(ip(ROUTER), Pkt.src(o));
            assertEquals(ip(INSIDE), Pkt.dst(o));
            assertTrue(Pkt.checksumsValid(o));
            assertQuotedChecksumsValid(o);
        }
        assertArrayEquals(ipPart(syn), quoted(o1));
        assertArrayEquals(ipPart(udp), quoted(o2));
        assertEquals(5000, get16(o1, 14 + 20 + 8 + 20));
        assertEquals(5353, get16(o2, 14 + 20 + 8 + 20));
    }

    @Test
    void timeExceededForATranslatedPingRestoresTheIdentifier() throws IOException {
        byte[] req = Pkt.icmpEcho(INSIDE, SERVER, 8, 7, 3);
        byte[] treq = Pkt.icmpEcho(PUBLIC, SERVER, 8, 1024, 3);
        byte[] te = icmpError(ROUTER, PUBLIC, 11, 0, treq);
        Run r = run(NAT, PING, List.of(req, te));
        assertEquals(1, r.world.size());
        assertArrayEquals(ipPart(treq), ipPart(r.world.get(0)));
        assertEquals(1, r.inside.size());
        byte[] o = r.inside.get(0);
        assertEquals(ip(INSIDE), Pkt.dst(o));
        assertTrue(Pkt.checksumsValid(o));
        assertQuotedChecksumsValid(o);
        assertArrayEquals(ipPart(req), quoted(o));
    }

    @Test
    void unmappedErrorsAndNonErrorsAreDropped() throws IOException {
        // quotes a flow the NAT never saw
        byte[] stray = icmpError(ROUTER, PUBLIC, 3, 3, Pkt.tcp(PUBLIC, 4444, SERVER, 80, 0x02, 0));
        // a timestamp request (type 13) is not an error
        byte[] ts = icmpError(ROUTER, PUBLIC, 13, 0, Pkt.tcp(PUBLIC, 4444, SERVER, 80, 0x02, 0));
        // truncated: ICMP header only
        byte[] shortErr = Pkt.ipv4(ROUTER, PUBLIC, Pkt.ICMP, new byte[] {3, 3, (byte) 0xFC, (byte) 0xFC, 0, 0, 0, 0}, -1, 0);
        Run r = run(NAT, PING, List.of(stray, ts, shortErr));
        assertEquals(0, r.inside.size());
        assertEquals(0, r.world.size());
        assertEquals(3, r.t.readLong("errs.drops"));
    }

    @Test
    void configurationErrorsUseClicksWording() {
        assertConfigError("nat :: " + NAT + "; Idle -> nat -> Discard; nat[1] -> Discard; Idle -> ICMPRewriter(nosuch) -> Discard;",
                "nosuch not an IP rewriter");
        assertConfigError("x :: Counter; Idle -> x -> Discard; Idle -> ICMPRewriter(x) -> Discard;", "x not an IP rewriter");
        assertConfigError("nat :: " + NAT + "; Idle -> nat -> Discard; nat[1] -> Discard; Idle -> ICMPRewriter(nat:0) -> Discard;",
                "nat:0 port offset requires more than 1 output");
        assertConfigError("Idle -> ICMPRewriter(\"\") -> Discard;", "no IP rewriters supplied");
        assertConfigError("Idle -> p :: ICMPPingRewriter(pattern 1.2.3.4 - - - 0 2) -> Discard; p[1] -> Discard;",
                "input spec 0: output port out of range");
    }

    @Test
    void portOffsetSendsErrorsToTheMappingsOutput() throws IOException {
        byte[] syn = Pkt.tcp(INSIDE, 5000, SERVER, 80, 0x02, 0);
        byte[] unreach = icmpError(SERVER, PUBLIC, 3, 3, Pkt.tcp(PUBLIC, 5000, SERVER, 80, 0x02, 0));
        Path in = Pkt.write(tmp.resolve("off.pcap"), List.of(syn, unreach));
        String cfg = "nat :: " + NAT + ";\n"
                + "errs :: ICMPRewriter(nat:1);\n"
                + "FromDump(" + in + ", STOP true, TIMING false) -> Strip(14) -> MarkIPHeader -> c :: IPClassifier(tcp, icmp);\n"
                + "c[0] -> nat; c[1] -> errs; nat[0] -> Discard; nat[1] -> Discard;\n"
                + "errs[0] -> c0 :: Counter -> Discard; errs[1] -> c1 :: Counter -> Discard; errs[2] -> c2 :: Counter -> Discard;\n";
        TestRouter t = TestRouter.run(cfg, Duration.ofSeconds(20));
        assertTrue(t.router != null, t.errors());
        // reply direction of the mapping = nat's output 1, plus offset 1
        assertEquals(0, t.readLong("c0.count"));
        assertEquals(0, t.readLong("c1.count"));
        assertEquals(1, t.readLong("c2.count"));
    }

    @Test
    void pingAndErrorDataPathsAllocateNothingInSteadyState() {
        TestRouter t = TestRouter.compile("nat :: " + NAT + "; Idle -> nat -> Discard; nat[1] -> Discard;\n"
                + "Idle -> ping :: ICMPPingRewriter(pattern 198.51.100.1 1024-65535 - - 0 1) -> Discard; ping[1] -> Discard;\n"
                + "Idle -> errs :: ICMPRewriter(nat ping) -> Discard;");
        assertTrue(t.router != null, t.errors());
        io.uniclick.core.element.Element ping = t.router.element("ping");
        io.uniclick.core.element.Element errs = t.router.element("errs");
        io.uniclick.core.packet.PacketPool pool = t.router.pool(ping);
        int flows = 1000;
        byte[][] req = new byte[flows][];
        byte[][] err = new byte[flows][];
        for (int i = 0; i < flows; i++) {
            String src = "10.0." + (i >> 8) + "." + (i & 255);
            req[i] = ipPart(Pkt.icmpEcho(src, SERVER, 8, 2000 + i, i));
            // the first pass keeps each identifier (in range and free), so the translated echo is known
            err[i] = ipPart(icmpError(ROUTER, PUBLIC, 11, 0, Pkt.icmpEcho(PUBLIC, SERVER, 8, 2000 + i, i)));
        }
        io.uniclick.core.packet.PacketBatch batch = new io.uniclick.core.packet.PacketBatch(32);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = 0;
        int k = 0;
        for (int round = 0; round < 20_000; round++) {
            if (round == 5_000) {
                before = mx.getCurrentThreadAllocatedBytes();
            }
            boolean errors = (round & 1) != 0 && round > 100;
            byte[][] src = errors ? err : req;
            for (int j = 0; j < 32; j++) {
                byte[] f = src[k];
                k = (k + 1) % flows;
                io.uniclick.core.packet.Packet p = pool.allocate(f.length);
                p.copyFrom(f, 0, 0, f.length);
                batch.add(p);
            }
            (errors ? errs : ping).push(0, batch);
            batch.clear();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(flows, t.readLong("ping.table_size"));
        assertEquals(0, t.readLong("errs.drops"));
        assertTrue(allocated < 64 * 1024, "ping/error data paths allocated " + allocated + " bytes");
    }

    private static void assertConfigError(String cfg, String message) {
        TestRouter t = TestRouter.compile(cfg);
        assertNull(t.router, cfg);
        assertTrue(t.errors().contains(message), cfg + " gave:\n" + t.errors());
    }
}
