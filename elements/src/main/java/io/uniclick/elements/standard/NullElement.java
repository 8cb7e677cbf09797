package io.uniclick.elements.standard;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.PacketBatch;

/** Passes packets unchanged (Click's Null). */
@ElementInfo(name = "Null", ports = "1/1", processing = "a/a",
        synopsis = "Null",
        description = "Passes packets from its input to its output unchanged, in push or pull.",
        example = "FromDevice(eth0) -> Null -> Discard;")
public final class NullElement extends Element {
    @Override
    public void push(int port, PacketBatch batch) {
        output[0].push(batch);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return input[0].pull(max);
    }
}
