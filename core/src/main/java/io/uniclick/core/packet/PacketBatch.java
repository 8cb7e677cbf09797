package io.uniclick.core.packet;

/**
 * A reusable list of packets handed along a push or returned by a pull.
 *
 * <p>Ownership rule: the packets in a batch belong to whoever receives the batch, the batch
 * object itself stays with the element that created it. A pushed-to element must deal with every
 * packet (forward, store or kill) before it returns, and may reorder or compact the batch in place
 * while doing so; it must not keep a reference to the batch.
 */
public final class PacketBatch {
    /** Largest batch any element makes. */
    public static final int MAX_SIZE = 256;

    private final Packet[] packets;
    private int size;

    /** A batch holding up to {@link #MAX_SIZE} packets. */
    public PacketBatch() {
        this(MAX_SIZE);
    }

    /** A batch holding up to {@code capacity} packets. */
    public PacketBatch(int capacity) {
        packets = new Packet[capacity];
    }

    /** Number of packets. */
    public int size() {
        return size;
    }

    /** Whether there are no packets. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Room for more packets. */
    public boolean isFull() {
        return size == packets.length;
    }

    /** Maximum number of packets. */
    public int capacity() {
        return packets.length;
    }

    /** The packet at {@code i}. */
    public Packet get(int i) {
        return packets[i];
    }

    /** Replaces the packet at {@code i}. */
    public void set(int i, Packet p) {
        packets[i] = p;
    }

    /** Appends a packet; the caller checks {@link #isFull()}. */
    public void add(Packet p) {
        packets[size++] = p;
    }

    /** Truncates or sets the count (after in-place compaction). */
    public void setSize(int n) {
        size = n;
    }

    /**
     * Keeps the first {@code n} packets (after in-place compaction). The slots behind keep their stale
     * references, as after {@link #killAll}: packets belong to their pool for the pool's life, so a
     * stale reference holds no memory, and clearing them cost a stub call per batch.
     */
    public void truncate(int n) {
        size = n;
    }

    /** Forgets the packets without killing them. */
    public void clear() {
        size = 0;
    }

    /** Kills every packet and empties the batch; runs of packets from one pool go home together. */
    public void killAll() {
        final Packet[] ps = packets;
        final int n = size;
        int i = 0;
        while (i < n) {
            i = ps[i].pool().recycleRun(ps, i, n);
        }
        size = 0;
    }

    /** Total bytes of all packets. */
    public long byteCount() {
        long b = 0;
        Packet[] ps = packets;
        for (int i = 0, n = size; i < n; i++) {
            b += ps[i].length();
        }
        return b;
    }
}
