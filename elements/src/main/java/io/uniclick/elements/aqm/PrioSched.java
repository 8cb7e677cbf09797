package io.uniclick.elements.aqm;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.PacketBatch;

/** Pulls from the first input that has packets (Click's PrioSched). */
@ElementInfo(name = "PrioSched", ports = "-/1", processing = "l/l",
        synopsis = "PrioSched",
        description = "Strict priority: each pull on its output pulls from input 0, and only if that gives nothing from "
                + "input 1, and so on. Input 0 can starve the others. Pullers downstream see through it to the queues "
                + "upstream.",
        example = "hi :: Queue; lo :: Queue; p :: PrioSched; hi -> [0]p; lo -> [1]p; p -> ToDevice(eth0);",
        notes = "A batch pull returns packets from one input only (the highest-priority one that has any).")
public final class PrioSched extends Element {
    @Override
    public PacketBatch pull(int port, int max) {
        final int n = input.length;
        for (int i = 0; i < n; i++) {
            PacketBatch b = input[i].pull(max);
            if (b != null && !b.isEmpty()) {
                return b;
            }
        }
        return null;
    }
}
