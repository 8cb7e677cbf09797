package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Diverts packets longer than a length (Click's CheckLength). */
@ElementInfo(name = "CheckLength", ports = "1/1-2", processing = "a/ah",
        synopsis = "CheckLength(LENGTH)",
        description = "Passes packets of at most LENGTH bytes to output 0. Longer packets are pushed to output 1 if it "
                + "exists, and dropped otherwise. Works in push and in pull context.",
        keywords = {"LENGTH: the largest length passed to output 0"},
        handlers = {"length (rw): LENGTH", "drops (r): packets longer than LENGTH (diverted or dropped)"},
        example = "... -> CheckLength(1500) -> ...;",
        notes = "The drops handler is an addition.")
public final class CheckLength extends Element {
    private volatile int max;
    private long drops;
    private PacketBatch longer;
    private boolean dropPort;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer len = a.mandatoryPositional("LENGTH", ArgTypes.UINT32);
        a.complete();
        max = len;
    }

    @Override
    public void initialize() {
        longer = new PacketBatch();
        dropPort = noutputs() > 1 && outputConnected(1);
    }

    private int filter(PacketBatch b) {
        final int m = max;
        final PacketBatch d = longer;
        int kept = 0;
        final int n = b.size();
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (p.length() <= m) {
                b.set(kept++, p);
            } else if (dropPort) {
                if (d.isFull()) {
                    output[1].push(d);
                    d.clear();
                }
                d.add(p);
            } else {
                p.kill();
            }
        }
        drops += n - kept;
        b.setSize(kept);
        if (!d.isEmpty()) {
            output[1].push(d);
            d.clear();
        }
        return kept;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (filter(b) > 0) {
            output[0].push(b);
        }
    }

    @Override
    public PacketBatch pull(int port, int maxn) {
        PacketBatch b = input[0].pull(maxn);
        if (b != null) {
            filter(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("length", () -> Integer.toString(max), v -> max = HandlerValues.parse(ArgTypes.UINT32, v));
        h.readLong("drops", () -> drops);
    }
}
