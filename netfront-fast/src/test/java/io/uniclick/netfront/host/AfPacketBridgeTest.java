package io.uniclick.netfront.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AfPacketBridge over a veth pair (root only): frames cross intact, in order, without allocating. */
class AfPacketBridgeTest {
    private static final long ID = ProcessHandle.current().pid() % 10000;

    @BeforeAll
    static void needRoot() {
        assumeTrue(Host.isRoot(), "needs root (veth, AF_PACKET)");
        assumeTrue(Host.have("ip"), "needs iproute2");
    }

    /** Sends {@code n} frames from {@code a} in batches of 32 and reads them on {@code b}; returns frames received in order. */
    private static int cross(AfPacketBridge a, AfPacketBridge b, MemorySegment out, MemorySegment in, int n, int[] seq) {
        return cross(a, b, out, in, n, seq, 32);
    }

    private static int cross(AfPacketBridge a, AfPacketBridge b, MemorySegment out, MemorySegment in, int n, int[] seq, int batch) {
        int got = 0;
        for (int sent = 0; sent < n; sent += batch) {
            for (int i = 0; i < batch; i++) {
                out.set(ValueLayout.JAVA_INT_UNALIGNED, 14, seq[0]++);
                a.tx(out, 200);
            }
            a.flush();
            long end = System.nanoTime() + 2_000_000_000L;
            int want = got + batch;
            while (got < want && System.nanoTime() < end) {
                int len = b.nextRx(in, 65536);
                if (len == 200 && in.get(ValueLayout.JAVA_INT_UNALIGNED, 14) == seq[1]) {
                    seq[1]++;
                    got++;
                }
            }
        }
        return got;
    }

    @Test
    void framesCrossAVethPairInOrderWithoutAllocating() throws Exception {
        String da = "ucnbz" + ID + "a";
        String db = "ucnbz" + ID + "b";
        Host.sh("ip link del " + da + " 2>/dev/null; true");
        assertTrue(Host.sh("ip link add " + da + " type veth peer name " + db + " && sysctl -qw net.ipv6.conf." + da
                + ".disable_ipv6=1 net.ipv6.conf." + db + ".disable_ipv6=1 && ip link set " + da + " up && ip link set " + db + " up").ok());
        try (Arena arena = Arena.ofConfined()) {
            AfPacketBridge a = AfPacketBridge.open(da, 1024, 256);
            AfPacketBridge b = AfPacketBridge.open(db, 1024, 256);
            try {
                MemorySegment out = arena.allocate(2048);
                MemorySegment in = arena.allocate(65536);
                for (int i = 0; i < 6; i++) {
                    out.set(ValueLayout.JAVA_BYTE, i, (byte) 0x02); // a locally administered unicast destination
                }
                out.set(ValueLayout.JAVA_SHORT_UNALIGNED, 12, Short.reverseBytes((short) 0x88b5)); // local experimental type
                int[] seq = new int[2];
                // warm-up until the JIT compiled everything with C2 (flush() too: its C1 code allocates in the downcall)
                assertEquals(64_000, cross(a, b, out, in, 64_000, seq));
                assertEquals(20_000, cross(a, b, out, in, 20_000, seq, 1));
                var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long t = Thread.currentThread().threadId();
                // steady state: rounds until one allocates nothing, at most 30 (on a loaded machine the
                // C2 compilation of flush(), whose C1 code allocates in the downcall, can come late)
                long allocated = Long.MAX_VALUE;
                long calls0 = a.sendCalls();
                int rounds = 0;
                while (rounds < 30 && allocated >= 8192) {
                    long before = mx.getThreadAllocatedBytes(t);
                    int got = cross(a, b, out, in, 20_480, seq);
                    allocated = Math.min(allocated, mx.getThreadAllocatedBytes(t) - before);
                    assertEquals(20_480, got, "frames received in order");
                    rounds++;
                }
                assertTrue(allocated < 8192, "bridge data path allocated " + allocated + " bytes for 20,480 frames");
                assertEquals(0, a.txDrops());
                assertEquals(0, b.oversized());
                assertEquals(rounds * 20_480 / 32, a.sendCalls() - calls0, "one send() per batch of 32");
            } finally {
                a.close();
                b.close();
            }
        } finally {
            Host.sh("ip link del " + da);
        }
    }
}
