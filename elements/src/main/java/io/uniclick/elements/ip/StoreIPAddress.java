package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.Locale;

/** Stores an IPv4 address into the packet (Click's StoreIPAddress). */
@ElementInfo(name = "StoreIPAddress", ports = "1/1-2", processing = "a/ah",
        synopsis = "StoreIPAddress(OFFSET) or StoreIPAddress(ADDR, OFFSET)",
        description = "Writes the destination IP annotation (or the constant ADDR) into the packet. OFFSET is a byte "
                + "offset, or src or dst: then the address goes into that field of the IP header found through the "
                + "network header annotation, and the IP checksum and the TCP or UDP checksum (first fragments only; a "
                + "zero UDP checksum stays zero) are updated incrementally. With a byte offset, a zero annotation is not "
                + "stored. Packets that cannot be handled go to output 1, or are dropped if it is not connected.",
        example = "... -> StoreIPAddress(dst) -> ...")
public final class StoreIPAddress extends Element implements SimpleAction {
    private boolean useAddress;
    private int address;
    private int offset;
    private Rejects rejects;

    @Override
    public void configure(Args a) throws ConfigException {
        useAddress = a.size() > 1;
        if (useAddress) {
            Integer ad = a.mandatoryPositional("ADDR", IPSupport.ipv4(a));
            address = ad == null ? 0 : ad;
        }
        String off = a.mandatoryPositional("OFFSET", ArgTypes.WORD);
        a.complete();
        String o = off.toLowerCase(Locale.ROOT);
        if (o.equals("src")) {
            offset = -12;
        } else if (o.equals("dst")) {
            offset = -16;
        } else {
            long v;
            try {
                v = ArgTypes.parseInteger(off);
            } catch (ArgException e) {
                v = -1;
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new ConfigException("type mismatch: OFFSET requires integer");
            }
            offset = (int) v;
        }
    }

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
    }

    @Override
    public boolean action(Packet p) {
        final int off = offset;
        int a = useAddress ? address : p.dstIpAnno();
        if (off >= 0) {
            if ((a != 0 || useAddress) && (long) off + 4 <= p.length()) {
                p.setI32(off, a);
                return true;
            }
            rejects.add(p);
            return false;
        }
        int nh = p.networkHeaderOffset();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length() || ((p.u8(nh) & 15) << 2) < 20) {
            rejects.add(p);
            return false;
        }
        int at = nh - off;
        int old = p.i32(at);
        int oldHw = fold16(old);
        p.setI32(at, a);
        int newHw = fold16(a);
        p.setU16(nh + 10, IPSupport.updateCksum(p.u16(nh + 10), oldHw, newHw));
        int proto = p.u8(nh + 9);
        int th = p.transportHeaderOffset();
        int tlen = p.length() - th;
        if (IPSupport.firstFrag(p, nh)) {
            if (proto == IPSupport.IP_PROTO_TCP && tlen >= 20) {
                p.setU16(th + 16, IPSupport.updateCksum(p.u16(th + 16), oldHw, newHw));
            } else if (proto == IPSupport.IP_PROTO_UDP && tlen >= 8 && p.u16(th + 6) != 0) {
                p.setU16(th + 6, IPSupport.updateCksum(p.u16(th + 6), oldHw, newHw));
            }
        }
        return true;
    }

    @Override
    public void actionsDone() {
        rejects.flush();
    }

    /** Click's halfword sum of an address: x[0] + x[1] with one end-around carry. */
    private static int fold16(int a) {
        int s = (a >>> 16) + (a & 0xFFFF);
        return (s + (s >>> 16)) & 0xFFFF;
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
