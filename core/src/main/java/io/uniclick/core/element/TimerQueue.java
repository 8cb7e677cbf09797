package io.uniclick.core.element;

import java.util.Arrays;

/** A binary min-heap of timers for one driver thread; no allocation once its array has grown. */
public final class TimerQueue {
    private Timer[] heap = new Timer[16];
    private int size;

    /** Arms or re-arms {@code t} for {@code when}. */
    public void schedule(Timer t, long when) {
        if (t.heapIndex >= 0) {
            remove(t);
        }
        t.expiry = when;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.heapIndex = size;
        up(size++);
    }

    /** Disarms {@code t} if armed. */
    public void remove(Timer t) {
        int i = t.heapIndex;
        if (i < 0) {
            return;
        }
        Timer last = heap[--size];
        heap[size] = null;
        t.heapIndex = -1;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            down(i);
            up(last.heapIndex);
        }
    }

    /** Earliest expiry, or {@code Long.MAX_VALUE} when empty. */
    public long nextExpiry() {
        return size == 0 ? Long.MAX_VALUE : heap[0].expiry;
    }

    /** Whether no timer is armed. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Runs every timer due at {@code now}; returns how many ran. */
    public int runExpired(long now) {
        int n = 0;
        while (size > 0 && heap[0].expiry <= now) {
            Timer t = heap[0];
            remove(t);
            t.run();
            n++;
        }
        return n;
    }

    private void up(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p].expiry <= t.expiry) {
                break;
            }
            heap[i] = heap[p];
            heap[i].heapIndex = i;
            i = p;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void down(int i) {
        Timer t = heap[i];
        for (;;) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && heap[c + 1].expiry < heap[c].expiry) {
                c++;
            }
            if (heap[c].expiry >= t.expiry) {
                break;
            }
            heap[i] = heap[c];
            heap[i].heapIndex = i;
            i = c;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
