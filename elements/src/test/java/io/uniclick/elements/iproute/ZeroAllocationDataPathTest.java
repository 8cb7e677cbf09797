package io.uniclick.elements.iproute;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Task;
import io.uniclick.core.element.TimerQueue;
import io.uniclick.core.runtime.RouterThread;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroAllocationDataPathTest {
    // an ARP request for 10.0.0.1 from 02:00:00:00:00:09 / 10.0.0.9, padded to 60 bytes
    private static final String ARP_REQUEST = "\\<ffffffffffff 020000000009 0806 0001 0800 06 04 0001 020000000009 0a000009"
            + " 000000000000 0a000001 000000000000000000000000000000000000>";

    private static final String PIPELINE = "InfiniteSource(DATA \"" + ARP_REQUEST + "\") -> q :: Queue -> Unqueue\n"
            + "  -> r :: ARPResponder(10.0.0.1 00:11:22:33:44:55) -> HostEtherFilter(02:00:00:00:00:09)\n"
            + "  -> VLANEncap(VLAN_ID 5) -> VLANDecap -> EtherMirror -> EtherRewrite(02:00:00:00:00:01, 02:00:00:00:00:02)\n"
            + "  -> Strip(14) -> rt :: RadixIPLookup(10.0.0.0/8 0, 0.0.0.0/0 1);\n"
            + "r[1] -> Discard; rt[0] -> Discard;\n"
            + "rt[1] -> d :: DirectIPLookup(10.0.0.0/8 1, 0.0.0.0/0 0) -> li :: LinearIPLookup(0.0.0.0/0 1.2.3.4 0)\n"
            + "  -> aq :: ARPQuerier(10.0.0.2, 00:11:22:33:44:55) -> EtherEncap(0x0800, 00:00:00:00:00:01, 00:00:00:00:00:02)\n"
            + "  -> c :: Counter -> Discard;\n"
            + "d[1] -> Discard; Idle -> [1]aq; aq[1] -> Discard;\n";

    @Test
    void steadyStateDataPathAllocatesNothing() throws Exception {
        Harness h = Harness.ok(PIPELINE);
        h.write("aq.insert", "1.2.3.4 02:00:00:00:00:07");
        RouterThread th = h.router.threads()[0];
        List<Task> tasks = th.tasks();
        TimerQueue timers = th.timers();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 50_000; i++) {
            round(tasks, timers, h);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        long c0 = Long.parseLong(h.read("c.count"));
        for (int i = 0; i < 100_000; i++) {
            round(tasks, timers, h);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        long packets = Long.parseLong(h.read("c.count")) - c0;
        assertTrue(packets > 100_000, "pipeline moved only " + packets + " packets");
        assertTrue(allocated < 64 * 1024, "data path allocated " + allocated + " bytes for " + packets + " packets");
        h.router.cleanup();
    }

    private static void round(List<Task> tasks, TimerQueue timers, Harness h) {
        for (int k = 0, n = tasks.size(); k < n; k++) {
            Task task = tasks.get(k);
            if (task.scheduled()) {
                task.doWork();
            }
        }
        if (!timers.isEmpty()) {
            timers.runExpired(h.router.clock().now());
        }
    }
}
