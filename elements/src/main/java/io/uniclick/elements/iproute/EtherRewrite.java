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
    // the 12 address bytes as two stores in the machine's byte order: DST and SRC's first 2, SRC's last 4
    private long head;
    private int tail;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        byte[] s = a.mandatoryPositional("SRC", ArgTypes.ETHER);
        byte[] d = a.mandatoryPositional("DST", ArgTypes.ETHER);
        a.complete();
        setAddresses(Net.etherToLong(s), Net.etherToLong(d));
    }

    private void setAddresses(long s, long d) {
        src = s;
        dst = d;
        // big-endian bytes d0..d5 s0 s1 and s2..s5, then swapped into the order a raw store writes
        long be = (d & 0xFFFF_FFFF_FFFFL) << 16 | (s >>> 32 & 0xFFFF);
        int beTail = (int) s;
        boolean little = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        head = little ? Long.reverseBytes(be) : be;
        tail = little ? Integer.reverseBytes(beTail) : beTail;
    }

    @Override
    public boolean action(Packet p) {
        int off = p.macHeaderOffset();
        if (off == Packet.NO_HEADER) {
            off = 0;
        }
        if (off >= 0 && off + 12 <= p.length()) {
            p.setRawI64(off, head);
            p.setRawI32(off + 8, tail);
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
        h.readWrite("src", () -> Net.ether(src), v -> setAddresses(etherArg(v), dst));
        h.readWrite("dst", () -> Net.ether(dst), v -> setAddresses(src, etherArg(v)));
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
