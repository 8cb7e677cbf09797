package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;

/**
 * Reassembles IPv4 fragments (Click's IPReassembler).
 *
 * <p>Held fragments are the packets themselves, referenced from preallocated slot arrays bounded
 * by HIMEM; datagrams live in preallocated slot arrays too, chained from a hash table on
 * (source, destination, id, protocol) and linked in creation order so the oldest can be found in
 * constant time. A complete datagram is copied, fragments in arrival order so that later data
 * overwrite earlier data where fragments overlap (as in Click), into one new pool packet.
 */
@ElementInfo(name = "IPReassembler", ports = "1/1-2", processing = "a/ah",
        synopsis = "IPReassembler([*keywords* HIMEM, MAX_MTU_ANNO])",
        description = "Expects IP packets with the network header annotation. Packets that are not fragments pass "
                + "straight through. Fragments are held, keyed by source, destination, IP id and protocol, until the "
                + "datagram is complete; it then leaves on output 0 as one packet: the link header, IP header and "
                + "annotations of the offset-0 fragment, the data of all fragments at their offsets (where fragments "
                + "overlap, the data that arrived last win), the total length set, the offset and more-fragments bits "
                + "cleared (DF kept from the first fragment that arrived), the header checksum recomputed, and the "
                + "timestamp of the fragment that completed it. Fragments with a bad length (data running past 65535, "
                + "no data, a non-final fragment whose data do not end on an 8-byte boundary, or a packet shorter than "
                + "its IP length) are dropped and counted; so are fragments that would extend a datagram whose last "
                + "fragment has arrived. A datagram still incomplete 30 seconds after its first fragment arrived is "
                + "dropped; if output 1 is connected, a single packet holding all the fragments received, at their "
                + "offsets (holes zeroed), is pushed there instead (typically to ICMPError timeexceeded reassembly). "
                + "When the memory held rises above HIMEM, the oldest datagrams are thrown away (the same way) until "
                + "it is at most 3/4 HIMEM.",
        keywords = {"HIMEM: bound on the memory held by fragments, in bytes (default 262144); each held fragment "
                + "counts as 40 bytes plus its data", "MAX_MTU_ANNO: an annotation (2 bytes, big-endian) that gets the "
                + "largest network length among a reassembled datagram's fragments"},
        handlers = {"dump (r): statistics (fragments seen, good and failed reassemblies, bad fragments) and, per held "
                + "datagram, its flow, IP id and the byte ranges received"},
        example = "... -> CheckIPHeader -> r :: IPReassembler -> ...; r[1] -> ICMPError(10.0.0.1, timeexceeded, "
                + "reassembly) -> ...",
        notes = "Time is the router's clock (virtual under --simtime), read when fragments arrive and by a timer armed "
                + "for the oldest datagram's expiry, so incomplete datagrams expire 30 s after their first fragment "
                + "arrived (Click compares packet timestamps and reaps at most every 10 s). A fragment with a zero "
                + "timestamp gets the current time, as in Click. The packet sent to output 1 has its IP length set to "
                + "what it holds and a valid checksum, keeps the more-fragments bit if the last fragment is missing, and "
                + "when the offset-0 fragment is missing carries only a 20-byte IP header and no annotations. Memory is "
                + "counted per held fragment rather than per reassembly buffer. A datagram whose reassembly would exceed "
                + "65535 IP bytes, or for which the pool has no packet, is dropped and counted as failed. Packets "
                + "without a network header annotation are dropped and counted as bad (Click asserts). 'failed "
                + "reassemblies' counts timeouts as well as memory evictions.")
public final class IPReassembler extends Element {
    static final long SEC = 1_000_000_000L;
    static final long REAP_TIMEOUT = 30 * SEC;
    static final int IPH_MEM_USED = 40;
    private static final int MF = IPSupport.IP_MF;
    private static final int OFFMASK = IPSupport.IP_OFFMASK;
    private static final int SCRATCH = 66 * 1024;

    private int himem;
    private int lowmem;
    private int mtuAnno = -1;

    // fragment slots
    private Packet[] fPkt;
    private int[] fOff;
    private int[] fEnd;
    private int[] fNext;
    private int fFree;

    // datagram slots
    private int[] dSrc;
    private int[] dDst;
    private int[] dIdProto;
    private int[] dHashNext;
    private int[] dHead;
    private int[] dTail;
    private int[] dFirst;
    private int[] dEndOff;
    private int[] dBytes;
    private int[] dFlags;
    private int[] dMtu;
    private boolean[] dMf;
    private long[] dBorn;
    private int[] dOlder;
    private int[] dNewer;
    private int dFree;
    private int oldest = -1;
    private int newest = -1;
    private int[] buckets;
    private int mask;

    private long memUsed;
    private byte[] scratch;
    private Rejects rejects;
    private boolean out1;
    private PacketPool pool;
    private Timer timer;

    private long fragsSeen;
    private long goodAssem;
    private long failedAssem;
    private long badPkts;

    @Override
    public void configure(Args a) throws ConfigException {
        himem = a.keyword("HIMEM", ArgTypes.UINT32, 256 * 1024);
        mtuAnno = a.keyword("MAX_MTU_ANNO", AnnoArg.of(2), -1);
        a.complete();
        lowmem = (himem >>> 2) * 3;
    }

    @Override
    public void initialize() {
        out1 = noutputs() > 1 && outputConnected(1);
        rejects = new Rejects(out1 ? output[1] : null);
        pool = context.pool(this);
        // every held fragment counts at least IPH_MEM_USED + 1 bytes and memory is brought under HIMEM before a
        // fragment is added, so this many slots are never all in use (except with a capped huge HIMEM)
        int nf = (int) Math.min(1 << 20, himem / (IPH_MEM_USED + 1) + 4L);
        fPkt = new Packet[nf];
        fOff = new int[nf];
        fEnd = new int[nf];
        fNext = new int[nf];
        for (int i = 0; i < nf; i++) {
            fNext[i] = i + 1 < nf ? i + 1 : -1;
        }
        fFree = 0;
        int nd = nf;
        dSrc = new int[nd];
        dDst = new int[nd];
        dIdProto = new int[nd];
        dHashNext = new int[nd];
        dHead = new int[nd];
        dTail = new int[nd];
        dFirst = new int[nd];
        dEndOff = new int[nd];
        dBytes = new int[nd];
        dFlags = new int[nd];
        dMtu = new int[nd];
        dMf = new boolean[nd];
        dBorn = new long[nd];
        dOlder = new int[nd];
        dNewer = new int[nd];
        for (int i = 0; i < nd; i++) {
            dHashNext[i] = i + 1 < nd ? i + 1 : -1;
        }
        dFree = 0;
        int nb = Integer.highestOneBit(Math.max(16, nd - 1)) << 1;
        buckets = new int[nb];
        java.util.Arrays.fill(buckets, -1);
        mask = nb - 1;
        scratch = new byte[SCRATCH];
        timer = new Timer() {
            @Override
            public void run() {
                timerFired();
            }
        };
    }

    private void timerFired() {
        long now = context.now();
        reap(now);
        rejects.flush();
        armTimer();
    }

    private void armTimer() {
        if (oldest >= 0) {
            context.schedule(this, timer, dBorn[oldest] + REAP_TIMEOUT + 1);
        }
    }

    private static int hash(int src, int dst, int idProto) {
        int h = src * 0x9E3779B1 ^ dst * 0x85EBCA77 ^ idProto * 0xC2B2AE3D;
        return h ^ (h >>> 15) ^ (h >>> 7);
    }

    private int run(PacketBatch b) {
        final int n = b.size();
        int k = 0;
        long now = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int nh = p.networkHeaderOffset();
            if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length()) {
                badPkts++;
                p.kill();
                continue;
            }
            int offField = p.u16(nh + 6);
            if ((offField & (MF | OFFMASK)) == 0) {
                b.set(k++, p);
                continue;
            }
            fragsSeen++;
            if (now == 0) {
                now = context.now();
            }
            if (p.timestampNanos() == 0) {
                p.setTimestampNanos(now);
            }
            if (oldest >= 0 && now - dBorn[oldest] > REAP_TIMEOUT) {
                reap(now);
            }
            Packet q = fragment(p, nh, offField, now);
            if (q != null) {
                b.set(k++, q);
            }
        }
        b.truncate(k);
        return k;
    }

    /** Takes fragment {@code p}; returns the reassembled datagram if {@code p} completed one. */
    private Packet fragment(Packet p, int nh, int offField, long now) {
        int len = p.length();
        int hl = (p.u8(nh) & 15) << 2;
        int off = (offField & OFFMASK) << 3;
        int end = off + p.u16(nh + 2) - hl;
        boolean mf = (offField & MF) != 0;
        if (hl < 20 || end > 0xFFFF || end <= off || ((end & 7) != 0 && mf) || len - nh - hl < end - off) {
            badPkts++;
            p.kill();
            return null;
        }
        p.take(len - nh - hl - (end - off));
        if (memUsed > himem) {
            reapOverfull();
        }
        int src = p.i32(nh + 12);
        int dst = p.i32(nh + 16);
        int idProto = p.u16(nh + 4) << 8 | p.u8(nh + 9);
        int bucket = hash(src, dst, idProto) & mask;
        int d = buckets[bucket];
        while (d >= 0 && (dSrc[d] != src || dDst[d] != dst || dIdProto[d] != idProto)) {
            d = dHashNext[d];
        }
        if (d < 0) {
            if ((fFree < 0 || dFree < 0) && !makeRoom(-1)) {
                failedAssem++;
                p.kill();
                return null;
            }
            d = dFree;
            dFree = dHashNext[d];
            dSrc[d] = src;
            dDst[d] = dst;
            dIdProto[d] = idProto;
            dHashNext[d] = buckets[bucket];
            buckets[bucket] = d;
            dHead[d] = -1;
            dTail[d] = -1;
            dFirst[d] = -1;
            dEndOff[d] = end;
            dBytes[d] = 0;
            dFlags[d] = offField & ~(MF | OFFMASK);
            dMtu[d] = 0;
            dMf[d] = mf;
            dBorn[d] = now;
            dOlder[d] = newest;
            dNewer[d] = -1;
            if (newest >= 0) {
                dNewer[newest] = d;
            } else {
                oldest = d;
            }
            newest = d;
            append(d, p, nh, off, end);
            if (!timer.scheduled()) {
                armTimer();
            }
            return null;
        }
        if (end > dEndOff[d] && !dMf[d]) {
            // the datagram's end is known and this fragment runs past it
            p.kill();
            return null;
        }
        // held fragments that p covers entirely would be overwritten by p anyway: let them go
        int prev = -1;
        for (int f = dHead[d]; f >= 0;) {
            int next = fNext[f];
            if (fOff[f] >= off && fEnd[f] <= end) {
                if (prev < 0) {
                    dHead[d] = next;
                } else {
                    fNext[prev] = next;
                }
                if (dTail[d] == f) {
                    dTail[d] = prev;
                }
                if (dFirst[d] == f) {
                    dFirst[d] = -1;
                }
                int dl = fEnd[f] - fOff[f];
                dBytes[d] -= dl;
                memUsed -= IPH_MEM_USED + dl;
                fPkt[f].kill();
                fPkt[f] = null;
                fNext[f] = fFree;
                fFree = f;
            } else {
                prev = f;
            }
            f = next;
        }
        if (fFree < 0 && !makeRoom(d)) {
            failedAssem++;
            p.kill();
            return null;
        }
        append(d, p, nh, off, end);
        if (end > dEndOff[d]) {
            dEndOff[d] = end;
        }
        if (!mf) {
            dMf[d] = false;
        }
        if (!dMf[d] && dFirst[d] >= 0 && dBytes[d] >= dEndOff[d] && covered(d)) {
            Packet q = build(d, true, p.timestampNanos());
            if (q != null) {
                goodAssem++;
            } else {
                failedAssem++;
            }
            release(d);
            return q;
        }
        return null;
    }

    private void append(int d, Packet p, int nh, int off, int end) {
        int f = fFree;
        fFree = fNext[f];
        fPkt[f] = p;
        fOff[f] = off;
        fEnd[f] = end;
        fNext[f] = -1;
        if (dTail[d] >= 0) {
            fNext[dTail[d]] = f;
        } else {
            dHead[d] = f;
        }
        dTail[d] = f;
        if (off == 0) {
            dFirst[d] = f;
        }
        dBytes[d] += end - off;
        memUsed += IPH_MEM_USED + end - off;
        int nl = p.length() - nh;
        if (nl > dMtu[d]) {
            dMtu[d] = nl;
        }
    }

    /** Whether the held fragments of {@code d} cover [0, end). */
    private boolean covered(int d) {
        final int e = dEndOff[d];
        final int head = dHead[d];
        int cur = 0;
        while (true) {
            boolean progress = false;
            for (int f = head; f >= 0; f = fNext[f]) {
                if (fOff[f] <= cur && fEnd[f] > cur) {
                    cur = fEnd[f];
                    progress = true;
                }
            }
            if (cur >= e) {
                return true;
            }
            if (!progress) {
                return false;
            }
        }
    }

    /**
     * Copies datagram {@code d} into a new packet: complete, or (for output 1) whatever was received
     * with holes zeroed. Returns null if it cannot be built.
     */
    private Packet build(int d, boolean complete, long timestamp) {
        final byte[] s = scratch;
        int first = dFirst[d];
        Packet hp;
        int prefix;
        int hl;
        if (first >= 0) {
            hp = fPkt[first];
            prefix = hp.networkHeaderOffset();
            hl = (hp.u8(prefix) & 15) << 2;
        } else {
            hp = fPkt[dHead[d]];
            prefix = 0;
            hl = 20;
        }
        int dlen = dEndOff[d];
        int total = prefix + hl + dlen;
        if (hl + dlen > 0xFFFF || total > s.length) {
            return null;
        }
        Packet q = pool.allocate(total);
        if (q == null) {
            q = pool.allocate(0, total);
            if (q == null) {
                return null;
            }
        }
        if (first >= 0) {
            hp.copyTo(0, s, 0, prefix + hl);
        } else {
            hp.copyTo(hp.networkHeaderOffset(), s, 0, 20);
        }
        int base = prefix + hl;
        if (!complete) {
            java.util.Arrays.fill(s, base, base + dlen, (byte) 0);
        }
        for (int f = dHead[d]; f >= 0; f = fNext[f]) {
            Packet fp = fPkt[f];
            int fnh = fp.networkHeaderOffset();
            int fth = fnh + ((fp.u8(fnh) & 15) << 2);
            fp.copyTo(fth, s, base + fOff[f], fEnd[f] - fOff[f]);
        }
        q.copyFrom(s, 0, 0, total);
        q.setU16(prefix + 2, hl + dlen);
        q.setU16(prefix + 6, dFlags[d] | (!complete && dMf[d] ? MF : 0));
        q.setU16(prefix + 10, 0);
        q.setU16(prefix + 10, IPSupport.cksum(q, prefix, hl));
        q.setNetworkHeader(prefix, hl);
        if (first >= 0) {
            q.copyAnnotationsFrom(hp);
            int mac = hp.macHeaderOffset();
            if (mac >= 0 && mac <= prefix) {
                q.setMacHeaderOffset(mac);
            }
            if (complete) {
                q.setTimestampNanos(timestamp);
            }
        } else {
            q.setTimestampNanos(hp.timestampNanos());
        }
        if (mtuAnno >= 0) {
            q.setAnno8(mtuAnno, dMtu[d] >>> 8);
            q.setAnno8(mtuAnno + 1, dMtu[d]);
        }
        return q;
    }

    /** Frees datagram {@code d}: kills its fragments, unlinks it. */
    private void release(int d) {
        for (int f = dHead[d]; f >= 0;) {
            int next = fNext[f];
            memUsed -= IPH_MEM_USED + fEnd[f] - fOff[f];
            fPkt[f].kill();
            fPkt[f] = null;
            fNext[f] = fFree;
            fFree = f;
            f = next;
        }
        int bucket = hash(dSrc[d], dDst[d], dIdProto[d]) & mask;
        int x = buckets[bucket];
        if (x == d) {
            buckets[bucket] = dHashNext[d];
        } else {
            while (dHashNext[x] != d) {
                x = dHashNext[x];
            }
            dHashNext[x] = dHashNext[d];
        }
        int o = dOlder[d];
        int w = dNewer[d];
        if (o >= 0) {
            dNewer[o] = w;
        } else {
            oldest = w;
        }
        if (w >= 0) {
            dOlder[w] = o;
        } else {
            newest = o;
        }
        dHashNext[d] = dFree;
        dFree = d;
    }

    /** Gives up on datagram {@code d}: to output 1 as one packet if connected, else dropped. */
    private void expire(int d) {
        failedAssem++;
        if (out1) {
            Packet q = build(d, false, 0);
            if (q != null) {
                rejects.add(q);
            }
        }
        release(d);
    }

    private void reap(long now) {
        while (oldest >= 0 && now - dBorn[oldest] > REAP_TIMEOUT) {
            expire(oldest);
        }
    }

    private void reapOverfull() {
        while (memUsed > lowmem && oldest >= 0) {
            expire(oldest);
        }
    }

    /** Throws away the oldest datagrams other than {@code keep} until a fragment and a datagram slot are free. */
    private boolean makeRoom(int keep) {
        while (fFree < 0 || dFree < 0) {
            int v = oldest;
            if (v == keep) {
                v = dNewer[v];
            }
            if (v < 0) {
                return false;
            }
            expire(v);
        }
        return true;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (run(b) > 0) {
            output[0].push(b);
        }
        rejects.flush();
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            run(b);
            rejects.flush();
        }
        return b;
    }

    @Override
    public void cleanup() {
        if (timer != null && timer.scheduled()) {
            context.unschedule(this, timer);
        }
        while (oldest >= 0) {
            release(oldest);
        }
    }

    private String dump() {
        StringBuilder sb = new StringBuilder();
        try {
            dumpInto(sb);
        } catch (RuntimeException e) {
            // the data path changed the tables under us (handler called from another thread): partial answer
            sb.append("...\n");
        }
        return sb.toString();
    }

    private void dumpInto(StringBuilder sb) {
        sb.append("frags seen total:    ").append(fragsSeen).append('\n');
        sb.append("good reassemblies:   ").append(goodAssem).append('\n');
        sb.append("failed reassemblies: ").append(failedAssem).append('\n');
        sb.append("bad fragments seen:  ").append(badPkts).append('\n');
        sb.append("cached chunk data:\n");
        for (int d = oldest; d >= 0; d = dNewer[d]) {
            int sport = 0;
            int dport = 0;
            int first = dFirst[d];
            if (first >= 0) {
                Packet fp = fPkt[first];
                int fnh = fp.networkHeaderOffset();
                int fth = fnh + ((fp.u8(fnh) & 15) << 2);
                if (fth + 4 <= fp.length()) {
                    sport = fp.u16(fth);
                    dport = fp.u16(fth + 2);
                }
            }
            sb.append(" (").append(ArgTypes.formatIPv4(dSrc[d])).append(", ").append(sport).append(", ")
                    .append(ArgTypes.formatIPv4(dDst[d])).append(", ").append(dport).append(") ")
                    .append(dIdProto[d] >>> 8);
            // union of the received ranges, in offset order
            java.util.TreeMap<Integer, Integer> ranges = new java.util.TreeMap<>();
            for (int f = dHead[d]; f >= 0; f = fNext[f]) {
                ranges.merge(fOff[f], fEnd[f], Math::max);
            }
            int co = -1;
            int ce = -1;
            for (var e : ranges.entrySet()) {
                if (co >= 0 && e.getKey() <= ce) {
                    ce = Math.max(ce, e.getValue());
                } else {
                    if (co >= 0) {
                        sb.append(" (").append(co).append(',').append(ce).append(')');
                    }
                    co = e.getKey();
                    ce = e.getValue();
                }
            }
            if (co >= 0) {
                sb.append(" (").append(co).append(',').append(ce).append(')');
            }
            sb.append('\n');
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("dump", this::dump);
    }
}
