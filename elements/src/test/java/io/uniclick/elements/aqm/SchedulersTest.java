package io.uniclick.elements.aqm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import org.junit.jupiter.api.Test;

/** Two queues filled with 200 packets each (painted 1 and 2), then drained through a scheduler. */
class SchedulersTest {
    private static String cfg(String sched, String unqueue, int limit, String len1, String len2) {
        return "InfiniteSource(LIMIT 200, BURST 100" + len1 + ") -> Paint(1) -> q1 :: Queue(500) -> [0]s :: " + sched + ";\n"
                + "InfiniteSource(LIMIT 200, BURST 100" + len2 + ") -> Paint(2) -> q2 :: Queue(500) -> [1]s;\n"
                + "s -> u :: Unqueue(" + unqueue + ", ACTIVE false) -> Counter(COUNT_CALL " + limit + " stop) -> ps :: PaintSwitch;\n"
                + "ps[0] -> Discard; ps[1] -> a :: Counter -> Discard; ps[2] -> b :: Counter -> Discard;\n"
                + "TimedSource(0.5, LIMIT 0, STOP true) -> Discard;\n";
    }

    /** Fills the queues, then lets the Unqueue run until the counter stops the router. */
    private static TestRouter drain(String config) throws Exception {
        TestRouter t = Sim.run(config);
        assertEquals(200, t.readLong("q1.length"));
        assertEquals(200, t.readLong("q2.length"));
        t.write("u.active", "true");
        t.router.resetStop();
        Sim.runRaw(t.router);
        return t;
    }

    @Test
    void roundRobinSchedAlternatesBetweenInputs() throws Exception {
        TestRouter t = drain(cfg("RoundRobinSched", "BURST 10, LIMIT 100", 100, "", ""));
        assertEquals(50, t.readLong("a.count"));
        assertEquals(50, t.readLong("b.count"));
    }

    @Test
    void roundRobinSchedOnePacketAtATime() throws Exception {
        TestRouter t = drain(cfg("RoundRobinSched", "BURST 1, LIMIT 7", 7, "", ""));
        assertEquals(4, t.readLong("a.count"));
        assertEquals(3, t.readLong("b.count"));
    }

    @Test
    void prioSchedServesInputZeroFirst() throws Exception {
        TestRouter t = drain(cfg("PrioSched", "BURST 10, LIMIT 250", 250, "", ""));
        assertEquals(200, t.readLong("a.count"));
        assertEquals(50, t.readLong("b.count"));
    }

    @Test
    void strideSchedSharesByTickets() throws Exception {
        TestRouter t = drain(cfg("StrideSched(3, 1)", "BURST 1, LIMIT 100", 100, "", ""));
        long a = t.readLong("a.count");
        assertTrue(a >= 74 && a <= 76, "input 0 share " + a);
        assertEquals("3", t.read("s.tickets0"));
        t.write("s.tickets1", "5");
        assertEquals("5", t.read("s.tickets1"));
    }

    @Test
    void drrSchedSharesBytes() throws Exception {
        TestRouter t = drain(cfg("DRRSched(QUANTUM 500)", "BURST 1, LIMIT 120", 120, ", LENGTH 100", ", LENGTH 500"));
        long a = t.readLong("a.count");
        long b = t.readLong("b.count");
        assertEquals(120, a + b);
        assertTrue(a >= 4 * b && a <= 6 * b, "100-byte input " + a + " vs 500-byte input " + b);
    }

    @Test
    void pullSwitchPullsFromTheSelectedInput() throws Exception {
        TestRouter t = drain(cfg("PullSwitch(1)", "BURST 10, LIMIT 30", 30, "", ""));
        assertEquals(0, t.readLong("a.count"));
        assertEquals(30, t.readLong("b.count"));
        assertEquals("1", t.read("s.switch"));
        t.write("s.switch", "5");
        assertEquals("-1", t.read("s.switch"));
    }

    @Test
    void staticPullSwitchPullsFromItsInput() throws Exception {
        TestRouter t = drain(cfg("StaticPullSwitch(0)", "BURST 10, LIMIT 30", 30, "", ""));
        assertEquals(30, t.readLong("a.count"));
    }

    @Test
    void pullSwitchOnAnEmptyInputSleepsAndWakesWhenSwitched() throws Exception {
        TestRouter t = Sim.run("InfiniteSource(LIMIT 50) -> q1 :: Queue -> [0]s :: PullSwitch(1);\n"
                + "Idle -> q2 :: Queue -> [1]s; s -> u :: Unqueue -> c :: Counter(COUNT_CALL 50 stop) -> Discard;\n"
                + "TimedSource(1, LIMIT 0, STOP true) -> Discard;");
        assertEquals(0, t.readLong("c.count")); // would crawl the virtual clock if the Unqueue spun on q1's packets
        assertEquals(50, t.readLong("q1.length"));
        t.write("s.switch", "0");
        t.router.resetStop();
        Sim.runRaw(t.router);
        assertEquals(50, t.readLong("c.count"));
    }
}
