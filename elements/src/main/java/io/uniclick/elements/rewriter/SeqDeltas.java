package io.uniclick.elements.rewriter;

/**
 * TCPRewriter's per-flow sequence-number deltas (Click's {@code TCPFlow} delta transitions), for
 * elements such as {@link FTPPortMapper} that change the length of a TCP payload.
 *
 * <p>Per flow and direction there is a base delta and a list of transitions (trigger, delta),
 * newest first, with non-decreasing triggers in sequence space. A packet's sequence number
 * {@code s} is shifted by the delta of the newest transition whose trigger is at or before
 * {@code s}, or by the base delta; an acknowledgement {@code a} travelling the other way is
 * shifted back by the newest transition whose trigger is at or before {@code a - delta}. A
 * transition that the flow has left 2<sup>30</sup> behind becomes the base, as in Click.
 *
 * <p>Records live in one int array, allocated on first use of a flow and recycled when the flow
 * goes: the pool grows by doubling (allocation only while it grows). Unlike Click's unbounded
 * list, a direction keeps at most {@link #K} transitions; installing one more folds the oldest
 * into the base (only retransmissions from before the {@code K}th-newest PORT command would see
 * the difference).
 */
final class SeqDeltas {
    /** Transitions kept per direction. */
    static final int K = 8;
    private static final int DIR = 2 + 2 * K; // count, base, K x (trigger, delta)
    private static final int REC = 2 * DIR;
    private static final int STALE = 1 << 30;

    private int[] pool = new int[16 * REC];
    private int[] freeRecs = new int[16];
    private int nfree;
    private int used;
    /** Record of each flow plus one; 0 = none. */
    private int[] recOf = new int[0];

    /** Sequence comparison: {@code a} at or after {@code b} (Click's SEQ_GEQ). */
    static boolean seqGeq(int a, int b) {
        return a - b >= 0;
    }

    /** Whether flow {@code f} has a record. */
    boolean has(int f) {
        return f < recOf.length && recOf[f] != 0;
    }

    /** The record base of flow {@code f} (which must have one). */
    int rec(int f) {
        return (recOf[f] - 1) * REC;
    }

    /** Drops flow {@code f}'s record, if any. */
    void release(int f) {
        if (f < recOf.length && recOf[f] != 0) {
            if (nfree == freeRecs.length) {
                freeRecs = java.util.Arrays.copyOf(freeRecs, 2 * nfree);
            }
            freeRecs[nfree++] = recOf[f] - 1;
            recOf[f] = 0;
        }
    }

    private int obtain(int f) {
        if (f >= recOf.length) {
            recOf = java.util.Arrays.copyOf(recOf, Math.max(f + 1, 2 * recOf.length));
        }
        if (recOf[f] == 0) {
            int r;
            if (nfree > 0) {
                r = freeRecs[--nfree];
            } else {
                r = used++;
                if ((long) used * REC > pool.length) {
                    pool = java.util.Arrays.copyOf(pool, 2 * pool.length);
                }
            }
            java.util.Arrays.fill(pool, r * REC, (r + 1) * REC, 0);
            recOf[f] = r + 1;
        }
        return (recOf[f] - 1) * REC;
    }

    /**
     * Click's {@code update_seqno_delta}: from sequence number {@code trigger} on, direction
     * {@code dir}'s packets carry {@code delta} more bytes than before. Returns false (nothing
     * changed) if {@code trigger} is before the newest transition.
     */
    boolean update(int f, int dir, int trigger, int delta) {
        final int[] p = has(f) ? pool : null;
        if (p != null) {
            int o = rec(f) + dir * DIR;
            if (p[o] > 0 && !seqGeq(trigger, p[o + 2])) {
                return false;
            }
        }
        final int o = obtain(f) + dir * DIR;
        final int[] q = pool;
        int n = q[o];
        if (n > 0 && q[o + 2] == trigger) {
            // same trigger (a retransmitted change): replace it
            q[o + 3] = (n > 1 ? q[o + 5] : q[o + 1]) + delta;
        } else {
            int cur = n > 0 ? q[o + 3] : q[o + 1];
            if (n == K) {
                q[o + 1] = q[o + 2 + 2 * (K - 1) + 1];
                n--;
            }
            System.arraycopy(q, o + 2, q, o + 4, 2 * n);
            q[o + 2] = trigger;
            q[o + 3] = cur + delta;
            n++;
        }
        // an older transition 2^30 behind the new trigger becomes the base
        for (int i = 1; i < n; i++) {
            if (seqGeq(trigger, q[o + 2 + 2 * i] + STALE)) {
                q[o + 1] = q[o + 3 + 2 * i];
                n = i;
                break;
            }
        }
        q[o] = n;
        return true;
    }

    /** Forgets direction {@code dir}'s newest transition once {@code seq} is 2^30 past it (it becomes the base). */
    void advance(int rec, int dir, int seq) {
        final int o = rec + dir * DIR;
        if (pool[o] > 0 && seqGeq(seq, pool[o + 2] + STALE)) {
            pool[o + 1] = pool[o + 3];
            pool[o] = 0;
        }
    }

    /** Whether direction {@code dir} shifts anything (a transition or a non-zero base). */
    boolean active(int rec, int dir) {
        final int o = rec + dir * DIR;
        return pool[o] > 0 || pool[o + 1] != 0;
    }

    /** Click's {@code new_seq}: sequence number {@code seq} of a direction-{@code dir} packet, shifted. */
    int newSeq(int rec, int dir, int seq) {
        final int[] q = pool;
        final int o = rec + dir * DIR;
        for (int i = 0, n = q[o]; i < n; i++) {
            if (seqGeq(seq, q[o + 2 + 2 * i])) {
                return seq + q[o + 3 + 2 * i];
            }
        }
        return seq + q[o + 1];
    }

    /** Click's {@code new_ack}: acknowledgement {@code ack} of a direction-{@code dir} packet, shifted back. */
    int newAck(int rec, int dir, int ack) {
        final int[] q = pool;
        final int o = rec + (dir ^ 1) * DIR;
        for (int i = 0, n = q[o]; i < n; i++) {
            int d = q[o + 3 + 2 * i];
            if (seqGeq(ack - d, q[o + 2 + 2 * i])) {
                return ack - d;
            }
        }
        return ack - q[o + 1];
    }

    /** The current (newest) delta of direction {@code dir} of flow {@code f}, 0 if none (the table handler). */
    int currentDelta(int f, int dir) {
        if (!has(f)) {
            return 0;
        }
        final int o = rec(f) + dir * DIR;
        return pool[o] > 0 ? pool[o + 3] : pool[o + 1];
    }
}
