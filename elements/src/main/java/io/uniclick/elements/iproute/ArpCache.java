package io.uniclick.elements.iproute;

import io.uniclick.core.packet.Packet;
import java.util.Arrays;

/**
 * IP-to-Ethernet mappings with packets waiting for resolution (the state of Click's ARPTable),
 * shared by {@link ARPTable} and {@link ARPQuerier}. Entries and held packets live in
 * preallocated arrays: a hash table chained through {@code hnext}, an age list (oldest first)
 * through {@code anext/aprev}, and per-entry FIFO queues of held packets through
 * {@code slotNext}. Nothing is allocated per packet. The entry arrays grow (doubling) only when a
 * new neighbour appears and ENTRY_CAPACITY is unlimited.
 */
final class ArpCache {
    static final long SEC = 1_000_000_000L;
    /** Held-packet slots when CAPACITY is 0 ("unlimited"). */
    static final int UNLIMITED_HELD = 65536;

    // parameters
    int packetCapacity = 2048;
    int entryCapacity;
    int entryPacketCapacity;
    int slimFactor = 2;
    long timeoutNs = 300 * SEC;

    // entries
    private int cap;
    int[] ip;
    long[] eth;
    boolean[] known;
    private int[] polls;
    long[] liveAt;
    private long[] polledAt;
    private int[] head;
    private int[] tail;
    private int[] npkts;
    private int[] anext;
    private int[] aprev;
    private int[] hnext;
    private int[] buckets;
    private int freeEntry = -1;
    private int used;
    int ageHead = -1;
    private int ageTail = -1;
    int entryCount;

    // held packets
    private Packet[] slots;
    private int[] slotNext;
    private int freeSlot = -1;
    int packetCount;
    long drops;

    /** Ethernet address found by the last successful {@link #lookup}. */
    long foundEth;

    ArpCache() {
        allocEntries(64);
    }

    /** Sizes the held-packet area; call after the parameters are set. */
    void prepare() {
        int n = packetCapacity > 0 ? packetCapacity + 1 : UNLIMITED_HELD;
        if (entryPacketCapacity > 0 && entryCapacity > 0) {
            n = (int) Math.min(n, (long) entryPacketCapacity * entryCapacity + 1);
        }
        slots = new Packet[n];
        slotNext = new int[n];
        for (int i = 0; i < n; i++) {
            slotNext[i] = i + 1 < n ? i + 1 : -1;
        }
        freeSlot = 0;
        if (entryCapacity > 0 && entryCapacity + 1 > cap) {
            growEntries(entryCapacity + 1);
        }
    }

    private void allocEntries(int n) {
        cap = n;
        ip = new int[n];
        eth = new long[n];
        known = new boolean[n];
        polls = new int[n];
        liveAt = new long[n];
        polledAt = new long[n];
        head = new int[n];
        tail = new int[n];
        npkts = new int[n];
        anext = new int[n];
        aprev = new int[n];
        hnext = new int[n];
        buckets = new int[Integer.highestOneBit(n) * 4];
        Arrays.fill(buckets, -1);
    }

    private void growEntries(int n) {
        int old = used;
        int[] oip = ip;
        long[] oeth = eth;
        boolean[] okn = known;
        int[] opo = polls;
        long[] ola = liveAt;
        long[] opa = polledAt;
        int[] ohe = head;
        int[] ota = tail;
        int[] onp = npkts;
        int[] oan = anext;
        int[] oap = aprev;
        int[] ohn = hnext;
        allocEntries(n);
        System.arraycopy(oip, 0, ip, 0, old);
        System.arraycopy(oeth, 0, eth, 0, old);
        System.arraycopy(okn, 0, known, 0, old);
        System.arraycopy(opo, 0, polls, 0, old);
        System.arraycopy(ola, 0, liveAt, 0, old);
        System.arraycopy(opa, 0, polledAt, 0, old);
        System.arraycopy(ohe, 0, head, 0, old);
        System.arraycopy(ota, 0, tail, 0, old);
        System.arraycopy(onp, 0, npkts, 0, old);
        System.arraycopy(oan, 0, anext, 0, old);
        System.arraycopy(oap, 0, aprev, 0, old);
        System.arraycopy(ohn, 0, hnext, 0, old); // reused for the free list; rebuilt below for live ones
        // rehash live entries (those on the age list)
        for (int e = ageHead; e >= 0; e = anext[e]) {
            int b = bucket(ip[e]);
            hnext[e] = buckets[b];
            buckets[b] = e;
        }
    }

    private int bucket(int a) {
        int h = a * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (buckets.length - 1);
    }

    /** The entry for {@code a}, or -1. */
    int find(int a) {
        for (int e = buckets[bucket(a)]; e >= 0; e = hnext[e]) {
            if (ip[e] == a) {
                return e;
            }
        }
        return -1;
    }

    boolean expired(int e, long now) {
        return timeoutNs != 0 && liveAt[e] + timeoutNs < now;
    }

    boolean isKnown(int e, long now) {
        return known[e] && !expired(e, now);
    }

    private boolean allowPoll(int e, long now) {
        long thresh = polledAt[e] + (polls[e] >= 10 ? 2 * SEC : SEC / 10);
        return now >= thresh;
    }

    private void markPoll(int e, long now) {
        polledAt[e] = now;
        if (polls[e] < 255) {
            polls[e]++;
        }
    }

    /**
     * Click's {@code ARPTable::lookup}: -1 if {@code a} is not known; otherwise sets
     * {@link #foundEth} and returns 1 if the entry should be refreshed by a unicast poll, else 0.
     */
    int lookup(int a, long now, long pollTimeoutNs) {
        int e = find(a);
        if (e < 0 || !isKnown(e, now)) {
            return -1;
        }
        foundEth = eth[e];
        if (pollTimeoutNs != 0 && now >= liveAt[e] + pollTimeoutNs && allowPoll(e, now)) {
            markPoll(e, now);
            return 1;
        }
        return 0;
    }

    private void ageUnlink(int e) {
        int p = aprev[e];
        int n = anext[e];
        if (p >= 0) {
            anext[p] = n;
        } else {
            ageHead = n;
        }
        if (n >= 0) {
            aprev[n] = p;
        } else {
            ageTail = p;
        }
    }

    private void agePushBack(int e) {
        aprev[e] = ageTail;
        anext[e] = -1;
        if (ageTail >= 0) {
            anext[ageTail] = e;
        } else {
            ageHead = e;
        }
        ageTail = e;
    }

    /** Inserts {@code e} before {@code next} (-1: at the end). */
    private void ageInsertBefore(int next, int e) {
        if (next < 0) {
            agePushBack(e);
            return;
        }
        int p = aprev[next];
        aprev[e] = p;
        anext[e] = next;
        aprev[next] = e;
        if (p >= 0) {
            anext[p] = e;
        } else {
            ageHead = e;
        }
    }

    private void hashUnlink(int e) {
        int b = bucket(ip[e]);
        int prev = -1;
        for (int x = buckets[b]; x >= 0; prev = x, x = hnext[x]) {
            if (x == e) {
                if (prev < 0) {
                    buckets[b] = hnext[x];
                } else {
                    hnext[prev] = hnext[x];
                }
                return;
            }
        }
    }

    /** Frees entry {@code e}, killing its held packets. */
    private void destroy(int e) {
        hashUnlink(e);
        ageUnlink(e);
        for (int s = head[e]; s >= 0;) {
            int nx = slotNext[s];
            slots[s].kill();
            freeSlotAt(s);
            packetCount--;
            drops++;
            s = nx;
        }
        head[e] = tail[e] = -1;
        npkts[e] = 0;
        hnext[e] = freeEntry;
        freeEntry = e;
        entryCount--;
    }

    private void freeSlotAt(int s) {
        slots[s] = null;
        slotNext[s] = freeSlot;
        freeSlot = s;
    }

    /** Click's {@code slim}: expires old entries, enforces ENTRY_CAPACITY, then trims held packets when over CAPACITY. */
    void slim(long now) {
        int e;
        while ((e = ageHead) >= 0 && (expired(e, now) || (entryCapacity > 0 && entryCount > entryCapacity))) {
            destroy(e);
        }
        if (packetCapacity > 0 && packetCount > packetCapacity) {
            int slimCap = packetCapacity - packetCapacity / slimFactor;
            if (slimCap == 0) {
                slimCap = 1;
            }
            for (e = ageHead; e >= 0 && packetCount > slimCap; e = anext[e]) {
                while (head[e] >= 0 && packetCount > slimCap) {
                    int s = head[e];
                    head[e] = slotNext[s];
                    if (head[e] < 0) {
                        tail[e] = -1;
                    }
                    slots[s].kill();
                    freeSlotAt(s);
                    packetCount--;
                    npkts[e]--;
                    drops++;
                }
            }
        }
    }

    /** Click's {@code ensure}: the entry for {@code a}, made if needed; -1 if no memory. */
    private int ensure(int a, long now) {
        int e = find(a);
        if (e >= 0) {
            return e;
        }
        if (freeEntry < 0 && used == cap) {
            if (entryCapacity > 0 && used >= entryCapacity + 1) {
                slim(now);
            }
            if (freeEntry < 0 && used == cap) {
                if (entryCapacity > 0 && cap >= entryCapacity + 1) {
                    return -1;
                }
                growEntries(cap * 2);
            }
        }
        if (freeEntry >= 0) {
            e = freeEntry;
            freeEntry = hnext[e];
        } else {
            e = used++;
        }
        entryCount++;
        if (entryCapacity > 0 && entryCount > entryCapacity) {
            slim(now);
        }
        ip[e] = a;
        eth[e] = 0;
        known[e] = false;
        polls[e] = 0;
        liveAt[e] = now;
        polledAt[e] = now - SEC;
        head[e] = tail[e] = -1;
        npkts[e] = 0;
        int b = bucket(a);
        hnext[e] = buckets[b];
        buckets[b] = e;
        agePushBack(e);
        return e;
    }

    /**
     * Click's {@code insert}: records {@code a} at {@code ethAddr} (broadcast = not known). Returns
     * the first held-packet slot of the entry (now detached; walk it with {@link #slotPacket} and
     * {@link #releaseSlot}), or -1; -2 if there was no memory.
     */
    int insert(int a, long ethAddr, long now) {
        return insert(a, ethAddr, now, true);
    }

    /** As {@link #insert(int, long, long)}; with {@code detach} false, held packets stay queued (Click's handler insert). */
    int insert(int a, long ethAddr, long now, boolean detach) {
        int e = ensure(a, now);
        if (e < 0) {
            return -2;
        }
        eth[e] = ethAddr;
        known[e] = ethAddr != 0xFFFFFFFFFFFFL;
        liveAt[e] = now;
        polls[e] = 0;
        polledAt[e] = now - SEC;
        ageUnlink(e);
        agePushBack(e);
        if (!detach) {
            return -1;
        }
        int h = head[e];
        head[e] = tail[e] = -1;
        packetCount -= npkts[e];
        npkts[e] = 0;
        return h;
    }

    /** The packet in held slot {@code s}. */
    Packet slotPacket(int s) {
        return slots[s];
    }

    /** Frees held slot {@code s} (its packet was taken) and returns the next slot of the chain. */
    int releaseSlot(int s) {
        int nx = slotNext[s];
        freeSlotAt(s);
        return nx;
    }

    /**
     * Click's {@code append_query}: holds {@code p} for {@code a}. Returns -2 if {@code a} became
     * known (send instead), -1 if the packet could not be held (the caller kills it; counted in
     * drops), 0 if held, 1 if held and a query should be sent.
     */
    int appendQuery(int a, Packet p, long now) {
        int e = ensure(a, now);
        if (e < 0) {
            drops++;
            return -1;
        }
        if (isKnown(e, now)) {
            return -2;
        }
        if (timeoutNs != 0) {
            long min = now - timeoutNs;
            if (liveAt[e] < min) {
                liveAt[e] = min;
                int next = anext[e];
                int x = next;
                while (x >= 0 && liveAt[x] < liveAt[e]) {
                    x = anext[x];
                }
                if (x != next) {
                    ageUnlink(e);
                    ageInsertBefore(x, e);
                }
            }
        }
        if (entryPacketCapacity > 0 && npkts[e] >= entryPacketCapacity) {
            drops++;
            return -1;
        }
        packetCount++;
        if (packetCapacity > 0 && packetCount > packetCapacity) {
            slim(now);
        }
        if (freeSlot < 0) {
            packetCount--;
            drops++;
            return -1;
        }
        int s = freeSlot;
        freeSlot = slotNext[s];
        slots[s] = p;
        slotNext[s] = -1;
        if (tail[e] >= 0) {
            slotNext[tail[e]] = s;
        } else {
            head[e] = s;
        }
        tail[e] = s;
        npkts[e]++;
        if (allowPoll(e, now)) {
            markPoll(e, now);
            return 1;
        }
        return 0;
    }

    /** Removes every entry, killing held packets (counted in drops). */
    void clear() {
        while (ageHead >= 0) {
            destroy(ageHead);
        }
        entryCount = 0;
        packetCount = 0;
    }

    /** Click's table text: "IP VALID ETH AGE" per entry, oldest first. */
    String table(long now) {
        StringBuilder sb = new StringBuilder();
        for (int e = ageHead; e >= 0; e = anext[e]) {
            long age = Math.max(0, now - liveAt[e]);
            sb.append(Net.ip(ip[e])).append(' ').append(isKnown(e, now) ? 1 : 0).append(' ').append(Net.ether(eth[e]))
                    .append(' ').append(age / SEC).append('.').append(String.format("%09d", age % SEC)).append('\n');
        }
        return sb.toString();
    }
}
