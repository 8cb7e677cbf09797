package io.uniclick.core.pcap;

import io.uniclick.core.packet.Prefetch;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A classic pcap file mapped read-only into memory, with a cursor over its records. Microsecond
 * ({@code a1b2c3d4}) and nanosecond ({@code a1b23c4d}) magic numbers in either byte order are
 * accepted. Every record header is validated against the file's size before use, so a truncated
 * or corrupt file ends the stream with a reason instead of an exception.
 */
public final class PcapFile implements AutoCloseable {
    /** Ethernet link type. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Raw IPv4/IPv6 link type. */
    public static final int LINKTYPE_RAW = 101;
    /** Largest record accepted. */
    public static final int MAX_SNAPLEN = 262_144;

    private static final int MAGIC_US = 0xA1B2C3D4;
    private static final int MAGIC_NS = 0xA1B23C4D;
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;

    private final Arena arena;
    private final MemorySegment data;
    private final long size;
    /** Address of the mapping; record headers are read there directly, after the cursor's own bounds check. */
    private final long base;
    private static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();
    /** The size while open, 0 once closed: next() never reads past it, so never after close(). */
    private long readable;
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final boolean swapped;
    private final boolean nanos;
    private final int linkType;
    private final int snaplen;
    private final String name;

    // cursor
    private long pos = FILE_HEADER;
    /** End of the bytes {@link #prefetchAhead} has asked for. */
    private long prefetched = FILE_HEADER;
    private long recordPos;
    private long timestampNanos;
    private int caplen;
    private int origlen;
    private String problem;

    private PcapFile(String name, Arena arena, MemorySegment data) throws PcapException {
        this.name = name;
        this.arena = arena;
        this.data = data;
        this.size = data.byteSize();
        this.base = data.address();
        this.readable = size;
        if (size < FILE_HEADER) {
            throw new PcapException(name + ": not a pcap file (" + (size == 0 ? "empty" : "truncated header") + ")");
        }
        int magicLE = data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        ByteOrder order;
        if (magicLE == MAGIC_US || magicLE == MAGIC_NS) {
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = magicLE == MAGIC_NS;
        } else {
            int magicBE = Integer.reverseBytes(magicLE);
            if (magicBE != MAGIC_US && magicBE != MAGIC_NS) {
                throw new PcapException(name + ": not a pcap file (bad magic number 0x" + Integer.toHexString(magicBE) + ")");
            }
            order = ByteOrder.BIG_ENDIAN;
            nanos = magicBE == MAGIC_NS;
        }
        swapped = order == ByteOrder.BIG_ENDIAN;
        snaplen = u32(16);
        linkType = u32(20) & 0x0FFFFFFF;
    }

    /** Maps {@code path}; throws with a message naming the file when it is missing, unreadable or not pcap. */
    public static PcapFile open(Path path) throws PcapException {
        String name = path.toString();
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.size() == 0 ? MemorySegment.NULL.reinterpret(0) : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new PcapFile(name, arena, seg);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new PcapException(name + ": No such file or directory");
        } catch (AccessDeniedException e) {
            arena.close();
            throw new PcapException(name + ": Permission denied");
        } catch (IOException e) {
            arena.close();
            throw new PcapException(name + ": " + e.getMessage());
        } catch (PcapException e) {
            arena.close();
            throw e;
        }
    }

    // Layouts must be constants for the JIT to turn accesses into plain loads.
    private int u32(long off) {
        return swapped ? data.get(BE32, off) : data.get(LE32, off);
    }

    /** Link type from the file header (1 = Ethernet). */
    public int linkType() {
        return linkType;
    }

    /** Snap length from the file header. */
    public int snaplen() {
        return snaplen;
    }

    /** Whether timestamps are in nanoseconds. */
    public boolean nanosecond() {
        return nanos;
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    /** Byte offset of the next record. */
    public long position() {
        return pos;
    }

    /** Byte offset of the current record. */
    public long recordPosition() {
        return recordPos;
    }

    /** Moves the cursor back to the first record. */
    public void rewind() {
        pos = FILE_HEADER;
        prefetched = FILE_HEADER;
        problem = null;
    }

    /** Moves the cursor to a record offset (FILEPOS); returns false if outside the file. */
    public boolean seek(long offset) {
        if (offset < FILE_HEADER || offset > size) {
            return false;
        }
        pos = offset;
        if (offset > prefetched || prefetched - offset > 65536) {
            prefetched = offset; // a jump: what was fetched ahead of the old cursor is no use
        }
        return true;
    }

    /**
     * Advances to the next record. Returns false at the end of the file, or when the record is
     * truncated or corrupt ({@link #problem()} then says why).
     */
    public boolean next() {
        // kept small (the error paths are out of line) so that the JIT inlines it into the reader's loop
        final long p = pos;
        final long sz = readable;
        if (p >= sz) {
            return false;
        }
        if (sz - p < RECORD_HEADER) {
            return truncatedHeader(p);
        }
        long sec;
        long frac;
        int cap;
        if (!swapped) {
            // two 64-bit reads of the header, which the checks above place inside the mapping (alive until close())
            long a = U.getLongUnaligned(null, base + p, false);
            long b = U.getLongUnaligned(null, base + p + 8, false);
            sec = a & 0xFFFFFFFFL;
            frac = a >>> 32;
            cap = (int) b;
            origlen = (int) (b >>> 32);
        } else {
            sec = u32(p) & 0xFFFFFFFFL;
            frac = u32(p + 4) & 0xFFFFFFFFL;
            cap = u32(p + 8);
            origlen = u32(p + 12);
        }
        if (cap < 0 || cap > MAX_SNAPLEN || sz - p - RECORD_HEADER < cap) {
            return badRecord(p, cap);
        }
        recordPos = p;
        timestampNanos = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
        caplen = cap;
        pos = p + RECORD_HEADER + cap;
        return true;
    }

    private boolean truncatedHeader(long p) {
        problem = name + ": truncated packet header at offset " + p;
        pos = size;
        return false;
    }

    private boolean badRecord(long p, int cap) {
        if (cap < 0 || cap > MAX_SNAPLEN) {
            problem = name + ": corrupt packet header at offset " + p + " (caplen " + Integer.toUnsignedString(cap) + ")";
        } else {
            problem = name + ": truncated packet at offset " + p + " (" + cap + " bytes announced, " + (size - p - RECORD_HEADER) + " present)";
        }
        pos = size;
        return false;
    }

    /** Why the last {@link #next()} stopped early, or null. */
    public String problem() {
        return problem;
    }

    /** Current record's timestamp, nanoseconds since the epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Current record's captured length. */
    public int caplen() {
        return caplen;
    }

    /** Current record's original length on the wire. */
    public int origlen() {
        return origlen;
    }

    /** The mapped file. */
    public MemorySegment segment() {
        return data;
    }

    /**
     * Copies the current record's data to the start of {@code p}, which must be {@link #caplen()}
     * bytes or longer; false, copying nothing, when there is no current record (before the first
     * {@link #next()}, after {@link #close()}). Like the record headers, the data are read at the
     * mapping's address after this file's own bounds check: a trace replayed at line rate spent
     * about 5 % of its time in the segment copy's checks, which this range check replaces.
     */
    public boolean copyRecordTo(io.uniclick.core.packet.Packet p) {
        final long at = dataOffset();
        final int len = caplen;
        if (recordPos < FILE_HEADER || len < 0 || at + len > readable) {
            return false;
        }
        p.copyFromAddress(base + at, len);
        return true;
    }

    /**
     * Asks the CPU to start loading the file's bytes up to {@code window} bytes past the cursor,
     * leaving out what an earlier call already asked for, so that the records are in the cache
     * when they are read ({@link Prefetch}). A reader calls it once per burst with about two bursts'
     * worth of bytes: each call then covers the next burst.
     */
    public void prefetchAhead(int window) {
        final long p = pos;
        long from = Math.max(prefetched, p);
        long to = Math.min(p + window, readable);
        if (from < to) {
            long first = (base + from) & -64L;
            Prefetch.lines(first, (base + to - first + 63) >>> 6);
            prefetched = to;
        }
    }

    /** Offset of the current record's data in {@link #segment()}. */
    public long dataOffset() {
        return recordPos + RECORD_HEADER;
    }

    @Override
    public void close() {
        readable = 0;
        pos = size;
        arena.close();
    }
}
