package io.uniclick.netfront.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 64-byte header of a Xen shared ring page ({@code struct *_sring}, spec §1.1) and the index
 * rules of {@code ring.h} with the memory ordering of spec §2.4: acquire loads of the peer's
 * producer, release stores of our own producer, a full fence between publishing an index or event
 * and reading the peer's event or producer. Indices are free-running 32-bit values; Java {@code int}
 * arithmetic wraps exactly like C's {@code unsigned int}, and only differences are compared.
 *
 * <p>The views ({@link Front}, {@link Back}) hold the private indices of one side and are owned by
 * one thread each; they never allocate.
 */
public final class SharedRing {
    private SharedRing() {
    }

    /** Little-endian aligned 32-bit int (the ring's fields). */
    public static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Little-endian aligned 64-bit long (one RX slot, one extra). */
    public static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Little-endian aligned 16-bit short. */
    public static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** VarHandle over a 32-bit index: coordinates (MemorySegment, long offset). */
    static final VarHandle INT = LE_INT.varHandle();

    /** {@code SHARED_RING_INIT}: zeroes the page, producers 0, events 1. Done by the frontend only. */
    public static void init(MemorySegment page) {
        page.fill((byte) 0);
        page.set(LE_INT, Netif.REQ_EVENT, 1);
        page.set(LE_INT, Netif.RSP_EVENT, 1);
        VarHandle.releaseFence();
    }

    /** Whether an event-index rule asks for a notification: the event lies in {@code (old, new]}. */
    public static boolean needNotify(int newProd, int event, int oldProd) {
        return Integer.compareUnsigned(newProd - event, newProd - oldProd) < 0;
    }

    /** Frontend view of a ring: produces requests, consumes responses. */
    public abstract static class Front {
        /** The ring page (4096 bytes, page aligned). */
        protected final MemorySegment page;
        /** Private request producer ({@code req_prod_pvt}). */
        protected int reqProdPvt;
        /** Private response consumer ({@code rsp_cons}). */
        protected int rspCons;
        /** The last value we published to {@code req_prod} (our own copy; never re-read from the page). */
        protected int reqProdPublished;

        /** A view over {@code page}. */
        protected Front(MemorySegment page) {
            if (page.byteSize() < Netif.PAGE_SIZE || (page.address() & 7) != 0) {
                throw new IllegalArgumentException("ring page must be 4096 bytes, 8-byte aligned");
            }
            this.page = page;
        }

        /** Initialises the shared page and the private indices (frontend before publishing the ref). */
        public final void init() {
            SharedRing.init(page);
            reqProdPvt = 0;
            rspCons = 0;
            reqProdPublished = 0;
        }

        /** Test hook: initialises with all indices at {@code start} (to exercise wrap-around at 2^32). */
        public final void initAt(int start) {
            SharedRing.init(page);
            page.set(LE_INT, Netif.REQ_PROD, start);
            page.set(LE_INT, Netif.RSP_PROD, start);
            page.set(LE_INT, Netif.REQ_EVENT, start + 1);
            page.set(LE_INT, Netif.RSP_EVENT, start + 1);
            VarHandle.releaseFence();
            reqProdPvt = start;
            rspCons = start;
            reqProdPublished = start;
        }

        /** The ring page. */
        public final MemorySegment page() {
            return page;
        }

        /** Private request producer. */
        public final int reqProdPvt() {
            return reqProdPvt;
        }

        /** Published request producer (our copy). */
        public final int reqProdPublished() {
            return reqProdPublished;
        }

        /** Private response consumer. */
        public final int rspCons() {
            return rspCons;
        }

        /** Sets the response consumer after processing responses up to {@code cons}. */
        public final void setRspCons(int cons) {
            rspCons = cons;
        }

        /** Requests that may still be written: {@code N - (req_prod_pvt - rsp_cons)}. */
        public final int freeRequests() {
            return Netif.RING_SIZE - (reqProdPvt - rspCons);
        }

        /** Requests published or pending whose response has not been consumed. */
        public final int outstanding() {
            return reqProdPvt - rspCons;
        }

        /**
         * {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY}: publishes {@code req_prod_pvt} with release
         * semantics, full fence, then applies the event-index rule to the backend's {@code req_event}.
         * Call it only at packet boundaries.
         *
         * @return whether the backend must be notified
         */
        public final boolean pushRequestsAndCheckNotify() {
            int old = reqProdPublished;
            int neu = reqProdPvt;
            if (old == neu) {
                return false;
            }
            INT.setRelease(page, Netif.REQ_PROD, neu);
            reqProdPublished = neu;
            VarHandle.fullFence();
            int event = (int) INT.getVolatile(page, Netif.REQ_EVENT);
            return needNotify(neu, event, old);
        }

        /** Reads the backend's {@code rsp_prod} with acquire semantics (slot contents visible after). */
        public final int responseProducer() {
            return (int) INT.getAcquire(page, Netif.RSP_PROD);
        }

        /**
         * {@code RING_FINAL_CHECK_FOR_RESPONSES}: if nothing is pending, arms {@code rsp_event} at
         * {@code rsp_cons + 1} and re-checks after a full fence. Poll-mode drivers call it only
         * before blocking.
         */
        public final boolean finalCheckForResponses() {
            if (responseProducer() != rspCons) {
                return true;
            }
            INT.setVolatile(page, Netif.RSP_EVENT, rspCons + 1);
            VarHandle.fullFence();
            return responseProducer() != rspCons;
        }

        /** Writes {@code rsp_event} (batched wake-ups). */
        public final void setResponseEvent(int v) {
            INT.setRelease(page, Netif.RSP_EVENT, v);
        }
    }

    /** Backend view of a ring: consumes requests, produces responses. */
    public abstract static class Back {
        /** The ring page. */
        protected final MemorySegment page;
        /** Private request consumer. */
        protected int reqCons;
        /** Private response producer. */
        protected int rspProdPvt;
        /** The last value published to {@code rsp_prod}. */
        protected int rspProdPublished;

        /** A view over {@code page}, which the frontend has initialised. */
        protected Back(MemorySegment page) {
            if (page.byteSize() < Netif.PAGE_SIZE || (page.address() & 7) != 0) {
                throw new IllegalArgumentException("ring page must be 4096 bytes, 8-byte aligned");
            }
            this.page = page;
            reqCons = (int) INT.getAcquire(page, Netif.RSP_PROD);
            rspProdPvt = reqCons;
            rspProdPublished = reqCons;
        }

        /** The ring page. */
        public final MemorySegment page() {
            return page;
        }

        /** Private request consumer. */
        public final int reqCons() {
            return reqCons;
        }

        /** Advances the request consumer. */
        public final void setReqCons(int v) {
            reqCons = v;
        }

        /** Private response producer. */
        public final int rspProdPvt() {
            return rspProdPvt;
        }

        /** Reads the frontend's {@code req_prod} with acquire semantics. */
        public final int requestProducer() {
            return (int) INT.getAcquire(page, Netif.REQ_PROD);
        }

        /** {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY}. */
        public final boolean pushResponsesAndCheckNotify() {
            int old = rspProdPublished;
            int neu = rspProdPvt;
            if (old == neu) {
                return false;
            }
            INT.setRelease(page, Netif.RSP_PROD, neu);
            rspProdPublished = neu;
            VarHandle.fullFence();
            int event = (int) INT.getVolatile(page, Netif.RSP_EVENT);
            return needNotify(neu, event, old);
        }

        /** {@code RING_FINAL_CHECK_FOR_REQUESTS}: arms {@code req_event} when idle and re-checks. */
        public final boolean finalCheckForRequests() {
            if (requestProducer() != reqCons) {
                return true;
            }
            INT.setVolatile(page, Netif.REQ_EVENT, reqCons + 1);
            VarHandle.fullFence();
            return requestProducer() != reqCons;
        }

        /** Sets {@code req_event} (e.g. {@code req_prod + 1} when waiting for more RX slots). */
        public final void setRequestEvent(int v) {
            INT.setVolatile(page, Netif.REQ_EVENT, v);
            VarHandle.fullFence();
        }
    }
}
