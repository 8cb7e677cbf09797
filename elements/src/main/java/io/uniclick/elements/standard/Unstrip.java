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

/** Puts bytes back in front of packets (Click's Unstrip). */
@ElementInfo(name = "Unstrip", ports = "1/1", processing = "a/a",
        synopsis = "Unstrip(LENGTH)",
        description = "Extends each packet by LENGTH bytes at the front, taken from its headroom: after Strip(LENGTH) "
                + "this restores the stripped bytes.",
        handlers = {"drops (r): packets without LENGTH bytes of headroom, dropped"},
        example = "... -> Strip(14) -> CheckIPHeader -> Unstrip(14) -> Queue -> ToDevice(eth1);",
        notes = "A packet with less headroom than LENGTH is dropped and counted; Click copies it into a larger buffer. "
                + "Packets made by uniclick sources have 128 bytes of headroom.")
public final class Unstrip extends Element implements SimpleAction {
    private int length;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        length = a.mandatoryPositional("LENGTH", ArgTypes.UINT32) instanceof Integer i ? i : 0;
        a.complete();
    }

    @Override
    public boolean action(Packet p) {
        if (p.pushFront(length)) {
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
