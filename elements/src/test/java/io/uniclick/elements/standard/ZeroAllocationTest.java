package io.uniclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Task;
import io.uniclick.core.element.TimerQueue;
import io.uniclick.core.runtime.RouterThread;
import io.uniclick.elements.TestRouter;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroAllocationTest {
    private static final String PIPELINE = """
            InfiniteSource(LENGTH 60) -> q :: Queue -> Unqueue -> Paint(3) -> t :: Tee(2);
            t[0] -> Strip(14) -> Unstrip(14) -> Null -> rr :: RoundRobinSwitch;
            rr[0] -> Print(x, ACTIVE false) -> sw :: Switch(0) -> ac :: AverageCounter -> Discard;
            rr[1] -> ps :: PaintSwitch; ps[0] -> Discard; ps[1] -> Discard; ps[2] -> Discard; ps[3] -> c :: Counter -> Discard;
            t[1] -> StaticSwitch(0) -> q2 :: SimpleQueue -> Discard;
            RatedSource(LENGTH 60, RATE 100000000) -> q3 :: Queue -> RatedUnqueue(50000000) -> Discard;
            TimedSource(0.0001) -> Discard;
            Idle -> Discard;
            """;

    @Test
    void steadyStateDataPathAllocatesNothing() {
        TestRouter t = TestRouter.compile(PIPELINE);
        if (t.router == null) {
            throw new AssertionError(t.errors());
        }
        RouterThread th = t.router.threads()[0];
        List<Task> tasks = th.tasks();
        TimerQueue timers = th.timers();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 50_000; i++) {
            round(tasks, timers, t);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            round(tasks, timers, t);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        long packets = Long.parseLong(t.read("c.count"));
        assertTrue(packets > 100_000, "pipeline moved only " + packets + " packets");
        assertTrue(allocated < 64 * 1024, "data path allocated " + allocated + " bytes");
        t.router.cleanup();
    }

    private static void round(List<Task> tasks, TimerQueue timers, TestRouter t) {
        for (int k = 0, n = tasks.size(); k < n; k++) {
            Task task = tasks.get(k);
            if (task.scheduled()) {
                task.doWork();
            }
        }
        if (!timers.isEmpty()) {
            timers.runExpired(t.router.clock().now());
        }
    }
}
