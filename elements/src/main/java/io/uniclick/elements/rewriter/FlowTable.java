package io.uniclick.elements.rewriter;

/**
 * The flow table of the rewriters and of IPFlowFilter: flows with two entries each (forward and
 * reply), found by an open-addressing hash index over primitive arrays, and kept on
 * time-ordered intrusive lists, one per timeout class, so that expiry and eviction cost O(1)
 * per flow and never sweep the table.
 *
 * <p>An entry's key is a packed flow id: {@code a = saddr << 32 | daddr} and
 * {@code b = cls << 32 | sport << 16 | dport}, where {@code cls} (1–255) separates tables that
 * Click keeps apart (IPRewriter's TCP and UDP maps). Entry {@code e} belongs to flow
 * {@code e >> 1}; direction {@code e & 1} (0 forward, 1 reply). As in Click, the rewritten flow
 * of an entry is the reverse of the other entry's key.
 *
 * <p>The hash index stores two longs per slot: the key's {@code a}, and its {@code b} with the
 * entry number plus one in bits 40–63 (0 = empty slot). Linear probing, load at most one half,
 * deletion by backward shift (no tombstones). Storage starts at up to 65536 flows and doubles
 * on demand up to the capacity (at most 8,388,607 flows): allocation happens only while the table
 * grows, never in steady state.
 *
 * <p>Timeouts follow Click: a flow's expiry is its last use plus the timeout of its current
 * class; it is <em>guaranteed</em> (not evictable) while its last use is less than the
 * guarantee ago. Within one list the last-use times increase from head to tail, so the head is
 * the next to expire and the best eviction candidate. Times are kept in milliseconds (Click's
 * jiffies at user level).
 */
final class FlowTable {
    /** Number of timeout classes (lists). */
    static final int NLISTS = 8;
    /** Largest number of flows (the entry number must fit 24 bits). */
    static final int MAX_FLOWS = (1 << 23) - 1;
    private static final long KEY_MASK = (1L << 40) - 1;
    private static final int INITIAL = 1 << 16;

    /** Shared capacity (Click's IPRewriterHeap): several tables may share one. */
    static final class Budget {
        long capacity = 0x7FFFFFFFL;
        long size;
    }

    /** Called when a flow is destroyed (reaped, evicted, cleared or replaced). */
    interface Listener {
        void flowDestroyed(int flow);
    }

    /** Flag in {@link #tflags}: the flow has sequence-number deltas in {@link #seq} (TCPRewriter). */
    static final int TF_SEQ = 0x10;

    Budget budget = new Budget();
    Listener listener;
    /** Sequence-number deltas (TCPRewriter only; null elsewhere). */
    SeqDeltas seq;
    final int[] ownerCount;
    final long[] listTimeout = new long[NLISTS];
    final long[] listGuarantee = new long[NLISTS];

    private final int maxFlows;
    private int alloc;
    private int size;
    // per entry
    long[] keyA;
    long[] keyB;
    int[] out;
    // per flow
    long[] lastUsed;
    int[] prev;
    int[] next;
    byte[] list;
    byte[] tflags;
    short[] owner;
    char[] ipDelta;
    char[] l4Delta;
    int[] aux;
    private int[] free;
    private int nfree;
    private final int[] head = new int[NLISTS];
    private final int[] tail = new int[NLISTS];
    // hash index
    private long[] slots;
    private int mask;

    /** A table for up to {@code maxFlows} flows created by {@code ninputs} owners. */
    FlowTable(long maxFlows, int ninputs) {
        this(maxFlows, ninputs, INITIAL);
    }

    /** As above, preallocating {@code initial} flows (more are allocated by doubling when needed). */
    FlowTable(long maxFlows, int ninputs, long initial) {
        this.maxFlows = (int) Math.max(1, Math.min(maxFlows, MAX_FLOWS));
        this.ownerCount = new int[Math.max(1, ninputs)];
        java.util.Arrays.fill(head, -1);
        java.util.Arrays.fill(tail, -1);
        resize((int) Math.max(1, Math.min(this.maxFlows, initial)));
    }

    int size() {
        return size;
    }

    int allocated() {
        return alloc;
    }

    // ---- hashing ------------------------------------------------------------------------------

    static int hash(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    static long keyA(int saddr, int daddr) {
        return (long) saddr << 32 | (daddr & 0xFFFFFFFFL);
    }

    static long keyB(int cls, int sport, int dport) {
        return (long) cls << 32 | (long) sport << 16 | dport;
    }

    /** The entry with key (a, b), or -1. */
    int lookup(long a, long b) {
        final long[] s = slots;
        final int m = mask;
        int i = hash(a, b) & m;
        while (true) {
            long vb = s[2 * i + 1];
            if (vb == 0) {
                return -1;
            }
            if (s[2 * i] == a && (vb & KEY_MASK) == b) {
                return (int) (vb >>> 40) - 1;
            }
            i = (i + 1) & m;
        }
    }

    private void insertSlot(long a, long b, int e) {
        final long[] s = slots;
        final int m = mask;
        int i = hash(a, b) & m;
        while (s[2 * i + 1] != 0) {
            i = (i + 1) & m;
        }
        s[2 * i] = a;
        s[2 * i + 1] = b | (long) (e + 1) << 40;
    }

    private void removeSlot(long a, long b, int e) {
        final long[] s = slots;
        final int m = mask;
        long want = b | (long) (e + 1) << 40;
        int i = hash(a, b) & m;
        while (true) {
            long vb = s[2 * i + 1];
            if (vb == 0) {
                return; // not indexed (an entry replaced by a colliding flow)
            }
            if (vb == want && s[2 * i] == a) {
                break;
            }
            i = (i + 1) & m;
        }
        int j = i;
        while (true) {
            j = (j + 1) & m;
            long vb = s[2 * j + 1];
            if (vb == 0) {
                break;
            }
            int k = hash(s[2 * j], vb & KEY_MASK) & m;
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (stays) {
                continue;
            }
            s[2 * i] = s[2 * j];
            s[2 * i + 1] = vb;
            i = j;
        }
        s[2 * i] = 0;
        s[2 * i + 1] = 0;
    }

    // ---- flows --------------------------------------------------------------------------------

    /**
     * Creates a flow with forward key (fa, fb) and reply key (ra, rb). An existing flow holding
     * the reply key is destroyed first (Click replaces it). When the capacity is reached, the
     * best-effort flow closest to expiry is evicted; if every flow is guaranteed, returns -1.
     */
    int add(long fa, long fb, long ra, long rb, int fout, int rout, int ownerInput, long nowMs, int listId) {
        int old = lookup(ra, rb);
        if (old >= 0) {
            destroy(old >> 1);
        }
        if (budget.size >= budget.capacity || (nfree == 0 && alloc >= maxFlows)) {
            if (!evictOne(nowMs)) {
                return -1;
            }
        }
        if (nfree == 0) {
            resize(Math.min(maxFlows, Math.max(alloc * 2, 1)));
        }
        int f = free[--nfree];
        int e = 2 * f;
        keyA[e] = fa;
        keyB[e] = fb;
        keyA[e + 1] = ra;
        keyB[e + 1] = rb;
        out[e] = fout;
        out[e + 1] = rout;
        owner[f] = (short) ownerInput;
        tflags[f] = 0;
        aux[f] = 0;
        ipDelta[f] = 0;
        l4Delta[f] = 0;
        lastUsed[f] = nowMs;
        append(f, listId);
        insertSlot(fa, fb, e);
        if (fa != ra || fb != rb) {
            insertSlot(ra, rb, e + 1);
        }
        size++;
        budget.size++;
        ownerCount[ownerInput]++;
        return f;
    }

    /** Removes flow {@code f}. */
    void destroy(int f) {
        int e = 2 * f;
        removeSlot(keyA[e], keyB[e], e);
        removeSlot(keyA[e + 1], keyB[e + 1], e + 1);
        unlink(f);
        list[f] = -1;
        if ((tflags[f] & TF_SEQ) != 0 && seq != null) {
            seq.release(f);
        }
        free[nfree++] = f;
        size--;
        budget.size--;
        ownerCount[owner[f]]--;
        if (listener != null) {
            listener.flowDestroyed(f);
        }
    }

    /** Whether flow {@code f} is live. */
    boolean live(int f) {
        return f >= 0 && f < alloc && list[f] >= 0;
    }

    /** Marks flow {@code f} used at {@code nowMs} in timeout class {@code listId}. */
    void touch(int f, long nowMs, int listId) {
        if (lastUsed[f] != nowMs || list[f] != listId) {
            unlink(f);
            append(f, listId);
            lastUsed[f] = nowMs;
        }
    }

    /** Expiry (ms) of flow {@code f}: last use plus its class's timeout. */
    long expiry(int f) {
        return lastUsed[f] + listTimeout[list[f]];
    }

    /** Removes up to {@code max} expired flows; returns how many. */
    int reap(long nowMs, int max) {
        int n = 0;
        for (int l = 0; l < NLISTS; l++) {
            long to = listTimeout[l];
            int f;
            while (n < max && (f = head[l]) >= 0 && lastUsed[f] + to <= nowMs) {
                destroy(f);
                n++;
            }
        }
        return n;
    }

    /** Evicts the best-effort flow that expires first; false if every flow is guaranteed. */
    boolean evictOne(long nowMs) {
        int best = -1;
        long bestExp = Long.MAX_VALUE;
        for (int l = 0; l < NLISTS; l++) {
            int f = head[l];
            if (f < 0 || (listGuarantee[l] > 0 && lastUsed[f] + listGuarantee[l] > nowMs)) {
                continue;
            }
            long exp = lastUsed[f] + listTimeout[l];
            if (exp < bestExp) {
                bestExp = exp;
                best = f;
            }
        }
        if (best < 0) {
            return false;
        }
        destroy(best);
        return true;
    }

    /** Removes every flow. */
    void clear() {
        for (int l = 0; l < NLISTS; l++) {
            while (head[l] >= 0) {
                destroy(head[l]);
            }
        }
    }

    /** Removes flows until at most {@code cap} remain, evicting as Click does (expired first). */
    void shrinkTo(long cap, long nowMs) {
        reap(nowMs, Integer.MAX_VALUE);
        while (budget.size > cap && size > 0) {
            if (!evictOne(nowMs)) {
                // only guaranteed flows left: remove the oldest anyway (Click's shrink_heap)
                int best = -1;
                for (int l = 0; l < NLISTS; l++) {
                    int f = head[l];
                    if (f >= 0 && (best < 0 || expiry(f) < expiry(best))) {
                        best = f;
                    }
                }
                destroy(best);
            }
        }
    }

    /** First flow of list {@code l}, or -1; iterate with {@link #nextInList}. */
    int first(int l) {
        return head[l];
    }

    int nextInList(int f) {
        return next[f];
    }

    private void append(int f, int l) {
        list[f] = (byte) l;
        int t = tail[l];
        prev[f] = t;
        next[f] = -1;
        if (t >= 0) {
            next[t] = f;
        } else {
            head[l] = f;
        }
        tail[l] = f;
    }

    private void unlink(int f) {
        int l = list[f];
        if (l < 0) {
            return;
        }
        int p = prev[f];
        int n = next[f];
        if (p >= 0) {
            next[p] = n;
        } else {
            head[l] = n;
        }
        if (n >= 0) {
            prev[n] = p;
        } else {
            tail[l] = p;
        }
    }

    private void resize(int n) {
        int oldAlloc = alloc;
        keyA = grow(keyA, 2 * n);
        keyB = grow(keyB, 2 * n);
        out = grow(out, 2 * n);
        lastUsed = grow(lastUsed, n);
        prev = grow(prev, n);
        next = grow(next, n);
        byte[] nl = new byte[n];
        java.util.Arrays.fill(nl, (byte) -1);
        if (list != null) {
            System.arraycopy(list, 0, nl, 0, oldAlloc);
        }
        list = nl;
        tflags = tflags == null ? new byte[n] : java.util.Arrays.copyOf(tflags, n);
        owner = owner == null ? new short[n] : java.util.Arrays.copyOf(owner, n);
        ipDelta = ipDelta == null ? new char[n] : java.util.Arrays.copyOf(ipDelta, n);
        l4Delta = l4Delta == null ? new char[n] : java.util.Arrays.copyOf(l4Delta, n);
        aux = grow(aux, n);
        int[] nf = new int[n];
        int k = 0;
        for (int f = n - 1; f >= oldAlloc; f--) {
            nf[k++] = f;
        }
        if (free != null) {
            // old free indices go on top so that low numbers are reused first
            System.arraycopy(free, 0, nf, k, nfree);
            k += nfree;
        }
        free = nf;
        nfree = k;
        alloc = n;
        int nslots = Integer.highestOneBit(Math.max(16, 4 * n - 1)) << 1;
        slots = new long[2 * nslots];
        mask = nslots - 1;
        for (int f = 0; f < oldAlloc; f++) {
            if (list[f] >= 0) {
                int e = 2 * f;
                insertSlot(keyA[e], keyB[e], e);
                if (keyA[e] != keyA[e + 1] || keyB[e] != keyB[e + 1]) {
                    insertSlot(keyA[e + 1], keyB[e + 1], e + 1);
                }
            }
        }
    }

    private static long[] grow(long[] a, int n) {
        return a == null ? new long[n] : java.util.Arrays.copyOf(a, n);
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : java.util.Arrays.copyOf(a, n);
    }
}
