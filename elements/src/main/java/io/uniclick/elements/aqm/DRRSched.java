package io.uniclick.elements.aqm;

import io.uniclick.core.element.UpstreamNotifiers;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Deficit round robin over its inputs (Click's DRRSched). */
@ElementInfo(name = "DRRSched", ports = "-/1", processing = "l/l",
        synopsis = "DRRSched([*keywords* QUANTUM])",
        description = "Schedules its inputs by deficit round robin, which shares bandwidth (bytes, not packets) equally "
                + "among the inputs that have packets. Each turn an input's deficit grows by QUANTUM bytes and it sends "
                + "packets while their lengths fit in its deficit; an input with nothing to send loses its deficit. The "
                + "head packet of an input whose deficit is too small waits inside the element for the next turn.",
        keywords = {"QUANTUM: bytes added to an input's deficit per turn (default 500)"},
        handlers = {"quantum (r)"},
        example = "q0 :: Queue; q1 :: Queue; d :: DRRSched; q0 -> [0]d; q1 -> [1]d; d -> ToDevice(eth0);",
        notes = "It holds head packets, so it is itself an empty notifier (empty when it holds none and the queues upstream "
                + "are empty). Packets are pulled from upstream one at a time.")
public final class DRRSched extends Element implements EmptyNotifier {
    private int quantum;
    private Packet[] head;
    private int[] deficit;
    private int next;
    private int held;
    private final PacketBatch out = new PacketBatch();
    private UpstreamNotifiers[] upstreams = new UpstreamNotifiers[0];

    @Override
    public void configure(Args a) throws ConfigException {
        quantum = a.positional("QUANTUM", ArgTypes.UINT32, 500);
        a.complete();
        if (quantum == 0) {
            throw new ConfigException("QUANTUM: must be > 0");
        }
    }

    @Override
    public void initialize() {
        int n = ninputs();
        head = new Packet[n];
        deficit = new int[n];
        upstreams = new UpstreamNotifiers[n];
        for (int i = 0; i < n; i++) {
            upstreams[i] = new UpstreamNotifiers(this, i);
        }
        if (n > 0) {
            deficit[0] = quantum;
        }
    }

    /** Click's per-packet DRR step: one look at each input, starting where the last one stopped. */
    private Packet pullOne() {
        final int n = head.length;
        final Packet[] hd = head;
        final int[] def = deficit;
        int nx = next;
        for (int j = 0; j < n; j++) {
            Packet p = hd[nx];
            if (p != null) {
                hd[nx] = null;
                held--;
            } else {
                PacketBatch b = input[nx].pull(1);
                p = b == null || b.isEmpty() ? null : b.get(0);
            }
            if (p == null) {
                def[nx] = 0;
            } else if (p.length() <= def[nx]) {
                def[nx] -= p.length();
                next = nx;
                return p;
            } else {
                hd[nx] = p;
                held++;
            }
            if (++nx == n) {
                nx = 0;
            }
            def[nx] += quantum;
        }
        next = nx;
        return null;
    }

    @Override
    public PacketBatch pull(int port, int max) {
        if (head.length == 0) {
            return null;
        }
        final PacketBatch o = out;
        o.clear();
        while (o.size() < max) {
            Packet p = pullOne();
            if (p == null) {
                break;
            }
            o.add(p);
        }
        return o;
    }

    @Override
    public boolean isEmpty() {
        if (held > 0) {
            return false;
        }
        for (UpstreamNotifiers u : upstreams) {
            if (!u.allEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void addListener(Task t) {
        for (UpstreamNotifiers u : upstreams) {
            u.addListener(t);
        }
    }

    @Override
    public void cleanup() {
        if (head != null) {
            for (int i = 0; i < head.length; i++) {
                if (head[i] != null) {
                    head[i].kill();
                    head[i] = null;
                }
            }
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("quantum", () -> quantum);
    }
}
