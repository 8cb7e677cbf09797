package io.uniclick.core.element;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * Per-output batches for elements that split one pushed batch among several outputs. Preallocated
 * at initialization; on the data path only {@link #add} and {@link #flush}.
 */
public final class OutputBatches {
    private final PacketBatch[] batches;
    private final Port[] outputs;

    /** One batch per port of {@code outputs}. */
    public OutputBatches(Port[] outputs) {
        this.outputs = outputs;
        this.batches = new PacketBatch[outputs.length];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new PacketBatch();
        }
    }

    /** Queues {@code p} for output {@code o} (pushing that output's batch first if it is full). */
    public void add(int o, Packet p) {
        PacketBatch b = batches[o];
        if (b.isFull()) {
            outputs[o].push(b);
            b.clear();
        }
        b.add(p);
    }

    /** Pushes every non-empty batch, in output order, and clears them. */
    public void flush() {
        final PacketBatch[] bs = batches;
        final Port[] os = outputs;
        for (int i = 0; i < bs.length; i++) {
            PacketBatch b = bs[i];
            if (!b.isEmpty()) {
                os[i].push(b);
                b.clear();
            }
        }
    }
}
