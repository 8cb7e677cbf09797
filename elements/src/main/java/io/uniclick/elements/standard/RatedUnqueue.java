package io.uniclick.elements.standard;

import io.uniclick.core.runtime.TokenBucket;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/** Pulls packets at a limited rate and pushes them out (Click's RatedUnqueue). */
@ElementInfo(name = "RatedUnqueue", ports = "1/1", processing = "l/h",
        synopsis = "RatedUnqueue(RATE, *keywords* BURST_DURATION, BURST_SIZE, ACTIVE)",
        description = "Pulls packets from its input and pushes them out at no more than RATE packets per second, with a "
                + "token bucket that holds up to BURST_SIZE packets' worth of tokens (by default RATE x BURST_DURATION, "
                + "BURST_DURATION 20 ms, at least 1). When it has no tokens it sleeps on a timer until the next one; when the "
                + "queues upstream are empty it sleeps until a packet arrives.",
        keywords = {"RATE: packets per second", "BURST_DURATION: time worth of tokens the bucket holds (default 20ms)",
                "BURST_SIZE: bucket size in packets (exclusive with BURST_DURATION)", "ACTIVE: whether to pull (default true)"},
        handlers = {"rate (rw): packets per second", "active (rw)", "count (r): packets pushed", "scheduled (r)"},
        example = "q :: Queue -> RatedUnqueue(1000) -> ToDevice(eth0);",
        notes = "Pushes up to the available tokens (at most 32) per scheduling as one batch; Click pushes one packet. "
                + "The bucket starts full, as in Click. The calls handler of Click is replaced by count.")
public final class RatedUnqueue extends Element {
    private static final int MAX_BURST = 32;

    private final TokenBucket tb = new TokenBucket();
    private long burstTokens;
    private boolean burstFromDuration;
    private long burstDuration;
    private volatile boolean active;
    private long count;
    private PullTask task;
    private Timer timer;

    @Override
    public void configure(Args a) throws ConfigException {
        Long rate = a.mandatoryPositional("RATE", ArgTypes.COUNT);
        boolean hasDur = a.has("BURST_DURATION");
        boolean hasSize = a.has("BURST_SIZE");
        long dur = a.keyword("BURST_DURATION", ArgTypes.TIME, 20_000_000L);
        long size = a.keyword("BURST_SIZE", ArgTypes.UINT32, 0);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        if (rate != null && rate < 0) {
            a.error("RATE", "out of range, bound 0");
        }
        a.complete();
        if (hasDur && hasSize) {
            throw new ConfigException("cannot specify both BURST_DURATION and BURST_SIZE");
        }
        burstFromDuration = !hasSize;
        burstDuration = dur;
        burstTokens = size;
        setRate(rate == null ? 0 : rate);
    }

    private void setRate(long rate) {
        long tokens = burstFromDuration ? tokensFor(rate, burstDuration) : burstTokens;
        tb.assign(rate, Math.max(1, tokens));
    }

    private static long tokensFor(long rate, long durNanos) {
        double t = (double) rate * durNanos / 1e9;
        return t >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) t;
    }

    @Override
    public void initialize() {
        tb.set(tb.burst(), context.now());
        task = new PullTask(this, 0, MAX_BURST) {
            @Override
            protected int allowance(int want) {
                return RatedUnqueue.this.allowance(want);
            }

            @Override
            protected int consume(PacketBatch b) {
                int n = b.size();
                tb.remove(n);
                count += n;
                output[0].push(b);
                return n;
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
    }

    int allowance(int want) {
        if (!active) {
            task.unschedule();
            return 0;
        }
        final TokenBucket b = tb;
        long now = context.now();
        b.refill(now);
        long avail = b.available();
        if (avail <= 0) {
            long wait = b.timeUntil(1);
            task.unschedule();
            if (wait != Long.MAX_VALUE) {
                context.schedule(this, timer, now + wait);
            }
            return 0;
        }
        return (int) Math.min(want, avail);
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("rate", () -> Long.toString(tb.rate()), v -> {
            long r = HandlerValues.parse(ArgTypes.COUNT, v);
            if (r < 0) {
                throw new io.uniclick.core.handler.HandlerException("RATE: out of range, bound 0");
            }
            setRate(r);
            if (active) {
                task.reschedule();
            }
        });
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            if (active) {
                task.reschedule();
            }
        });
        h.readLong("count", () -> count);
        h.read("scheduled", () -> Boolean.toString(task.scheduled()));
    }
}
