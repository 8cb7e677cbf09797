package io.uniclick.elements.iproute;

import java.util.Arrays;
import java.util.HashMap;

/**
 * Interned (gateway, output) pairs of a route table, so the lookup structures store one small
 * index per prefix. Index 0 is "no route" (output -1). Reference counted; indices are reused.
 * The data path reads {@link #port} and {@link #gw} directly.
 */
final class NextHops {
    /** Largest number of distinct (gateway, output) pairs. */
    static final int MAX = 0xFFFF;

    int[] port = new int[16];
    int[] gw = new int[16];
    private int[] refs = new int[16];
    private int size = 1;
    private int freeHead = -1;
    private final HashMap<Long, Integer> index = new HashMap<>();

    NextHops() {
        port[0] = -1;
    }

    private static long key(int gw, int port) {
        return ((long) gw << 32) | (port & 0xFFFFFFFFL);
    }

    /** The index for (gw, port), adding a reference; -1 when the table is full. */
    int intern(int g, int p) {
        Integer i = index.get(key(g, p));
        if (i != null) {
            refs[i]++;
            return i;
        }
        int n;
        if (freeHead >= 0) {
            n = freeHead;
            freeHead = refs[n];
        } else {
            if (size > MAX) {
                return -1;
            }
            n = size++;
            if (n >= port.length) {
                int cap = Math.min(port.length * 2, MAX + 1);
                port = Arrays.copyOf(port, cap);
                gw = Arrays.copyOf(gw, cap);
                refs = Arrays.copyOf(refs, cap);
            }
        }
        port[n] = p;
        gw[n] = g;
        refs[n] = 1;
        index.put(key(g, p), n);
        return n;
    }

    /** Drops a reference to {@code i}. */
    void release(int i) {
        if (i <= 0) {
            return;
        }
        if (--refs[i] == 0) {
            index.remove(key(gw[i], port[i]));
            port[i] = -1;
            gw[i] = 0;
            refs[i] = freeHead;
            freeHead = i;
        }
    }

    /** Forgets everything. */
    void clear() {
        index.clear();
        size = 1;
        freeHead = -1;
        Arrays.fill(port, -1);
        Arrays.fill(gw, 0);
        Arrays.fill(refs, 0);
    }
}
