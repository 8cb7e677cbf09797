package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Removes an 802.1Q tag (Click's VLANDecap). */
@ElementInfo(name = "VLANDecap", ports = "1/1", processing = "a/a",
        synopsis = "VLANDecap([ANNO, *keywords* ETHERTYPE])",
        description = "Expects Ethernet frames that may carry an 802.1Q tag of type ETHERTYPE (default 0x8100). A tagged "
                + "frame loses its 4-byte tag and becomes a plain Ethernet frame. If ANNO (default true), the VLAN TCI "
                + "annotation is set to the tag's TCI, or to 0 for an untagged frame.",
        keywords = {"ETHERTYPE: tag type (default 0x8100)"},
        example = "FromDevice(eth0) -> VLANDecap -> ...",
        notes = "The VLAN TCI annotation is user annotation bytes 20-21 in network order, as in Click.")
public final class VLANDecap extends Element {
    private boolean anno;
    private int etherType;

    @Override
    public void configure(Args a) throws ConfigException {
        anno = a.positional("ANNO", ArgTypes.BOOL, true);
        int et = a.keyword("ETHERTYPE", ArgTypes.UINT32, 0x8100);
        if (et < 0 || et > 0xFFFF) {
            a.error("ETHERTYPE", "out of range, bound 65535");
        }
        a.complete();
        etherType = et;
    }

    private void decap(PacketBatch b) {
        final int n = b.size();
        final int et = etherType;
        final boolean setAnno = anno;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int tci = 0;
            if (p.length() >= 16 && p.u16(12) == et) {
                tci = p.u16(14);
                int d2 = p.i32(8);
                int d1 = p.i32(4);
                int d0 = p.i32(0);
                p.setI32(12, d2);
                p.setI32(8, d1);
                p.setI32(4, d0);
                p.pullFront(4);
            }
            p.setMacHeaderOffset(0);
            if (setAnno) {
                p.setAnno8(Net.VLAN_TCI_ANNO_OFFSET, tci >> 8);
                p.setAnno8(Net.VLAN_TCI_ANNO_OFFSET + 1, tci & 0xFF);
            }
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        decap(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            decap(b);
        }
        return b;
    }
}
