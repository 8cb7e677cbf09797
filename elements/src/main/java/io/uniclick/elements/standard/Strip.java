package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Removes bytes from the front of packets (Click's Strip). */
@ElementInfo(name = "Strip", ports = "1/1", processing = "a/a",
        synopsis = "Strip(LENGTH)",
        description = "Deletes the first LENGTH bytes of each packet (they become headroom, so Unstrip can restore them).",
        handlers = {"drops (r): packets shorter than LENGTH, dropped"},
        example = "FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> ...",
        notes = "A packet shorter than LENGTH is dropped and counted in the drops handler; Click instead strips the whole "
                + "packet (printing a warning) and passes on an empty packet.")
public final class Strip extends Element implements SimpleAction {
    private int length;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        length = a.mandatoryPositional("LENGTH", ArgTypes.UINT32) instanceof Integer i ? i : 0;
        a.complete();
    }

    @Override
    public boolean action(Packet p) {
        if (p.pullFront(length)) {
            return true;
        }
        drops++;
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
