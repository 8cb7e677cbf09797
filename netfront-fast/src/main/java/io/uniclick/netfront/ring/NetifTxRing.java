package io.uniclick.netfront.ring;

import java.lang.foreign.MemorySegment;

/**
 * The netif TX ring (spec §1.2, §1.3): 256 slots of 12 bytes at offset 64. A request is
 * {@code {u32 gref; u16 offset; u16 flags; u16 id; u16 size}}, a response {@code {u16 id; s16 status}}
 * in the first 4 bytes of a slot, read with one aligned 32-bit load.
 */
public final class NetifTxRing {
    private NetifTxRing() {
    }

    /** Id of a response word. */
    public static int responseId(int word) {
        return word & 0xFFFF;
    }

    /** Status of a response word (signed 16 bits). */
    public static int responseStatus(int word) {
        return word >> 16;
    }

    /** Offset field of request word 1 ({@code offset | flags << 16}). */
    public static int requestOffset(int word1) {
        return word1 & 0xFFFF;
    }

    /** Flags field of request word 1. */
    public static int requestFlags(int word1) {
        return word1 >>> 16;
    }

    /** Id field of request word 2 ({@code id | size << 16}). */
    public static int requestId(int word2) {
        return word2 & 0xFFFF;
    }

    /** Size field of request word 2. */
    public static int requestSize(int word2) {
        return word2 >>> 16;
    }

    /** Frontend view: writes requests, reads responses. */
    public static final class Front extends SharedRing.Front {
        /** A frontend view over a ring page. */
        public Front(MemorySegment page) {
            super(page);
        }

        /** Writes a data request at {@code req_prod_pvt} and advances it; the caller checked {@link #freeRequests()}. */
        public void putRequest(int gref, int offset, int flags, int id, int size) {
            long s = Netif.txSlot(reqProdPvt++);
            MemorySegment p = page;
            p.set(SharedRing.LE_INT, s, gref);
            p.set(SharedRing.LE_INT, s + 4, (offset & 0xFFFF) | (flags << 16));
            p.set(SharedRing.LE_INT, s + 8, (id & 0xFFFF) | (size << 16));
        }

        /** Writes an extra-info slot ({@link NetifExtra} encoding) and advances {@code req_prod_pvt}. */
        public void putExtra(long extra) {
            long s = Netif.txSlot(reqProdPvt++);
            page.set(SharedRing.LE_INT, s, (int) extra);
            page.set(SharedRing.LE_INT, s + 4, (int) (extra >>> 32));
            page.set(SharedRing.LE_INT, s + 8, 0);
        }

        /** The response word at free-running index {@code idx}: one 32-bit load, never re-read it. */
        public int response(int idx) {
            return page.get(SharedRing.LE_INT, Netif.txSlot(idx));
        }
    }

    /** Backend view: reads requests, writes responses. */
    public static final class Back extends SharedRing.Back {
        /** A backend view over a ring page initialised by the frontend. */
        public Back(MemorySegment page) {
            super(page);
        }

        /** Request word 0 (gref) at {@code idx}. */
        public int requestGref(int idx) {
            return page.get(SharedRing.LE_INT, Netif.txSlot(idx));
        }

        /** Request word 1 ({@code offset | flags << 16}) at {@code idx}. */
        public int requestWord1(int idx) {
            return page.get(SharedRing.LE_INT, Netif.txSlot(idx) + 4);
        }

        /** Request word 2 ({@code id | size << 16}) at {@code idx}. */
        public int requestWord2(int idx) {
            return page.get(SharedRing.LE_INT, Netif.txSlot(idx) + 8);
        }

        /** The 8-byte extra-info at {@code idx}. */
        public long requestExtra(int idx) {
            long s = Netif.txSlot(idx);
            return (page.get(SharedRing.LE_INT, s) & 0xFFFFFFFFL) | ((long) page.get(SharedRing.LE_INT, s + 4) << 32);
        }

        /** Writes a response at {@code rsp_prod_pvt} (one 32-bit store) and advances it. */
        public void putResponse(int id, int status) {
            page.set(SharedRing.LE_INT, Netif.txSlot(rspProdPvt++), (id & 0xFFFF) | (status << 16));
        }
    }
}
