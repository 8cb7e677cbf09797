package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Listeners;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.Arrays;

/**
 * The FIFO shared by {@link SimpleQueue} and {@link Queue}: a ring of packet references filled by
 * pushes on input 0 and drained by pulls on output 0; arrivals beyond the capacity are dropped to
 * output 1 when it exists, else killed. It is an {@link EmptyNotifier}: pullers sleep while it is
 * empty and are rescheduled on the empty→non-empty transition. With full notification enabled it
 * also wakes {@linkplain #addFullListener full listeners} on the full→non-full transition.
 *
 * <p>Not thread-safe: one pushing thread and the same thread pulling (use ThreadSafeQueue across threads).
 */
public abstract class QueueBase extends Element implements EmptyNotifier {
    private Packet[] ring = new Packet[1];
    private int capacity;
    private int head;
    private int tail;
    private int size;
    private int highwater;
    private long drops;
    private final PacketBatch out = new PacketBatch();
    private Task[] emptyListeners = Listeners.NONE;
    private Task[] fullListeners = Listeners.NONE;
    private final boolean fullNotify;
    private boolean dropPort;
    private String overflowMessage;

    /** {@code fullNotify}: whether to wake full listeners when space appears. */
    protected QueueBase(boolean fullNotify) {
        this.fullNotify = fullNotify;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        int cap = a.positional("CAPACITY", ArgTypes.UINT32, 1000);
        a.complete();
        capacity = cap;
        ring = new Packet[Math.max(1, cap)];
    }

    @Override
    public void initialize() {
        dropPort = noutputs() > 1 && outputConnected(1) && outputIsPush(1);
        overflowMessage = declaration() + ": overflow";
    }

    @Override
    public void push(int port, PacketBatch b) {
        final Packet[] r = ring;
        final int cap = capacity;
        final int n = b.size();
        int s = size;
        int t = tail;
        final boolean wasEmpty = s == 0;
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (s < cap) {
                r[t] = p;
                if (++t == cap) {
                    t = 0;
                }
                s++;
            } else {
                b.set(dropped++, p); // compact the overflow at the front of the batch
            }
        }
        tail = t;
        size = s;
        if (s > highwater) {
            highwater = s;
        }
        if (dropped > 0) {
            b.setSize(dropped);
            if (drops == 0 && cap > 0) {
                context.errors().println(overflowMessage);
            }
            drops += dropped;
            if (dropPort) {
                output[1].push(b);
            } else {
                b.killAll();
            }
        } else {
            b.clear();
        }
        if (wasEmpty && s > 0) {
            Listeners.wake(emptyListeners);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        final int s = size;
        if (s == 0 || max <= 0) {
            return null;
        }
        final PacketBatch o = out;
        final Packet[] r = ring;
        final int cap = capacity;
        int n = Math.min(Math.min(s, max), o.capacity());
        int h = head;
        o.clear();
        for (int i = 0; i < n; i++) {
            o.add(r[h]);
            r[h] = null;
            if (++h == cap) {
                h = 0;
            }
        }
        head = h;
        size = s - n;
        if (fullNotify && s >= cap) {
            Listeners.wake(fullListeners);
        }
        return o;
    }


    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void addListener(Task t) {
        emptyListeners = Listeners.append(emptyListeners, t);
    }

    /** Whether a push would now drop. */
    public boolean isFull() {
        return size >= capacity;
    }

    /**
     * Wakes {@code t} whenever the queue goes from full to not full (Click's full notifier; only
     * {@link Queue} signals). Sources may sleep while {@link #isFull()}.
     */
    public void addFullListener(Task t) {
        fullListeners = Listeners.append(fullListeners, t);
    }


    /** Packets queued. */
    public int length() {
        return size;
    }

    /** Maximum number of packets. */
    public int capacity() {
        return capacity;
    }

    /** Packets dropped because the queue was full. */
    public long drops() {
        return drops;
    }

    /** Largest length seen since the last reset_counts. */
    public int highwaterLength() {
        return highwater;
    }

    private void setCapacity(int cap) {
        Packet[] nr = new Packet[Math.max(1, cap)];
        int keep = Math.min(size, cap);
        int h = head;
        for (int i = 0; i < size; i++) {
            Packet p = ring[h];
            ring[h] = null;
            if (++h == capacity) {
                h = 0;
            }
            if (i < keep) {
                nr[i] = p;
            } else {
                p.kill(); // as Click's live reconfiguration: packets beyond the new capacity are lost
            }
        }
        ring = nr;
        capacity = cap;
        head = 0;
        size = keep;
        tail = cap == 0 ? 0 : keep % cap;
        if (highwater > keep) {
            highwater = Math.max(keep, Math.min(highwater, cap));
        }
    }

    private void reset() {
        PacketBatch b = new PacketBatch();
        PacketBatch got;
        while ((got = pull(0, b.capacity())) != null) {
            for (int i = 0; i < got.size(); i++) {
                b.add(got.get(i));
            }
            got.clear();
            if (dropPort) {
                output[1].push(b);
                b.clear();
            } else {
                b.killAll();
            }
        }
    }

    @Override
    public void cleanup() {
        int h = head;
        for (int i = 0; i < size; i++) {
            ring[h].kill();
            ring[h] = null;
            if (++h == capacity) {
                h = 0;
            }
        }
        size = 0;
        head = 0;
        tail = 0;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("length", () -> size);
        h.readLong("highwater_length", () -> highwater);
        h.readWrite("capacity", () -> Integer.toString(capacity), v -> setCapacity(HandlerValues.parse(ArgTypes.UINT32, v)));
        h.readLong("drops", () -> drops);
        h.write("reset_counts", v -> {
            drops = 0;
            highwater = size;
        });
        h.write("reset", v -> reset());
    }
}
