package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Port;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Classifies Ethernet frames by destination and drops those for other hosts (Click's HostEtherFilter). */
@ElementInfo(name = "HostEtherFilter", ports = "1/1-2", processing = "a/ah",
        synopsis = "HostEtherFilter(ETHER [, DROP_OWN, DROP_OTHER, *keywords* OFFSET])",
        description = "Sets each frame's packet-type annotation from its destination address: HOST (0) when it is ETHER, "
                + "BROADCAST (1) for ff:ff:ff:ff:ff:ff, MULTICAST (2) for other group addresses, OTHERHOST (3) otherwise. "
                + "Frames for other hosts (if DROP_OTHER, default true) and frames sent by ETHER itself (if DROP_OWN, "
                + "default false) go to output 1, or are dropped when it is absent. OFFSET (default 0) is where the "
                + "Ethernet header starts.",
        keywords = {"DROP_OWN: drop frames whose source is ETHER (default false)",
                "DROP_OTHER: drop frames addressed to other hosts (default true)",
                "OFFSET: offset of the Ethernet header (default 0)"},
        handlers = {"ether (rw): the host's address", "drops (r): frames too short for an Ethernet header, dropped"},
        example = "FromDevice(eth0) -> HostEtherFilter(00:11:22:33:44:55) -> ...",
        notes = "The packet type is the packet's own packet-type annotation (outside the user area, as in Click), which "
                + "DropBroadcasts reads. A frame too short to hold an Ethernet header is dropped and counted.")
public final class HostEtherFilter extends Element {
    private long addr;
    private boolean dropOwn;
    private boolean dropOther;
    private int offset;
    private long drops;
    private final PacketBatch rejected = new PacketBatch();

    @Override
    public void configure(Args a) throws ConfigException {
        byte[] e = a.mandatoryPositional("ETHER", ArgTypes.ETHER);
        dropOwn = a.positional("DROP_OWN", ArgTypes.BOOL, false);
        dropOther = a.positional("DROP_OTHER", ArgTypes.BOOL, true);
        offset = a.keyword("OFFSET", ArgTypes.UINT32, 0);
        a.complete();
        addr = Net.etherToLong(e);
    }

    private int filter(PacketBatch b) {
        final long me = addr;
        final int off = offset;
        final boolean own = dropOwn;
        final boolean other = dropOther;
        final PacketBatch rej = rejected;
        final Port out1 = noutputs() > 1 ? output[1] : Port.UNCONNECTED;
        final int n = b.size();
        int k = 0;
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (p.length() < off + 14) {
                p.kill();
                dropped++;
                continue;
            }
            long d = ((long) p.u16(off) << 32) | (p.i32(off + 2) & 0xFFFFFFFFL);
            boolean reject = false;
            if (own && (((long) p.u16(off + 6) << 32) | (p.i32(off + 8) & 0xFFFFFFFFL)) == me) {
                reject = true;
            } else if (d == me) {
                p.setPacketType(Packet.HOST);
            } else if (d == 0xFFFFFFFFFFFFL) {
                p.setPacketType(Packet.BROADCAST);
            } else if ((d & 0x010000000000L) != 0) {
                p.setPacketType(Packet.MULTICAST);
            } else {
                p.setPacketType(Packet.OTHERHOST);
                reject = other;
            }
            if (reject) {
                if (rej.isFull()) {
                    out1.push(rej);
                    rej.clear();
                }
                rej.add(p);
            } else {
                b.set(k++, p);
            }
        }
        b.setSize(k);
        drops += dropped;
        if (!rej.isEmpty()) {
            out1.push(rej);
            rej.clear();
        }
        return k;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (filter(b) > 0) {
            output[0].push(b);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            filter(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("ether", () -> Net.ether(addr), v -> {
            Long e = Net.parseEther(v, Net.resolverFor(this, context));
            if (e == null) {
                throw new HandlerException("expected Ethernet address");
            }
            addr = e;
        });
        h.readLong("drops", () -> drops);
    }
}
