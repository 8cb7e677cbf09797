package io.uniclick.elements.rewriter;

/**
 * The flow table of the rewriters and of IPFlowFilter: flows with two entries each (forward and
 * reply), found by an open-addressing hash index, and kept on time-ordered intrusive lists, one
 * per timeout class, so that expiry and eviction cost O(1) per flow and never sweep the table.
 *
 * <p>An entry's key is a packed flow id: {@code a = saddr << 32 | daddr} and
 * {@code b = cls << 32 | sport << 16 | dport}, where {@code cls} (1–255) separates tables that
 * Click keeps apart (IPRewriter's TCP and UDP maps). Entry {@code e} belongs to flow
 * {@code e >> 1}; direction {@code e & 1} (0 forward, 1 reply). As in Click, the rewritten flow
 * of an entry is the reverse of the other entry's key.
 *
 * <p>Layout, for the cache: everything a packet needs of its flow is in one 64-byte record of one
 * long array (both keys, last use, outputs, checksum deltas, flags, list links), so that a hit
 * costs two cache lines: the index slot and the record. The index holds one long per slot: the
 * entry number plus one in bits 0–23 (0 = empty) and the top 40 bits of the key's hash as a tag,
 * so that a probe reads the record only when the tag matches. Linear probing, load at most one
 * half, deletion by backward shift (no tombstones). Storage starts at up to 65536 flows and
 * doubles on demand up to the capacity (at most 8,388,607 flows): allocation happens only while
 * the table grows, never in steady state.
 *
 * <p>Timeouts follow Click: a flow's expiry is its last use plus the timeout of its current
 * class; it is <em>guaranteed</em> (not evictable) while its last use is less than the
 * guarantee ago. Within one list the link times increase from head to tail. A flow used again is
 * moved to its list's tail only when its class changed or its link time is more than a quantum
 * ago (a 16th of the class's timeout, at most 16.384 s): moving costs two random cache misses
 * (the neighbours), which at a million flows would dominate. Its last use is always exact, so a
 * flow never expires early; one behind a younger head may be reaped, or be passed over for
 * eviction, up to a quantum late (Click itself reaps only every REAP_INTERVAL). Times are in milliseconds (Click's jiffies at user level).
 */
final class FlowTable {
    /** Number of timeout classes (lists). */
    static final int NLISTS = 8;
    /** Largest number of flows (the entry number must fit 24 bits). */
    static final int MAX_FLOWS = (1 << 23) - 1;
    /** Flag in the flow's flags: it has sequence-number deltas in {@link #seq} (TCPRewriter). */
    static final int TF_SEQ = 0x10;
    private static final int INITIAL = 1 << 16;
    private static final long ENTRY_MASK = (1L << 24) - 1;
    private static final long TAG_MASK = ~ENTRY_MASK;
    /**
     * Record words. A record is 8 longs; records start 6 longs into the array so that they are
     * 64-byte aligned in the (region-aligned, 16-byte-header) large arrays that G1 allocates.
     */
    static final int PAD = 6;
    private static final int W_LAST = 4;   // last use (ms)
    static final int W_OUT = 5;            // out0:16 | out1:16 | ipDelta:16 | l4Delta:16
    private static final int W_STATE = 6;  // linkTime:32 | aux:8 | tflags:8 | list+1:8
    private static final int W_LINKS = 7;  // prev:32 | next:32

    /** Shared capacity (Click's IPRewriterHeap): several tables may share one. */
    static final class Budget {
        long capacity = 0x7FFFFFFFL;
        long size;
    }

    /** Called when a flow is destroyed (reaped, evicted, cleared or replaced). */
    interface Listener {
        void flowDestroyed(int flow);
    }

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
    /** The records (see the class comment). */
    long[] w;
    /** Owning input of each flow (read only when flows are created or destroyed). */
    short[] owner;
    private int[] free;
    private int nfree;
    private final int[] head = new int[NLISTS];
    private final int[] tail = new int[NLISTS];
    // hash index
    private long[] slots;
    private int mask;
    /** Counts adds and destroys: lookups done before a change must be redone after it. */
    int version;

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

    // ---- record access ------------------------------------------------------------------------

    /** Index of flow {@code f}'s record in {@link #w}. */
    static int rec(int f) {
        return PAD + (f << 3);
    }

    /** Index of entry {@code e}'s key (a, then b) in {@link #w}. */
    static int keyIndex(int e) {
        return PAD + ((e >> 1) << 3) + ((e & 1) << 1);
    }

    long keyA(int e) {
        return w[keyIndex(e)];
    }

    long keyB(int e) {
        return w[keyIndex(e) + 1];
    }

    /** Output port of entry {@code e}. */
    int out(int e) {
        return (int) (w[rec(e >> 1) + W_OUT] >>> ((e & 1) << 4)) & 0xFFFF;
    }

    int ipDelta(int f) {
        return (int) (w[rec(f) + W_OUT] >>> 32) & 0xFFFF;
    }

    int l4Delta(int f) {
        return (int) (w[rec(f) + W_OUT] >>> 48) & 0xFFFF;
    }

    void setIpDelta(int f, int d) {
        int i = rec(f) + W_OUT;
        w[i] = (w[i] & ~(0xFFFFL << 32)) | (long) (d & 0xFFFF) << 32;
    }

    void setL4Delta(int f, int d) {
        int i = rec(f) + W_OUT;
        w[i] = (w[i] & ~(0xFFFFL << 48)) | (long) (d & 0xFFFF) << 48;
    }

    /** Per-flow state bits of the data path (TCP FIN/data seen, UDP bidirectionality, {@link #TF_SEQ}). */
    int tflags(int f) {
        return (int) (w[rec(f) + W_STATE] >>> 40) & 0xFF;
    }

    void setTflags(int f, int v) {
        int i = rec(f) + W_STATE;
        w[i] = (w[i] & ~(0xFFL << 40)) | (long) (v & 0xFF) << 40;
    }

    /** The flow's reply annotation (REPLY_ANNO). */
    int aux(int f) {
        return (int) (w[rec(f) + W_STATE] >>> 32) & 0xFF;
    }

    void setAux(int f, int v) {
        int i = rec(f) + W_STATE;
        w[i] = (w[i] & ~(0xFFL << 32)) | (long) (v & 0xFF) << 32;
    }

    long lastUsed(int f) {
        return w[rec(f) + W_LAST];
    }

    private int list(int f) {
        return (int) (w[rec(f) + W_STATE] >>> 48 & 0xFF) - 1;
    }

    private int prev(int f) {
        return (int) w[rec(f) + W_LINKS];
    }

    private int next(int f) {
        return (int) (w[rec(f) + W_LINKS] >> 32);
    }

    private void setPrev(int f, int p) {
        int i = rec(f) + W_LINKS;
        w[i] = (w[i] & 0xFFFFFFFF00000000L) | (p & 0xFFFFFFFFL);
    }

    private void setNext(int f, int n) {
        int i = rec(f) + W_LINKS;
        w[i] = (w[i] & 0xFFFFFFFFL) | (long) n << 32;
    }

    // ---- hashing ------------------------------------------------------------------------------

    static long hash64(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    static int hash(long a, long b) {
        return (int) hash64(a, b);
    }

    static long keyA(int saddr, int daddr) {
        return (long) saddr << 32 | (daddr & 0xFFFFFFFFL);
    }

    static long keyB(int cls, int sport, int dport) {
        return (long) cls << 32 | (long) sport << 16 | dport;
    }

    /** The entry with key (a, b), or -1. */
    int lookup(long a, long b) {
        return lookup(a, b, hash64(a, b));
    }

    /** As above, with the key's {@link #hash64} already computed. */
    int lookup(long a, long b, long h) {
        final long[] s = slots;
        final long[] r = w;
        final int m = mask;
        final long tag = h & TAG_MASK;
        int i = (int) h & m;
        while (true) {
            long v = s[i];
            if (v == 0) {
                return -1;
            }
            if ((v & TAG_MASK) == tag) {
                int e = (int) (v & ENTRY_MASK) - 1;
                int k = keyIndex(e);
                if (r[k] == a && r[k + 1] == b) {
                    return e;
                }
            }
            i = (i + 1) & m;
        }
    }

    /** The index slot where a lookup of hash {@code h} starts (read it early to overlap cache misses). */
    long firstSlot(long h) {
        return slots[(int) h & mask];
    }

    private void insertSlot(long a, long b, int e) {
        final long[] s = slots;
        final int m = mask;
        long h = hash64(a, b);
        int i = (int) h & m;
        while (s[i] != 0) {
            i = (i + 1) & m;
        }
        s[i] = (h & TAG_MASK) | (e + 1);
    }

    private void removeSlot(long a, long b, int e) {
        final long[] s = slots;
        final int m = mask;
        long h = hash64(a, b);
        long want = (h & TAG_MASK) | (e + 1);
        int i = (int) h & m;
        while (true) {
            long v = s[i];
            if (v == 0) {
                return; // not indexed (an entry replaced by a colliding flow)
            }
            if (v == want) {
                break;
            }
            i = (i + 1) & m;
        }
        int j = i;
        while (true) {
            j = (j + 1) & m;
            long v = s[j];
            if (v == 0) {
                break;
            }
            int ej = (int) (v & ENTRY_MASK) - 1;
            int kj = keyIndex(ej);
            int k = (int) hash64(w[kj], w[kj + 1]) & m;
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (stays) {
                continue;
            }
            s[i] = v;
            i = j;
        }
        s[i] = 0;
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
        final long[] r = w;
        final int b = rec(f);
        r[b] = fa;
        r[b + 1] = fb;
        r[b + 2] = ra;
        r[b + 3] = rb;
        r[b + W_LAST] = nowMs;
        r[b + W_OUT] = (fout & 0xFFFFL) | (rout & 0xFFFFL) << 16;
        r[b + W_STATE] = 0;
        r[b + W_LINKS] = 0;
        owner[f] = (short) ownerInput;
        append(f, listId, nowMs);
        insertSlot(fa, fb, e);
        if (fa != ra || fb != rb) {
            insertSlot(ra, rb, e + 1);
        }
        size++;
        budget.size++;
        ownerCount[ownerInput]++;
        version++;
        return f;
    }

    /** Removes flow {@code f}. */
    void destroy(int f) {
        int e = 2 * f;
        removeSlot(keyA(e), keyB(e), e);
        removeSlot(keyA(e + 1), keyB(e + 1), e + 1);
        unlink(f);
        if ((tflags(f) & TF_SEQ) != 0 && seq != null) {
            seq.release(f);
        }
        w[rec(f) + W_STATE] = 0; // list -1: free
        free[nfree++] = f;
        size--;
        budget.size--;
        ownerCount[owner[f]]--;
        version++;
        if (listener != null) {
            listener.flowDestroyed(f);
        }
    }

    /** Whether flow {@code f} is live. */
    boolean live(int f) {
        return f >= 0 && f < alloc && list(f) >= 0;
    }

    /**
     * Marks flow {@code f} used at {@code nowMs} in timeout class {@code listId}: the last use is
     * exact; the flow moves to the list's tail only when its class changed or it was linked more
     * than a quantum ago (see the class comment).
     */
    void touch(int f, long nowMs, int listId) {
        final long[] r = w;
        final int b = rec(f);
        r[b + W_LAST] = nowMs;
        final long st = r[b + W_STATE];
        final int cur = (int) (st >>> 48 & 0xFF) - 1;
        final int lag = (int) nowMs - (int) st;
        if (cur != listId || Integer.compareUnsigned(lag, quantum(listId)) > 0) {
            unlink(f);
            append(f, listId, nowMs);
        }
    }

    private int quantum(int l) {
        return (int) Math.min(16_384, listTimeout[l] >> 4);
    }

    /** Expiry (ms) of flow {@code f}: last use plus its class's timeout. */
    long expiry(int f) {
        return lastUsed(f) + listTimeout[list(f)];
    }

    /** Removes up to {@code max} expired flows; returns how many. */
    int reap(long nowMs, int max) {
        int n = 0;
        for (int l = 0; l < NLISTS; l++) {
            long to = listTimeout[l];
            int f;
            while (n < max && (f = head[l]) >= 0 && lastUsed(f) + to <= nowMs) {
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
            if (f < 0 || (listGuarantee[l] > 0 && lastUsed(f) + listGuarantee[l] > nowMs)) {
                continue;
            }
            long exp = lastUsed(f) + listTimeout[l];
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
        return next(f);
    }

    private void append(int f, int l, long nowMs) {
        int i = rec(f) + W_STATE;
        w[i] = (w[i] & 0x0000FFFF00000000L) | (long) (l + 1) << 48 | (nowMs & 0xFFFFFFFFL);
        int t = tail[l];
        setPrev(f, t);
        setNext(f, -1);
        if (t >= 0) {
            setNext(t, f);
        } else {
            head[l] = f;
        }
        tail[l] = f;
    }

    private void unlink(int f) {
        int l = list(f);
        if (l < 0) {
            return;
        }
        int p = prev(f);
        int n = next(f);
        if (p >= 0) {
            setNext(p, n);
        } else {
            head[l] = n;
        }
        if (n >= 0) {
            setPrev(n, p);
        } else {
            tail[l] = p;
        }
    }

    private void resize(int n) {
        int oldAlloc = alloc;
        w = w == null ? new long[PAD + 8 * n] : java.util.Arrays.copyOf(w, PAD + 8 * n);
        owner = owner == null ? new short[n] : java.util.Arrays.copyOf(owner, n);
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
        slots = new long[nslots];
        mask = nslots - 1;
        for (int f = 0; f < oldAlloc; f++) {
            if (list(f) >= 0) {
                int e = 2 * f;
                insertSlot(keyA(e), keyB(e), e);
                if (keyA(e) != keyA(e + 1) || keyB(e) != keyB(e + 1)) {
                    insertSlot(keyA(e + 1), keyB(e + 1), e + 1);
                }
            }
        }
        version++;
    }
}
