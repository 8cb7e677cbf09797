package io.uniclick.elements.ip;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Rewrites the source of packets marked by ICMPError (Click's FixIPSrc). */
@ElementInfo(name = "FixIPSrc", ports = "1/1", processing = "a/a",
        synopsis = "FixIPSrc(IPADDR)",
        description = "For packets whose fix-IP-source annotation is set (ICMPError sets it) and that have an IP header "
                + "annotation: clears the annotation, sets the IP source to IPADDR and recomputes the header checksum. "
                + "Other packets pass unchanged. Used after routing, so that ICMP errors carry the outgoing "
                + "interface's address.",
        example = "... -> FixIPSrc(10.0.0.1) -> ...")
public final class FixIPSrc extends Element {
    private int addr;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer v = a.mandatoryPositional("IPADDR", IPSupport.ipv4(a));
        a.complete();
        addr = v;
    }

    private void fix(PacketBatch b) {
        final int ip = addr;
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            if (p.anno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET) == 0 || !p.hasNetworkHeader()) {
                continue;
            }
            int nh = p.networkHeaderOffset();
            int hl;
            if (nh < 0 || nh + 20 > p.length() || (hl = (p.u8(nh) & 15) << 2) < 20 || nh + hl > p.length()) {
                continue;
            }
            p.setAnno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET, 0);
            p.setI32(nh + 12, ip);
            p.setU16(nh + 10, 0);
            p.setU16(nh + 10, IPSupport.cksum(p, nh, hl));
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        fix(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            fix(b);
        }
        return b;
    }
}
