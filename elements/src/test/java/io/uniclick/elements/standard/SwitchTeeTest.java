package io.uniclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.handler.HandlerException;
import io.uniclick.elements.TestRouter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SwitchTeeTest {
    private static TestRouter run(String cfg) {
        return TestRouter.run(cfg, Duration.ofSeconds(20));
    }

    private static void assertConfigError(String cfg, String message) {
        TestRouter t = TestRouter.compile(cfg);
        assertNull(t.router, cfg);
        assertTrue(t.errors().contains(message), t.errors());
    }

    @Test
    void teeCopiesEveryPacketToEveryOutput() {
        TestRouter t = run("InfiniteSource(LIMIT 50, STOP true) -> t :: Tee(3);"
                + "t[0] -> c0 :: Counter -> Discard; t[1] -> c1 :: Counter -> Discard; t[2] -> c2 :: Counter -> Discard;");
        assertEquals(50, t.readLong("c0.count"));
        assertEquals(50, t.readLong("c1.count"));
        assertEquals(50, t.readLong("c2.count"));
        assertEquals(0, t.readLong("t.drops"));
    }

    @Test
    void teeCopiesAreIndependentAndOutputsArePushedInOrder() {
        TestRouter t = run("InfiniteSource(hello, LIMIT 1, STOP true) -> t :: Tee;"
                + "t[0] -> Strip(2) -> Print(a) -> Discard; t[1] -> Print(b) -> Discard;");
        assertEquals("a:    3 | 6c6c6f\nb:    5 | 68656c6c 6f\n", t.printed());
    }

    @Test
    void teeWithWrongNIsAConfigError() {
        assertConfigError("Idle -> t :: Tee(2); t[0] -> Discard; t[1] -> Discard; t[2] -> Discard;", "  3 outputs implies 3 arms");
    }

    @Test
    void nullPassesPacketsInPushAndPull() {
        TestRouter t = run("InfiniteSource(LIMIT 7, STOP true) -> Null -> c :: Counter -> Discard;");
        assertEquals(7, t.readLong("c.count"));
        TestRouter p = run("InfiniteSource(LIMIT 7, STOP true) -> Queue -> Null -> Unqueue -> c :: Counter -> Discard;");
        assertEquals(7, p.readLong("c.count"));
    }

    @Test
    void stripAndUnstripMoveTheDataStart() {
        TestRouter t = run("InfiniteSource(hello, LIMIT 1, STOP true) -> Strip(2) -> Print(s) -> Unstrip(2) -> Print(u) -> Discard;");
        assertEquals("s:    3 | 6c6c6f\nu:    5 | 68656c6c 6f\n", t.printed());
    }

    @Test
    void stripDropsAndCountsPacketsShorterThanLength() {
        TestRouter t = run("InfiniteSource(hello, LIMIT 4, STOP true) -> s :: Strip(6) -> c :: Counter -> Discard;");
        assertEquals(4, t.readLong("s.drops"));
        assertEquals(0, t.readLong("c.count"));
        TestRouter e = run("InfiniteSource(hello, LIMIT 4, STOP true) -> s :: Strip(5) -> c :: Counter -> Discard;");
        assertEquals(0, e.readLong("s.drops"));
        assertEquals(4, e.readLong("c.count"));
        assertEquals(0, e.readLong("c.byte_count"));
    }

    @Test
    void unstripBeyondTheHeadroomDropsAndCounts() {
        TestRouter t = run("InfiniteSource(hello, LIMIT 2, STOP true) -> u :: Unstrip(129) -> c :: Counter -> Discard;");
        assertEquals(2, t.readLong("u.drops"));
        assertEquals(0, t.readLong("c.count"));
    }

    @Test
    void stripNeedsALength() {
        assertConfigError("Idle -> Strip -> Discard;", "  LENGTH: required argument missing");
    }

    @Test
    void paintSwitchSendsByPaint() {
        TestRouter t = run("InfiniteSource(LIMIT 4, STOP true) -> Paint(1) -> ps :: PaintSwitch;"
                + "ps[0] -> c0 :: Counter -> Discard; ps[1] -> c1 :: Counter -> Discard;");
        assertEquals(0, t.readLong("c0.count"));
        assertEquals(4, t.readLong("c1.count"));
    }

    @Test
    void paint255GoesToAllOutputsAndOutOfRangeIsDropped() {
        TestRouter t = run("InfiniteSource(LIMIT 4, STOP true) -> Paint(255) -> ps :: PaintSwitch;"
                + "ps[0] -> c0 :: Counter -> Discard; ps[1] -> c1 :: Counter -> Discard;");
        assertEquals(4, t.readLong("c0.count"));
        assertEquals(4, t.readLong("c1.count"));
        TestRouter d = run("InfiniteSource(LIMIT 4, STOP true) -> Paint(5) -> ps :: PaintSwitch;"
                + "ps[0] -> c0 :: Counter -> Discard; ps[1] -> c1 :: Counter -> Discard;");
        assertEquals(0, d.readLong("c0.count") + d.readLong("c1.count"));
        assertEquals(4, d.readLong("ps.drops"));
    }

    @Test
    void paintOnAnotherAnnotationAndColorHandler() throws Exception {
        TestRouter t = run("InfiniteSource(LIMIT 3, STOP true) -> p :: Paint(1, 20) -> ps :: PaintSwitch(20);"
                + "ps[0] -> c0 :: Counter -> Discard; ps[1] -> c1 :: Counter -> Discard;");
        assertEquals(3, t.readLong("c1.count"));
        t.write("p.color", "0");
        assertEquals("0", t.read("p.color"));
        assertThrows(HandlerException.class, () -> t.write("p.color", "300"));
        assertConfigError("Idle -> Paint(256) -> Discard;", "  COLOR: out of range, bound 255");
    }

    @Test
    void switchSendsEverythingToOneOutput() throws Exception {
        TestRouter t = run("InfiniteSource(LIMIT 5, STOP true) -> s :: Switch(1);"
                + "s[0] -> c0 :: Counter -> Discard; s[1] -> c1 :: Counter -> Discard;");
        assertEquals(0, t.readLong("c0.count"));
        assertEquals(5, t.readLong("c1.count"));
        assertEquals("1", t.read("s.switch"));
        t.write("s.switch", "7");
        assertEquals("-1", t.read("s.switch"));
        t.write("s.switch", "0");
        assertEquals("0", t.read("s.switch"));
        HandlerException e = assertThrows(HandlerException.class, () -> t.write("s.switch", "x"));
        assertEquals("Switch output must be integer", e.getMessage());
    }

    @Test
    void switchNegativeDrops() {
        TestRouter t = run("InfiniteSource(LIMIT 5, STOP true) -> s :: Switch(-1) -> c0 :: Counter -> Discard;");
        assertEquals(0, t.readLong("c0.count"));
    }

    @Test
    void switchOutputTooBigIsAConfigError() {
        assertConfigError("Idle -> Switch(1) -> Discard;", "  output must be < 1");
    }

    @Test
    void staticSwitchIsFixedAndDropsBeyondItsOutputs() {
        TestRouter t = run("InfiniteSource(LIMIT 5, STOP true) -> s :: StaticSwitch(1);"
                + "s[0] -> c0 :: Counter -> Discard; s[1] -> c1 :: Counter -> Discard;");
        assertEquals(5, t.readLong("c1.count"));
        TestRouter d = run("InfiniteSource(LIMIT 5, STOP true) -> StaticSwitch(3) -> c0 :: Counter -> Discard;");
        assertEquals(0, d.readLong("c0.count"));
    }

    @Test
    void roundRobinSwitchSpreadsPacketByPacketAcrossBatches() {
        TestRouter t = run("InfiniteSource(LIMIT 10, BURST 4, STOP true) -> rr :: RoundRobinSwitch;"
                + "rr[0] -> c0 :: Counter -> Discard; rr[1] -> c1 :: Counter -> Discard; rr[2] -> c2 :: Counter -> Discard;");
        assertEquals(4, t.readLong("c0.count"));
        assertEquals(3, t.readLong("c1.count"));
        assertEquals(3, t.readLong("c2.count"));
    }

    @Test
    void averageCounterAveragesOverFirstToLastPacket() throws Exception {
        TestRouter t = SimRun.sim("RatedSource(LENGTH 100, RATE 100, LIMIT 101, STOP true) -> a :: AverageCounter -> Discard;");
        assertEquals(101, t.readLong("a.count"));
        assertEquals(10100, t.readLong("a.byte_count"));
        double rate = Double.parseDouble(t.read("a.rate"));
        assertEquals(101.0, rate, 0.01);
        assertEquals(10100.0, Double.parseDouble(t.read("a.byte_rate")), 1);
        t.write("a.reset", "");
        assertEquals(0, t.readLong("a.count"));
    }

    @Test
    void averageCounterIgnoresTheFirstSeconds() {
        TestRouter t = SimRun.sim("RatedSource(RATE 10, LIMIT 21, STOP true) -> a :: AverageCounter(1) -> Discard;");
        long n = t.readLong("a.count");
        assertTrue(n == 11 || n == 10, "count " + n);
        assertEquals(n, Double.parseDouble(t.read("a.rate")), 0.1);
    }

    @Test
    void rateFormatFollowsCPercentPoint12g() {
        assertEquals("101", AverageCounter.formatG12(101.0));
        assertEquals("0.5", AverageCounter.formatG12(0.5));
        assertEquals("1234567.891", AverageCounter.formatG12(1234567.891));
        assertEquals("1e+15", AverageCounter.formatG12(1e15));
        assertEquals("3.33333333333", AverageCounter.formatG12(10.0 / 3));
        assertEquals("1e-05", AverageCounter.formatG12(0.00001));
        assertEquals("0", AverageCounter.formatG12(0));
    }
}
