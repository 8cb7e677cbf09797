package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Prepends an Ethernet header (Click's EtherEncap). */
@ElementInfo(name = "EtherEncap", ports = "1/1", processing = "a/a",
        synopsis = "EtherEncap(ETHERTYPE, SRC, DST)",
        description = "Prepends a 14-byte Ethernet header with destination DST, source SRC and type ETHERTYPE (given in host "
                + "order, e.g. 0x0800 for IP). SRC and DST may be AddressInfo names. Sets the MAC header annotation.",
        handlers = {"src (rw): source address", "dst (rw): destination address", "ethertype (rw): the type, as a number",
                "drops (r): packets without 14 bytes of headroom, dropped"},
        example = "... -> EtherEncap(0x0800, 00:11:22:33:44:55, ff:ff:ff:ff:ff:ff) -> ToDevice(eth0);",
        notes = "A packet without 14 bytes of headroom is dropped and counted; Click copies it into a larger buffer.")
public final class EtherEncap extends Element {
    private long src;
    private long dst;
    private int etherType;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer t = a.mandatoryPositional("ETHERTYPE", ArgTypes.UINT32);
        byte[] s = a.mandatoryPositional("SRC", ArgTypes.ETHER);
        byte[] d = a.mandatoryPositional("DST", ArgTypes.ETHER);
        if (t != null && (t < 0 || t > 0xFFFF)) {
            a.error("ETHERTYPE", "out of range, bound 65535");
        }
        a.complete();
        etherType = t;
        src = Net.etherToLong(s);
        dst = Net.etherToLong(d);
    }

    private int encap(PacketBatch b) {
        final long s = src;
        final long d = dst;
        final int t = etherType;
        final int n = b.size();
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (p.pushFront(14)) {
                p.setU16(0, (int) (d >>> 32));
                p.setI32(2, (int) d);
                p.setU16(6, (int) (s >>> 32));
                p.setI32(8, (int) s);
                p.setU16(12, t);
                p.setMacHeaderOffset(0);
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
        if (encap(b) > 0) {
            output[0].push(b);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            encap(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("src", () -> Net.ether(src), v -> src = etherArg(v));
        h.readWrite("dst", () -> Net.ether(dst), v -> dst = etherArg(v));
        h.readWrite("ethertype", () -> Integer.toString(etherType), v -> {
            try {
                long x = ArgTypes.parseInteger(v.trim());
                if (x < 0 || x > 0xFFFF) {
                    throw new HandlerException("out of range, bound 65535");
                }
                etherType = (int) x;
            } catch (io.uniclick.core.config.ArgException e) {
                throw new HandlerException(e.getMessage());
            }
        });
        h.readLong("drops", () -> drops);
    }

    long etherArg(String v) throws HandlerException {
        Long e = Net.parseEther(v, Net.resolverFor(this, context));
        if (e == null) {
            throw new HandlerException("expected Ethernet address");
        }
        return e;
    }
}
