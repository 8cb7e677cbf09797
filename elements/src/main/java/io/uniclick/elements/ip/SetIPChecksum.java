package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Recomputes the IP header checksum (Click's SetIPChecksum). */
@ElementInfo(name = "SetIPChecksum", ports = "1/1", processing = "a/a",
        synopsis = "SetIPChecksum()",
        description = "Computes the IP header checksum of each packet from scratch and stores it. The header is found "
                + "through the network header annotation, or at the start of the packet without one. Packets too short "
                + "for their header, or with a header length below 20, are dropped; the first drop prints "
                + "'SetIPChecksum: bad input packet'.",
        handlers = {"drops (r): bad packets dropped"},
        example = "... -> IPEncap(4, 1.0.0.1, 2.0.0.2) -> ... -> SetIPChecksum -> ...")
public final class SetIPChecksum extends Element implements SimpleAction {
    private static final byte[] MSG = IPSupport.line("SetIPChecksum: bad input packet");
    private long drops;

    @Override
    public boolean action(Packet p) {
        int nh = p.hasNetworkHeader() ? p.networkHeaderOffset() : 0;
        int plen = p.length() - nh;
        int hlen;
        if (nh >= 0 && plen >= 20 && (hlen = (p.u8(nh) & 15) << 2) >= 20 && hlen <= plen) {
            p.setU16(nh + 10, 0);
            p.setU16(nh + 10, IPSupport.cksum(p, nh, hlen));
            return true;
        }
        if (++drops == 1) {
            context.errors().write(MSG, 0, MSG.length);
        }
        p.kill();
        return false;
    }

    @Override
    public void push(int port, PacketBatch b) {
        SimpleAction.push(this, b, output[0]);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return SimpleAction.pull(this, input[0].pull(max));
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
    }
}
