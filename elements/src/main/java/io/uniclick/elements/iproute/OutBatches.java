package io.uniclick.elements.iproute;

import io.uniclick.core.element.Port;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * Preallocated per-output batches for elements that split a pushed batch among outputs. Only
 * {@link #add} and {@link #flush} on the data path. Not an element.
 */
final class OutBatches {
    private final PacketBatch[] batches;
    private final Port[] outputs;

    OutBatches(Port[] outputs) {
        this.outputs = outputs;
        this.batches = new PacketBatch[outputs.length];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new PacketBatch();
        }
    }

    /** Queues {@code p} for output {@code o}, pushing that output's batch first if it is full. */
    void add(int o, Packet p) {
        PacketBatch b = batches[o];
        if (b.isFull()) {
            outputs[o].push(b);
            b.clear();
        }
        b.add(p);
    }

    /** Pushes every non-empty batch in output order and clears them. */
    void flush() {
        final PacketBatch[] bs = batches;
        for (int i = 0; i < bs.length; i++) {
            PacketBatch b = bs[i];
            if (!b.isEmpty()) {
                outputs[i].push(b);
                b.clear();
            }
        }
    }
}
