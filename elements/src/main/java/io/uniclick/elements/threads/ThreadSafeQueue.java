package io.uniclick.elements.threads;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpmcArrayQueue;

/** A Queue that any number of threads may push to and pull from (Click's ThreadSafeQueue), lock-free. */
@ElementInfo(name = "ThreadSafeQueue", ports = "1/1-2", processing = "h/lh",
        synopsis = "ThreadSafeQueue([CAPACITY])",
        description = "Stores pushed packets in a lock-free multi-producer, multi-consumer ring (JCTools) and hands them out on "
                + "pull, from any threads. When full, arriving packets go to output 1 if it is connected, else are dropped. "
                + "Pullers on other threads sleep while it is empty and are woken when packets arrive.",
        keywords = {"CAPACITY: maximum packets held (default 1000; rounded up to a power of two internally, the limit is exact)"},
        handlers = {"length (r)", "highwater_length (r)", "capacity (r)", "drops (r)", "reset_counts (w)", "reset (w)"},
        example = "src -> ThreadSafeQueue(1024) -> Unqueue -> sink;  StaticThreadSched(src 0, Unqueue@3 1);")
public final class ThreadSafeQueue extends Element implements EmptyNotifier {
    private int capacity;
    private MpmcArrayQueue<Packet> ring;
    private final AtomicLong drops = new AtomicLong();
    private volatile int highwater;
    private final CopyOnWriteArrayList<Task> listeners = new CopyOnWriteArrayList<>();
    private Task[] wake = new Task[0];
    private final PacketBatch out = new PacketBatch();
    private final PacketBatch dropped = new PacketBatch();

    @Override
    public void configure(Args a) throws ConfigException {
        capacity = a.positional("CAPACITY", ArgTypes.UINT32, 1000);
        a.complete();
        if (capacity < 1) {
            throw new ConfigException("CAPACITY: out of range, bound 1");
        }
    }

    @Override
    public void initialize() {
        ring = new MpmcArrayQueue<>(Math.max(2, capacity));
    }

    @Override
    public void push(int port, PacketBatch b) {
        final MpmcArrayQueue<Packet> r = ring;
        final int cap = capacity;
        PacketBatch d = null;
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            if (r.size() >= cap || !r.offer(p)) {
                if (d == null) {
                    d = dropped;
                }
                d.add(p);
            }
        }
        int len = r.size();
        if (len > highwater) {
            highwater = len;
        }
        Task[] w = wake;
        for (Task t : w) {
            if (!t.scheduled()) {
                t.reschedule();
            }
        }
        if (d != null) {
            drops.addAndGet(d.size());
            if (noutputs() > 1) {
                output[1].push(d);
                d.clear();
            } else {
                d.killAll();
            }
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        final PacketBatch o = out;
        o.clear();
        final MpmcArrayQueue<Packet> r = ring;
        int n = Math.min(max, o.capacity());
        Packet p;
        while (o.size() < n && (p = r.relaxedPoll()) != null) {
            o.add(p);
        }
        return o;
    }

    @Override
    public boolean isEmpty() {
        return ring.isEmpty();
    }

    @Override
    public void addListener(Task t) {
        listeners.add(t);
        wake = listeners.toArray(new Task[0]);
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("length", () -> ring.size());
        h.readLong("highwater_length", () -> highwater);
        h.readLong("capacity", () -> capacity);
        h.readLong("drops", drops::get);
        h.write("reset_counts", v -> {
            drops.set(0);
            highwater = ring.size();
        });
        h.write("reset", v -> {
            Packet p;
            while ((p = ring.poll()) != null) {
                p.kill();
            }
        });
    }
}
