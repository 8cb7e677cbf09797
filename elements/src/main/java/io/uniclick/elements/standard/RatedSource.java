package io.uniclick.elements.standard;

import io.uniclick.core.runtime.TokenBucket;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.nio.charset.StandardCharsets;

/** Generates packets at a fixed rate (Click's RatedSource). */
@ElementInfo(name = "RatedSource", ports = "0/1", processing = "a/a",
        synopsis = "RatedSource([DATA, RATE, LIMIT, ACTIVE, *keywords* LENGTH, BANDWIDTH, STOP])",
        description = "Creates packets consisting of DATA at RATE packets per second (default 10), paced by a token bucket "
                + "(bucket size 2 below 200 packets/s, else RATE/100). When its output is push, a task emits the packets "
                + "whose tokens are due and sleeps on a timer until the next one; when it is pull, a pull returns a packet "
                + "only if a token is available. After LIMIT packets (-1 = no limit) it stops; with STOP true it then "
                + "stops the driver.",
        keywords = {"DATA: packet contents (default: a 70-byte filler text)", "LENGTH: packet length; DATA is repeated or cut to fit",
                "RATE: packets per second (default 10)", "BANDWIDTH: bytes per second; sets RATE to BANDWIDTH / length",
                "LIMIT: packets to send, -1 for no limit (default -1)", "ACTIVE: whether to send (default true)",
                "STOP: stop the driver after LIMIT packets (default false)"},
        handlers = {"count (r): packets sent", "reset (w): zero count and restart", "data (rw)", "length (rw)",
                "rate (rw): packets per second", "limit (rw)", "active (rw)", "scheduled (r)"},
        example = "RatedSource(\\<0800>, 1000, 5000, STOP true) -> c :: Counter -> Discard;",
        notes = "The first packet leaves at initialization time, then one every 1/RATE seconds. A push may carry several "
                + "packets when several tokens are due (Click pushes one per scheduling). In pull mode, after LIMIT the "
                + "driver stop event is sent once, not on every pull. In pull context it is an empty notifier (empty until "
                + "the next token), so a puller sleeps between tokens instead of polling.")
public final class RatedSource extends Element implements EmptyNotifier {
    private static final int MAX_BURST = 32;

    private byte[] text;
    private int length;
    private byte[] data;
    private long limit;
    private volatile boolean active;
    private boolean stop;
    private boolean stopSent;
    private long count;
    private final TokenBucket tb = new TokenBucket();
    private final PacketBatch batch = new PacketBatch(MAX_BURST);
    private PacketPool pool;
    private Task task;
    private Timer timer;
    private Timer wakeTimer;
    private Task[] listeners = new Task[0];

    @Override
    public void configure(Args a) throws ConfigException {
        String d = a.positional("DATA", ArgTypes.STRING, InfiniteSource.DEFAULT_DATA);
        long rate = a.positional("RATE", ArgTypes.COUNT, 10L);
        limit = a.positional("LIMIT", ArgTypes.INT, -1L);
        active = a.positional("ACTIVE", ArgTypes.BOOL, true);
        length = a.keyword("LENGTH", ArgTypes.INT32, -1);
        length = a.keyword("DATASIZE", ArgTypes.INT32, length);
        stop = a.keyword("STOP", ArgTypes.BOOL, false);
        long bandwidth = a.keyword("BANDWIDTH", ArgTypes.BANDWIDTH, 0L);
        if (rate < 0) {
            a.error("RATE", "out of range, bound 0");
        }
        a.complete();
        text = d.getBytes(StandardCharsets.ISO_8859_1);
        data = InfiniteSource.fit(text, length);
        long burst;
        if (bandwidth > 0) {
            rate = bandwidth / Math.max(1, data.length);
            burst = burstFor(rate);
            if (burst < 2L * length) {
                burst = 2L * length;
            }
        } else {
            burst = burstFor(rate);
        }
        tb.assign(rate, burst);
    }

    private static long burstFor(long rate) {
        return rate < 200 ? 2 : rate / 100;
    }

    @Override
    public void initialize() {
        pool = context.pool(this);
        tb.set(1, context.now());
        if (outputIsPush(0)) {
            task = new Task(this) {
                @Override
                public int doWork() {
                    return runTask();
                }
            };
            timer = new Timer() {
                @Override
                public void run() {
                    if (active) {
                        task.reschedule();
                    }
                }
            };
            context.addTask(task);
            if (!active) {
                task.unschedule();
            }
        } else {
            wakeTimer = new Timer() {
                @Override
                public void run() {
                    wakeListeners();
                }
            };
        }
    }

    private void wakeListeners() {
        for (Task t : listeners) {
            t.reschedule();
        }
    }

    /**
     * In pull context: empty while inactive, after LIMIT, or until the next token; a puller that
     * sleeps on it is woken by a timer when the next token is due.
     */
    @Override
    public boolean isEmpty() {
        if (!active || (limit >= 0 && count >= limit)) {
            return true;
        }
        long now = context.now();
        tb.refill(now);
        if (tb.available() > 0) {
            return false;
        }
        long wait = tb.timeUntil(1);
        if (wakeTimer != null && listeners.length > 0 && !wakeTimer.scheduled() && wait != Long.MAX_VALUE) {
            context.schedule(this, wakeTimer, now + wait);
        }
        return true;
    }

    @Override
    public void addListener(Task t) {
        Task[] n = java.util.Arrays.copyOf(listeners, listeners.length + 1);
        n[listeners.length] = t;
        listeners = n;
    }

    int runTask() {
        if (!active) {
            task.unschedule();
            return 0;
        }
        final long lim = limit;
        if (lim >= 0 && count >= lim) {
            task.unschedule(); // the run after the last packet, as in Click
            if (stop) {
                context.pleaseStop();
            }
            return 0;
        }
        final long now = context.now();
        final TokenBucket b = tb;
        b.refill(now);
        long n = b.available();
        if (n <= 0) {
            task.unschedule();
            long wait = b.timeUntil(1);
            if (wait != Long.MAX_VALUE) {
                context.schedule(this, timer, now + wait);
            }
            return 0;
        }
        if (n > MAX_BURST) {
            n = MAX_BURST;
        }
        if (lim >= 0 && count + n > lim) {
            n = lim - count;
        }
        final PacketBatch out = batch;
        final byte[] d = data;
        final PacketPool pl = pool;
        for (int i = 0; i < n; i++) {
            Packet p = pl.allocate(d.length);
            if (p == null) {
                break;
            }
            p.copyFrom(d, 0, 0, d.length);
            p.setTimestampNanos(now);
            out.add(p);
        }
        int made = out.size();
        if (made > 0) {
            b.remove(made);
            count += made;
            output[0].push(out);
            out.clear();
        }
        return made;
    }

    @Override
    public PacketBatch pull(int port, int max) {
        if (!active) {
            return null;
        }
        if (limit >= 0 && count >= limit) {
            if (stop && !stopSent) {
                stopSent = true;
                context.pleaseStop();
            }
            return null;
        }
        long now = context.now();
        tb.refill(now);
        if (!tb.removeIf(1)) {
            return null;
        }
        Packet p = pool.allocate(data.length);
        if (p == null) {
            return null;
        }
        p.copyFrom(data, 0, 0, data.length);
        p.setTimestampNanos(now);
        count++;
        batch.clear();
        batch.add(p);
        return batch;
    }

    private void restart() {
        wakeListeners();
        if (task != null && active) {
            tb.set(1, context.now());
            task.reschedule();
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset", v -> {
            count = 0;
            stopSent = false;
            tb.set(1, context.now());
            wakeListeners();
            if (task != null && active) {
                task.reschedule();
            }
        });
        h.readWrite("data", () -> new String(text, StandardCharsets.ISO_8859_1), v -> {
            text = ConfigText.unquote(v).getBytes(StandardCharsets.ISO_8859_1);
            data = InfiniteSource.fit(text, length);
        });
        h.readWrite("length", () -> Integer.toString(length), v -> {
            length = HandlerValues.parse(ArgTypes.INT32, v);
            data = InfiniteSource.fit(text, length);
        });
        h.readWrite("rate", () -> Long.toString(tb.rate()), v -> {
            long r = HandlerValues.parse(ArgTypes.COUNT, v);
            if (r < 0) {
                throw new io.uniclick.core.handler.HandlerException("out of range, bound 0");
            }
            tb.refill(context.now());
            tb.assign(r, burstFor(r));
            wakeListeners();
            if (task != null && active && !task.scheduled()) {
                task.reschedule();
            }
        });
        h.readWrite("limit", () -> Long.toString(limit), v -> {
            limit = HandlerValues.parse(ArgTypes.INT, v);
            stopSent = false;
            wakeListeners();
            if (task != null && active) {
                task.reschedule();
            }
        });
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            boolean was = active;
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            if (active && !was) {
                restart();
            }
        });
        if (task != null) {
            h.read("scheduled", () -> Boolean.toString(task.scheduled()));
        }
    }
}
