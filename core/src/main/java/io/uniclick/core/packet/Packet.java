package io.uniclick.core.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A packet: a preallocated flyweight over one fixed slot of its pool's off-heap region.
 *
 * <p>The data lie at {@code [dataOffset, dataOffset + length)} inside the slot; the bytes before
 * are headroom for prepending headers, those after are tailroom. Every accessor checks the index
 * against the packet's length, so a truncated packet can never make an element read outside it.
 * Annotations follow Click: a destination IPv4 address, a paint byte, header offsets, a timestamp
 * and 48 bytes of user annotation space whose layout matches Click's ({@link #ANNO_SIZE}).
 */
public final class Packet {
    /** Size of the user annotation area, as in Click. */
    public static final int ANNO_SIZE = 48;
    /** Offset of the destination IP address annotation in the user area (Click's DST_IP_ANNO_OFFSET). */
    public static final int DST_IP_ANNO_OFFSET = 0;
    /** Offset of the paint annotation in the user area (Click's PAINT_ANNO_OFFSET). */
    public static final int PAINT_ANNO_OFFSET = 16;
    /** Packet type (Click's {@code Packet::PacketType}): for this host. */
    public static final int HOST = 0;
    /** Packet type: link-level broadcast. */
    public static final int BROADCAST = 1;
    /** Packet type: link-level multicast. */
    public static final int MULTICAST = 2;
    /** Packet type: for another host. */
    public static final int OTHERHOST = 3;
    /** Packet type: outgoing. */
    public static final int OUTGOING = 4;
    /** Packet type: looped back. */
    public static final int LOOPBACK = 5;
    /** Packet type: fast route. */
    public static final int FASTROUTE = 6;
    /** Header offset annotation value meaning "not set". */
    public static final int NO_HEADER = -1;

    private static final java.lang.invoke.VarHandle ANNO_INT =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle ANNO_LONG =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /**
     * The address space as one segment. Packet data are read and written through it at the slot's
     * absolute address: the packet's own index check (against its length, inside a slot whose
     * memory its pool keeps alive) is the one that matters, and it replaces the segment's bounds
     * and liveness checks, which cost a tenth of a simple pipeline's time.
     */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /**
     * The scalar accessors below read and write the slot through the JDK's internal Unsafe, after the
     * packet's own index check. Through {@link #ALL} each access expands in the JIT to some 700
     * bytecodes of var-handle plumbing whose checks (a segment spanning the address space, a global
     * session) can never fail; a fused chain of a dozen elements then exceeded C2's inlining node
     * budget and its later elements ran as calls. Safety is the same: it rests on the index check.
     */
    private static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();

    private final PacketPool pool;
    private final MemorySegment region;
    private final long slotBase;
    private final long address;
    private final int slotSize;
    final int slotIndex;

    private int dataOffset;
    private int length;
    private int macHeader = NO_HEADER;
    private int networkHeader = NO_HEADER;
    private int transportHeader = NO_HEADER;
    private long timestampNanos;
    private int packetType;
    // Click's 48-byte user annotation area. Its first 4 bytes, the destination address (which
    // CheckIPHeader and GetIPAddress set and route lookups read on every packet), live in dstIp, a
    // field of this object, so that a packet's annotations touch no other cache line; the array's
    // bytes 0-3 are unused and every accessor maps those offsets to the field.
    private final byte[] anno = new byte[ANNO_SIZE];
    private int dstIp;
    // Whether any array byte may be non-zero: most pipelines set none, so reset skips the clear.
    private boolean annoDirty;
    boolean free = true;

    Packet(PacketPool pool, MemorySegment region, int slotIndex, int slotSize, int slotStride) {
        this.pool = pool;
        this.region = region;
        this.slotIndex = slotIndex;
        this.slotSize = slotSize;
        this.slotBase = (long) slotIndex * slotStride;
        this.address = region.address() + slotBase;
    }

    /** The pool this packet's memory belongs to. */
    public PacketPool pool() {
        return pool;
    }

    void reset(int headroom, int len) {
        // first: a branch between two stores of a field keeps the JIT from dropping the first when
        // the caller overwrites it (FromDump sets the timestamp and MAC header right after)
        if (annoDirty) {
            clearAnnotations();
        }
        dataOffset = headroom;
        length = len;
        macHeader = NO_HEADER;
        networkHeader = NO_HEADER;
        transportHeader = NO_HEADER;
        timestampNanos = 0;
        packetType = HOST;
        dstIp = 0;
    }

    // Six inline word stores: Arrays.fill calls a stub, which costs more than the clearing at this size.
    private void clearAnnotations() {
        final byte[] a = anno;
        ANNO_LONG.set(a, 0, 0L);
        ANNO_LONG.set(a, 8, 0L);
        ANNO_LONG.set(a, 16, 0L);
        ANNO_LONG.set(a, 24, 0L);
        ANNO_LONG.set(a, 32, 0L);
        ANNO_LONG.set(a, 40, 0L);
        annoDirty = false;
    }

    /** Returns the packet to its pool; the flyweight must not be used afterwards. */
    public void kill() {
        pool.recycle(this);
    }

    /** Length of the packet data in bytes. */
    public int length() {
        return length;
    }

    /** Bytes available in front of the data. */
    public int headroom() {
        return dataOffset;
    }

    /** Bytes available after the data. */
    public int tailroom() {
        return slotSize - dataOffset - length;
    }

    // ---- bytes --------------------------------------------------------------------------------
    // A w-byte access at i is checked as index i below length - (w - 1) (a negative bound fails every
    // index): Objects.checkIndex is a JIT intrinsic whose checks on the same packet merge, so a run of
    // header reads at constant offsets costs one comparison.

    /** Unsigned byte at {@code i}; throws if {@code i} is outside the packet. */
    public int u8(int i) {
        Objects.checkIndex(i, length);
        return U.getByte(null, address + dataOffset + i) & 0xFF;
    }

    /** Big-endian unsigned 16-bit value at {@code i}. */
    public int u16(int i) {
        Objects.checkIndex(i, length - 1);
        return U.getCharUnaligned(null, address + dataOffset + i, true);
    }

    /** Big-endian 32-bit value at {@code i}. */
    public int i32(int i) {
        Objects.checkIndex(i, length - 3);
        return U.getIntUnaligned(null, address + dataOffset + i, true);
    }

    /**
     * The 32 bits at {@code i} in the machine's byte order: for byte-order-free work such as Internet
     * checksums (RFC 1071 section 2(B)), which then need no byte swap.
     */
    public int rawI32(int i) {
        Objects.checkIndex(i, length - 3);
        return U.getIntUnaligned(null, address + dataOffset + i);
    }

    /** The 64 bits at {@code i} in the machine's byte order (see {@link #rawI32}). */
    public long rawI64(int i) {
        Objects.checkIndex(i, length - 7);
        return U.getLongUnaligned(null, address + dataOffset + i);
    }

    /** Stores 32 bits at {@code i} in the machine's byte order (the counterpart of {@link #rawI32}). */
    public void setRawI32(int i, int v) {
        Objects.checkIndex(i, length - 3);
        U.putIntUnaligned(null, address + dataOffset + i, v);
    }

    /** Stores 64 bits at {@code i} in the machine's byte order (the counterpart of {@link #rawI64}). */
    public void setRawI64(int i, long v) {
        Objects.checkIndex(i, length - 7);
        U.putLongUnaligned(null, address + dataOffset + i, v);
    }

    /** Stores a byte at {@code i}. */
    public void setU8(int i, int v) {
        Objects.checkIndex(i, length);
        U.putByte(null, address + dataOffset + i, (byte) v);
    }

    /** Stores a big-endian 16-bit value at {@code i}. */
    public void setU16(int i, int v) {
        Objects.checkIndex(i, length - 1);
        U.putShortUnaligned(null, address + dataOffset + i, (short) v, true);
    }

    /** Stores a big-endian 32-bit value at {@code i}. */
    public void setI32(int i, int v) {
        Objects.checkIndex(i, length - 3);
        U.putIntUnaligned(null, address + dataOffset + i, v, true);
    }

    /** Copies {@code len} bytes from {@code src} at {@code srcOffset} into the packet at {@code i}. */
    public void copyFrom(MemorySegment src, long srcOffset, int i, int len) {
        Objects.checkFromIndexSize(i, len, length);
        MemorySegment.copy(src, srcOffset, ALL, address + dataOffset + i, len);
    }

    /**
     * Copies {@code len} bytes found at a raw address to the start of the packet. Only the packet's
     * side is checked here: the caller owns the source memory and has checked the range itself, as
     * {@link io.uniclick.core.pcap.PcapFile#copyRecordTo} does for its mapping. Everything else
     * copies from a {@link MemorySegment}, whose own checks apply.
     */
    public void copyFromAddress(long src, int len) {
        Objects.checkFromIndexSize(0, len, length);
        U.copyMemory(null, src, null, address + dataOffset, len);
    }

    /** Copies bytes of a Java array into the packet at {@code i}. */
    public void copyFrom(byte[] src, int srcOffset, int i, int len) {
        Objects.checkFromIndexSize(i, len, length);
        MemorySegment.copy(src, srcOffset, ALL, ValueLayout.JAVA_BYTE, address + dataOffset + i, len);
    }

    /** Copies {@code len} packet bytes from {@code i} into {@code dst} at {@code dstOffset}. */
    public void copyTo(int i, MemorySegment dst, long dstOffset, int len) {
        Objects.checkFromIndexSize(i, len, length);
        MemorySegment.copy(ALL, address + dataOffset + i, dst, dstOffset, len);
    }

    /** Copies {@code len} packet bytes from {@code i} into a Java array. */
    public void copyTo(int i, byte[] dst, int dstOffset, int len) {
        Objects.checkFromIndexSize(i, len, length);
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, address + dataOffset + i, dst, dstOffset, len);
    }

    /** The packet data as a segment slice (allocates a view: not for the data path). */
    public MemorySegment data() {
        return region.asSlice(slotBase + dataOffset, length);
    }

    /** Copies the data into a new array (not for the data path). */
    public byte[] toByteArray() {
        byte[] b = new byte[length];
        copyTo(0, b, 0, length);
        return b;
    }

    // ---- shape --------------------------------------------------------------------------------

    /** Removes {@code n} bytes from the front (Click's {@code pull}). Returns false, changing nothing, if too short. */
    public boolean pullFront(int n) {
        if (n < 0 || n > length) {
            return false;
        }
        dataOffset += n;
        length -= n;
        return true;
    }

    /** Adds {@code n} bytes at the front (Click's {@code push}), into the headroom. Returns false if there is no room. */
    public boolean pushFront(int n) {
        if (n < 0 || n > dataOffset) {
            return false;
        }
        dataOffset -= n;
        length += n;
        return true;
    }

    /** Adds {@code n} bytes at the end. Returns false if there is no tailroom. */
    public boolean put(int n) {
        if (n < 0 || n > tailroom()) {
            return false;
        }
        length += n;
        return true;
    }

    /** Removes {@code n} bytes from the end. */
    public boolean take(int n) {
        if (n < 0 || n > length) {
            return false;
        }
        length -= n;
        return true;
    }

    /** Sets the length, within the slot's capacity after the data offset. */
    public boolean setLength(int len) {
        if (len < 0 || dataOffset + len > slotSize) {
            return false;
        }
        length = len;
        return true;
    }

    // ---- header annotations (offsets relative to the current data start) ----------------------

    /** Offset of the MAC header from the data start, or {@link #NO_HEADER}. */
    public int macHeaderOffset() {
        return macHeader == NO_HEADER ? NO_HEADER : macHeader - dataOffset;
    }

    /** Offset of the network header from the data start, or {@link #NO_HEADER}. */
    public int networkHeaderOffset() {
        return networkHeader == NO_HEADER ? NO_HEADER : networkHeader - dataOffset;
    }

    /** Offset of the transport header from the data start, or {@link #NO_HEADER}. */
    public int transportHeaderOffset() {
        return transportHeader == NO_HEADER ? NO_HEADER : transportHeader - dataOffset;
    }

    /** Marks the MAC header at {@code off} bytes from the data start. */
    public void setMacHeaderOffset(int off) {
        macHeader = dataOffset + off;
    }

    /** Marks the network header at {@code off} bytes from the data start and its length. */
    public void setNetworkHeader(int off, int len) {
        networkHeader = dataOffset + off;
        transportHeader = networkHeader + len;
    }

    /** Whether the network header annotation is set. */
    public boolean hasNetworkHeader() {
        return networkHeader != NO_HEADER;
    }

    // ---- annotations --------------------------------------------------------------------------

    /** Timestamp annotation in nanoseconds since the epoch (0 = unset). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Sets the timestamp annotation. */
    public void setTimestampNanos(long t) {
        timestampNanos = t;
    }

    /** The link-level packet type annotation ({@link #HOST}, {@link #BROADCAST}, ...), kept outside the user area as in Click. */
    public int packetType() {
        return packetType;
    }

    /** Sets the packet type annotation. */
    public void setPacketType(int type) {
        packetType = type;
    }

    /** Copies the annotations (not data or header offsets) of {@code src}. */
    public void copyAnnotationsFrom(Packet src) {
        timestampNanos = src.timestampNanos;
        packetType = src.packetType;
        System.arraycopy(src.anno, 0, anno, 0, ANNO_SIZE);
        dstIp = src.dstIp;
        annoDirty = true;
    }

    /** User annotation byte at {@code off}. */
    public int anno8(int off) {
        if ((off >>> 2) == 0) {
            return dstIp >>> (24 - 8 * off) & 0xFF;
        }
        return anno[off] & 0xFF;
    }

    /** Sets the user annotation byte at {@code off}. */
    public void setAnno8(int off, int v) {
        if ((off >>> 2) == 0) {
            int shift = 24 - 8 * off;
            dstIp = dstIp & ~(0xFF << shift) | (v & 0xFF) << shift;
            return;
        }
        anno[off] = (byte) v;
        annoDirty = true;
    }

    /** Big-endian 32-bit user annotation at {@code off}. */
    public int anno32(int off) {
        if (off == DST_IP_ANNO_OFFSET) {
            return dstIp;
        }
        if (off < 4 && off > 0) { // straddles the destination address: byte by byte
            return anno8(off) << 24 | anno8(off + 1) << 16 | anno8(off + 2) << 8 | anno8(off + 3);
        }
        return (int) ANNO_INT.get(anno, off);
    }

    /** Sets the big-endian 32-bit user annotation at {@code off}. */
    public void setAnno32(int off, int v) {
        if (off == DST_IP_ANNO_OFFSET) {
            dstIp = v;
            return;
        }
        if (off < 4 && off > 0) {
            setAnno8(off, v >>> 24);
            setAnno8(off + 1, v >>> 16);
            setAnno8(off + 2, v >>> 8);
            setAnno8(off + 3, v);
            return;
        }
        ANNO_INT.set(anno, off, v);
        annoDirty = true;
    }

    /** The paint annotation. */
    public int paint() {
        return anno[PAINT_ANNO_OFFSET] & 0xFF;
    }

    /** Sets the paint annotation. */
    public void setPaint(int color) {
        anno[PAINT_ANNO_OFFSET] = (byte) color;
        annoDirty = true;
    }

    /** The destination IPv4 address annotation (network order packed in an int). */
    public int dstIpAnno() {
        return dstIp;
    }

    /** Sets the destination IPv4 address annotation. */
    public void setDstIpAnno(int addr) {
        dstIp = addr;
    }

    /** Copies data, header offsets and annotations of {@code src} into this packet (used by clones and Tee). */
    public boolean copyContentsFrom(Packet src) {
        if (src.length > slotSize - src.dataOffset) {
            return false;
        }
        dataOffset = src.dataOffset;
        length = src.length;
        MemorySegment.copy(ALL, src.address + src.dataOffset, ALL, address + dataOffset, length);
        macHeader = src.macHeader;
        networkHeader = src.networkHeader;
        transportHeader = src.transportHeader;
        copyAnnotationsFrom(src);
        return true;
    }
}
