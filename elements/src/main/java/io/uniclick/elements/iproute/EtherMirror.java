package io.uniclick.elements.iproute;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Swaps the Ethernet source and destination addresses (Click's EtherMirror). */
@ElementInfo(name = "EtherMirror", ports = "1/1", processing = "a/a",
        synopsis = "EtherMirror()",
        description = "Swaps the source and destination addresses of the Ethernet header at the start of each packet, so a "
                + "frame can be sent back where it came from.",
        handlers = {"drops (r): packets shorter than 12 bytes, dropped"},
        example = "FromDevice(eth0) -> EtherMirror -> Queue -> ToDevice(eth0);",
        notes = "A packet shorter than 12 bytes is dropped and counted (Click does not check).")
public final class EtherMirror extends Element {
    private long drops;

    private int mirror(PacketBatch b) {
        final int n = b.size();
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (p.length() >= 12) {
                int dHi = p.u16(0);
                int dLo = p.i32(2);
                p.setU16(0, p.u16(6));
                p.setI32(2, p.i32(8));
                p.setU16(6, dHi);
                p.setI32(8, dLo);
                b.set(k++, p);
            } else {
                p.kill();
            }
        }
        b.setSize(k);
        drops += n - k;
        return k;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (mirror(b) > 0) {
            output[0].push(b);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            mirror(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
    }
}
