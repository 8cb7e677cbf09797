package io.uniclick.netfront.element;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.NetFronts;

/** Sends frames on a Xen vif through the poll-mode userspace netfront (ClickOS's ToNetFront). */
@ElementInfo(name = "ToNetFront", ports = "1/0-1", processing = "a/h", flow = "x/x",
        synopsis = "ToNetFront(DEVID [, BURST n])",
        description = "Sends frames on Xen vif DEVID (a vif number or the vif's MAC address). Pushed batches are "
                + "copied into granted TX pages and published with one ring push and at most one event-channel "
                + "notification per batch, only when the backend asked for it. In pull mode a task pulls up to "
                + "BURST frames at a time, never more than the TX ring has room for. Frames that find no room "
                + "(ring full, vif down) go to output 0 if it is connected, else they are dropped and counted. "
                + "The backend is found as for FromNetFront.",
        keywords = {"BURST: frames pulled per task run, 1..256 (default 32)"},
        handlers = {"count (r): frames queued to the backend", "reset_counts (w)",
                "dropped (r): frames that found no room or had a length outside 14..4096",
                "tx_errors (r): frames the backend answered with ERROR or DROPPED", "notifies (r): TX notifications sent",
                "connected (r)", "devid (r)", "connects (r)", "rx_posted (r)", "tx_in_flight (r): ring occupancy",
                "violations (r)", "errors (r): violations by kind"},
        example = "FromNetFront(0) -> EtherMirror -> ToNetFront(0);",
        notes = "ClickOS accepts ToDevice(N) for this element inside a Xen guest; see FromNetFront's notes on "
                + "aliases. The optional output for frames that could not be sent is a uniclick addition.")
public final class ToNetFront extends Element implements PacketCounting {
    private final VifArgs vif = new VifArgs();
    private int burst;
    private NetFront front;
    private final PacketBatch rejected = new PacketBatch();
    private boolean hasRejectOutput;
    private long count;
    private long dropped;

    @Override
    public void configure(Args a) throws ConfigException {
        vif.parse(a);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        if (burst < 1 || burst > PacketBatch.MAX_SIZE) {
            a.error("BURST", "out of range, bound " + PacketBatch.MAX_SIZE);
        }
        a.complete();
    }

    @Override
    public void initialize() throws ConfigException {
        front = vif.open(this);
        hasRejectOutput = noutputs() > 0 && outputConnected(0);
        if (!inputIsPush(0)) {
            context.addTask(new PullTask(this, 0, burst) {
                @Override
                protected int allowance(int b) {
                    return Math.min(b, front.txRoom());
                }

                @Override
                protected int consume(PacketBatch b) {
                    return send(b);
                }
            });
        }
    }

    java.io.PrintStream errors() {
        return context == null ? System.err : context.errors();
    }

    private int send(PacketBatch b) {
        int n = b.size();
        int sent;
        if (hasRejectOutput) {
            final PacketBatch r = rejected;
            sent = front.transmit(b, r);
            if (!r.isEmpty()) {
                output[0].push(r);
                r.clear();
            }
        } else {
            sent = front.transmit(b);
            dropped += n - sent;
        }
        count += sent;
        return sent;
    }

    @Override
    public void push(int port, PacketBatch b) {
        send(b);
    }

    /** {@inheritDoc} Here: frames queued to the backend. */
    @Override
    public long count() {
        return count;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset_counts", v -> {
            count = 0;
            dropped = 0;
        });
        h.readLong("dropped", () -> dropped + (front == null ? 0 : front.txBadLength()));
        h.readLong("tx_errors", () -> front == null ? 0 : front.txErrors() + front.txBackendDropped());
        h.readLong("notifies", () -> front == null ? 0 : front.txNotifies());
        VifArgs.vifHandlers(h, () -> front);
    }

    @Override
    public void cleanup() {
        if (front != null) {
            NetFronts.release(front);
            front = null;
        }
    }
}
