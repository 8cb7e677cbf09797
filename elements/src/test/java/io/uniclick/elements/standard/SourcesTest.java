package io.uniclick.elements.standard;

import static io.uniclick.elements.standard.SimRun.runRaw;
import static io.uniclick.elements.standard.SimRun.sim;
import static io.uniclick.elements.standard.SimRun.simCompiled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesTest {
    private static final long T0 = 1_000_000_000L * 1_000_000_000L;

    /** Timestamps (ns since the simulated epoch start) of lines printed with TIMESTAMP true and no label. */
    private static List<Long> times(String printed) {
        List<Long> r = new ArrayList<>();
        for (String line : printed.split("\n")) {
            if (line.isBlank() || line.contains("overflow")) {
                continue;
            }
            String ts = line.substring(0, line.indexOf(':'));
            String[] p = ts.split("\\.");
            r.add(Long.parseLong(p[0]) * 1_000_000_000L + Long.parseLong(p[1]) - T0);
        }
        return r;
    }

    private static void assertNear(long expectedNs, long actualNs) {
        assertTrue(Math.abs(expectedNs - actualNs) < 10_000, "expected ~" + expectedNs + " ns, got " + actualNs);
    }

    @Test
    void ratedSourceSendsOnePacketPerIntervalAtVirtualTimes() {
        TestRouter t = sim("s :: RatedSource(hello, 10, 5, STOP true) -> Print(TIMESTAMP true, CONTENTS NONE) -> Discard;");
        List<Long> ts = times(t.printed());
        assertEquals(5, ts.size(), t.printed());
        for (int i = 0; i < 5; i++) {
            assertNear(i * 100_000_000L, ts.get(i));
        }
        assertEquals(5, t.readLong("s.count"));
    }

    @Test
    void ratedSourceRateOverOneSecond() {
        TestRouter t = simCompiled("s :: RatedSource(RATE 1000) -> c :: Counter -> Discard;\nTimedSource(1, LIMIT 0, STOP true) -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        long n = t.readLong("c.count");
        assertTrue(n >= 1000 && n <= 1001, "count " + n);
        assertEquals("1000", t.read("s.rate"));
    }

    @Test
    void ratedSourceDefaultRateIsTenPerSecond() {
        TestRouter t = simCompiled("RatedSource -> c :: Counter -> Discard;\nTimedSource(2, LIMIT 0, STOP true) -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        long n = t.readLong("c.count");
        assertTrue(n >= 20 && n <= 21, "count " + n);
    }

    @Test
    void ratedSourceBandwidthSetsTheRateFromTheLength() {
        TestRouter t = simCompiled("s :: RatedSource(LENGTH 100, BANDWIDTH 10kBps) -> c :: Counter -> Discard;\n"
                + "TimedSource(1, LIMIT 0, STOP true) -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals("100", t.read("s.rate"));
        assertEquals("100", t.read("s.length"));
        long n = t.readLong("c.count");
        assertTrue(n >= 100 && n <= 101, "count " + n);
    }

    @Test
    void ratedSourceInPullContextIsPacedByTokens() {
        TestRouter t = simCompiled("RatedSource(RATE 50) -> u :: Unqueue -> c :: Counter -> Discard;\n"
                + "TimedSource(1, LIMIT 0, STOP true) -> Discard;");
        runRaw(t.router, Duration.ofSeconds(60));
        long n = t.readLong("c.count");
        assertTrue(n >= 50 && n <= 52, "count " + n);
    }

    @Test
    void timedSourceSendsEveryIntervalAndStopsOneIntervalAfterTheLimit() {
        TestRouter t = simCompiled("s :: TimedSource(0.25, hi, LIMIT 3, STOP true) -> Print(TIMESTAMP true) -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        List<Long> ts = times(t.printed());
        assertEquals(3, ts.size(), t.printed());
        for (int i = 0; i < 3; i++) {
            assertNear((i + 1) * 250_000_000L, ts.get(i));
        }
        assertTrue(t.router.clock().now() - T0 >= 1_000_000_000L); // stop event at the 4th interval
        assertEquals("250ms", t.read("s.interval"));
        assertEquals("3", t.read("s.count"));
        assertEquals("hi", t.read("s.data"));
    }

    @Test
    void timedSourceDefaultIntervalIsHalfASecond() {
        TestRouter t = sim("TimedSource(LIMIT 2, STOP true) -> Print(TIMESTAMP true, CONTENTS NONE) -> Discard;");
        List<Long> ts = times(t.printed());
        assertNear(500_000_000L, ts.get(0));
        assertNear(1_000_000_000L, ts.get(1));
    }

    @Test
    void ratedUnqueueLimitsTheRateAndSleepsBetweenTokens() {
        TestRouter t = simCompiled("InfiniteSource(LIMIT 1000) -> q :: Queue -> r :: RatedUnqueue(100) -> c :: Counter -> Discard;\n"
                + "TimedSource(1, LIMIT 0, STOP true) -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20)); // would time out if it spun: the virtual clock would crawl
        long n = t.readLong("c.count");
        assertTrue(n >= 100 && n <= 103, "count " + n); // 100/s plus the initial bucket of 2
        assertEquals(1000 - n, t.readLong("q.length"));
        assertEquals("100", t.read("r.rate"));
    }

    @Test
    void ratedUnqueueBurstArgumentsAreExclusive() {
        TestRouter t = TestRouter.compile("Idle -> RatedUnqueue(10, BURST_SIZE 4, BURST_DURATION 1s) -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("  cannot specify both BURST_DURATION and BURST_SIZE"), t.errors());
        TestRouter t2 = TestRouter.compile("Idle -> RatedUnqueue -> Discard;");
        assertNull(t2.router);
        assertTrue(t2.errors().contains("  RATE: required argument missing"), t2.errors());
    }

    @Test
    void ratedSourceBadRateIsAConfigError() {
        TestRouter t = TestRouter.compile("RatedSource(x, RATE fast) -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("  RATE: invalid number"), t.errors());
    }
}
