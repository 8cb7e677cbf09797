package io.uniclick.netfront.element;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.NetFronts;

/** Receives frames from a Xen vif through the poll-mode userspace netfront (ClickOS's FromNetFront). */
@ElementInfo(name = "FromNetFront", ports = "0/1", processing = "h/h", flow = "x/x",
        synopsis = "FromNetFront(DEVID [, BURST n])",
        description = "Polls the RX ring of Xen vif DEVID (a vif number, or the vif's MAC address as in ClickOS) "
                + "from a task and pushes what arrived, up to BURST frames per run, one batch. The vif is "
                + "connected through xenstore (request-rx-copy, feature-rx-notify, feature-no-csum-offload) "
                + "at initialization and reconnects by itself when the backend restarts or misbehaves; "
                + "every response from the backend is validated and violations are counted in 'errors'. "
                + "The backend is found through /dev/xen when running in a Xen guest, or through the emulated "
                + "xenstore socket named by -Duniclick.xen.xenbus=SOCKET or UNICLICK_XENBUS=SOCKET.",
        keywords = {"BURST: frames per task run, 1..256 (default 32)"},
        handlers = {"count (r): frames pushed", "reset_counts (w)", "dropped (r): frames dropped by the frontend "
                + "(bad responses, no packet buffers)", "connected (r)", "devid (r)", "connects (r): times connected",
                "rx_posted (r): RX buffers posted (ring occupancy)", "tx_in_flight (r)",
                "violations (r): backend protocol violations", "errors (r): violations by kind"},
        example = "FromNetFront(0, BURST 256) -> Discard;",
        notes = "ClickOS accepts FromDevice(N) for this element inside a Xen guest. uniclick registers it "
                + "only as FromNetFront for now, because FromDevice is also the host AF_PACKET element; the "
                + "launcher will map FromDevice/ToDevice to FromNetFront/ToNetFront when it builds a Xen "
                + "guest image (see NetfrontLibrary.xenGuestAliases). No scatter-gather, GSO or checksum "
                + "offload are negotiated: frames are at most one page.")
public final class FromNetFront extends Element implements PacketCounting {
    private final VifArgs vif = new VifArgs();
    private int burst;
    private NetFront front;
    private PacketPool pool;
    private final PacketBatch batch = new PacketBatch();
    private Task task;
    private long count;

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
        pool = context.pool(this);
        task = new Task(this) {
            @Override
            public int doWork() {
                return runTask();
            }
        };
        context.addTask(task);
    }

    java.io.PrintStream errors() {
        return context == null ? System.err : context.errors();
    }

    int runTask() {
        final PacketBatch b = batch;
        int n = front.receive(b, burst, pool);
        if (n > 0) {
            count += n;
            output[0].push(b);
            b.clear();
        }
        return n;
    }

    /** {@inheritDoc} Here: frames received and pushed. */
    @Override
    public long count() {
        return count;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset_counts", v -> count = 0);
        h.readLong("dropped", () -> front == null ? 0 : front.rxDropped());
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
