package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Copies an IPv4 address from the packet into an annotation (Click's GetIPAddress). */
@ElementInfo(name = "GetIPAddress", ports = "1/1", processing = "a/a",
        synopsis = "GetIPAddress(OFFSET [, ANNO]) or GetIPAddress(IP src|dst [, ANNO])",
        description = "Copies 4 bytes at OFFSET into the destination IP annotation (or the 4-byte annotation ANNO). "
                + "With IP src or IP dst, copies that field of the IP header found through the network header "
                + "annotation instead. GetIPAddress(16) after Strip(14) is the classic use.",
        keywords = {"OFFSET: byte offset of the address in the packet", "ANNO: annotation to set (default DST_IP)",
                "IP: src or dst, read from the marked IP header"},
        example = "... -> Strip(14) -> CheckIPHeader -> GetIPAddress(16) -> ...",
        notes = "A packet too short for the address (or without an IP header annotation, for IP src|dst) passes with "
                + "the annotation unchanged; Click would read past its end.")
public final class GetIPAddress extends Element implements SimpleAction {
    private static final int SRC = -12;
    private static final int DST = -16;
    private int offset;
    private int anno;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer off = a.positional("OFFSET", ArgTypes.UINT32, null);
        anno = a.positional("ANNO", AnnoArg.of(4), Packet.DST_IP_ANNO_OFFSET);
        String ip = a.keyword("IP", ArgTypes.WORD, null);
        a.complete();
        if ((off != null) == (ip != null)) {
            throw new ConfigException("set one of OFFSET, IP");
        } else if ("src".equals(ip)) {
            offset = SRC;
        } else if ("dst".equals(ip)) {
            offset = DST;
        } else if (ip != null) {
            throw new ConfigException("bad IP");
        } else {
            offset = off;
        }
    }

    @Override
    public boolean action(Packet p) {
        final int off = offset;
        int at;
        if (off >= 0) {
            at = off;
        } else if (p.hasNetworkHeader()) {
            at = p.networkHeaderOffset() - off;
        } else {
            return true;
        }
        if (at >= 0 && at + 4 <= p.length()) {
            p.setAnno32(anno, p.i32(at));
        }
        return true;
    }

    private void get(PacketBatch b) {
        for (int i = 0, n = b.size(); i < n; i++) {
            action(b.get(i));
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        get(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            get(b);
        }
        return b;
    }
}
