package io.uniclick.elements.ip;

import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Checks TCP headers (Click's CheckTCPHeader). */
@ElementInfo(name = "CheckTCPHeader", ports = "1/1-2", processing = "a/ah",
        synopsis = "CheckTCPHeader([*keywords* VERBOSE, DETAILS])",
        description = "Expects TCP/IP packets with the IP header annotation. Checks that the protocol is TCP ('not "
                + "TCP'), that the TCP header length is at least 20 and fits in the IP payload and that the packet holds "
                + "the whole IP length ('bad packet length'), and the TCP checksum ('bad TCP checksum'). Bad packets go "
                + "to output 1 if connected, otherwise they are dropped; the first prints 'NAME :: CheckTCPHeader: TCP "
                + "header check failed: REASON' (every one with VERBOSE).",
        keywords = {"VERBOSE: print every failure (default false)", "DETAILS: keep per-reason counts (default false)"},
        handlers = {"drops (r): bad packets", "drop_details (r): with DETAILS, COUNT<tab>REASON lines"},
        example = "... -> CheckIPHeader -> ipc :: IPClassifier(tcp, -); ipc[0] -> CheckTCPHeader -> ...",
        notes = "Packets without an IP header annotation count as 'not TCP'.")
public final class CheckTCPHeader extends CheckHeaderBase {
    static final String[] REASONS = {"not TCP", "bad packet length", "bad TCP checksum"};

    @Override
    String[] reasons() {
        return REASONS;
    }

    @Override
    String messagePrefix() {
        return declaration() + ": TCP header check failed: ";
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int plen = p.length();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 10 > plen || p.u8(nh + 9) != IPSupport.IP_PROTO_TCP) {
            return drop(0, p);
        }
        if (nh + 20 > plen) {
            return drop(1, p);
        }
        int hl = (p.u8(nh) & 15) << 2;
        int len = p.u16(nh + 2) - hl;
        int th = nh + hl;
        if (len < 20 || plen < th + len) {
            return drop(1, p);
        }
        int tl = (p.u8(th + 12) >>> 4) << 2;
        if (tl < 20 || len < tl) {
            return drop(1, p);
        }
        if (IPSupport.pseudoCksum(p, nh, IPSupport.sum(p, th, len, 0), len) != 0) {
            return drop(2, p);
        }
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
