package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Prepends UDP and IPv4 headers (Click's UDPIPEncap). */
@ElementInfo(name = "UDPIPEncap", ports = "1/1", processing = "a/a",
        synopsis = "UDPIPEncap(SRC, SPORT, DST, DPORT [, CHECKSUM])",
        description = "Prepends an 8-byte UDP header and a 20-byte IPv4 header (TTL 250, TOS 0, no fragment bits, an "
                + "identifier counting up from 0, valid header checksum). The UDP checksum is computed unless CHECKSUM is "
                + "false. DST may be DST_ANNO, taking the destination from the destination IP annotation; otherwise the "
                + "annotation is set to DST. The network header annotation is set.",
        keywords = {"CHECKSUM: compute the UDP checksum (default true)"},
        handlers = {"src (rw)", "sport (rw)", "dst (rw)", "dport (rw)"},
        example = "InfiniteSource(LENGTH 18) -> UDPIPEncap(10.0.0.1, 1234, 10.0.0.2, 5678) -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> ...",
        notes = "A packet without 28 bytes of headroom is dropped. A computed UDP checksum of 0 is sent as 0xFFFF (RFC "
                + "768).")
public final class UDPIPEncap extends Element implements SimpleAction {
    private volatile int src;
    private volatile int sport;
    private volatile int dst;
    private volatile int dport;
    private volatile boolean useDstAnno;
    private boolean checksum;
    private int id;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer s = a.mandatoryPositional("SRC", IPSupport.ipv4(a));
        Integer sp = a.mandatoryPositional("SPORT", IPSupport.PORT);
        String d = a.mandatoryPositional("DST", ArgTypes.STRING);
        Integer dp = a.mandatoryPositional("DPORT", IPSupport.PORT);
        checksum = a.positional("CHECKSUM", ArgTypes.BOOL, true);
        a.complete();
        String dt = ConfigText.unquote(d).trim();
        if (dt.startsWith("DST_ANNO")) {
            useDstAnno = true;
            dst = 0;
        } else {
            try {
                dst = IPSupport.ipv4(a).parse(dt);
            } catch (ArgException e) {
                throw new ConfigException("bad DST");
            }
        }
        src = s;
        sport = sp;
        dport = dp;
    }

    @Override
    public boolean action(Packet p) {
        if (!p.pushFront(28)) {
            drops++;
            p.kill();
            return false;
        }
        int d = IPSupport.encapDestination(p, useDstAnno, dst);
        IPSupport.writeIPv4Header(p, 0x4500, id++, 0, (250 << 24) | (IPSupport.IP_PROTO_UDP << 16), src, d);
        int ulen = p.length() - 20;
        p.setI32(20, (sport << 16) | dport);
        p.setI32(24, (ulen & 0xFFFF) << 16);
        if (checksum) {
            int c = IPSupport.pseudoCksum(p, 0, IPSupport.sum(p, 20, ulen, 0), ulen);
            p.setU16(26, c == 0 ? 0xFFFF : c);
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

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("src", () -> ArgTypes.formatIPv4(src), v -> src = parse(ArgTypes.IPV4, "SRC", v));
        h.readWrite("sport", () -> Integer.toString(sport), v -> sport = parse(IPSupport.PORT, "SPORT", v));
        h.readWrite("dst", () -> useDstAnno ? "DST_ANNO" : ArgTypes.formatIPv4(dst), v -> {
            if (v.trim().startsWith("DST_ANNO")) {
                useDstAnno = true;
            } else {
                dst = parse(ArgTypes.IPV4, "DST", v);
                useDstAnno = false;
            }
        });
        h.readWrite("dport", () -> Integer.toString(dport), v -> dport = parse(IPSupport.PORT, "DPORT", v));
        h.readLong("drops", () -> drops);
    }

    private static int parse(io.uniclick.core.config.ArgType<Integer> t, String kw, String v) throws HandlerException {
        try {
            return t.parse(v.trim());
        } catch (ArgException e) {
            throw new HandlerException(kw + ": " + e.getMessage());
        }
    }
}
