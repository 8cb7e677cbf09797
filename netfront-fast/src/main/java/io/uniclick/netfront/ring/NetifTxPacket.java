package io.uniclick.netfront.ring;

/**
 * One TX packet as a backend sees it (spec §1.8, §3, §8.6): the first request, its extra-info
 * slots, and the {@code more_data} chain, each request copied once into private arrays, with Linux
 * netback's checks and outcome classes ({@link #OK}, {@link #ERROR}: answer every slot with
 * {@code NETIF_RSP_ERROR}, {@link #FATAL}: the frontend is malicious, disable the vif). Reusable;
 * parsing allocates nothing.
 */
public final class NetifTxPacket {
    /** Outcome: a well-formed packet. */
    public static final int OK = 0;
    /** Outcome: answer every slot with ERROR and go on. */
    public static final int ERROR = 1;
    /** Outcome: protocol violation, disable the interface. */
    public static final int FATAL = 2;
    /** Outcome: nothing to parse. */
    public static final int EMPTY = 3;
    /** Most data slots stored (first + 20 follow-on, beyond which the packet is fatal). */
    public static final int MAX_DATA_SLOTS = 1 + Netif.FATAL_SKB_SLOTS;

    /** Grant ref per data slot. */
    public final int[] gref = new int[MAX_DATA_SLOTS];
    /** Offset per data slot. */
    public final int[] offset = new int[MAX_DATA_SLOTS];
    /** Fragment length per data slot (slot 0: total minus follow-on lengths). */
    public final int[] size = new int[MAX_DATA_SLOTS];
    /** Request id per data slot. */
    public final int[] id = new int[MAX_DATA_SLOTS];
    /** Extras by type (last one of each type wins, like netback); meaningful only when {@link #extraSlots} &gt; 0. */
    public final long[] extraByType = new long[Netif.EXTRA_TYPE_MAX];
    /** Number of data slots. */
    public int dataSlots;
    /** Number of extra slots. */
    public int extraSlots;
    /** Flags of the first request. */
    public int firstFlags;
    /** Total packet length (first request's size). */
    public int totalLength;
    /** Why the packet was refused (a constant string), or null. */
    public String reason;

    /** Parses the packet at the ring's {@code req_cons} against snapshot {@code reqProd}; advances {@code req_cons} past it. */
    public int parse(NetifTxRing.Back ring, int reqProd) {
        reason = null;
        dataSlots = 0;
        extraSlots = 0;
        int cons = ring.reqCons();
        int avail = reqProd - cons;
        if (avail == 0) {
            return EMPTY;
        }
        if (Integer.compareUnsigned(avail, Netif.RING_SIZE) > 0) {
            reason = "Impossible number of requests";
            return FATAL;
        }
        int g = ring.requestGref(cons);
        int w1 = ring.requestWord1(cons);
        int w2 = ring.requestWord2(cons);
        cons++;
        int flags = NetifTxRing.requestFlags(w1);
        firstFlags = flags;
        int first = NetifTxRing.requestSize(w2);
        totalLength = first;
        gref[0] = g;
        offset[0] = NetifTxRing.requestOffset(w1);
        id[0] = NetifTxRing.requestId(w2);
        dataSlots = 1;
        if ((flags & Netif.NETTXF_EXTRA_INFO) != 0) {
            final long[] byType = extraByType;
            for (int t = 0; t < byType.length; t++) {
                byType[t] = 0; // cleared only for packets with extras: most have none
            }
            long e;
            do {
                if (cons == reqProd) {
                    ring.setReqCons(cons);
                    reason = "Missing extra info";
                    return FATAL;
                }
                e = ring.requestExtra(cons);
                cons++;
                extraSlots++;
                int t = NetifExtra.type(e);
                if (t <= Netif.EXTRA_TYPE_NONE || t >= Netif.EXTRA_TYPE_MAX) {
                    ring.setReqCons(cons);
                    reason = "Invalid extra type";
                    return FATAL;
                }
                extraByType[t] = e;
            } while (NetifExtra.more(e));
            long gso = extraByType[Netif.EXTRA_TYPE_GSO];
            if (gso != 0 && !NetifExtra.valid(gso)) {
                ring.setReqCons(cons);
                reason = "Bad GSO extra";
                return FATAL;
            }
        }
        boolean dropErr = false;
        int more = flags & Netif.NETTXF_MORE_DATA;
        while (more != 0) {
            int follow = dataSlots - 1;
            if (follow >= Netif.FATAL_SKB_SLOTS) {
                ring.setReqCons(cons);
                reason = "Too many slots";
                return FATAL;
            }
            if (follow >= Netif.NR_SLOTS_MIN) {
                dropErr = true;
            }
            if (cons == reqProd) {
                ring.setReqCons(cons);
                reason = "Need more slots";
                return FATAL;
            }
            int fg = ring.requestGref(cons);
            int f1 = ring.requestWord1(cons);
            int f2 = ring.requestWord2(cons);
            cons++;
            int fsize = NetifTxRing.requestSize(f2);
            int foff = NetifTxRing.requestOffset(f1);
            if (!dropErr && fsize > first) {
                dropErr = true;
                reason = "Packet is bigger than frame";
            }
            first -= fsize;
            if (foff + fsize > Netif.PAGE_SIZE) {
                ring.setReqCons(cons);
                reason = "Cross page boundary";
                return FATAL;
            }
            gref[dataSlots] = fg;
            offset[dataSlots] = foff;
            size[dataSlots] = fsize;
            id[dataSlots] = NetifTxRing.requestId(f2);
            dataSlots++;
            more = NetifTxRing.requestFlags(f1) & Netif.NETTXF_MORE_DATA;
        }
        ring.setReqCons(cons);
        size[0] = first;
        if (dropErr) {
            if (reason == null) {
                reason = "Too many slots (error)";
            }
            return ERROR;
        }
        if (first < Netif.ETH_HLEN) {
            reason = "Bad packet size";
            return ERROR;
        }
        if (offset[0] + first > Netif.PAGE_SIZE) {
            reason = "Cross page boundary";
            return FATAL;
        }
        return OK;
    }
}
