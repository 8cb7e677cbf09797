package io.uniclick.elements.ip;

import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Checks ICMP headers (Click's CheckICMPHeader). */
@ElementInfo(name = "CheckICMPHeader", ports = "1/1-2", processing = "a/ah",
        synopsis = "CheckICMPHeader([*keywords* VERBOSE, DETAILS])",
        description = "Expects ICMP/IP packets with the IP header annotation. Checks that the protocol is ICMP ('not "
                + "ICMP'), that the message holds at least the 8-byte ICMP header, plus 28 bytes of quoted datagram for "
                + "error types, exactly 20 bytes for timestamps and exactly 8 for information requests ('bad packet "
                + "length'), and the ICMP checksum over the rest of the packet ('bad ICMP checksum'). Bad packets go to "
                + "output 1 if connected, otherwise they are dropped; the first prints 'NAME :: CheckICMPHeader: ICMP "
                + "header check failed: REASON' (every one with VERBOSE).",
        keywords = {"VERBOSE: print every failure (default false)", "DETAILS: keep per-reason counts (default false)"},
        handlers = {"drops (r): bad packets", "drop_details (r): with DETAILS, COUNT<tab>REASON lines"},
        example = "... -> CheckIPHeader -> ipc :: IPClassifier(icmp, -); ipc[0] -> CheckICMPHeader -> ...",
        notes = "Packets without an IP header annotation count as 'not ICMP'.")
public final class CheckICMPHeader extends CheckHeaderBase {
    static final String[] REASONS = {"not ICMP", "bad packet length", "bad ICMP checksum"};

    @Override
    String[] reasons() {
        return REASONS;
    }

    @Override
    String messagePrefix() {
        return declaration() + ": ICMP header check failed: ";
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int plen = p.length();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 10 > plen || p.u8(nh + 9) != IPSupport.IP_PROTO_ICMP) {
            return drop(0, p);
        }
        int th = p.transportHeaderOffset();
        int len = plen - th;
        if (len < 8) {
            return drop(1, p);
        }
        boolean ok = switch (p.u8(th)) {
            case 3, 11, 12, 4, 5 -> len >= 8 + 28;
            case 13, 14 -> len == 20;
            case 15, 16 -> len == 8;
            default -> true;
        };
        if (!ok) {
            return drop(1, p);
        }
        if (IPSupport.sum(p, th, len, 0) != 0xFFFF) {
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
