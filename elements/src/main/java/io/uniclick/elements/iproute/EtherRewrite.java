package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Overwrites the Ethernet addresses of packets (Click's EtherRewrite). */
@ElementInfo(name = "EtherRewrite", ports = "1/1", processing = "a/a",
        synopsis = "EtherRewrite(SRC, DST)",
        description = "Writes SRC and DST into the source and destination fields of each packet's Ethernet header, found at "
                + "the MAC header annotation (or at the start of the packet when it has none). The type field is kept.",
        handlers = {"src (rw): source address", "dst (rw): destination address",
                "drops (r): packets too short to hold the addresses, dropped"},
        example = "... -> Unstrip(14) -> EtherRewrite(02:00:00:00:01:00, 02:00:00:00:01:01) -> ToDevice(eth1);",
        notes = "A packet too short for the 12 address bytes is dropped and counted (Click does not check).")
public final class EtherRewrite extends Element implements SimpleAction {
    private long src;
    private long dst;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        byte[] s = a.mandatoryPositional("SRC", ArgTypes.ETHER);
        byte[] d = a.mandatoryPositional("DST", ArgTypes.ETHER);
        a.complete();
        src = Net.etherToLong(s);
        dst = Net.etherToLong(d);
    }

    @Override
    public boolean action(Packet p) {
        int off = p.macHeaderOffset();
        if (off == Packet.NO_HEADER) {
            off = 0;
        }
        if (off >= 0 && off + 12 <= p.length()) {
            final long d = dst;
            final long s = src;
            p.setU16(off, (int) (d >>> 32));
            p.setI32(off + 2, (int) d);
            p.setU16(off + 6, (int) (s >>> 32));
            p.setI32(off + 8, (int) s);
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
        h.readWrite("src", () -> Net.ether(src), v -> src = etherArg(v));
        h.readWrite("dst", () -> Net.ether(dst), v -> dst = etherArg(v));
        h.readLong("drops", () -> drops);
    }

    private long etherArg(String v) throws HandlerException {
        Long e = Net.parseEther(v, Net.resolverFor(this, context));
        if (e == null) {
            throw new HandlerException("expected Ethernet address");
        }
        return e;
    }
}
