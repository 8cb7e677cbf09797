package io.uniclick.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketTest {
    private final PacketPool pool = new PacketPool(2048, 8, null);

    @Test
    void readsAreBoundedByThePacketLengthNotTheSlot() {
        Packet p = pool.allocate(64, 4);
        p.setI32(0, 0x01020304);
        assertEquals(0x0102, p.u16(0));
        assertThrows(IndexOutOfBoundsException.class, () -> p.u8(4));
        assertThrows(IndexOutOfBoundsException.class, () -> p.u16(3));
        assertThrows(IndexOutOfBoundsException.class, () -> p.i32(1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.u8(-1));
    }

    @Test
    void rawStoresWriteTheMachinesByteOrderAndAreBounded() {
        Packet p = pool.allocate(64, 12);
        p.setRawI64(0, p.rawI64(0) ^ p.rawI64(0)); // zero, whatever the order
        p.setU16(0, 0x0102);
        long w = p.rawI64(0);
        p.setRawI64(4, w);
        assertEquals(0x0102, p.u16(4), "a raw load stored back raw keeps the bytes");
        p.setRawI32(8, p.rawI32(0));
        assertEquals(0x0102, p.u16(8));
        assertThrows(IndexOutOfBoundsException.class, () -> p.setRawI64(5, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> p.setRawI32(9, 0));
    }

    @Test
    void theDestinationAddressIsTheAnnotationAreasFirstFourBytesWhicheverWayItIsReached() {
        Packet p = pool.allocate(64, 20);
        p.setDstIpAnno(0x0A0B0C0D);
        assertEquals(0x0A, p.anno8(0));
        assertEquals(0x0D, p.anno8(3));
        assertEquals(0x0A0B0C0D, p.anno32(Packet.DST_IP_ANNO_OFFSET));
        p.setAnno8(5, 0x77);
        assertEquals(0x0C0D0077, p.anno32(2), "a word straddling the address");
        p.setAnno8(1, 0xEE);
        assertEquals(0x0AEE0C0D, p.dstIpAnno());
        p.setAnno32(1, 0x11223344);
        assertEquals(0x0A112233, p.dstIpAnno());
        assertEquals(0x44, p.anno8(4));
        p.setAnno32(0, 0x01020304);
        assertEquals(0x01020304, p.dstIpAnno());
        Packet q = pool.allocate(64, 20);
        q.copyAnnotationsFrom(p);
        assertEquals(0x01020304, q.dstIpAnno());
        assertEquals(0x77, q.anno8(5));
        assertThrows(IndexOutOfBoundsException.class, () -> p.anno8(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.anno8(Packet.ANNO_SIZE));
        assertThrows(IndexOutOfBoundsException.class, () -> p.setAnno32(Packet.ANNO_SIZE - 3, 0));
    }

    @Test
    void pullAndPushMoveTheDataStartWithinTheSlot() {
        Packet p = pool.allocate(14, 60);
        p.setU16(12, 0x0800);
        assertTrue(p.pullFront(14));
        assertEquals(46, p.length());
        assertTrue(p.pushFront(14));
        assertEquals(0x0800, p.u16(12));
        assertFalse(p.pushFront(15), "no headroom left");
        assertFalse(p.pullFront(61), "cannot strip more than the packet");
        assertEquals(60, p.length());
    }

    @Test
    void headerAnnotationsFollowTheDataStart() {
        Packet p = pool.allocate(0, 60);
        p.setNetworkHeader(14, 20);
        p.pullFront(14);
        assertEquals(0, p.networkHeaderOffset());
        assertEquals(20, p.transportHeaderOffset());
    }

    @Test
    void copyContentsFromDuplicatesDataAndAnnotations() {
        Packet a = pool.allocate(32, 5);
        a.copyFrom(new byte[] {1, 2, 3, 4, 5}, 0, 0, 5);
        a.setPaint(3);
        a.setTimestampNanos(42);
        Packet b = pool.allocate(0, 0);
        assertTrue(b.copyContentsFrom(a));
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        assertEquals(3, b.paint());
        assertEquals(42, b.timestampNanos());
        b.setU8(0, 9);
        assertEquals(1, a.u8(0), "copies are independent");
    }

    @Test
    void checksumsMatchAKnownIPv4Header() {
        byte[] hdr = {0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, (byte) 192, (byte) 168, 0, 1, (byte) 192, (byte) 168, 0, (byte) 199};
        Packet p = pool.allocate(0, 20);
        p.copyFrom(hdr, 0, 0, 20);
        int c = Checksum.compute(p, 0, 20);
        assertEquals(0xB861, c);
        p.setU16(10, c);
        assertTrue(Checksum.verify(p, 0, 20));
        int ttlWord = p.u16(8);
        int updated = Checksum.update16(c, ttlWord, ttlWord - 0x0100);
        p.setU16(8, ttlWord - 0x0100);
        p.setU16(10, updated);
        assertTrue(Checksum.verify(p, 0, 20), "incremental update keeps the header valid");
    }

    @Test
    void noSequenceOfShapeChangesLetsAWriteReachANeighbouringSlot() {
        // accessors write raw memory after the packet's own check: that check alone must keep every
        // access inside the slot, whatever the shape operations did before
        PacketPool small = new PacketPool(256, 3, null);
        Packet a = small.allocate(0, 256);
        Packet mid = small.allocate(0, 256);
        Packet c = small.allocate(0, 256);
        for (int i = 0; i < 256; i++) {
            a.setU8(i, 0xA5);
            c.setU8(i, 0x5A);
        }
        java.util.Random r = new java.util.Random(7);
        for (int step = 0; step < 200_000; step++) {
            int n = r.nextInt(300) - 20;
            switch (r.nextInt(6)) {
                case 0 -> mid.pullFront(n);
                case 1 -> mid.pushFront(n);
                case 2 -> mid.put(n);
                case 3 -> mid.take(n);
                case 4 -> mid.setLength(n);
                default -> {
                    int at = r.nextInt(300) - 20;
                    boolean inside = at >= 0 && at + 4 <= mid.length();
                    try {
                        mid.setI32(at, -1);
                        assertTrue(inside, "write at " + at + " of a " + mid.length() + "-byte packet");
                    } catch (IndexOutOfBoundsException e) {
                        assertFalse(inside);
                    }
                }
            }
            assertTrue(mid.headroom() >= 0 && mid.tailroom() >= 0);
        }
        for (int i = 0; i < 256; i++) {
            assertEquals(0xA5, a.u8(i));
            assertEquals(0x5A, c.u8(i));
        }
        byte[] big = new byte[300];
        assertThrows(IndexOutOfBoundsException.class, () -> mid.copyFrom(big, 0, 0, mid.length() + 1));
    }
}
