package io.uniclick.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketPoolTest {
    @Test
    void exhaustedPoolReturnsNullAndCountsTheFailure() {
        PacketPool pool = new PacketPool(256, 4, null);
        for (int i = 0; i < 4; i++) {
            assertNotNull(pool.allocate(0, 60));
        }
        assertNull(pool.allocate(0, 60));
        assertEquals(1, pool.failures());
    }

    @Test
    void packetTooBigForTheSlotComesFromTheLargePool() {
        PacketPool large = new PacketPool(9000, 4, null);
        PacketPool pool = new PacketPool(2048, 16, large);
        Packet p = pool.allocate(128, 5000);
        assertNotNull(p);
        assertTrue(p.pool() == large);
        assertNull(new PacketPool(2048, 16, null).allocate(128, 5000));
    }

    @Test
    void freedPacketsAreReused() {
        PacketPool pool = new PacketPool(256, 2, null);
        Packet a = pool.allocate(0, 10);
        pool.allocate(0, 10);
        a.kill();
        assertTrue(pool.allocate(0, 10) == a);
    }

    @Test
    void doubleFreeIsDetected() {
        PacketPool pool = new PacketPool(256, 2, null);
        Packet a = pool.allocate(0, 10);
        a.kill();
        assertThrows(IllegalStateException.class, a::kill);
    }

    @Test
    void packetsFreedOnAnotherThreadGoHome() throws Exception {
        PacketPool pool = new PacketPool(256, 64, null);
        PacketBatch b = new PacketBatch();
        for (int i = 0; i < 64; i++) {
            b.add(pool.allocate(0, 10));
        }
        assertNull(pool.allocate(0, 10));
        Thread t = new Thread(b::killAll);
        t.start();
        t.join();
        for (int i = 0; i < 64; i++) {
            assertNotNull(pool.allocate(0, 10), "packet " + i + " came back");
        }
    }

    @Test
    void aBatchMixingPoolsSendsEveryPacketToItsOwnPool() {
        PacketPool a = new PacketPool(256, 3, null);
        PacketPool b = new PacketPool(256, 2, null);
        PacketBatch batch = new PacketBatch();
        batch.add(a.allocate(0, 10));
        batch.add(b.allocate(0, 10));
        batch.add(a.allocate(0, 10));
        batch.add(a.allocate(0, 10));
        batch.add(b.allocate(0, 10));
        assertNull(a.allocate(0, 10));
        assertNull(b.allocate(0, 10));
        batch.killAll();
        assertEquals(0, batch.size());
        assertEquals(3, a.available());
        assertEquals(2, b.available());
        for (int i = 0; i < 3; i++) {
            assertTrue(a.allocate(0, 10).pool() == a);
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(b.allocate(0, 10).pool() == b);
        }
    }

    @Test
    void aPacketFreedTwiceIsRefusedAndEveryOtherSlotComesBackOnce() {
        PacketPool pool = new PacketPool(256, 4, null);
        Packet p = pool.allocate(16, 20);
        Packet q = pool.allocate(16, 20);
        PacketBatch b = new PacketBatch();
        b.add(p);
        b.add(q);
        b.add(p);
        assertThrows(IllegalStateException.class, b::killAll);
        assertThrows(IllegalStateException.class, p::kill);
        java.util.Set<Packet> slots = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 4; i++) {
            Packet r = pool.allocate(16, 20);
            assertNotNull(r, "slot " + i);
            assertTrue(slots.add(r), "slot " + i + " handed out once");
        }
        assertNull(pool.allocate(16, 20), "four slots, no more");
    }

    @Test
    void newPacketsHaveCleanAnnotations() {
        PacketPool pool = new PacketPool(256, 1, null);
        Packet p = pool.allocate(16, 20);
        p.setPaint(7);
        p.setDstIpAnno(0x0A000001);
        p.setNetworkHeader(0, 20);
        p.kill();
        Packet q = pool.allocate(16, 20);
        assertEquals(0, q.paint());
        assertEquals(0, q.dstIpAnno());
        assertEquals(Packet.NO_HEADER, q.networkHeaderOffset());
    }

    @Test
    void everyWayOfSettingAnAnnotationIsClearedOnReuse() {
        PacketPool pool = new PacketPool(256, 2, null);
        Packet src = pool.allocate(16, 20);
        src.setAnno8(47, 9);
        Packet p = pool.allocate(16, 20);
        p.copyAnnotationsFrom(src);
        src.kill();
        p.kill();
        for (int round = 0; round < 2; round++) {
            Packet q = pool.allocate(16, 20);
            for (int off = 0; off < Packet.ANNO_SIZE; off++) {
                assertEquals(0, q.anno8(off), "annotation byte " + off);
            }
            q.setAnno32(8, -1);
            q.kill();
        }
    }

    @Test
    void theDestinationAddressAloneAndTogetherWithOtherAnnotationsIsClearedOnReuse() {
        PacketPool pool = new PacketPool(256, 1, null);
        Packet p = pool.allocate(16, 20);
        p.setDstIpAnno(0x0A000001);
        p.kill();
        p = pool.allocate(16, 20);
        assertEquals(0, p.dstIpAnno());
        p.setAnno8(40, 5);
        p.setDstIpAnno(0x0A000002); // after another annotation: the whole area is cleared
        p.kill();
        p = pool.allocate(16, 20);
        assertEquals(0, p.dstIpAnno());
        assertEquals(0, p.anno8(40));
        p.setDstIpAnno(0x0A000003);
        p.setAnno32(20, -1); // before another annotation, too
        p.kill();
        p = pool.allocate(16, 20);
        assertEquals(0, p.dstIpAnno());
        assertEquals(0, p.anno32(20));
    }

    @Test
    void slotStrideIsAnOddNumberOfCacheLinesSoHeadersSpreadOverTheL1Sets() {
        for (int size : new int[] {64, 100, 2048, 4096, 65536 + 128}) {
            int stride = PacketPool.strideFor(size);
            assertTrue(stride >= size, "stride " + stride + " holds " + size);
            assertEquals(1, (stride / 64) & 1, "odd line count for " + size);
            assertTrue(stride - size < 128, "at most a line and a rounding wasted for " + size);
        }
        PacketPool pool = new PacketPool(2048, 64, null);
        java.util.Set<Long> sets = new java.util.HashSet<>();
        for (int i = 0; i < 64; i++) {
            Packet p = pool.allocate(128, 60);
            sets.add((p.data().address() >>> 6) & 63);
        }
        assertEquals(64, sets.size(), "64 packets' first data lines fall in 64 different sets");
    }
}
