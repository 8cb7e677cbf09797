package io.uniclick.netfront.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NetifRingTest {
    private static MemorySegment page() {
        return Arena.ofAuto().allocate(4096, 4096);
    }

    private static int u8(MemorySegment p, long off) {
        return p.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    @Test
    void sharedRingInitLayout() {
        MemorySegment p = page();
        p.fill((byte) 0x5A);
        new NetifTxRing.Front(p).init();
        assertEquals(0, p.get(SharedRing.LE_INT, 0));
        assertEquals(1, p.get(SharedRing.LE_INT, 4));
        assertEquals(0, p.get(SharedRing.LE_INT, 8));
        assertEquals(1, p.get(SharedRing.LE_INT, 12));
        for (int i = 16; i < 4096; i++) {
            assertEquals(0, u8(p, i), "byte " + i);
        }
        // little-endian on the wire
        assertEquals(1, u8(p, 4));
        assertEquals(0, u8(p, 7));
    }

    @Test
    void txRequestIsByteExact() {
        MemorySegment p = page();
        NetifTxRing.Front f = new NetifTxRing.Front(p);
        f.init();
        f.putRequest(0x11223344, 0x0102, Netif.NETTXF_MORE_DATA, 0x00AB, 0x05DC);
        f.putRequest(7, 0, 0, 1, 60);
        byte[] want = {0x44, 0x33, 0x22, 0x11, 0x02, 0x01, 0x04, 0x00, (byte) 0xAB, 0x00, (byte) 0xDC, 0x05};
        for (int i = 0; i < 12; i++) {
            assertEquals(want[i] & 0xFF, u8(p, 64 + i), "byte " + i);
        }
        assertEquals(7, p.get(SharedRing.LE_INT, 76)); // slot 1 at 64 + 12
        assertEquals(2, f.reqProdPvt());
        assertEquals(Netif.RING_HEADER + 12L * 255, Netif.txSlot(255));
        assertEquals(Netif.RING_HEADER, Netif.txSlot(256));
        assertEquals(64 + 12 * 256, 3136); // ring ends at 3135
    }

    @Test
    void txResponseDecodesIdAndSignedStatus() {
        MemorySegment p = page();
        NetifTxRing.Front f = new NetifTxRing.Front(p);
        f.init();
        NetifTxRing.Back b = new NetifTxRing.Back(p);
        b.putResponse(200, Netif.NETIF_RSP_DROPPED);
        assertEquals(200, u8(p, 64));
        assertEquals(0xFE, u8(p, 66));
        assertEquals(0xFF, u8(p, 67));
        int w = f.response(0);
        assertEquals(200, NetifTxRing.responseId(w));
        assertEquals(-2, NetifTxRing.responseStatus(w));
        b.putResponse(3, Netif.NETIF_RSP_NULL);
        assertEquals(1, NetifTxRing.responseStatus(f.response(1)));
    }

    @Test
    void rxRequestAndResponseAreByteExact() {
        MemorySegment p = page();
        NetifRxRing.Front f = new NetifRxRing.Front(p);
        f.init();
        f.putRequest(0x0102, 0xA0B0C0D0);
        byte[] want = {0x02, 0x01, 0, 0, (byte) 0xD0, (byte) 0xC0, (byte) 0xB0, (byte) 0xA0};
        for (int i = 0; i < 8; i++) {
            assertEquals(want[i] & 0xFF, u8(p, 64 + i));
        }
        NetifRxRing.Back b = new NetifRxRing.Back(p);
        long req = b.request(0);
        assertEquals(0x0102, NetifRxRing.requestId(req));
        assertEquals(0xA0B0C0D0, NetifRxRing.requestGref(req));
        b.putResponse(NetifRxRing.response(0x0102, 0x10, Netif.NETRXF_DATA_VALIDATED, 1514));
        byte[] rsp = {0x02, 0x01, 0x10, 0, 0x01, 0, (byte) 0xEA, 0x05};
        for (int i = 0; i < 8; i++) {
            assertEquals(rsp[i] & 0xFF, u8(p, 64 + i), "rsp byte " + i);
        }
        long w = f.response(0);
        assertEquals(0x0102, NetifRxRing.responseId(w));
        assertEquals(0x10, NetifRxRing.responseOffset(w));
        assertEquals(Netif.NETRXF_DATA_VALIDATED, NetifRxRing.responseFlags(w));
        assertEquals(1514, NetifRxRing.responseStatus(w));
        assertEquals(-3, NetifRxRing.responseStatus(NetifRxRing.response(0, 0, 0, -3)));
        assertEquals(ByteOrder.LITTLE_ENDIAN, SharedRing.LE_LONG.order());
    }

    @Test
    void eventIndexRuleNotifiesOncePerIdlePeriod() {
        MemorySegment p = page();
        NetifTxRing.Front f = new NetifTxRing.Front(p);
        f.init();
        NetifTxRing.Back b = new NetifTxRing.Back(p);
        f.putRequest(1, 0, 0, 0, 60);
        assertTrue(f.pushRequestsAndCheckNotify(), "req_event=1 lies in (0,1]");
        f.putRequest(1, 0, 0, 1, 60);
        assertFalse(f.pushRequestsAndCheckNotify(), "backend busy: no second notification");
        assertFalse(f.pushRequestsAndCheckNotify(), "nothing new");
        // backend consumes both, goes idle
        b.setReqCons(b.requestProducer());
        assertFalse(b.finalCheckForRequests());
        assertEquals(3, p.get(SharedRing.LE_INT, 4));
        for (int i = 0; i < 5; i++) {
            f.putRequest(1, 0, 0, 2 + i, 60);
        }
        assertTrue(f.pushRequestsAndCheckNotify(), "one notification for a batch of five");
        // responses: frontend never arms rsp_event beyond the initial 1
        b.putResponse(0, 0);
        assertTrue(b.pushResponsesAndCheckNotify());
        b.putResponse(1, 0);
        assertFalse(b.pushResponsesAndCheckNotify());
    }

    @Test
    void bulkRxRequestsGoToTheNextSlotsAndWrapAroundTheRing() {
        MemorySegment p = page();
        NetifRxRing.Front f = new NetifRxRing.Front(p);
        f.initAt(-3);
        long[] words = new long[Netif.RING_SIZE];
        for (int s = 0; s < words.length; s++) {
            words[s] = (s & 0xFFFFL) | ((1000L + s) << 32);
        }
        for (int i = 0; i < 250; i++) {
            f.putRequest(7, 7); // one by one: slots 253..255, 0..246
        }
        f.setRspCons(f.reqProdPvt()); // all answered and consumed: 256 free again
        f.putRequests(words, 10); // slots 247..255, then 0
        assertEquals(-3 + 260, f.reqProdPvt());
        NetifRxRing.Back b = new NetifRxRing.Back(p);
        for (int idx = -3 + 250; idx != -3 + 260; idx++) {
            long r = b.request(idx);
            int slot = idx & 255;
            assertEquals(slot, NetifRxRing.requestId(r), "index " + idx);
            assertEquals(1000 + slot, NetifRxRing.requestGref(r), "index " + idx);
            assertEquals(words[slot], r, "index " + idx);
        }
        f.putRequests(words, 0);
        assertEquals(-3 + 260, f.reqProdPvt());
    }

    @Test
    void indicesWrapAt2To32() {
        MemorySegment p = page();
        NetifRxRing.Front f = new NetifRxRing.Front(p);
        int start = -3; // 0xFFFFFFFD
        f.initAt(start);
        NetifRxRing.Back b = new NetifRxRing.Back(p);
        assertEquals(256, f.freeRequests());
        for (int i = 0; i < 256; i++) {
            f.putRequest(i, 100 + i);
        }
        assertEquals(0, f.freeRequests());
        assertEquals(253, f.reqProdPvt());
        f.pushRequestsAndCheckNotify();
        int rp = b.requestProducer();
        assertEquals(256, rp - b.reqCons());
        for (int i = b.reqCons(); i != rp; i++) {
            long r = b.request(i);
            assertEquals((i - start) & 255, NetifRxRing.requestId(r) & 255);
            b.putResponse(NetifRxRing.response(NetifRxRing.requestId(r), 0, 0, 60));
        }
        b.setReqCons(rp);
        b.pushResponsesAndCheckNotify();
        int prod = f.responseProducer();
        assertEquals(253, prod);
        assertEquals(256, prod - f.rspCons());
        // slot of 0xFFFFFFFD is 253, of 0 is 0
        assertEquals(64 + 8 * 253, Netif.rxSlot(start));
        assertEquals(3, NetifRxRing.responseId(f.response(0)));
        f.setRspCons(prod);
        assertEquals(256, f.freeRequests());
        assertFalse(f.finalCheckForResponses());
        assertEquals(254, p.get(SharedRing.LE_INT, 12));
    }

    @Test
    void eventRuleAcrossWrap() {
        assertTrue(SharedRing.needNotify(2, 0, -2)); // event 0 in (-2, 2]
        assertTrue(SharedRing.needNotify(2, 2, -2));
        assertFalse(SharedRing.needNotify(2, -2, -2)); // old itself is excluded
        assertFalse(SharedRing.needNotify(2, 3, -2));
    }

    @Test
    void txPacketParsesChainsAndExtras() {
        MemorySegment p = page();
        NetifTxRing.Front f = new NetifTxRing.Front(p);
        f.init();
        NetifTxRing.Back b = new NetifTxRing.Back(p);
        f.putRequest(10, 100, Netif.NETTXF_MORE_DATA | Netif.NETTXF_EXTRA_INFO, 1, 3000);
        f.putExtra(NetifExtra.gso(1448, Netif.GSO_TYPE_TCPV4, false));
        f.putRequest(11, 0, Netif.NETTXF_MORE_DATA, 2, 1000);
        f.putRequest(12, 0, 0, 3, 500);
        f.putRequest(13, 0, 0, 4, 60);
        f.pushRequestsAndCheckNotify();
        NetifTxPacket t = new NetifTxPacket();
        assertEquals(NetifTxPacket.OK, t.parse(b, b.requestProducer()));
        assertEquals(3, t.dataSlots);
        assertEquals(1, t.extraSlots);
        assertEquals(3000, t.totalLength);
        assertEquals(1500, t.size[0]);
        assertEquals(1000, t.size[1]);
        assertEquals(1448, NetifExtra.gsoSize(t.extraByType[Netif.EXTRA_TYPE_GSO]));
        assertEquals(NetifTxPacket.OK, t.parse(b, b.requestProducer()));
        assertEquals(60, t.size[0]);
        assertEquals(NetifTxPacket.EMPTY, t.parse(b, b.requestProducer()));
    }

    @Test
    void txPacketRejectsLikeNetback() {
        NetifTxPacket t = new NetifTxPacket();
        // chain past req_prod: fatal
        MemorySegment p = page();
        NetifTxRing.Front f = new NetifTxRing.Front(p);
        f.init();
        NetifTxRing.Back b = new NetifTxRing.Back(p);
        f.putRequest(1, 0, Netif.NETTXF_MORE_DATA, 0, 100);
        f.pushRequestsAndCheckNotify();
        assertEquals(NetifTxPacket.FATAL, t.parse(b, b.requestProducer()));
        assertEquals("Need more slots", t.reason);
        // short first slot: error
        f.init();
        b = new NetifTxRing.Back(p);
        f.putRequest(1, 0, 0, 0, 10);
        f.putRequest(1, 4000, 0, 1, 200);
        f.pushRequestsAndCheckNotify();
        assertEquals(NetifTxPacket.ERROR, t.parse(b, b.requestProducer()));
        assertEquals(NetifTxPacket.FATAL, t.parse(b, b.requestProducer()));
        assertEquals("Cross page boundary", t.reason);
        // bad extra type: fatal
        f.init();
        b = new NetifTxRing.Back(p);
        f.putRequest(1, 0, Netif.NETTXF_EXTRA_INFO, 0, 60);
        f.putExtra(NetifExtra.of(9, false, 0));
        f.pushRequestsAndCheckNotify();
        assertEquals(NetifTxPacket.FATAL, t.parse(b, b.requestProducer()));
        // 19 follow-on slots: error; 21: fatal
        f.init();
        b = new NetifTxRing.Back(p);
        f.putRequest(1, 0, Netif.NETTXF_MORE_DATA, 0, 20 * 100);
        for (int i = 0; i < 19; i++) {
            f.putRequest(1, 0, i < 18 ? Netif.NETTXF_MORE_DATA : 0, 1 + i, 100);
        }
        f.pushRequestsAndCheckNotify();
        assertEquals(NetifTxPacket.ERROR, t.parse(b, b.requestProducer()));
        assertEquals(20, t.dataSlots);
        f.init();
        b = new NetifTxRing.Back(p);
        f.putRequest(1, 0, Netif.NETTXF_MORE_DATA, 0, 30 * 100);
        for (int i = 0; i < 22; i++) {
            f.putRequest(1, 0, Netif.NETTXF_MORE_DATA, 1 + i, 100);
        }
        f.pushRequestsAndCheckNotify();
        assertEquals(NetifTxPacket.FATAL, t.parse(b, b.requestProducer()));
        assertEquals("Too many slots", t.reason);
        // impossible number of requests
        f.init();
        b = new NetifTxRing.Back(p);
        p.set(SharedRing.LE_INT, 0, 300);
        assertEquals(NetifTxPacket.FATAL, t.parse(b, b.requestProducer()));
    }
}
