package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/** Pulls packets whenever they are available and pushes them out (Click's Unqueue). */
@ElementInfo(name = "Unqueue", ports = "1/1", processing = "l/h",
        synopsis = "Unqueue([BURST, *keywords* ACTIVE, LIMIT])",
        description = "Pulls up to BURST packets from its input each time it is scheduled and pushes them to its output. "
                + "It sleeps while the queues upstream are empty and wakes when a packet arrives. After LIMIT packets "
                + "(-1 = no limit) it stops pulling.",
        keywords = {"BURST: packets pulled per scheduling (default 32; negative means the largest batch, 256)",
                "ACTIVE: whether to pull (default true)", "LIMIT: stop after this many packets, -1 for none (default -1)"},
        handlers = {"count (r): packets pushed", "reset (w): zero count and resume if the limit had been reached",
                "reset_counts (w): same as reset", "active (rw)", "burst (rw)", "limit (rw)", "scheduled (r): whether the task runs"},
        example = "InfiniteSource(LIMIT 10, STOP true) -> Queue -> Unqueue -> c :: Counter -> Discard;",
        notes = "BURST defaults to 32 (Click: 1) so pushes carry batches, and is capped at 256, the largest batch.")
public final class Unqueue extends Element {
    private int burst;
    private volatile boolean active;
    private long limit;
    private long count;
    private PullTask task;

    @Override
    public void configure(Args a) throws ConfigException {
        int b = a.positional("BURST", ArgTypes.INT32, 32);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        limit = a.keyword("LIMIT", ArgTypes.INT, -1L);
        a.complete();
        burst = clampBurst(b);
        if (burst == 0) {
            context.errors().println(declaration() + ": warning: BURST size 0, no packets will be pulled");
        }
    }

    static int clampBurst(int b) {
        return b < 0 ? PacketBatch.MAX_SIZE : Math.min(b, PacketBatch.MAX_SIZE);
    }

    @Override
    public void initialize() {
        task = new PullTask(this, 0, burst) {
            @Override
            protected int allowance(int want) {
                return Unqueue.this.allowance(want);
            }

            @Override
            protected int consume(PacketBatch b) {
                int n = b.size();
                count += n;
                output[0].push(b);
                return n;
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
        long lim = limit;
        if (lim >= 0 && count + want > lim) {
            long left = lim - count;
            if (left <= 0) {
                task.unschedule();
                return 0;
            }
            return (int) left;
        }
        return want;
    }

    private void maybeResume() {
        if (active && (limit < 0 || count < limit)) {
            task.reschedule();
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset", v -> {
            count = 0;
            maybeResume();
        });
        h.write("reset_counts", v -> {
            count = 0;
            maybeResume();
        });
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            maybeResume();
        });
        h.readWrite("burst", () -> Integer.toString(burst), v -> {
            burst = clampBurst(HandlerValues.parse(ArgTypes.INT32, v));
            task.setBurst(burst);
            maybeResume();
        });
        h.readWrite("limit", () -> Long.toString(limit), v -> {
            limit = HandlerValues.parse(ArgTypes.INT, v);
            maybeResume();
        });
        h.read("scheduled", () -> Boolean.toString(task.scheduled()));
    }
}
