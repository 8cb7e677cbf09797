package io.uniclick.elements.classifier;

import java.util.Arrays;

/**
 * An open-addressed hash table from a switch's case values to their positions, used by generated
 * classifiers for switches with many cases. At most a quarter full, so a probe almost always ends
 * at its first slot, whether the value is a case or not.
 *
 * @param keys      case value per slot
 * @param positions position of the slot's case in the switch, or -1 for an empty slot
 */
record CaseTable(int[] keys, int[] positions) {
    /** The table for distinct case values {@code vals}. */
    static CaseTable of(int[] vals) {
        int size = Integer.highestOneBit(Math.max(4, vals.length * 4 - 1)) << 1;
        int[] keys = new int[size];
        int[] positions = new int[size];
        Arrays.fill(positions, -1);
        for (int i = 0; i < vals.length; i++) {
            int h = slot(vals[i], size - 1);
            while (positions[h] >= 0) {
                if (keys[h] == vals[i]) {
                    throw new IllegalArgumentException("duplicate case value " + vals[i]);
                }
                h = (h + 1) & (size - 1);
            }
            keys[h] = vals[i];
            positions[h] = i;
        }
        return new CaseTable(keys, positions);
    }

    private static int slot(int v, int mask) {
        int h = v * 0x9E3779B1;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Position of {@code v} among the cases, or -1. */
    int position(int v) {
        return position(v, keys, positions);
    }

    /** Position of {@code v} among the cases, or -1 (called from generated code, with the tables as class data). */
    public static int position(int v, int[] keys, int[] positions) {
        final int mask = keys.length - 1;
        int h = slot(v, mask);
        while (true) {
            int at = positions[h];
            if (at < 0 || keys[h] == v) {
                return at;
            }
            h = (h + 1) & mask;
        }
    }
}
