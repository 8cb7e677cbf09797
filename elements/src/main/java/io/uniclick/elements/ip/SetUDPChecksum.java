package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
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
public final class SetUDPChecksum extends Element {
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

    private int set(PacketBatch b) {
        final int n = b.size();
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
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
                continue;
            }
            p.setU16(th + 6, 0);
            int c = IPSupport.pseudoCksum(p, nh, IPSupport.sum(p, th, len, 0), len);
            p.setU16(th + 6, c == 0 ? 0xFFFF : c);
            b.set(k++, p);
        }
        b.truncate(k);
        return k;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (set(b) > 0) {
            output[0].push(b);
        }
        rejects.flush();
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            set(b);
            rejects.flush();
        }
        return b;
    }
}
