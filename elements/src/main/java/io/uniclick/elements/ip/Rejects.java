package io.uniclick.elements.ip;

import io.uniclick.core.element.Port;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * Where an element's rejected packets go: a preallocated batch pushed to the error output, or
 * nowhere (killed) when that output is not connected. Not an element.
 */
final class Rejects {
    private final PacketBatch batch;
    private final Port port;

    /** {@code port} null: reject = kill. */
    Rejects(Port port) {
        this.port = port;
        this.batch = port == null ? null : new PacketBatch();
    }

    /** Queues {@code p} for the error output, or kills it. */
    void add(Packet p) {
        PacketBatch b = batch;
        if (b == null) {
            p.kill();
            return;
        }
        if (b.isFull()) {
            port.push(b);
            b.clear();
        }
        b.add(p);
    }

    /** Pushes queued rejects. */
    void flush() {
        PacketBatch b = batch;
        if (b != null && !b.isEmpty()) {
            port.push(b);
            b.clear();
        }
    }
}
