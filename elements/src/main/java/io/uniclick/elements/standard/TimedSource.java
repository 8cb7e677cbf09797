package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.nio.charset.StandardCharsets;

/** Pushes one packet every INTERVAL (Click's TimedSource). */
@ElementInfo(name = "TimedSource", ports = "0/1", processing = "h/h",
        synopsis = "TimedSource([INTERVAL, DATA, *keywords* LIMIT, HEADROOM, STOP, ACTIVE])",
        description = "Creates a packet consisting of DATA every INTERVAL (default 0.5 s), the first one INTERVAL after "
                + "initialization, and pushes it out. After LIMIT packets (-1 = no limit) it stops; with STOP true the "
                + "driver is stopped one INTERVAL after the last packet, as in Click.",
        keywords = {"INTERVAL: time between packets (default 0.5s)", "DATA: packet contents (default: a 70-byte filler text)",
                "LIMIT: packets to send, -1 for no limit (default -1)", "HEADROOM: headroom of each packet (default 128)",
                "STOP: stop the driver after LIMIT packets (default false)", "ACTIVE: whether to send (default true)"},
        handlers = {"count (r): packets sent", "reset (w): zero count and restart", "data (rw)", "interval (rw)",
                "limit (rw)", "active (rw)", "headroom (rw)"},
        example = "TimedSource(1, \"hello\", LIMIT 3, STOP true) -> Print(ok) -> Discard;",
        notes = "Packets are full copies of DATA, not clones of one packet.")
public final class TimedSource extends Element {
    private byte[] data;
    private long interval;
    private long limit;
    private int headroom;
    private boolean stop;
    private volatile boolean active;
    private long count;
    private PacketPool pool;
    private final PacketBatch batch = new PacketBatch(1);
    private Timer timer;

    @Override
    public void configure(Args a) throws ConfigException {
        interval = a.positional("INTERVAL", ArgTypes.TIME, 500_000_000L);
        String d = a.positional("DATA", ArgTypes.STRING, InfiniteSource.DEFAULT_DATA);
        limit = a.keyword("LIMIT", ArgTypes.INT, -1L);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        stop = a.keyword("STOP", ArgTypes.BOOL, false);
        headroom = a.keyword("HEADROOM", ArgTypes.UINT32, PacketPool.DEFAULT_HEADROOM);
        a.complete();
        data = d.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void initialize() {
        pool = context.pool(this);
        timer = new Timer() {
            @Override
            public void run() {
                fire(expiry());
            }
        };
        if (active) {
            context.schedule(this, timer, context.now() + interval);
        }
    }

    void fire(long when) {
        if (!active) {
            return;
        }
        if (limit < 0 || count < limit) {
            Packet p = pool.allocate(headroom, data.length);
            if (p != null) {
                p.copyFrom(data, 0, 0, data.length);
                p.setTimestampNanos(context.now());
                count++;
                batch.add(p);
                output[0].push(batch);
                batch.clear();
            }
            context.schedule(this, timer, when + interval);
        } else if (stop) {
            context.pleaseStop();
        }
    }

    static String unparseInterval(long ns) {
        if (ns < 1_000_000_000L) {
            if (ns % 1_000_000L == 0) {
                return ns / 1_000_000L + "ms";
            } else if (ns % 1_000L == 0) {
                return ns / 1_000L + "us";
            }
            return ns + "ns";
        }
        return io.uniclick.core.runtime.Clock.format(ns) + "s";
    }

    private void restart() {
        if (active && !timer.scheduled()) {
            context.schedule(this, timer, context.now());
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset", v -> {
            count = 0;
            restart();
        });
        h.readWrite("data", () -> new String(data, StandardCharsets.ISO_8859_1),
                v -> data = ConfigText.unquote(v).getBytes(StandardCharsets.ISO_8859_1));
        h.readWrite("interval", () -> unparseInterval(interval), v -> {
            long i = HandlerValues.parse(ArgTypes.TIME, v);
            if (i <= 0) {
                throw new HandlerException("bad interval");
            }
            interval = i;
        });
        h.readWrite("limit", () -> Long.toString(limit), v -> limit = HandlerValues.parse(ArgTypes.INT, v));
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            restart();
        });
        h.readWrite("headroom", () -> Integer.toString(headroom), v -> headroom = HandlerValues.parse(ArgTypes.UINT32, v));
    }
}
