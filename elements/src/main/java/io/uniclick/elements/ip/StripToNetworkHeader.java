package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Strips everything before the network header (Click's StripToNetworkHeader). */
@ElementInfo(name = "StripToNetworkHeader", ports = "1/1", processing = "a/a",
        synopsis = "StripToNetworkHeader()",
        description = "Removes the bytes in front of the network header annotation, so the packet starts with its "
                + "network header. If the header lies in the headroom (after an earlier Strip), it is put back in front. "
                + "Packets without the annotation pass unchanged.",
        example = "... -> CheckIPHeader(14) -> StripToNetworkHeader -> ...")
public final class StripToNetworkHeader extends Element {
    private static void strip(PacketBatch b) {
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            if (p.hasNetworkHeader()) {
                int off = p.networkHeaderOffset();
                if (off >= 0) {
                    p.pullFront(off);
                } else {
                    p.pushFront(-off);
                }
            }
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        strip(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            strip(b);
        }
        return b;
    }
}
