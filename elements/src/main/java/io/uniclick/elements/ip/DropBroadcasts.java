package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Drops link-level broadcasts and multicasts (Click's DropBroadcasts). */
@ElementInfo(name = "DropBroadcasts", ports = "1/1-2", processing = "a/ah",
        synopsis = "DropBroadcasts()",
        description = "Drops packets whose packet-type annotation says they arrived as link-level broadcasts or "
                + "multicasts (sending them to output 1 if it is connected); passes the others. Routers use it so they "
                + "never forward such packets.",
        handlers = {"drops (r): packets dropped"},
        example = "FromDevice(eth0) -> ... -> DropBroadcasts -> ...")
public final class DropBroadcasts extends Element implements SimpleAction {
    private long drops;
    private Rejects rejects;

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
    }

    @Override
    public boolean action(Packet p) {
        int t = p.packetType();
        if (t == IPAnnos.BROADCAST || t == IPAnnos.MULTICAST) {
            drops++;
            rejects.add(p);
            return false;
        }
        return true;
    }

    @Override
    public void actionsDone() {
        rejects.flush();
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
