package io.uniclick.elements.aqm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import org.junit.jupiter.api.Test;

/** Rates and shaping on the simulated clock (a spinning task would crawl the virtual clock and time out). */
class RatesTest {
    private static final String STOP_AT_1S = "TimedSource(1, LIMIT 0, STOP true) -> Discard;\n";

    private static void assertBetween(long lo, long hi, long v, String what) {
        assertTrue(v >= lo && v <= hi, what + " = " + v + ", expected " + lo + ".." + hi);
    }

    @Test
    void ratedSplitterPassesRatePerSecondAndDivertsTheRest() {
        TestRouter t = Sim.run("RatedSource(RATE 5000) -> rs :: RatedSplitter(1000);"
                + "rs[0] -> a :: Counter -> Discard; rs[1] -> b :: Counter -> Discard;\n" + STOP_AT_1S);
        long a = t.readLong("a.count");
        long b = t.readLong("b.count");
        assertBetween(1000, 1021, a, "output 0"); // 1000/s plus the initial 20 ms bucket
        assertBetween(4995, 5001, a + b, "total");
        assertEquals(b, t.readLong("rs.excess"));
        assertEquals("1000", t.read("rs.rate"));
    }

    @Test
    void ratedSplitterWithoutSecondOutputDropsTheExcessAndRateIsWritable() throws Exception {
        TestRouter t = Sim.run("RatedSource(RATE 2000) -> rs :: RatedSplitter(500, BURST_SIZE 1) -> a :: Counter -> Discard;\n" + STOP_AT_1S);
        assertBetween(500, 502, t.readLong("a.count"), "passed");
        t.write("rs.rate", "700");
        assertEquals("700", t.read("rs.rate"));
    }

    @Test
    void bandwidthRatedSplitterCountsBytes() {
        TestRouter t = Sim.run("RatedSource(LENGTH 100, RATE 500) -> rs :: BandwidthRatedSplitter(10kBps);"
                + "rs[0] -> a :: Counter -> Discard; rs[1] -> b :: Counter -> Discard;\n" + STOP_AT_1S);
        assertBetween(100, 103, t.readLong("a.count"), "output 0"); // 10000 B/s of 100-byte packets + 200 B bucket
        assertEquals("10000Bps", t.read("rs.rate"));
    }

    @Test
    void burstArgumentsAreExclusive() {
        String e = Sim.configError("Idle -> RatedSplitter(10, BURST_SIZE 4, BURST_DURATION 1s) -> Discard;");
        assertTrue(e.contains("mutually exclusive"), e);
        String e2 = Sim.configError("Idle -> RatedSplitter -> Discard;");
        assertTrue(e2.contains("RATE: required argument missing"), e2);
    }

    @Test
    void meterSendsTheWholeStreamToTheBandOfItsRate() {
        TestRouter slow = Sim.run("RatedSource(RATE 500) -> m :: Meter(1000); m[0] -> a :: Counter -> Discard; m[1] -> b :: Counter -> Discard;\n" + STOP_AT_1S);
        assertBetween(499, 501, slow.readLong("a.count"), "slow stream below the meter");
        assertEquals(0, slow.readLong("b.count"));
        TestRouter fast = Sim.run("RatedSource(RATE 3000) -> m :: Meter(1000); m[0] -> a :: Counter -> Discard; m[1] -> b :: Counter -> Discard;\n" + STOP_AT_1S);
        long a = fast.readLong("a.count");
        long b = fast.readLong("b.count");
        assertBetween(2999, 3001, a + b, "total");
        assertTrue(b > 2800, "fast stream above the meter after the average warms up: " + b);
        double rate = Double.parseDouble(fast.read("m.rate"));
        assertTrue(rate > 2700 && rate < 3300, "measured rate " + rate);
        assertEquals("1000\n", fast.read("m.meters"));
    }

    @Test
    void meterWithSeveralBands() {
        TestRouter t = Sim.run("RatedSource(RATE 1500) -> m :: Meter(1000, 2000);"
                + "m[0] -> a :: Counter -> Discard; m[1] -> b :: Counter -> Discard; m[2] -> c :: Counter -> Discard;\n" + STOP_AT_1S);
        assertTrue(t.readLong("b.count") > 1300, "middle band: " + t.readLong("b.count"));
        assertEquals(0, t.readLong("c.count"));
    }

    @Test
    void bandwidthMeterMeasuresBytes() {
        TestRouter t = Sim.run("RatedSource(LENGTH 100, RATE 1000) -> m :: BandwidthMeter(50kBps);"
                + "m[0] -> a :: Counter -> Discard; m[1] -> b :: Counter -> Discard;\n" + STOP_AT_1S);
        assertTrue(t.readLong("b.count") > 900, "100 kB/s is above 50 kB/s: " + t.readLong("b.count"));
    }

    @Test
    void meterRejectsBadRates() {
        assertTrue(Sim.configError("Idle -> m :: Meter(2000, 1000); m[0] -> Discard; m[1] -> Discard; m[2] -> Discard;")
                .contains("rate 2 must be > rate 1"));
        assertTrue(Sim.configError("Idle -> m :: Meter(1000); m[0] -> Discard;").contains("output"));
    }

    @Test
    void shaperPassesRatePacketsPerSecondAndItsPullerSleeps() {
        TestRouter t = Sim.run("InfiniteSource(LIMIT 1000) -> q :: Queue(2000) -> s :: Shaper(100) -> u :: Unqueue -> c :: Counter -> Discard;\n" + STOP_AT_1S);
        long n = t.readLong("c.count");
        assertBetween(100, 102, n, "shaped");
        assertEquals(1000 - n, t.readLong("q.length"));
        assertEquals(n, t.readLong("s.count"));
        assertEquals("100", t.read("s.rate"));
    }

    @Test
    void shaperFeedingAPullSinkDoesNotSpin() {
        TestRouter t = Sim.run("InfiniteSource(LIMIT 1000) -> q :: Queue(2000) -> Shaper(250) -> d :: Discard;\n"
                + "TimedSource(2, LIMIT 0, STOP true) -> Discard;");
        assertBetween(500, 502, t.readLong("d.count"), "shaped");
    }

    @Test
    void shaperWakesWhenItsEmptyQueueFills() {
        TestRouter t = Sim.run("TimedSource(0.5, LIMIT 3) -> q :: Queue -> Shaper(1000) -> u :: Unqueue -> c :: Counter -> Discard;\n"
                + "TimedSource(2, LIMIT 0, STOP true) -> Discard;");
        assertEquals(3, t.readLong("c.count"));
    }

    @Test
    void shaperOverAPullSourcePollsOnlyWhenItHasTokens() {
        TestRouter t = Sim.run("InfiniteSource -> Shaper(50) -> u :: Unqueue -> c :: Counter -> Discard;\n" + STOP_AT_1S);
        assertBetween(50, 52, t.readLong("c.count"), "shaped");
    }

    @Test
    void bandwidthShaperLimitsBytes() {
        TestRouter t = Sim.run("InfiniteSource(LENGTH 100, LIMIT 1000) -> q :: Queue(2000) -> s :: BandwidthShaper(10kBps) -> u :: Unqueue -> c :: Counter -> Discard;\n" + STOP_AT_1S);
        assertBetween(100, 102, t.readLong("c.count"), "shaped");
    }

    @Test
    void shaperRateIsWritable() throws Exception {
        TestRouter t = Sim.compiled("Idle -> q :: Queue -> s :: Shaper(100) -> Discard;");
        t.write("s.rate", "20k");
        assertEquals("20000", t.read("s.rate"));
    }
}
