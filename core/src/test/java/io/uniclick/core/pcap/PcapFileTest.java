package io.uniclick.core.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileTest {
    @TempDir
    Path dir;

    private Path write(ByteOrder order, int magic, int records, int cutTail) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + records * (16 + 10)).order(order);
        b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < records; i++) {
            b.putInt(1_700_000_000 + i).putInt(7).putInt(10).putInt(60);
            for (int k = 0; k < 10; k++) {
                b.put((byte) (i + k));
            }
        }
        Path p = dir.resolve("t" + magic + order + records + ".pcap");
        Files.write(p, java.util.Arrays.copyOf(b.array(), b.capacity() - cutTail));
        return p;
    }

    @Test
    void readsMicrosecondLittleEndianRecords() throws Exception {
        try (PcapFile f = PcapFile.open(write(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 3, 0))) {
            assertEquals(1, f.linkType());
            assertTrue(f.next());
            assertEquals(10, f.caplen());
            assertEquals(60, f.origlen());
            assertEquals(1_700_000_000_000_007_000L, f.timestampNanos());
            assertTrue(f.next());
            assertTrue(f.next());
            assertFalse(f.next());
            assertEquals(null, f.problem());
        }
    }

    @Test
    void readsNanosecondBigEndianRecords() throws Exception {
        try (PcapFile f = PcapFile.open(write(ByteOrder.BIG_ENDIAN, 0xA1B23C4D, 2, 0))) {
            assertTrue(f.nanosecond());
            assertTrue(f.next());
            assertEquals(1_700_000_000_000_000_007L, f.timestampNanos());
            assertEquals(10, f.caplen());
        }
    }

    @Test
    void truncatedLastRecordEndsWithAReason() throws Exception {
        try (PcapFile f = PcapFile.open(write(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 3, 4))) {
            assertTrue(f.next());
            assertTrue(f.next());
            assertFalse(f.next());
            assertNotNull(f.problem());
            assertTrue(f.problem().contains("truncated packet"), f.problem());
        }
    }

    @Test
    void notAPcapFileNamesTheFile() throws Exception {
        Path p = dir.resolve("x.txt");
        Files.writeString(p, "hello, this is not a capture file.......");
        PcapException e = assertThrows(PcapException.class, () -> PcapFile.open(p));
        assertTrue(e.getMessage().startsWith(p + ": not a pcap file (bad magic number"), e.getMessage());
        assertTrue(assertThrows(PcapException.class, () -> PcapFile.open(dir.resolve("missing.pcap"))).getMessage()
                .endsWith("missing.pcap: No such file or directory"));
    }

    @Test
    void absurdCaptureLengthIsCorruptNotAnAllocation() throws Exception {
        Path p = write(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 1, 0);
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7FFFFFFF);
        Files.write(p, b);
        try (PcapFile f = PcapFile.open(p)) {
            assertFalse(f.next());
            assertTrue(f.problem().contains("corrupt packet header"), f.problem());
        }
    }

    @Test
    void aClosedFileReadsNothingEvenAfterARewind() throws Exception {
        PcapFile f = PcapFile.open(write(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 3, 0));
        io.uniclick.core.packet.Packet p = new io.uniclick.core.packet.PacketPool(256, 1, null).allocate(16, 10);
        assertTrue(f.next());
        f.close();
        assertFalse(f.next());
        assertFalse(f.copyRecordTo(p), "the mapping is gone: the current record must not be copied");
        f.rewind();
        assertFalse(f.next(), "the mapping is gone: next() must not read it");
    }

    @Test
    void copyRecordToCopiesTheCurrentRecordOnlyAndChecksThePacketsLength() throws Exception {
        io.uniclick.core.packet.PacketPool pool = new io.uniclick.core.packet.PacketPool(256, 2, null);
        try (PcapFile f = PcapFile.open(write(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 3, 0))) {
            io.uniclick.core.packet.Packet p = pool.allocate(16, 10);
            assertFalse(f.copyRecordTo(p), "no record before next()");
            assertTrue(f.next());
            assertTrue(f.next());
            assertTrue(f.copyRecordTo(p));
            for (int k = 0; k < 10; k++) {
                assertEquals(1 + k, p.u8(k), "byte " + k + " of record 1");
            }
            io.uniclick.core.packet.Packet shortOne = pool.allocate(16, 9);
            assertThrows(IndexOutOfBoundsException.class, () -> f.copyRecordTo(shortOne));
        }
    }

    @Test
    void prefetchingAheadChangesNothingTheCursorReadsAndIsSafeAfterClose() throws Exception {
        PcapFile f = PcapFile.open(write(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 40, 0));
        java.util.List<Long> plain = new java.util.ArrayList<>();
        while (f.next()) {
            plain.add(f.timestampNanos() ^ f.dataOffset() << 40);
        }
        f.rewind();
        java.util.List<Long> prefetched = new java.util.ArrayList<>();
        int window = 0;
        boolean jumped = false;
        while (true) {
            f.prefetchAhead(window); // 0, small, and far past the end of the file
            window = window * 3 + 7;
            if (!f.next()) {
                break;
            }
            prefetched.add(f.timestampNanos() ^ f.dataOffset() << 40);
            if (prefetched.size() == 20 && !jumped) {
                jumped = true;
                assertTrue(f.seek(24)); // a jump back, then on again
                f.prefetchAhead(1 << 20);
                prefetched.clear();
            }
        }
        assertEquals(plain, prefetched);
        assertEquals(null, f.problem());
        f.close();
        f.rewind();
        f.prefetchAhead(4096); // the mapping is gone: nothing is asked for
        assertFalse(f.next());
    }
}
