package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Recomputes the UDP checksum (Click's SetUDPChecksum). */
@ElementInfo(name = "SetUDPChecksum", ports = "1/1-2", processing = "a/ah",
        synopsis = "SetUDPChecksum()",
        description = "Computes the UDP checksum of each packet (header found through the IP header annotation, length "
                + "from the UDP length field) and stores it. Fragments and packets too short for their UDP length go to "
                + "output 1, or are dropped if it is not connected (printing 'NAME :: SetUDPChecksum: fragment or short "
                + "packet' once).",
        example = "... -> SetUDPChecksum -> SetIPChecksum -> ...",
        notes = "A computed checksum of 0 is sent as 0xFFFF (RFC 768); Click stores 0, which means 'no checksum'.")
public final class SetUDPChecksum extends Element implements SimpleAction {
    private Rejects rejects;
    private byte[] msg;
    private boolean warned;

    @Override
    public void initialize() {
        boolean err = noutputs() > 1 && outputConnected(1);
        rejects = new Rejects(err ? output[1] : null);
        msg = IPSupport.line(declaration() + ": fragment or short packet");
        warned = err;
    }

    @Override
    public boolean action(Packet p) {
        int nh = p.networkHeaderOffset();
        int th = p.transportHeaderOffset();
        int tlen = p.length() - th;
        int len;
        if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length() || IPSupport.isFrag(p, nh) || tlen < 8
                || tlen < (len = p.u16(th + 4))) {
            if (!warned) {
                warned = true;
                context.errors().write(msg, 0, msg.length);
            }
            rejects.add(p);
            return false;
        }
        p.setU16(th + 6, 0);
        int c = IPSupport.pseudoCksum(p, nh, IPSupport.sum(p, th, len, 0), len);
        p.setU16(th + 6, c == 0 ? 0xFFFF : c);
        return true;
    }

    @Override
    public void actionsDone() {
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
