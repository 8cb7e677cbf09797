package io.uniclick.elements.ip;

import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Checks UDP headers (Click's CheckUDPHeader). */
@ElementInfo(name = "CheckUDPHeader", ports = "1/1-2", processing = "a/ah",
        synopsis = "CheckUDPHeader([*keywords* VERBOSE, DETAILS])",
        description = "Expects UDP/IP packets with the IP header annotation. Checks that the protocol is UDP ('not "
                + "UDP'), that the UDP length is at least 8 and the packet holds it ('bad packet length'), and the UDP "
                + "checksum unless it is 0 ('bad UDP checksum'). Bad packets go to output 1 if connected, otherwise "
                + "they are dropped; the first prints 'UDP header check failed: REASON' (every one with VERBOSE).",
        keywords = {"VERBOSE: print every failure (default false)", "DETAILS: keep per-reason counts (default false)"},
        handlers = {"drops (r): bad packets", "drop_details (r): with DETAILS, COUNT<tab>REASON lines"},
        example = "... -> CheckIPHeader -> ipc :: IPClassifier(udp, -); ipc[0] -> CheckUDPHeader -> ...",
        notes = "Packets without an IP header annotation count as 'not UDP'.")
public final class CheckUDPHeader extends CheckHeaderBase {
    static final String[] REASONS = {"not UDP", "bad packet length", "bad UDP checksum"};

    @Override
    String[] reasons() {
        return REASONS;
    }

    @Override
    String messagePrefix() {
        return "UDP header check failed: ";
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int plen = p.length();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 10 > plen || p.u8(nh + 9) != IPSupport.IP_PROTO_UDP) {
            return drop(0, p);
        }
        int th = nh + ((p.u8(nh) & 15) << 2);
        if (nh + 20 > plen || th + 8 > plen) {
            return drop(1, p);
        }
        int len = p.u16(th + 4);
        if (len < 8 || plen < th + len) {
            return drop(1, p);
        }
        if (p.u16(th + 6) != 0 && IPSupport.pseudoCksum(p, nh, IPSupport.sum(p, th, len, 0), len) != 0) {
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
