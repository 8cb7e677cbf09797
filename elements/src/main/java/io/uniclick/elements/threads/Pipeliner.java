package io.uniclick.elements.threads;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.runtime.RouterThread;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.SpscArrayQueue;

/**
 * Hands batches from the threads that push into it to its own home thread, which pushes them on
 * (FastClick's Pipeliner). Each pushing thread has its own pair of single-producer rings: filled
 * batches travel forward, emptied batch objects travel back, so nothing is allocated and no lock
 * is taken. Packets freed downstream return to their home pools through the pools' return rings.
 */
@ElementInfo(name = "Pipeliner", ports = "1/1", processing = "h/h",
        synopsis = "Pipeliner([CAPACITY, *keywords* BLOCKING, BURST])",
        description = "Moves packets pushed on one driver thread to the Pipeliner's home thread (place it with StaticThreadSched), "
                + "batch by batch over lock-free single-producer rings. When the rings are full, packets are dropped and counted, "
                + "or with BLOCKING true the pusher waits.",
        keywords = {"CAPACITY: batches in flight per pushing thread (default 64)",
                "BLOCKING: wait instead of dropping when full (default false)",
                "BURST: batches pushed on per scheduling (default 8)"},
        handlers = {"count (r): packets handed over", "dropped (r): packets dropped because the rings were full", "reset_counts (w)"},
        example = "FromDump(t.pcap, STOP true) -> p :: Pipeliner -> c :: Counter -> Discard;  StaticThreadSched(p 1);")
public final class Pipeliner extends Element {
    private int capacity;
    private boolean blocking;
    private int burst;
    private SpscArrayQueue<PacketBatch>[] full;
    private SpscArrayQueue<PacketBatch>[] empty;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private Task task;

    @Override
    public void configure(Args a) throws ConfigException {
        capacity = a.positional("CAPACITY", ArgTypes.UINT32, 64);
        blocking = a.keyword("BLOCKING", ArgTypes.BOOL, false);
        burst = a.keyword("BURST", ArgTypes.UINT32, 8);
        a.complete();
        if (capacity < 2) {
            throw new ConfigException("CAPACITY: out of range, bound 2");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void initialize() {
        int n = context.threadCount();
        full = new SpscArrayQueue[n];
        empty = new SpscArrayQueue[n];
        for (int t = 0; t < n; t++) {
            full[t] = new SpscArrayQueue<>(capacity);
            empty[t] = new SpscArrayQueue<>(capacity);
            for (int i = 0; i < capacity; i++) {
                empty[t].offer(new PacketBatch());
            }
        }
        task = new Task(this) {
            @Override
            public int doWork() {
                return drain();
            }
        };
        context.addTask(task);
    }

    @Override
    public void push(int port, PacketBatch b) {
        int t = RouterThread.currentIndex();
        PacketBatch carrier = empty[t].relaxedPoll();
        while (carrier == null && blocking && !context.stopped()) {
            Thread.onSpinWait();
            carrier = empty[t].relaxedPoll();
        }
        if (carrier == null) {
            dropped.addAndGet(b.size());
            b.killAll();
            return;
        }
        for (int i = 0, n = b.size(); i < n; i++) {
            carrier.add(b.get(i));
        }
        b.clear();
        full[t].offer(carrier); // cannot fail: as many carriers as slots
    }

    private int drain() {
        int work = 0;
        final SpscArrayQueue<PacketBatch>[] f = full;
        final SpscArrayQueue<PacketBatch>[] e = empty;
        for (int t = 0; t < f.length; t++) {
            for (int k = 0; k < burst; k++) {
                PacketBatch b = f[t].relaxedPoll();
                if (b == null) {
                    break;
                }
                int n = b.size();
                work += n;
                output[0].push(b);
                b.clear();
                e[t].offer(b);
            }
        }
        if (work > 0) {
            count.addAndGet(work);
        }
        return work;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", count::get);
        h.readLong("dropped", dropped::get);
        h.write("reset_counts", v -> {
            count.set(0);
            dropped.set(0);
        });
    }
}
