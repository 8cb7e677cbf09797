package io.uniclick.elements.standard;

import static io.uniclick.elements.standard.SimRun.runRaw;
import static io.uniclick.elements.standard.SimRun.sim;
import static io.uniclick.elements.standard.SimRun.simCompiled;
import static io.uniclick.elements.standard.SimRun.taskOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueTest {
    /** A timer that stops the simulated run at 1 s: only reached quickly if nothing spins. */
    private static final String STOP_AT_1S = "TimedSource(1, LIMIT 0, STOP true) -> Discard;\n";

    @Test
    void idleFeedingASimpleQueueLeavesThePullingDiscardAsleep() {
        TestRouter t = sim("Idle -> q :: SimpleQueue -> d :: Discard;\n" + STOP_AT_1S);
        assertFalse(taskOf(t, "d").scheduled());
        assertEquals(0, t.readLong("d.count"));
    }

    @Test
    void unqueueDirectlyBehindIdleSleepsBecauseIdleIsAlwaysEmpty() {
        TestRouter t = sim("Idle -> u :: Unqueue -> Discard;\n" + STOP_AT_1S);
        assertEquals("false", t.read("u.scheduled"));
    }

    @Test
    void finiteSourceThroughQueueAndUnqueueDeliversEveryPacket() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 10, STOP true) -> q :: Queue -> Unqueue -> c :: Counter -> Discard;",
                Duration.ofSeconds(20));
        assertEquals(10, t.readLong("c.count"));
        assertEquals(0, t.readLong("q.length"));
    }

    @Test
    void pullerWakesWhenPacketsArriveLaterAndSleepsAgain() {
        TestRouter t = sim("TimedSource(0.1, LIMIT 5) -> q :: Queue -> u :: Unqueue -> c :: Counter -> Discard;\n" + STOP_AT_1S);
        assertEquals(5, t.readLong("c.count"));
        assertEquals("false", t.read("u.scheduled"));
    }

    @Test
    void overflowGoesToOutput1WhenConnectedAndIsReportedOnce() {
        TestRouter t = simCompiled("InfiniteSource(LIMIT 10, BURST 10, STOP true) -> q :: Queue(4);\n"
                + "q[0] -> Discard(ACTIVE false); q[1] -> c :: Counter -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals(4, t.readLong("q.length"));
        assertEquals(6, t.readLong("q.drops"));
        assertEquals(6, t.readLong("c.count"));
        assertEquals(4, t.readLong("q.highwater_length"));
        assertEquals("q :: Queue: overflow\n", t.printed());
    }

    @Test
    void overflowWithoutOutput1IsKilledAndCounted() {
        TestRouter t = simCompiled("InfiniteSource(LIMIT 10, BURST 10, STOP true) -> q :: SimpleQueue(3) -> Discard(ACTIVE false);");
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals(3, t.readLong("q.length"));
        assertEquals(7, t.readLong("q.drops"));
        assertEquals("q :: SimpleQueue: overflow\n", t.printed());
        var pool = t.router.threads()[0].pool();
        assertEquals(pool.capacity() - 3, pool.available()); // the 7 dropped packets went back to the pool
        t.router.cleanup();
        assertEquals(pool.capacity(), pool.available()); // cleanup frees the queued ones
    }

    @Test
    void queueIsFifoAcrossTheRingBoundaryAndHandlersWork() throws Exception {
        TestRouter t = simCompiled("""
                TimedSource(0.1, "aa", LIMIT 1) -> q :: Queue(2);
                TimedSource(0.2, "bbb", LIMIT 1) -> q;
                TimedSource(0.3, "c", LIMIT 1) -> q;
                TimedSource(0.4, LIMIT 0, STOP true) -> Discard;
                q -> u :: Unqueue(ACTIVE false) -> Print(x) -> c :: Counter(COUNT_CALL 2 stop) -> Discard;
                """);
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals(2, t.readLong("q.length"));
        assertEquals(1, t.readLong("q.drops"));
        assertEquals("2", t.read("q.capacity"));
        t.write("u.active", "true");
        t.router.resetStop();
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals("q :: Queue: overflow\nx:    2 | 6161\nx:    3 | 626262\n", t.printed());
        t.write("q.reset_counts", "");
        assertEquals(0, t.readLong("q.drops"));
        assertEquals(0, t.readLong("q.highwater_length"));
    }

    @Test
    void ringWrapsAroundUnderSustainedTraffic() {
        TestRouter t = TestRouter.compile("InfiniteSource(LIMIT 100000, STOP true) -> q :: Queue(7) -> Unqueue(5) -> c :: Counter -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals(100000, t.readLong("c.count") + t.readLong("q.drops") + t.readLong("q.length"));
        assertTrue(t.readLong("c.count") > 0);
    }

    @Test
    void capacityAndResetHandlers() throws Exception {
        TestRouter t = simCompiled("InfiniteSource(LIMIT 10, BURST 10, STOP true) -> q :: Queue(20);\n"
                + "q[0] -> Discard(ACTIVE false); q[1] -> c :: Counter -> Discard;");
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals(10, t.readLong("q.length"));
        t.write("q.capacity", "4");
        assertEquals("4", t.read("q.capacity"));
        assertEquals(4, t.readLong("q.length"));
        t.write("q.reset", "");
        assertEquals(0, t.readLong("q.length"));
        assertEquals(4, t.readLong("c.count")); // reset sends the queued packets to output 1, as Click
        assertThrowsHandler(() -> t.write("q.capacity", "x"));
    }

    private static void assertThrowsHandler(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(io.uniclick.core.handler.HandlerException.class, e);
    }

    @Test
    void badCapacityIsAConfigError() {
        TestRouter t = TestRouter.compile("Idle -> q :: Queue(xx) -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("config:1: While configuring 'q :: Queue':"), t.errors());
        assertTrue(t.errors().contains("  CAPACITY: invalid number"), t.errors());
    }

    @Test
    void notifierQueueIsAnAliasOfQueue() {
        TestRouter t = sim("Idle -> q :: NotifierQueue -> d :: Discard;\n" + STOP_AT_1S);
        assertEquals("NotifierQueue", t.read("q.class"));
        assertFalse(taskOf(t, "d").scheduled());
    }

    @Test
    void unqueueLimitStopsPullingAndResetResumes() throws Exception {
        TestRouter t = simCompiled("InfiniteSource(LIMIT 100) -> q :: Queue -> u :: Unqueue(LIMIT 30) -> c :: Counter -> Discard;\n"
                + STOP_AT_1S);
        runRaw(t.router, Duration.ofSeconds(20));
        assertEquals(30, t.readLong("c.count"));
        assertEquals(30, t.readLong("u.count"));
        assertEquals(70, t.readLong("q.length"));
        assertEquals("false", t.read("u.scheduled"));
        t.write("u.limit", "-1");
        assertEquals("true", t.read("u.scheduled"));
        assertEquals("-1", t.read("u.limit"));
        assertEquals("32", t.read("u.burst"));
    }
}
