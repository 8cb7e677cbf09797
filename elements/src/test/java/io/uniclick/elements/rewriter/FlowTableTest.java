package io.uniclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    static long a(int i) {
        return FlowTable.keyA(0x0A000000 + i, 0xC0000201);
    }

    static long b(int i) {
        return FlowTable.keyB(1, 1024 + (i & 0x3FFF), 80);
    }

    static long ra(int i) {
        return FlowTable.keyA(0xC0000201, 0xC6336401);
    }

    static long rb(int i) {
        return FlowTable.keyB(1, 80, i);
    }

    @Test
    void entriesAreFoundFromBothDirectionsAndRemovedCleanlyWhileGrowing() {
        FlowTable t = new FlowTable(FlowTable.MAX_FLOWS, 1, 16);
        Random rnd = new Random(3);
        Map<Integer, Integer> live = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            int i = rnd.nextInt(20_000);
            if (live.containsKey(i)) {
                if (rnd.nextInt(3) == 0) {
                    t.destroy(live.remove(i));
                }
            } else {
                live.put(i, t.add(a(i), b(i), ra(i), rb(i), 0, 1, 0, 0, 0));
            }
        }
        assertEquals(live.size(), t.size());
        for (int i = 0; i < 20_000; i++) {
            Integer f = live.get(i);
            if (f == null) {
                assertEquals(-1, t.lookup(a(i), b(i)));
                assertEquals(-1, t.lookup(ra(i), rb(i)));
            } else {
                assertEquals(2 * f, t.lookup(a(i), b(i)));
                assertEquals(2 * f + 1, t.lookup(ra(i), rb(i)));
            }
        }
    }

    @Test
    void expiredFlowsAreReapedInExpiryOrderPerTimeoutClass() {
        FlowTable t = new FlowTable(1000, 1);
        t.listTimeout[0] = 1000;
        t.listTimeout[1] = 100;
        int f0 = t.add(a(0), b(0), ra(0), rb(0), 0, 1, 0, 0, 0);
        int f1 = t.add(a(1), b(1), ra(1), rb(1), 0, 1, 0, 10, 0);
        int f2 = t.add(a(2), b(2), ra(2), rb(2), 0, 1, 0, 20, 1);
        assertEquals(0, t.reap(119, 100));
        assertEquals(1, t.reap(120, 100)); // f2: 20 + 100
        assertFalse(t.live(f2));
        t.touch(f0, 500, 0); // refreshed: now expires at 1500
        assertEquals(1, t.reap(1010, 100));
        assertFalse(t.live(f1));
        assertTrue(t.live(f0));
        assertEquals(1, t.reap(1500, 100));
        assertEquals(0, t.size());
    }

    @Test
    void fullTableEvictsTheBestEffortFlowClosestToExpiryButNeverAGuaranteedOne() {
        FlowTable t = new FlowTable(1000, 1);
        t.budget.capacity = 2;
        t.listTimeout[0] = 10_000;
        t.listGuarantee[0] = 5_000;
        int f0 = t.add(a(0), b(0), ra(0), rb(0), 0, 1, 0, 0, 0);
        int f1 = t.add(a(1), b(1), ra(1), rb(1), 0, 1, 0, 1000, 0);
        assertEquals(-1, t.add(a(2), b(2), ra(2), rb(2), 0, 1, 0, 4000, 0), "both flows are guaranteed");
        int f2 = t.add(a(2), b(2), ra(2), rb(2), 0, 1, 0, 5500, 0);
        assertTrue(f2 >= 0);
        assertFalse(t.live(f0) && t.lookup(a(0), b(0)) >= 0, "the oldest best-effort flow was evicted");
        assertTrue(t.lookup(a(1), b(1)) >= 0);
        assertEquals(2, t.size());
        assertEquals(f1, t.lookup(a(1), b(1)) >> 1);
    }

    @Test
    void aNewFlowWhoseReplyKeyIsTakenReplacesTheOldFlowAsClickDoes() {
        FlowTable t = new FlowTable(1000, 1);
        t.listTimeout[0] = 10_000;
        t.add(a(0), b(0), ra(5), rb(5), 0, 1, 0, 0, 0);
        t.add(a(1), b(1), ra(5), rb(5), 0, 1, 0, 0, 0);
        assertEquals(1, t.size());
        assertEquals(-1, t.lookup(a(0), b(0)));
        assertTrue(t.lookup(a(1), b(1)) >= 0);
    }
}
