package io.uniclick.elements.standard;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.packet.PacketBatch;

/** Never emits packets and drops what is pushed to it; an always-empty notifier (Click's Idle). */
@ElementInfo(name = "Idle", ports = "-/-", processing = "a/a", flow = "x/y",
        synopsis = "Idle",
        description = "Has any number of inputs and outputs. Packets pushed to it are dropped; pulls from it return nothing. "
                + "It tells pullers downstream that it is always empty, so they sleep instead of polling. Use it to fill "
                + "ports that must be connected but carry no traffic.",
        example = "Idle -> q :: Queue -> ToDevice(eth0);\nc :: Classifier(12/0800, -); c[1] -> Idle;")
public final class Idle extends Element implements EmptyNotifier {
    @Override
    public void push(int port, PacketBatch batch) {
        batch.killAll();
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return null;
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public void addListener(Task t) {
        // never becomes non-empty: nobody needs waking
    }
}
