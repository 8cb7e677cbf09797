package io.uniclick.elements.aqm;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.PacketBatch;

/** Pulls from its inputs in turn (Click's RoundRobinSched). */
@ElementInfo(name = "RoundRobinSched", aliases = {"RRSched"}, ports = "-/1", processing = "l/l",
        synopsis = "RoundRobinSched",
        description = "Each pull on its output takes packets from its inputs in turn, skipping inputs that have none, and "
                + "carries the turn over to the next pull. A pull for several packets takes an equal share (at least one "
                + "packet) from each input in turn, so the inputs are served fairly packet by packet. Pullers downstream "
                + "see through it to the queues upstream: they sleep only when all of them are empty.",
        example = "q0 :: Queue; q1 :: Queue; rr :: RoundRobinSched; q0 -> [0]rr; q1 -> [1]rr; rr -> ToDevice(eth0);",
        notes = "Batch pulls take max/n packets per input per turn; a pull of one packet behaves exactly like Click's.")
public final class RoundRobinSched extends Element {
    private final PacketBatch out = new PacketBatch();
    private int next;

    @Override
    public PacketBatch pull(int port, int max) {
        final int n = input.length;
        if (n == 1) {
            return input[0].pull(max);
        }
        if (n == 0 || max <= 0) {
            return null;
        }
        final PacketBatch o = out;
        o.clear();
        final int share = Math.max(1, max / n);
        int i = next;
        for (int k = 0; k < n && o.size() < max; k++) {
            PacketBatch b = input[i].pull(Math.min(share, max - o.size()));
            if (++i == n) {
                i = 0;
            }
            if (b != null) {
                for (int j = 0, m = b.size(); j < m; j++) {
                    o.add(b.get(j));
                }
            }
        }
        next = i;
        return o;
    }
}
