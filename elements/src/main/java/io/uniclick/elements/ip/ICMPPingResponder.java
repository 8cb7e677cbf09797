package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Turns ICMP echo requests into echo replies (Click's ICMPPingResponder). */
@ElementInfo(name = "ICMPPingResponder", ports = "1/1-2", processing = "a/ah",
        synopsis = "ICMPPingResponder()",
        description = "Expects IP packets with the IP header annotation. Each ICMP echo request is turned into an echo "
                + "reply in place: source and destination swapped, fragment field cleared, TTL set to 255, ICMP type and "
                + "code set to 0, checksums updated incrementally; the destination IP annotation is set to the new "
                + "destination, the timestamp to now and the paint annotation to 0. Other packets go to output 1 if "
                + "connected, otherwise they are dropped.",
        example = "... -> ipc :: IPClassifier(icmp echo, -); ipc[0] -> ICMPPingResponder -> ...")
public final class ICMPPingResponder extends Element implements SimpleAction {
    private Rejects rejects;
    // the time, read once per batch by the first reply that needs it (0: not read yet)
    private long now;

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int th = p.transportHeaderOffset();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length() || p.length() - th < 8
                || p.u8(nh + 9) != IPSupport.IP_PROTO_ICMP || p.u8(th) != 8) {
            rejects.add(p);
            return false;
        }
        int src = p.i32(nh + 12);
        int dst = p.i32(nh + 16);
        p.setI32(nh + 12, dst);
        p.setI32(nh + 16, src);
        int sum = p.u16(nh + 10);
        sum = IPSupport.updateCksum(sum, p.u16(nh + 6), 0);
        p.setU16(nh + 6, 0);
        int oldHw = p.u16(nh + 8);
        int newHw = 0xFF00 | (oldHw & 0xFF);
        p.setU16(nh + 8, newHw);
        p.setU16(nh + 10, IPSupport.updateCksum(sum, oldHw, newHw));
        p.setDstIpAnno(src);
        if (now == 0) {
            now = context.now();
        }
        p.setTimestampNanos(now);
        p.setPaint(0);
        int oldT = p.u16(th);
        p.setU16(th, 0);
        int c = IPSupport.updateCksum(p.u16(th + 2), oldT, 0);
        p.setU16(th + 2, c);
        if (c == 0 && IPSupport.sum(p, th, p.length() - th, 0) == 0) {
            p.setU16(th + 2, 0xFFFF); // all-zero message: Click's click_update_zero_in_cksum
        }
        return true;
    }

    @Override
    public void actionsDone() {
        now = 0;
        rejects.flush();
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
