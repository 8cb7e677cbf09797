package io.uniclick.elements.ip;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
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
public final class FixIPSrc extends Element implements SimpleAction {
    private int addr;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer v = a.mandatoryPositional("IPADDR", IPSupport.ipv4(a));
        a.complete();
        addr = v;
    }

    @Override
    public boolean action(Packet p) {
        if (p.anno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET) == 0 || !p.hasNetworkHeader()) {
            return true;
        }
        int nh = p.networkHeaderOffset();
        int hl;
        if (nh < 0 || nh + 20 > p.length() || (hl = (p.u8(nh) & 15) << 2) < 20 || nh + hl > p.length()) {
            return true;
        }
        p.setAnno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET, 0);
        p.setI32(nh + 12, addr);
        p.setU16(nh + 10, 0);
        p.setU16(nh + 10, IPSupport.cksum(p, nh, hl));
        return true;
    }

    @Override
    public void push(int port, PacketBatch b) {
        SimpleAction.push(this, b, output[0]);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return SimpleAction.pull(this, input[0].pull(max));
    }
}
