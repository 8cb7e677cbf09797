package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Inserts an 802.1Q tag after the Ethernet addresses (Click's VLANEncap). */
@ElementInfo(name = "VLANEncap", ports = "1/1", processing = "a/a",
        synopsis = "VLANEncap([VLAN_TCI, VLAN_PCP, *keywords* VLAN_ID, NATIVE_VLAN, ETHERTYPE])",
        description = "Expects Ethernet frames; inserts a 4-byte 802.1Q shim (type ETHERTYPE, default 0x8100, then the "
                + "TCI) after the source address. VLAN_TCI is the 16-bit TCI, or ANNO to take it from the VLAN TCI "
                + "annotation; otherwise VLAN_ID (0-0xFFF) and VLAN_PCP (0-7) make it. Frames whose VLAN ID equals "
                + "NATIVE_VLAN (default 0; -1 for none) pass untagged.",
        keywords = {"VLAN_ID: VLAN ID, 0-0xFFF", "VLAN_PCP: priority code point, 0-7 (default 0)",
                "NATIVE_VLAN: VLAN sent untagged, -1 to 0xFFF (default 0)", "ETHERTYPE: tag type (default 0x8100; 0x88a8 for QinQ)"},
        handlers = {"config (r)", "vlan_tci (rw)", "vlan_id (rw)", "vlan_pcp (rw)", "native_vlan (rw)", "ethertype (rw)",
                "drops (r): frames shorter than 12 bytes or without 4 bytes of headroom, dropped"},
        example = "... -> VLANEncap(VLAN_ID 10) -> ToDevice(eth0);",
        notes = "The VLAN TCI annotation is user annotation bytes 20-21 in network order, as in Click. A frame without "
                + "4 bytes of headroom is dropped and counted.")
public final class VLANEncap extends Element {
    private int tci;
    private boolean useAnno;
    private int nativeVlan;
    private int etherType;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        String tciWord = a.positional("VLAN_TCI", ArgTypes.WORD, null);
        int pcp = a.positional("VLAN_PCP", ArgTypes.INT32, 0);
        int id = a.keyword("VLAN_ID", ArgTypes.INT32, 0);
        int nat = a.keyword("NATIVE_VLAN", ArgTypes.INT32, 0);
        int et = a.keyword("ETHERTYPE", ArgTypes.UINT32, 0x8100);
        if (pcp < 0 || pcp > 7) {
            a.error("VLAN_PCP", "out of range, bound 7");
        }
        if (id < 0 || id > 0xFFF) {
            a.error("VLAN_ID", "out of range, bound 4095");
        }
        if (nat < -1 || nat > 0xFFF) {
            a.error("NATIVE_VLAN", "out of range, bound 4095");
        }
        if (et < 0 || et > 0xFFFF) {
            a.error("ETHERTYPE", "out of range, bound 65535");
        }
        int t = -1;
        boolean anno = tciWord != null && tciWord.equals("ANNO");
        if (tciWord != null && !anno) {
            try {
                long v = ArgTypes.parseInteger(tciWord);
                if (v < 0 || v > 0xFFFF) {
                    a.error("VLAN_TCI", "out of range, bound 65535");
                } else {
                    t = (int) v;
                }
            } catch (ArgException e) {
                a.error("VLAN_TCI", e.getMessage());
            }
        }
        a.complete();
        tci = ((t >= 0 ? t : id) | (pcp << 13)) & 0xFFFF;
        useAnno = anno;
        nativeVlan = nat;
        etherType = et;
    }

    private int encap(PacketBatch b) {
        final int n = b.size();
        final int fixed = tci;
        final boolean anno = useAnno;
        final int nat = nativeVlan;
        final int et = etherType;
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int t = anno ? (p.anno8(Net.VLAN_TCI_ANNO_OFFSET) << 8 | p.anno8(Net.VLAN_TCI_ANNO_OFFSET + 1)) : fixed;
            if ((t & 0xFFF) == nat) {
                p.setMacHeaderOffset(0);
                b.set(k++, p);
            } else if (p.length() >= 12 && p.pushFront(4)) {
                int d0 = p.i32(4);
                int d1 = p.i32(8);
                int d2 = p.i32(12);
                p.setI32(0, d0);
                p.setI32(4, d1);
                p.setI32(8, d2);
                p.setU16(12, et);
                p.setU16(14, t);
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

    private static int num(String v, int lo, int hi) throws HandlerException {
        try {
            long x = ArgTypes.parseInteger(v.trim());
            if (x < lo || x > hi) {
                throw new HandlerException("out of range, bound " + hi);
            }
            return (int) x;
        } catch (ArgException e) {
            throw new HandlerException(e.getMessage());
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("config", () -> (useAnno ? "ANNO" : "VLAN_ID " + (tci & 0xFFF) + ", VLAN_PCP " + (tci >> 13 & 7))
                + (nativeVlan != 0 ? ", NATIVE_VLAN " + nativeVlan : ""));
        h.readWrite("vlan_tci", () -> useAnno ? "ANNO" : Integer.toString(tci), v -> {
            if (v.trim().equals("ANNO")) {
                useAnno = true;
            } else {
                tci = num(v, 0, 0xFFFF);
                useAnno = false;
            }
        });
        h.readWrite("vlan_id", () -> Integer.toString(tci & 0xFFF), v -> tci = (tci & 0xF000) | num(v, 0, 0xFFF));
        h.readWrite("vlan_pcp", () -> Integer.toString(tci >> 13 & 7), v -> tci = (tci & 0x1FFF) | num(v, 0, 7) << 13);
        h.readWrite("native_vlan", () -> Integer.toString(nativeVlan), v -> nativeVlan = num(v, -1, 0xFFF));
        h.readWrite("ethertype", () -> Integer.toString(etherType), v -> etherType = num(v, 0, 0xFFFF));
        h.readLong("drops", () -> drops);
    }
}
