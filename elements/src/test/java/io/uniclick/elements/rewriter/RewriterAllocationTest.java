package io.uniclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Element;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.elements.TestRouter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class RewriterAllocationTest {
    /** Pushes batches of 10,000 distinct TCP/UDP flows (both directions) through a rewriter and measures allocation after warm-up. */
    private static long steadyStateAllocation(String config, String name, int flows) {
        TestRouter t = TestRouter.compile(config);
        if (t.router == null) {
            throw new AssertionError(t.errors());
        }
        Element rw = t.router.element(name);
        PacketPool pool = t.router.pool(rw);
        byte[][] frames = new byte[flows][];
        for (int i = 0; i < flows; i++) {
            byte[] f = (i & 1) == 0
                    ? Pkt.tcp("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1024 + i % 50000, "192.0.2.1", 80, 0x10, 6)
                    : Pkt.udp("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1024 + i % 50000, "192.0.2.2", 53, 18, true);
            frames[i] = java.util.Arrays.copyOfRange(f, 14, f.length);
        }
        PacketBatch batch = new PacketBatch(32);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = 0;
        int k = 0;
        for (int round = 0; round < 30_000; round++) {
            if (round == 10_000) {
                before = mx.getCurrentThreadAllocatedBytes();
            }
            for (int j = 0; j < 32; j++) {
                byte[] f = frames[k];
                k = (k + 1) % flows;
                Packet p = pool.allocate(f.length);
                p.copyFrom(f, 0, 0, f.length);
                batch.add(p);
            }
            rw.push(0, batch);
            batch.clear();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(flows, Long.parseLong(t.read(name + ".table_size").trim()), t.read(name + ".mapping_failures"));
        return allocated;
    }

    @Test
    void natDataPathAllocatesNothingInSteadyState() {
        long a = steadyStateAllocation("Idle -> nat :: IPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1) -> Discard; nat[1] -> Discard;",
                "nat", 10_000);
        assertTrue(a < 64 * 1024, "NAT data path allocated " + a + " bytes");
    }

    @Test
    void loadBalancerDataPathAllocatesNothingInSteadyState() {
        long a = steadyStateAllocation("rr :: RoundRobinIPMapper(- - 172.16.0.1 - 0 1, - - 172.16.0.2 - 0 1);\n"
                + "Idle -> lb :: IPRewriter(rr) -> Discard; lb[1] -> Discard;", "lb", 10_000);
        assertTrue(a < 64 * 1024, "LB data path allocated " + a + " bytes");
    }
}
