package io.uniclick.elements.standard;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/** Drops every packet; in a pull context it pulls as fast as packets come (Click's Discard). */
@ElementInfo(name = "Discard", ports = "1/0", processing = "a/a",
        synopsis = "Discard([*keywords* ACTIVE, BURST])",
        description = "Discards packets pushed to it. When its input is pull, a task pulls up to BURST packets per scheduling "
                + "and sleeps while the upstream queues are empty.",
        keywords = {"ACTIVE: whether to pull (pull context only, default true)", "BURST: packets per pull (default 32)"},
        handlers = {"count (r): packets discarded", "reset_counts (w)", "active (rw)"},
        example = "q :: Queue -> Discard;")
public final class Discard extends Element implements PacketCounting {
    private long count;
    private volatile boolean active;
    private int burst;
    private PullTask task;

    @Override
    public void configure(Args a) throws ConfigException {
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        a.complete();
    }

    @Override
    public void initialize() {
        if (!inputIsPush(0)) {
            task = new PullTask(this, 0, burst) {
                @Override
                protected int consume(PacketBatch b) {
                    int n = b.size();
                    count += n;
                    b.killAll();
                    return n;
                }
            };
            context.addTask(task);
            if (!active) {
                task.unschedule();
            }
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        count += b.size();
        b.killAll();
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset_counts", v -> count = 0);
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            if (task != null) {
                if (active) {
                    task.reschedule();
                } else {
                    task.unschedule();
                }
            }
        });
    }
}
