package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Recomputes the TCP checksum (Click's SetTCPChecksum). */
@ElementInfo(name = "SetTCPChecksum", ports = "1/1", processing = "a/a",
        synopsis = "SetTCPChecksum([FIXOFF])",
        description = "Computes the TCP checksum of each packet (header found through the IP header annotation, length "
                + "from the IP total length) and stores it. With FIXOFF, first repairs a TCP data offset smaller than 20 "
                + "bytes or larger than the segment. Packets whose lengths do not fit are dropped, printing "
                + "'SetTCPChecksum: bad lengths'.",
        keywords = {"FIXOFF: repair bad TCP data offsets first (default false)"},
        handlers = {"drops (r): bad packets dropped"},
        example = "... -> SetTCPChecksum -> SetIPChecksum -> ...",
        notes = "The drops handler is an addition.")
public final class SetTCPChecksum extends Element implements SimpleAction {
    private static final byte[] MSG = IPSupport.line("SetTCPChecksum: bad lengths");
    private boolean fixoff;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        fixoff = a.positional("FIXOFF", ArgTypes.BOOL, false);
        a.complete();
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int th = p.transportHeaderOffset();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length()) {
            return bad(p);
        }
        int plen = p.u16(nh + 2) - ((p.u8(nh) & 15) << 2);
        if (plen < 20 || plen > p.length() - th) {
            return bad(p);
        }
        if (fixoff) {
            int off = (p.u8(th + 12) >>> 4) << 2;
            if (off < 20) {
                p.setU8(th + 12, (p.u8(th + 12) & 0x0F) | (5 << 4));
            } else if (off > plen && !IPSupport.isFrag(p, nh)) {
                p.setU8(th + 12, (p.u8(th + 12) & 0x0F) | ((plen >>> 2) << 4));
            }
        }
        p.setU16(th + 16, 0);
        p.setU16(th + 16, IPSupport.pseudoCksum(p, nh, IPSupport.sum(p, th, plen, 0), plen));
        return true;
    }

    private boolean bad(Packet p) {
        drops++;
        context.errors().write(MSG, 0, MSG.length);
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
