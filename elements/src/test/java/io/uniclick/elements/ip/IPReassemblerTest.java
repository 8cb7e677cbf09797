package io.uniclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.elements.TestRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IPReassemblerTest {
    static final long T0 = 1_000_000_000L * 1_000_000_000L;

    /** A UDP datagram of {@code n} data bytes with IP id {@code id} and a recognizable payload. */
    static byte[] datagram(int id, int n, int seed) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        byte[] b = Pkt.udp("10.0.0." + (1 + seed % 200), "192.168.1.2", 1000 + seed, 53, data);
        Pkt.put16(b, 4, id);
        Pkt.fixIp(b, 0);
        return b;
    }

    static Packet ip(Harness h, byte[] data, int nh) {
        Packet p = h.packet(data);
        p.setNetworkHeader(nh, (data[nh] & 15) * 4);
        return p;
    }

    /** The fragments the colleague's IPFragmenter makes of {@code ip} at {@code mtu}. */
    static List<byte[]> fragment(byte[] ip, int mtu) throws Exception {
        Harness f = Harness.of(new IPFragmenter(), Integer.toString(mtu), 2);
        f.push(ip(f, ip, 0));
        List<byte[]> r = new ArrayList<>();
        for (Packet p : f.out(0)) {
            r.add(p.toByteArray());
        }
        f.clearOutputs();
        assertTrue(r.size() > 1, "fragmented");
        return r;
    }

    /** A hand-made fragment: header of {@code ip} with offset {@code off}, MF, and {@code data}. */
    static byte[] frag(byte[] ip, int off, boolean mf, byte[] data) {
        byte[] b = new byte[20 + data.length];
        System.arraycopy(ip, 0, b, 0, 20);
        Pkt.put16(b, 2, b.length);
        Pkt.put16(b, 6, (mf ? 0x2000 : 0) | (off >> 3));
        System.arraycopy(data, 0, b, 20, data.length);
        Pkt.fixIp(b, 0);
        return b;
    }

    static void pushAll(Harness h, List<byte[]> frags) {
        for (byte[] f : frags) {
            h.push(ip(h, f, 0));
        }
    }

    @Test
    void nonFragmentsPassStraightThrough() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2);
        Packet p = ip(h, Pkt.udp("10.0.0.1", "10.0.0.2", 1, 2, new byte[100]), 0);
        h.push(p);
        assertSame(p, h.single(0));
        assertTrue(h.read("dump").startsWith("frags seen total:    0\n"));
    }

    @Test
    void inOrderFragmentsFromIPFragmenterReassembleToTheOriginalBytes() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2);
        int free = h.available();
        int[][] cases = {{3000, 576}, {1472, 100}, {200, 28}, {1000, 1500 - 1000 + 28}, {20000, 1500}, {65000, 9000}};
        for (int[] c : cases) {
            byte[] d = datagram(7, c[0], c[1]);
            pushAll(h, fragment(d, c[1]));
            Packet out = h.single(0);
            assertArrayEquals(d, out.toByteArray(), "size " + c[0] + " mtu " + c[1]);
            assertEquals(0, out.networkHeaderOffset());
            assertEquals(0, h.out(1).size());
            h.clearOutputs();
        }
        assertEquals(free, h.available(), "no packet leaked");
        assertTrue(h.read("dump").contains("good reassemblies:   6\n"));
        assertTrue(h.read("dump").endsWith("cached chunk data:\n"), "nothing held");
    }

    @Test
    void reversedShuffledAndDuplicatedFragmentsReassemble() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2);
        int free = h.available();
        byte[] d = datagram(99, 5000, 3);
        List<byte[]> frags = fragment(d, 400);
        List<byte[]> rev = new ArrayList<>(frags);
        Collections.reverse(rev);
        pushAll(h, rev);
        assertArrayEquals(d, h.single(0).toByteArray());
        h.clearOutputs();
        Random rnd = new Random(42);
        for (int round = 0; round < 20; round++) {
            byte[] dr = datagram(1000 + round, 5000, 3);
            List<byte[]> fr = fragment(dr, 400);
            List<byte[]> s = new ArrayList<>(fr);
            for (int k = 0; k < 5; k++) {
                s.add(fr.get(rnd.nextInt(fr.size())));
            }
            Collections.shuffle(s, rnd);
            int completions = 0;
            for (byte[] f : s) {
                h.push(ip(h, f, 0));
                completions += h.out(0).size();
                for (Packet p : h.out(0)) {
                    assertArrayEquals(dr, p.toByteArray(), "round " + round);
                }
                h.clearOutputs();
            }
            // a duplicate arriving after completion starts a new (incomplete) datagram, as in Click
            assertEquals(1, completions, "round " + round);
        }
        h.element.cleanup();
        assertEquals(free, h.available());
    }

    @Test
    void overlappingFragmentsReassembleAndLaterDataWin() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2);
        byte[] d = datagram(5, 800, 1);
        byte[] data = Arrays.copyOfRange(d, 20, d.length);
        // consistent overlaps: [0,400) [200,600) [560,808)
        byte[] a = frag(d, 0, true, Arrays.copyOfRange(data, 0, 400));
        byte[] b = frag(d, 200, true, Arrays.copyOfRange(data, 200, 600));
        byte[] c = frag(d, 560, false, Arrays.copyOfRange(data, 560, data.length));
        for (byte[][] order : new byte[][][] {{a, b, c}, {c, b, a}, {b, c, a}, {b, a, c}}) {
            pushAll(h, List.of(order));
            assertArrayEquals(d, h.single(0).toByteArray());
            h.clearOutputs();
        }
        // conflicting overlaps: the data that arrive last win, as in Click
        byte[] base = Pkt.udp("10.1.1.1", "10.2.2.2", 1, 2, new byte[16]);
        byte[] fa = new byte[16];
        Arrays.fill(fa, (byte) 'A');
        byte[] fb = new byte[16];
        Arrays.fill(fb, (byte) 'B');
        byte[] x = frag(base, 0, true, fa);
        byte[] y = frag(base, 8, false, fb);
        pushAll(h, List.of(x, y));
        byte[] r = h.single(0).toByteArray();
        assertEquals(44, r.length);
        assertEquals(44, Pkt.u16(r, 2));
        assertEquals(0, Pkt.u16(r, 6));
        assertTrue(Pkt.verifies(r, 0, 20));
        assertEquals("AAAAAAAABBBBBBBBBBBBBBBB", new String(r, 20, 24, java.nio.charset.StandardCharsets.US_ASCII));
        h.clearOutputs();
        pushAll(h, List.of(y, x));
        r = h.single(0).toByteArray();
        assertEquals("AAAAAAAAAAAAAAAABBBBBBBB", new String(r, 20, 24, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void interleavedDatagramsAreKeptApart() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2);
        int free = h.available();
        List<byte[]> originals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // same id for several sources, same source for several ids, and one differing only in protocol
            byte[] d = datagram(i % 8, 1200 + i * 37, i / 8);
            if (i == 39) {
                d = datagram(0, 1200, 0);
                d[9] = 6;
                Pkt.fixIp(d, 0);
            }
            originals.add(d);
        }
        // datagrams with equal (src, dst, id, proto) would merge: keep only distinct keys
        List<String> keys = new ArrayList<>();
        List<byte[]> distinct = new ArrayList<>();
        List<byte[]> frags = new ArrayList<>();
        for (byte[] d : originals) {
            String k = Arrays.toString(Arrays.copyOfRange(d, 12, 20)) + Pkt.u16(d, 4) + "/" + d[9];
            if (!keys.contains(k)) {
                keys.add(k);
                distinct.add(d);
                frags.addAll(fragment(d, 300));
            }
        }
        assertEquals(40, distinct.size());
        Collections.shuffle(frags, new Random(7));
        pushAll(h, frags);
        assertEquals(distinct.size(), h.out(0).size());
        List<String> got = new ArrayList<>();
        for (Packet p : h.out(0)) {
            got.add(Arrays.toString(p.toByteArray()));
        }
        for (byte[] d : distinct) {
            assertTrue(got.contains(Arrays.toString(d)), "datagram reassembled exactly");
        }
        h.clearOutputs();
        assertEquals(free, h.available());
    }

    @Test
    void linkHeaderAnnotationsAndMtuAnnoComeFromTheFragments() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "MAX_MTU_ANNO 20", 2);
        byte[] d = datagram(3, 1000, 2);
        List<byte[]> frags = fragment(d, 600);
        assertEquals(2, frags.size());
        // the first fragment carries an Ethernet header and paint; the second arrives first, bare
        h.push(ip(h, frags.get(1), 0));
        Packet first = ip(h, Pkt.ether(frags.get(0)), 14);
        first.setPaint(9);
        first.setMacHeaderOffset(0);
        first.setTimestampNanos(5);
        h.push(first);
        assertEquals(1, h.out(0).size());
        Packet out = h.single(0);
        assertArrayEquals(Pkt.ether(d), out.toByteArray());
        assertEquals(14, out.networkHeaderOffset());
        assertEquals(0, out.macHeaderOffset());
        assertEquals(9, out.paint());
        assertEquals(5, out.timestampNanos(), "timestamp of the completing fragment");
        assertEquals(600 - (600 - 20) % 8, (out.anno8(20) << 8) | out.anno8(21));
        assertEquals(List.of("MAX_MTU_ANNO: out of range, bound 46"),
                Harness.configErrors(new IPReassembler(), "MAX_MTU_ANNO 47"));
    }

    @Test
    void malformedFragmentsAreDroppedAndCounted() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2);
        int free = h.available();
        byte[] base = Pkt.udp("10.1.1.1", "10.2.2.2", 1, 2, new byte[0]);
        byte[] tooFar = frag(base, 65528, true, new byte[16]); // ends past 65535
        byte[] empty = frag(base, 8, true, new byte[0]); // no data
        byte[] odd = frag(base, 0, true, new byte[12]); // non-final, not a multiple of 8
        byte[] shortPkt = frag(base, 16, false, new byte[16]);
        Pkt.put16(shortPkt, 2, 60); // claims more than it has
        Pkt.fixIp(shortPkt, 0);
        pushAll(h, List.of(tooFar, empty, odd, shortPkt));
        h.push(h.packet(new byte[40])); // no network header annotation
        assertEquals(0, h.out(0).size());
        assertEquals(0, h.out(1).size());
        assertTrue(h.read("dump").contains("bad fragments seen:  5\n"), h.read("dump"));
        assertEquals(free, h.available());
        // a fragment longer than its IP length is trimmed; data past a known end are refused
        byte[] last = frag(base, 16, false, new byte[8]);
        byte[] padded = Arrays.copyOf(frag(base, 0, true, new byte[16]), 20 + 16 + 6);
        byte[] beyond = frag(base, 24, true, new byte[8]);
        pushAll(h, List.of(last, beyond, padded));
        byte[] r = h.single(0).toByteArray();
        assertEquals(20 + 24, r.length);
        assertTrue(Pkt.verifies(r, 0, 20));
        h.clearOutputs();
        assertEquals(free, h.available());
    }

    @Test
    void incompleteDatagramsExpireAfterThirtySecondsToOutputOne() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 2, T0);
        int free = h.available();
        byte[] d = datagram(11, 1000, 4);
        List<byte[]> frags = fragment(d, 300); // 4 fragments
        h.push(ip(h, frags.get(0), 0));
        h.push(ip(h, frags.get(2), 0));
        assertTrue(h.read("dump").contains(" (10.0.0.5, 1004, 192.168.1.2, 53) 11 (0,280) (560,840)\n"),
                h.read("dump"));
        h.router.clock().advanceTo(T0 + 29_000_000_000L);
        byte[] other = datagram(12, 1000, 4);
        h.push(ip(h, fragment(other, 300).get(3), 0));
        assertEquals(0, h.out(1).size(), "not yet");
        h.router.clock().advanceTo(T0 + 31_000_000_000L);
        h.push(ip(h, fragment(other, 300).get(1), 0));
        Packet partial = h.single(1);
        byte[] r = partial.toByteArray();
        // header of the first fragment, the data received at their offsets, holes zeroed, MF kept
        assertEquals(20 + 840, r.length);
        assertEquals(r.length, Pkt.u16(r, 2));
        assertEquals(0x2000, Pkt.u16(r, 6));
        assertTrue(Pkt.verifies(r, 0, 20));
        assertArrayEquals(Arrays.copyOfRange(d, 20, 300), Arrays.copyOfRange(r, 20, 300));
        assertArrayEquals(new byte[280], Arrays.copyOfRange(r, 300, 580));
        assertArrayEquals(Arrays.copyOfRange(d, 580, 860), Arrays.copyOfRange(r, 580, 860));
        assertTrue(h.read("dump").contains("failed reassemblies: 1\n"));
        // the other datagram is still held and completes
        h.push(ip(h, fragment(other, 300).get(0), 0));
        h.push(ip(h, fragment(other, 300).get(2), 0));
        assertArrayEquals(other, h.single(0).toByteArray());
        h.clearOutputs();
        assertEquals(free, h.available());
    }

    @Test
    void expiredDatagramWithoutItsFirstFragmentIsDroppedWhenOutputOneIsUnconnected() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "", 1, T0);
        int free = h.available();
        byte[] d = datagram(11, 1000, 4);
        List<byte[]> frags = fragment(d, 300);
        h.push(ip(h, frags.get(3), 0));
        h.router.clock().advanceTo(T0 + 31_000_000_000L);
        h.push(ip(h, fragment(datagram(1, 1000, 1), 300).get(0), 0));
        assertEquals(0, h.out(0).size());
        assertTrue(h.read("dump").contains("failed reassemblies: 1\n"));
        h.element.cleanup();
        assertEquals(free, h.available());
    }

    @Test
    void timerExpiresIdleDatagramsUnderSimtime(@TempDir Path dir) throws Exception {
        byte[] d = datagram(21, 3000, 5);
        List<byte[]> frags = fragment(d, 576);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < frags.size(); i++) {
            if (i != 2) {
                frames.add(Pkt.ether(frags.get(i)));
            }
        }
        Path in = dir.resolve("in.pcap");
        Pkt.writePcap(in, frames);
        Path out = dir.resolve("out.pcap");
        String cfg = "FromDump(" + in + ", STOP false) -> CheckIPHeader(14) -> r :: IPReassembler -> c :: Counter "
                + "-> Discard; r[1] -> e :: Counter -> ToDump(" + out + ", SNAPLEN 65535); Script(wait WAIT, stop)";
        TestRouter early = TestRouter.compile(cfg.replace("WAIT", "29"), Map.of(), true, 1);
        if (early.router == null) {
            throw new AssertionError(early.errors());
        }
        early.runToEnd(Duration.ofSeconds(20));
        assertEquals(0, early.readLong("e.count"), "not expired at 29 s");
        TestRouter t = TestRouter.compile(cfg.replace("WAIT", "31"), Map.of(), true, 1);
        t.runToEnd(Duration.ofSeconds(20));
        assertEquals(0, t.readLong("c.count"));
        assertEquals(1, t.readLong("e.count"), "expired by 31 s");
        List<byte[]> got = Pkt.readPcap(out);
        assertEquals(1, got.size());
        byte[] r = got.get(0);
        // the third fragment, [1104, 1656), is missing: zeroed
        assertArrayEquals(Arrays.copyOfRange(Pkt.ether(d), 0, 14 + 20 + 1104), Arrays.copyOfRange(r, 0, 14 + 20 + 1104));
        assertArrayEquals(new byte[552], Arrays.copyOfRange(r, 14 + 20 + 1104, 14 + 20 + 1656));
        assertArrayEquals(Arrays.copyOfRange(Pkt.ether(d), 14 + 20 + 1656, r.length),
                Arrays.copyOfRange(r, 14 + 20 + 1656, r.length));
        assertEquals(14 + d.length, r.length);
    }

    @Test
    void fragmenterThenReassemblerPipelineRestoresTheTrace(@TempDir Path dir) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 200; i++) {
            int n = rnd.nextInt(1450);
            frames.add(Pkt.ether(datagram(i, n, i % 50)));
        }
        Path in = dir.resolve("in.pcap");
        Pkt.writePcap(in, frames);
        Path out = dir.resolve("out.pcap");
        String cfg = "FromDump(" + in + ", STOP true) -> CheckIPHeader(14) -> IPFragmenter(300) "
                + "-> r :: IPReassembler -> ToDump(" + out + ");";
        TestRouter t = TestRouter.run(cfg, Duration.ofSeconds(20));
        List<byte[]> got = Pkt.readPcap(out);
        assertEquals(frames.size(), got.size(), t.read("r.dump"));
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), got.get(i), "packet " + i);
        }
    }

    @Test
    void himemExceededThrowsAwayTheOldestDatagrams() throws Exception {
        Harness h = Harness.of(new IPReassembler(), "HIMEM 4000", 2, T0);
        int free = h.available();
        List<List<byte[]>> sets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<byte[]> f = fragment(datagram(100 + i, 1400, i), 600);
            sets.add(f);
            h.push(ip(h, f.get(0), 0)); // 40 + 576 bytes held each
        }
        // over 4000 (7 x 616) at the 8th: the oldest go until at most 3000 remain
        assertEquals(List.of(100, 101, 102), ids(h.out(1)));
        h.clearOutputs();
        // completing the newest brings memory over HIMEM again: more of the oldest go, the newest completes
        h.push(ip(h, sets.get(9).get(1), 0));
        h.push(ip(h, sets.get(9).get(2), 0));
        assertEquals(List.of(109), ids(h.out(0)));
        assertEquals(List.of(103, 104, 105), ids(h.out(1)));
        h.clearOutputs();
        h.element.cleanup();
        assertEquals(free, h.available());
    }

    static List<Integer> ids(List<Packet> ps) {
        List<Integer> r = new ArrayList<>();
        for (Packet p : ps) {
            r.add(Pkt.u16(p.toByteArray(), 4));
        }
        return r;
    }

    @Test
    void pullModeReassemblesToo() throws Exception {
        byte[] d = datagram(8, 1400, 6);
        String hex = java.util.HexFormat.of().formatHex(Pkt.ether(d));
        String cfg = "InfiniteSource(DATA \\<" + hex + ">, LIMIT 5) -> CheckIPHeader(14) "
                + "-> IPFragmenter(500) -> Queue -> r :: IPReassembler -> c :: Counter -> Discard; Script(wait 1, stop)";
        TestRouter t = TestRouter.compile(cfg, Map.of(), true, 1).runToEnd(Duration.ofSeconds(20));
        assertEquals(5, t.readLong("c.count"), t.read("r.dump"));
    }

    @Test
    void reassemblyAllocatesNothingInSteadyState() {
        byte[] d = Pkt.ether(datagram(8, 1400, 6));
        String hex = java.util.HexFormat.of().formatHex(d);
        String cfg = "InfiniteSource(DATA \\<" + hex + ">, BURST 16) -> CheckIPHeader(14) -> IPFragmenter(576) "
                + "-> r :: IPReassembler -> IPGWOptions(1.2.3.4) -> c :: Counter -> Discard;";
        TestRouter t = TestRouter.compile(cfg);
        if (t.router == null) {
            throw new AssertionError(t.errors());
        }
        var tasks = t.router.threads()[0].tasks();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            round(tasks);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50_000; i++) {
            round(tasks);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(t.readLong("c.count") > 100_000, t.read("r.dump"));
        assertTrue(allocated < 64 * 1024, "data path allocated " + allocated + " bytes");
        t.router.cleanup();
    }

    private static void round(List<io.uniclick.core.element.Task> tasks) {
        for (int k = 0, n = tasks.size(); k < n; k++) {
            var task = tasks.get(k);
            if (task.scheduled()) {
                task.doWork();
            }
        }
    }
}
