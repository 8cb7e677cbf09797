package io.uniclick.core.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * Off-heap packet memory owned by one thread: fixed-size slots cut out of shared-arena chunks,
 * each with a preallocated {@link Packet} flyweight.
 *
 * <p>The owner allocates and frees through a plain array stack. A packet killed on another thread
 * goes home through a lock-free multi-producer return ring that the owner drains when its stack
 * runs dry, so no lock is ever taken. Chunks are added on demand up to a cap; after warm-up the
 * pool allocates nothing.
 */
public final class PacketPool {
    /** Default slot size: a full Ethernet frame plus headroom, rounded to 2 KiB. */
    public static final int DEFAULT_SLOT_SIZE = 2048;
    /** Default headroom left in front of new packets (room for encapsulation). */
    public static final int DEFAULT_HEADROOM = 128;
    private static final int CHUNK_SLOTS = 4096;

    // Automatic arena: the memory goes back when the pool (its router) is garbage; any thread may access it.
    private final Arena arena = Arena.ofAuto();
    private final int slotSize;
    private final int slotStride;
    private final int maxSlots;
    private final PacketPool large;
    private Packet[] stack;
    private int top;
    private int capacity;
    private final MpscUnboundedXaddArrayQueue<Packet> returns;
    // Set before the owning thread starts (Thread.start orders it), read on every free.
    private Thread owner;
    private long failures;

    /** A pool of {@code DEFAULT_SLOT_SIZE} slots with a companion pool for frames up to 64 KiB. */
    public PacketPool() {
        this(DEFAULT_SLOT_SIZE, 1 << 20, new PacketPool(65536 + DEFAULT_HEADROOM, 256, null));
    }

    /** A pool of {@code slotSize}-byte slots, at most {@code maxSlots}, with an optional pool for larger packets. */
    public PacketPool(int slotSize, int maxSlots, PacketPool large) {
        this.slotSize = slotSize;
        this.slotStride = strideFor(slotSize);
        this.maxSlots = maxSlots;
        this.large = large;
        this.stack = new Packet[0];
        this.returns = new MpscUnboundedXaddArrayQueue<>(4096, 8);
        this.owner = Thread.currentThread();
        if (large != null) {
            grow(); // the main pool starts with a chunk; the jumbo pool waits for its first packet
        }
    }

    /**
     * Distance between slots: the size rounded to cache lines, plus one line when that would be an
     * even number of lines. With a 2 KiB stride every slot's headers fall into the same two L1 sets
     * (of 64), so a batch of 32 packets evicts itself between elements; an odd stride spreads them
     * over all sets.
     */
    static int strideFor(int slotSize) {
        int lines = (slotSize + 63) >>> 6;
        return (lines | 1) << 6;
    }

    /** Makes {@code t} the owning thread (the one that allocates and frees without the return ring). */
    public void bindOwner(Thread t) {
        owner = t;
        if (large != null) {
            large.bindOwner(t);
        }
    }

    /** Slot size in bytes. */
    public int slotSize() {
        return slotSize;
    }

    /** Number of allocation requests that could not be met. */
    public long failures() {
        return failures;
    }

    /** Packets currently free in the owner's stack. */
    public int available() {
        return top;
    }

    /** Slots this pool holds in all. */
    public int capacity() {
        return capacity;
    }

    /**
     * Makes a packet of {@code length} bytes with {@code headroom} bytes in front; its data are not
     * cleared. Returns null when the pool is exhausted or the packet cannot fit any slot.
     */
    public Packet allocate(int headroom, int length) {
        if (headroom < 0 || length < 0) {
            return null;
        }
        if (headroom + length > slotSize) {
            if (large != null) {
                return large.allocate(headroom, length);
            }
            failures++;
            return null;
        }
        Packet p = pop();
        if (p == null) {
            failures++;
            return null;
        }
        p.free = false;
        p.reset(headroom, length);
        return p;
    }

    /** Makes a packet with the default headroom. */
    public Packet allocate(int length) {
        return allocate(DEFAULT_HEADROOM, length);
    }

    private Packet pop() {
        if (top == 0 && drainReturns() == 0 && !grow()) {
            return null;
        }
        // the slot above top keeps its stale reference: the packet lives as long as the pool anyway
        return stack[--top];
    }

    private int drainReturns() {
        int n = 0;
        Packet p;
        while (top < stack.length && (p = returns.relaxedPoll()) != null) {
            stack[top++] = p;
            n++;
        }
        return n;
    }

    private boolean grow() {
        int add = Math.min(CHUNK_SLOTS, maxSlots - capacity);
        if (add <= 0) {
            return false;
        }
        MemorySegment chunk = arena.allocate((long) add * slotStride, 64);
        if (stack.length < capacity + add) {
            stack = java.util.Arrays.copyOf(stack, capacity + add);
        }
        for (int i = add - 1; i >= 0; i--) {
            stack[top++] = new Packet(this, chunk, i, slotSize, slotStride);
        }
        capacity += add;
        return true;
    }

    /** Feeds a run of packets into the return ring with one claim of slots (JCTools {@code fill}). */
    private static final class RunSupplier implements org.jctools.queues.MessagePassingQueue.Supplier<Packet> {
        Packet[] packets;
        int next;

        @Override
        public Packet get() {
            return packets[next++];
        }
    }

    private static final ThreadLocal<RunSupplier> RUNS = ThreadLocal.withInitial(RunSupplier::new);

    /**
     * Frees the packets of this pool found in {@code ps} from {@code from} on, up to the first packet
     * of another pool or index {@code n}, and returns where it stopped. On the owner thread it is one
     * pass; elsewhere the run goes into the return ring with one claim of slots.
     */
    int recycleRun(Packet[] ps, int from, int n) {
        if (Thread.currentThread() == owner) {
            final Packet[] st = stack;
            int t = top;
            int i = from;
            try {
                for (; i < n; i++) {
                    Packet p = ps[i];
                    if (p.pool() != this) {
                        break;
                    }
                    markFree(p);
                    st[t++] = p;
                }
            } finally {
                top = t; // also on a double free: the packets before it are home
            }
            return i;
        }
        int end = from;
        while (end < n && ps[end].pool() == this) {
            markFree(ps[end++]);
        }
        RunSupplier run = RUNS.get();
        run.packets = ps;
        run.next = from;
        int left = end - from;
        while (left > 0) {
            left -= returns.fill(run, left);
        }
        run.packets = null;
        return end;
    }

    private static void markFree(Packet p) {
        if (p.free) {
            throw new IllegalStateException("packet freed twice");
        }
        p.free = true;
    }

    void recycle(Packet p) {
        markFree(p);
        if (Thread.currentThread() == owner) {
            stack[top++] = p;
        } else {
            returns.offer(p); // unbounded with pooled chunks: never fails, no steady-state allocation
        }
    }
}
