package io.uniclick.netfront.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class NetifLoopbackTest {
    private static Thread backendThread() {
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (th.getName().equals("emulated-netback")) {
                return th;
            }
        }
        throw new AssertionError("no emulated-netback thread");
    }

    @Test
    void movesFramesBothWaysWithoutAllocating() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NetifLoopback l = new NetifLoopback()) {
            for (int i = 0; i < 20; i++) { // warm up (JIT)
                assertEquals(5000, l.txBatch(5000));
                assertEquals(5000, l.rxBatch(5000));
            }
            long t = Thread.currentThread().threadId();
            long back = backendThread().threadId();
            long before = mx.getThreadAllocatedBytes(t);
            long backBefore = mx.getThreadAllocatedBytes(back);
            for (int i = 0; i < 20; i++) {
                l.txBatch(5000);
                l.rxBatch(5000);
            }
            long allocated = mx.getThreadAllocatedBytes(t) - before;
            long backAllocated = mx.getThreadAllocatedBytes(back) - backBefore;
            assertTrue(allocated < 8192, "data path allocated " + allocated + " bytes for 200000 frames");
            // the backend polls xenstore at most once a millisecond; its data path allocates nothing
            assertTrue(backAllocated < 8192, "emulated netback allocated " + backAllocated + " bytes for 200000 frames");
            assertEquals(0, l.front().violationsTotal(), l.front().violationSummary());
            assertTrue(l.front().txNotifies() < l.front().txPackets() / 8, "tx notifications " + l.front().txNotifies());
        }
    }
}
