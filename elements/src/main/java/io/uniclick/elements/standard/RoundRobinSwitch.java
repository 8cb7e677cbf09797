package io.uniclick.elements.standard;

import io.uniclick.core.element.OutputBatches;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.PacketBatch;

/** Spreads packets over its outputs in turn (Click's RoundRobinSwitch). */
@ElementInfo(name = "RoundRobinSwitch", ports = "1/1-", processing = "h/h",
        synopsis = "RoundRobinSwitch",
        description = "Pushes the first packet to output 0, the next to output 1, and so on, wrapping around; the turn "
                + "carries over from one batch to the next.",
        example = "rr :: RoundRobinSwitch; rr[0] -> q0 :: Queue; rr[1] -> q1 :: Queue;",
        notes = "Per-output batches are pushed after the whole input batch is distributed, in output order.")
public final class RoundRobinSwitch extends Element {
    private int next;
    private OutputBatches split;

    @Override
    public void initialize() {
        split = new OutputBatches(output);
    }

    @Override
    public void push(int port, PacketBatch b) {
        final OutputBatches s = split;
        final int nout = output.length;
        int o = next;
        for (int i = 0, n = b.size(); i < n; i++) {
            s.add(o, b.get(i));
            if (++o == nout) {
                o = 0;
            }
        }
        next = o;
        b.clear();
        s.flush();
    }
}
