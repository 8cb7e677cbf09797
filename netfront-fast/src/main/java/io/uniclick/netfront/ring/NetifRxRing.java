package io.uniclick.netfront.ring;

import java.lang.foreign.MemorySegment;

/**
 * The netif RX ring (spec §1.4, §1.5): 256 slots of 8 bytes at offset 64. A request is
 * {@code {u16 id; u16 pad; u32 gref}}, a response {@code {u16 id; u16 offset; u16 flags; s16 status}},
 * each read or written as one aligned 64-bit little-endian word (torn-free single fetch).
 */
public final class NetifRxRing {
    private NetifRxRing() {
    }

    /** Id of a response word. */
    public static int responseId(long w) {
        return (int) w & 0xFFFF;
    }

    /** Data offset of a response word. */
    public static int responseOffset(long w) {
        return (int) (w >>> 16) & 0xFFFF;
    }

    /** Flags of a response word. */
    public static int responseFlags(long w) {
        return (int) (w >>> 32) & 0xFFFF;
    }

    /** Status of a response word (signed 16 bits): bytes in this slot, or a negative error. */
    public static int responseStatus(long w) {
        return (int) (w >> 48);
    }

    /** Encodes a response word. */
    public static long response(int id, int offset, int flags, int status) {
        return (id & 0xFFFFL) | ((offset & 0xFFFFL) << 16) | ((flags & 0xFFFFL) << 32) | ((long) status << 48);
    }

    /** Id of a request word. */
    public static int requestId(long w) {
        return (int) w & 0xFFFF;
    }

    /** Grant reference of a request word. */
    public static int requestGref(long w) {
        return (int) (w >>> 32);
    }

    /** Frontend view: posts buffers, reads responses. */
    public static final class Front extends SharedRing.Front {
        /** A frontend view over a ring page. */
        public Front(MemorySegment page) {
            super(page);
        }

        /** Posts a whole writable page {@code gref} with cookie {@code id} at {@code req_prod_pvt}. */
        public void putRequest(int id, int gref) {
            page.set(SharedRing.LE_LONG, Netif.rxSlot(reqProdPvt++), (id & 0xFFFFL) | ((long) gref << 32));
        }

        /**
         * Posts the next {@code count} requests in one or two bulk copies: the request for ring slot
         * {@code s} is {@code wordsBySlot[s]} (a driver that gives each slot its own buffer, cookie
         * = slot, has a constant word per slot). The caller checked {@link #freeRequests()}.
         */
        public void putRequests(long[] wordsBySlot, int count) {
            int start = reqProdPvt & Netif.RING_MASK;
            int first = Math.min(count, Netif.RING_SIZE - start);
            MemorySegment.copy(wordsBySlot, start, page, SharedRing.LE_LONG, Netif.rxSlot(start), first);
            if (count > first) {
                MemorySegment.copy(wordsBySlot, 0, page, SharedRing.LE_LONG, Netif.rxSlot(0), count - first);
            }
            reqProdPvt += count;
        }

        /** The response word at {@code idx}: one 64-bit load, never re-read it. */
        public long response(int idx) {
            return page.get(SharedRing.LE_LONG, Netif.rxSlot(idx));
        }
    }

    /** Backend view: consumes posted buffers, writes responses in the same slots. */
    public static final class Back extends SharedRing.Back {
        /** A backend view over a ring page initialised by the frontend. */
        public Back(MemorySegment page) {
            super(page);
        }

        /** The request word at {@code idx}. */
        public long request(int idx) {
            return page.get(SharedRing.LE_LONG, Netif.rxSlot(idx));
        }

        /** Writes a response (data or extra) at {@code rsp_prod_pvt} and advances it. */
        public void putResponse(long word) {
            page.set(SharedRing.LE_LONG, Netif.rxSlot(rspProdPvt++), word);
        }
    }
}
