package io.uniclick.elements.standard;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.FullSignal;
import io.uniclick.core.element.Restartable;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.nio.charset.StandardCharsets;

/** Generates copies of one packet as fast as it is scheduled (Click's InfiniteSource). */
@ElementInfo(name = "InfiniteSource", ports = "0/1", processing = "a/a",
        synopsis = "InfiniteSource([DATA, LIMIT, BURST, ACTIVE, *keywords*])",
        description = "Creates packets consisting of DATA and pushes BURST of them per scheduling, or emits one per pull "
                + "in a pull context. Stops after LIMIT packets (-1 means no limit); with STOP true, reaching LIMIT stops the driver.",
        keywords = {"DATA: the packet contents (default: Click's 64-byte filler text)",
                "LENGTH: packet length; DATA is repeated or cut to fit",
                "LIMIT: packets to emit, -1 for no limit (default -1)",
                "BURST: packets per scheduling (default 32; Click's default is 1)",
                "ACTIVE: whether the source emits (default true)",
                "STOP: stop the driver when LIMIT is reached (default false)",
                "END_CALL: handler to call when LIMIT is reached, instead of stopping",
                "TIMESTAMP: set the timestamp annotation (default true)"},
        handlers = {"count (r): packets emitted", "reset (w): reset the count and restart", "data (rw)", "length (rw)",
                "limit (rw)", "burst (rw)", "active (rw)"},
        example = "InfiniteSource(LENGTH 60, LIMIT 20000000, STOP true) -> c :: Counter -> Discard;",
        notes = "BURST defaults to 32 so that pushes carry batches; packets are full copies, not clones.")
public final class InfiniteSource extends Element implements Restartable, PacketCounting {
    static final String DEFAULT_DATA = "Random bullshit in a packet, at least 64 bytes long. Well, now it is.";

    private byte[] data;
    private long limit;
    private int burst;
    private volatile boolean active;
    private boolean stop;
    private String endCall;
    private boolean timestamp;
    private long count;
    private PacketPool pool;
    private final PacketBatch batch = new PacketBatch();
    private Task task;
    private FullSignal full;

    @Override
    public void configure(Args a) throws ConfigException {
        String d = a.positional("DATA", ArgTypes.STRING, DEFAULT_DATA);
        limit = a.positional("LIMIT", ArgTypes.INT, -1L);
        burst = a.positional("BURST", ArgTypes.UINT32, 32);
        active = a.positional("ACTIVE", ArgTypes.BOOL, true);
        int length = a.keyword("LENGTH", ArgTypes.INT32, -1);
        stop = a.keyword("STOP", ArgTypes.BOOL, false);
        endCall = a.keyword("END_CALL", ArgTypes.STRING, null);
        timestamp = a.keyword("TIMESTAMP", ArgTypes.BOOL, true);
        if (burst < 1 || burst > PacketBatch.MAX_SIZE) {
            a.error("BURST", "out of range, bound " + PacketBatch.MAX_SIZE);
        }
        a.complete();
        data = fit(d.getBytes(StandardCharsets.ISO_8859_1), length);
    }

    static byte[] fit(byte[] d, int length) {
        if (length < 0 || length == d.length) {
            return d;
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = d.length == 0 ? 0 : d[i % d.length];
        }
        return out;
    }

    @Override
    public void initialize() {
        pool = context.pool(this);
        if (outputIsPush(0)) {
            task = new Task(this) {
                @Override
                public int doWork() {
                    return runTask();
                }
            };
            context.addTask(task);
            if (!active) {
                task.unschedule();
            }
        }
    }

    int runTask() {
        if (!active) {
            return 0;
        }
        if (limit >= 0 && count >= limit) {
            // as Click: the stop comes on the run after the last packet, so downstream tasks get a turn first
            finished();
            return 0;
        }
        if (full == null) {
            full = FullSignal.downstream(this, 0, task);
        }
        if (full.sleepIfFull(task)) {
            return 0;
        }
        final long lim = limit;
        int n = burst;
        if (lim >= 0 && count + n > lim) {
            n = (int) (lim - count);
        }
        final PacketBatch b = batch;
        final byte[] d = data;
        final PacketPool pl = pool;
        final long ts = timestamp ? context.now() : 0;
        for (int i = 0; i < n; i++) {
            Packet p = pl.allocate(d.length);
            if (p == null) {
                break;
            }
            p.copyFrom(d, 0, 0, d.length);
            p.setTimestampNanos(ts);
            b.add(p);
        }
        int made = b.size();
        count += made;
        if (made > 0) {
            output[0].push(b);
            b.clear();
        }
        return made;
    }

    private void finished() {
        if (task != null) {
            task.unschedule();
        }
        active = false;
        sourceFinished(endCall, stop);
    }

    @Override
    public void restart() {
        count = 0;
        active = true;
        if (task != null) {
            task.reschedule();
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        if (!active || (limit >= 0 && count >= limit)) {
            return null;
        }
        Packet p = pool.allocate(data.length);
        if (p == null) {
            return null;
        }
        p.copyFrom(data, 0, 0, data.length);
        if (timestamp) {
            p.setTimestampNanos(context.now());
        }
        batch.clear();
        batch.add(p);
        count++;
        if (limit >= 0 && count >= limit) {
            finished();
        }
        return batch;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset", v -> restart());
        h.readWrite("data", () -> new String(data, StandardCharsets.ISO_8859_1), v -> data = io.uniclick.core.config.ConfigText.unquote(v).getBytes(StandardCharsets.ISO_8859_1));
        h.readWrite("length", () -> Integer.toString(data.length), v -> data = fit(data, HandlerValues.parse(ArgTypes.INT32, v)));
        h.readWrite("limit", () -> Long.toString(limit), v -> {
            limit = HandlerValues.parse(ArgTypes.INT, v);
            if (task != null && active) {
                task.reschedule();
            }
        });
        h.readWrite("burst", () -> Integer.toString(burst), v -> burst = Math.max(1, Math.min(PacketBatch.MAX_SIZE, HandlerValues.parse(ArgTypes.INT32, v))));
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            if (task != null && active) {
                task.reschedule();
            }
        });
    }
}
