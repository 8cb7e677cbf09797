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

/** Prepends an IPv4 header (Click's IPEncap). */
@ElementInfo(name = "IPEncap", ports = "1/1", processing = "a/a",
        synopsis = "IPEncap(PROTO, SRC, DST [, *keywords* TOS, TTL, DSCP, ECT, CE, DF])",
        description = "Prepends a 20-byte IPv4 header: protocol PROTO (a number or a name such as tcp, udp, icmp, ipip, "
                + "gre), source SRC, destination DST, TTL 250 unless given, an identifier counting up from 0, the total "
                + "length of the result and a valid checksum. DST may be DST_ANNO, taking the destination from the "
                + "packet's destination IP annotation; otherwise the annotation is set to DST. The network header "
                + "annotation is set to the new header.",
        keywords = {"TOS: type of service byte (conflicts with DSCP, ECT, CE)", "TTL: time to live (default 250)",
                "DSCP: differentiated services code point", "ECT: ECN capable transport, true/false or 2",
                "CE: ECN congestion experienced", "DF: set the don't-fragment bit (default false)"},
        handlers = {"src (rw): source address", "dst (rw): destination address or DST_ANNO"},
        example = "... -> IPEncap(ipip, 10.0.0.1, 10.0.0.2) -> ...",
        notes = "A packet without 20 bytes of headroom is dropped (Click would copy it into a larger buffer).")
public final class IPEncap extends Element implements SimpleAction {
    private int proto;
    private volatile int src;
    private volatile int dst;
    private volatile boolean useDstAnno;
    private int tos;
    private int ttl;
    private int off;
    private int id;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        String protoText = a.mandatoryPositional("PROTO", ArgTypes.STRING);
        Integer s = a.mandatoryPositional("SRC", IPSupport.ipv4(a));
        String d = a.mandatoryPositional("DST", ArgTypes.STRING);
        int tosV = a.keyword("TOS", ArgTypes.INT32, -1);
        int ttlV = a.keyword("TTL", IPSupport.BYTE, 250);
        int dscp = a.keyword("DSCP", ArgTypes.INT32, -1);
        String ectText = a.keyword("ECT", ArgTypes.WORD, null);
        boolean ce = a.keyword("CE", ArgTypes.BOOL, false);
        boolean df = a.keyword("DF", ArgTypes.BOOL, false);
        int p = 0;
        if (protoText != null) {
            try {
                p = IPSupport.namedInt(IPSupport.IP_PROTOS, protoText);
            } catch (ArgException e) {
                a.error("PROTO", e.getMessage());
            }
        }
        a.complete();
        if (p < 0 || p > 255) {
            throw new ConfigException("bad IP protocol");
        }
        boolean anno = "DST_ANNO".equals(ConfigText.unquote(d).trim());
        int dstV = 0;
        if (!anno) {
            try {
                dstV = IPSupport.ipv4(a).parse(d);
            } catch (ArgException e) {
                throw new ConfigException("DST argument should be IP address or 'DST_ANNO'");
            }
        }
        int ect = 0;
        if (ectText != null) {
            try {
                ect = ArgTypes.BOOL.parse(ectText) ? 1 : 0;
            } catch (ArgException e) {
                if (ectText.equals("2")) {
                    ect = 2;
                } else {
                    throw new ConfigException("bad ECT value '" + ectText + "'");
                }
            }
        }
        if (tosV >= 0 && dscp >= 0) {
            throw new ConfigException("cannot set both TOS and DSCP");
        } else if (tosV >= 0 && (ect != 0 || ce)) {
            throw new ConfigException("cannot set both TOS and ECN bits");
        }
        if (tosV >= 256 || tosV < -1) {
            throw new ConfigException("TOS too large; max 255");
        } else if (dscp >= 63 || dscp < -1) {
            throw new ConfigException("DSCP too large; max 63");
        }
        if (ect != 0 && ce) {
            throw new ConfigException("can set at most one ECN option");
        }
        int t = 0;
        if (tosV >= 0) {
            t = tosV;
        } else if (dscp >= 0) {
            t = dscp << 2;
        }
        if (ect != 0) {
            t |= ect == 1 ? 1 : 2; // Click's IP_ECN_ECT1 = 1, IP_ECN_ECT2 = 2
        }
        if (ce) {
            t |= 3;
        }
        proto = p;
        src = s == null ? 0 : s;
        dst = dstV;
        useDstAnno = anno;
        tos = t;
        ttl = ttlV;
        off = df ? IPSupport.IP_DF : 0;
    }

    @Override
    public boolean action(Packet p) {
        if (!p.pushFront(20)) {
            drops++;
            p.kill();
            return false;
        }
        int d = IPSupport.encapDestination(p, useDstAnno, dst);
        IPSupport.writeIPv4Header(p, 0x4500 | tos, id++, off, (ttl << 24) | (proto << 16), src, d);
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
        h.readWrite("src", () -> ArgTypes.formatIPv4(src), v -> {
            try {
                src = ArgTypes.IPV4.parse(v.trim());
            } catch (ArgException e) {
                throw new HandlerException("SRC: " + e.getMessage());
            }
        });
        h.readWrite("dst", () -> useDstAnno ? "DST_ANNO" : ArgTypes.formatIPv4(dst), v -> {
            if (v.trim().equals("DST_ANNO")) {
                useDstAnno = true;
                return;
            }
            try {
                dst = ArgTypes.IPV4.parse(v.trim());
                useDstAnno = false;
            } catch (ArgException e) {
                throw new HandlerException("DST argument should be IP address or 'DST_ANNO'");
            }
        });
        h.readLong("drops", () -> drops);
    }
}
