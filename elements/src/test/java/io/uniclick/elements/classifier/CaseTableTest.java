package io.uniclick.elements.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CaseTableTest {
    @Test
    void everyCaseIsFoundAtItsPositionAndEveryOtherValueIsNot() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {1, 8, 9, 200, 1000}) {
            Map<Integer, Integer> pos = new HashMap<>();
            int[] vals = new int[n];
            for (int i = 0; i < n; i++) {
                int v;
                do {
                    // clustered values (like /24 networks) and the extremes
                    v = i == 0 ? Integer.MIN_VALUE : i == 1 ? -1 : i == 2 ? 0 : 0x0A000000 | r.nextInt(1 << 16) << 8;
                } while (pos.containsKey(v));
                vals[i] = v;
                pos.put(v, i);
            }
            CaseTable t = CaseTable.of(vals);
            for (int i = 0; i < n; i++) {
                assertEquals(i, CaseTable.position(vals[i], t.keys(), t.positions()), "case " + i + " of " + n);
            }
            for (int k = 0; k < 100_000; k++) {
                int v = k % 2 == 0 ? r.nextInt() : 0x0A000000 | r.nextInt(1 << 24);
                assertEquals(pos.getOrDefault(v, -1), CaseTable.position(v, t.keys(), t.positions()), "value " + v);
            }
        }
    }

    @Test
    void duplicateCasesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CaseTable.of(new int[] {5, 6, 5}));
    }
}
