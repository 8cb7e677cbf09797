package io.uniclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Task;
import io.uniclick.core.element.TimerQueue;
import io.uniclick.core.runtime.RouterThread;
import io.uniclick.elements.TestRouter;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IPZeroAllocationTest {
    @Test
    void ipPathAllocatesNothingInSteadyState() {
        String tcp = HexFormat.of().formatHex(Pkt.ether(Pkt.tcp("10.0.0.1", "192.168.0.5", 1234, 80, 1, 2, 0x10, 100,
                new byte[6])));
        String cfg = "InfiniteSource(DATA \\<" + tcp + ">, BURST 32) -> Strip(14) -> CheckIPHeader -> GetIPAddress(16) "
                + "-> dt :: DecIPTTL -> SetTCPChecksum -> CheckTCPHeader -> IPPrint(ACTIVE false) -> SetIPChecksum "
                + "-> IPFragmenter(1500) -> StoreIPAddress(dst) -> FixIPSrc(1.1.1.1) -> DropBroadcasts "
                + "-> UDPIPEncap(1.1.1.1, 1, 2.2.2.2, 2) -> IPEncap(4, 1.1.1.1, 2.2.2.2) -> MarkIPHeader "
                + "-> StripToNetworkHeader -> c :: Counter -> Discard; dt[1] -> Discard;";
        TestRouter t = TestRouter.compile(cfg);
        if (t.router == null) {
            throw new AssertionError(t.errors());
        }
        RouterThread th = t.router.threads()[0];
        List<Task> tasks = th.tasks();
        TimerQueue timers = th.timers();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 30_000; i++) {
            round(tasks);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            round(tasks);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        long packets = Long.parseLong(t.read("c.count"));
        assertTrue(packets > 100_000, "pipeline moved only " + packets + " packets");
        assertTrue(allocated < 64 * 1024, "data path allocated " + allocated + " bytes");
        assertTrue(timers != null);
        t.router.cleanup();
    }

    private static void round(List<Task> tasks) {
        for (int k = 0, n = tasks.size(); k < n; k++) {
            Task task = tasks.get(k);
            if (task.scheduled()) {
                task.doWork();
            }
        }
    }
}
