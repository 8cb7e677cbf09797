package io.uniclick.elements.aqm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpreadingTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final Path SAMPLE = Path.of("../configs/traces/sample.pcap");

    /** Click's HashSwitch output for each packet of a pcap file, counted per output. */
    private static long[] expectedHashCounts(Path pcap, int off, int len, int nout) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        long[] counts = new long[nout];
        int pos = 24;
        while (pos + 16 <= bb.limit()) {
            int caplen = bb.getInt(pos + 8);
            int data = pos + 16;
            int o = 0;
            if (caplen >= off + len) {
                int d = 0;
                for (int k = off; k < off + len; k++) {
                    d += bb.get(data + k) & 0xFF;
                }
                o = (nout == 2 || nout == 4 || nout == 8) ? (d ^ (d >> 4)) & (nout - 1) : d % nout;
            }
            counts[o]++;
            pos = data + caplen;
        }
        return counts;
    }

    @Test
    void hashSwitchSendsEachPacketToTheOutputOfItsByteSum() throws IOException {
        for (int nout : new int[] {2, 3}) {
            StringBuilder cfg = new StringBuilder("FromDump(" + SAMPLE + ", STOP true) -> hs :: HashSwitch(26, 8);\n");
            for (int i = 0; i < nout; i++) {
                cfg.append("hs[").append(i).append("] -> c").append(i).append(" :: Counter -> Discard;\n");
            }
            TestRouter t = TestRouter.run(cfg.toString(), T);
            long[] want = expectedHashCounts(SAMPLE, 26, 8, nout);
            long total = 0;
            for (int i = 0; i < nout; i++) {
                assertEquals(want[i], t.readLong("c" + i + ".count"), "output " + i + " of " + nout);
                total += want[i];
                assertTrue(want[i] > 0, "every output used");
            }
            assertEquals(2000, total);
        }
    }

    @Test
    void hashSwitchSendsShortPacketsToOutputZero() {
        TestRouter t = TestRouter.run("InfiniteSource(LENGTH 10, LIMIT 5, STOP true) -> hs :: HashSwitch(26, 8);"
                + "hs[0] -> a :: Counter -> Discard; hs[1] -> b :: Counter -> Discard;", T);
        assertEquals(5, t.readLong("a.count"));
        assertEquals(0, t.readLong("b.count"));
    }

    @Test
    void hashSwitchNeedsAPositiveLength() {
        String e = Sim.configError("Idle -> HashSwitch(0, 0) -> Discard;");
        assertTrue(e.contains("length must be > 0"), e);
        String e2 = Sim.configError("Idle -> HashSwitch(4) -> Discard;");
        assertTrue(e2.contains("LENGTH: required argument missing"), e2);
    }

    @Test
    void randomSwitchUsesEveryOutput() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 3000, STOP true) -> rs :: RandomSwitch;"
                + "rs[0] -> a :: Counter -> Discard; rs[1] -> b :: Counter -> Discard; rs[2] -> c :: Counter -> Discard;", T);
        long a = t.readLong("a.count");
        long b = t.readLong("b.count");
        long c = t.readLong("c.count");
        assertEquals(3000, a + b + c);
        for (long x : new long[] {a, b, c}) {
            assertTrue(x > 850 && x < 1150, "share " + x);
        }
    }

    @Test
    void randomSampleKeepsAboutPAndCountsDrops() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 20000, STOP true) -> r :: RandomSample(0.25) -> c :: Counter -> Discard;", T);
        long kept = t.readLong("c.count");
        assertTrue(kept > 4600 && kept < 5400, "kept " + kept);
        assertEquals(20000 - kept, t.readLong("r.drops"));
        assertEquals("0.25", t.read("r.sampling_prob"));
        assertEquals("0.75", t.read("r.drop_prob"));
    }

    @Test
    void randomSampleDropKeywordAndSecondOutput() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 1000, STOP true) -> r :: RandomSample(DROP 1);"
                + "r[0] -> a :: Counter -> Discard; r[1] -> b :: Counter -> Discard;", T);
        assertEquals(0, t.readLong("a.count"));
        assertEquals(1000, t.readLong("b.count"));
        assertEquals("0", t.read("r.sampling_prob"));
    }

    @Test
    void randomSampleInactivePassesEverythingAndWorksInPull() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 500, STOP true) -> r :: RandomSample(0, ACTIVE false) -> c :: Counter -> Discard;", T);
        assertEquals(500, t.readLong("c.count"));
        TestRouter p = Sim.run("InfiniteSource(LIMIT 1000) -> Queue(2000) -> r :: RandomSample(SAMPLE 0.5) -> u :: Unqueue -> c :: Counter -> Discard;"
                + "TimedSource(1, LIMIT 0, STOP true) -> Discard;");
        long kept = p.readLong("c.count");
        assertEquals(1000, kept + p.readLong("r.drops"));
        assertTrue(kept > 400 && kept < 600, "kept " + kept);
    }

    @Test
    void randomSampleRequiresAProbability() {
        String e = Sim.configError("Idle -> RandomSample -> Discard;");
        assertTrue(e.contains("you must specify a sampling probability"), e);
        String e2 = Sim.configError("Idle -> RandomSample(1.5) -> Discard;");
        assertTrue(e2.contains("P: out of range"), e2);
    }

    @Test
    void randomSampleHandlersChangeTheProbability() throws Exception {
        TestRouter t = TestRouter.compile("Idle -> r :: RandomSample(0.5) -> Discard;");
        t.write("r.drop_prob", "0.1");
        assertEquals("0.9", t.read("r.sampling_prob"));
        t.write("r.sampling_prob", "0.125");
        assertEquals("0.875", t.read("r.drop_prob"));
    }

    @Test
    void checkLengthDivertsLongPackets() {
        TestRouter t = TestRouter.run("InfiniteSource(LENGTH 100, LIMIT 7, STOP true) -> cl :: CheckLength(60);"
                + "cl[0] -> a :: Counter -> Discard; cl[1] -> b :: Counter -> Discard;", T);
        assertEquals(0, t.readLong("a.count"));
        assertEquals(7, t.readLong("b.count"));
        TestRouter u = TestRouter.run("InfiniteSource(LENGTH 60, LIMIT 7, STOP true) -> cl :: CheckLength(60) -> a :: Counter -> Discard;", T);
        assertEquals(7, u.readLong("a.count"));
        assertEquals(0, u.readLong("cl.drops"));
        TestRouter v = TestRouter.run("InfiniteSource(LENGTH 61, LIMIT 7, STOP true) -> cl :: CheckLength(60) -> a :: Counter -> Discard;", T);
        assertEquals(0, v.readLong("a.count"));
        assertEquals(7, v.readLong("cl.drops"));
    }
}
