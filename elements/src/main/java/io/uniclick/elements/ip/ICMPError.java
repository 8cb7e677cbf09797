package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.util.concurrent.atomic.AtomicInteger;

/** Generates ICMP error messages about the packets it receives (Click's ICMPError). */
@ElementInfo(name = "ICMPError", ports = "1/1", processing = "a/a",
        synopsis = "ICMPError(SRC, TYPE [, CODE, BADADDRS, *keywords* MTU, PMTU, SET_FIX_ANNO])",
        description = "Expects IP packets with the network header annotation. For each, emits a new ICMP error packet of "
                + "type TYPE (unreachable, sourcequench, redirect, timeexceeded, parameterproblem or a number) and code "
                + "CODE (a number or a name: net, host, protocol, port, needfrag, …; transit, reassembly; erroratptr, "
                + "missingopt, length), from SRC to the packet's source, TTL 200, quoting as much of the packet as fits "
                + "in MTU bytes (default 576); the input packet is consumed. Following RFC 1812, no error is sent about "
                + "ICMP errors, IP or link-level broadcasts and multicasts, invalid sources (0/8, 127/8, class E), or "
                + "fragments other than the first. A redirect carries the destination IP annotation as gateway, a "
                + "parameter problem the ICMP_PARAMPROB annotation as pointer, needfrag the PMTU. A valid source route is "
                + "reversed into the error. The result has the IP header, destination IP and (unless SET_FIX_ANNO "
                + "false) fix-IP-source annotations set.",
        keywords = {"BADADDRS: space-separated addresses treated as broadcast (no errors sent to them)",
                "MTU: largest error packet (default 576)", "PMTU: next-hop MTU for needfrag errors (default 0)",
                "SET_FIX_ANNO: set the fix-IP-source annotation for FixIPSrc (default true; USE_FIX_ANNO is accepted too)"},
        handlers = {"src (rw)", "mtu (rw)", "pmtu (rw)"},
        example = "dt[1] -> ICMPError(10.0.0.1, timeexceeded) -> ...",
        notes = "The error packet comes from the element's packet pool; when it is exhausted no error is sent.")
public final class ICMPError extends Element {
    private static final AtomicInteger ID = new AtomicInteger(1);
    private volatile int src;
    private int type;
    private int code;
    private int[] badAddrs;
    private volatile int mtu;
    private volatile int pmtu;
    private boolean useFixAnno;
    private PacketPool pool;

    static boolean isErrorType(int t) {
        return t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        Integer s = a.mandatoryPositional("SRC", IPSupport.ipv4(a));
        String typeText = a.mandatoryPositional("TYPE", ArgTypes.STRING);
        String codeText = a.positional("CODE", ArgTypes.WORD, "0");
        int[] bad = a.positional("BADADDRS", IPSupport.ipv4List(a), new int[0]);
        int m = a.keyword("MTU", ArgTypes.UINT32, 576);
        int pm = a.keyword("PMTU", ArgTypes.UINT32, 0);
        boolean fix = a.keyword("SET_FIX_ANNO", ArgTypes.BOOL, true);
        fix = a.keyword("USE_FIX_ANNO", ArgTypes.BOOL, fix);
        int t = 0;
        if (typeText != null) {
            try {
                t = IPSupport.namedInt(IPSupport.ICMP_TYPES, typeText);
            } catch (ArgException e) {
                a.error("TYPE", e.getMessage());
            }
        }
        a.complete();
        if (t < 0 || t > 255) {
            throw new ConfigException("ICMP type must be between 0 and 255");
        } else if (!isErrorType(t)) {
            throw new ConfigException("ICMP type " + t + " is not an error type");
        }
        int c;
        try {
            c = IPSupport.namedInt(IPSupport.icmpCodes(t), codeText);
        } catch (ArgException e) {
            c = -1;
        }
        if (c < 0 || c > 255) {
            throw new ConfigException("argument 2 takes ICMP code (integer between 0 and 255)");
        }
        src = s;
        type = t;
        code = c;
        badAddrs = bad;
        mtu = m;
        pmtu = pm;
        useFixAnno = fix;
    }

    @Override
    public void initialize() {
        pool = context.pool(this);
    }

    private boolean unicast(int a) {
        if (a == -1 || (a & 0xF0000000) == 0xE0000000) {
            return false;
        }
        for (int x : badAddrs) {
            if (x == a) {
                return false;
            }
        }
        return true;
    }

    private boolean validSource(int a) {
        int net = a >>> 24;
        return unicast(a) && net != 0 && net != 127 && (net & 0xF0) != 0xF0;
    }

    /** Offset of a valid LSRR/SSRR option in the header at {@code nh}, or -1. */
    private static int sourceRoute(Packet p, int nh, int hlen) {
        for (int oi = 20; oi < hlen;) {
            int t = p.u8(nh + oi);
            if (t == 1) {
                oi++;
                continue;
            } else if (t == 0 || oi + 1 >= hlen) {
                return -1;
            }
            int xlen = p.u8(nh + oi + 1);
            if (xlen < 2 || oi + xlen > hlen) {
                return -1;
            } else if ((t == 131 || t == 137) && xlen >= 3 && p.u8(nh + oi + 2) >= 4 && p.u8(nh + oi + 2) % 4 == 0
                    && p.u8(nh + oi + 2) <= xlen + 1) {
                return nh + oi;
            } else {
                oi += xlen;
            }
        }
        return -1;
    }

    private Packet make(Packet p) {
        if (!p.hasNetworkHeader()) {
            return null;
        }
        int nh = p.networkHeaderOffset();
        int len = p.length();
        if (nh < 0 || nh + 20 > len) {
            return null;
        }
        int hlen = (p.u8(nh) & 15) << 2;
        if (hlen < 20 || nh + hlen > len) {
            return null;
        }
        if (p.u8(nh + 9) == IPSupport.IP_PROTO_ICMP && (nh + hlen + 4 > len || isErrorType(p.u8(nh + hlen)))) {
            return null;
        }
        int ipDst = p.i32(nh + 16);
        int ipSrc = p.i32(nh + 12);
        int pt = IPAnnos.packetType(p);
        if (!unicast(ipDst) || pt == IPAnnos.BROADCAST || pt == IPAnnos.MULTICAST || !validSource(ipSrc)
                || !IPSupport.firstFrag(p, nh)) {
            return null;
        }
        int sr = sourceRoute(p, nh, hlen);
        if (sr >= 0) {
            if (type == 5) {
                return null;
            }
            int ptr = nh + p.anno8(IPAnnos.ICMP_PARAMPROB_ANNO_OFFSET);
            if (type == 12 && code == 0 && sr <= ptr && ptr < sr + p.u8(sr + 1)) {
                sr = -1;
            }
        }
        int m = mtu;
        int olen = sr >= 0 ? p.u8(sr + 2) - 1 : 0;
        int nhl = sr >= 0 ? (20 + olen + 3) & ~3 : 20;
        if (m < nhl + 8) {
            return null;
        }
        Packet q = pool.allocate(m);
        if (q == null) {
            return null;
        }
        for (int j = 0; j < nhl + 8; j += 4) {
            q.setI32(j, 0);
        }
        q.setU8(0, 0x40 | (nhl >>> 2));
        q.setU16(4, ID.getAndIncrement() & 0xFFFF);
        q.setU8(8, 200);
        q.setU8(9, IPSupport.IP_PROTO_ICMP);
        q.setI32(12, src);
        q.setI32(16, ipSrc);
        if (sr >= 0) {
            // reversed source route (RFC 1812 4.3.2.6)
            q.setU8(20, p.u8(sr));
            q.setU8(21, olen);
            q.setU8(22, 4);
            q.setU8(20 + olen, 0);
            int o = 23;
            for (int oo = sr + p.u8(sr + 2) - 5; oo >= sr + 3; oo -= 4, o += 4) {
                q.setI32(o, p.i32(oo));
            }
        }
        q.setNetworkHeader(0, nhl);
        int ic = nhl;
        q.setU8(ic, type);
        q.setU8(ic + 1, code);
        if (type == 12 && code == 0) {
            q.setU8(ic + 4, p.anno8(IPAnnos.ICMP_PARAMPROB_ANNO_OFFSET));
        }
        if (type == 5) {
            q.setI32(ic + 4, p.dstIpAnno());
        }
        if (type == 3 && code == 4) {
            q.setU16(ic + 6, pmtu);
        }
        int xlen = m - (ic + 8);
        int netLen = len - nh;
        if (xlen > netLen) {
            q.take(xlen - netLen);
            xlen = netLen;
        }
        for (int j = 0; j < xlen; j++) {
            q.setU8(ic + 8 + j, p.u8(nh + j));
        }
        q.setU16(ic + 2, IPSupport.cksum(q, ic, 8 + xlen));
        q.setU16(2, q.length());
        q.setU16(10, IPSupport.cksum(q, 0, nhl));
        q.setDstIpAnno(ipSrc);
        if (useFixAnno) {
            q.setAnno8(IPAnnos.FIX_IP_SRC_ANNO_OFFSET, 1);
        }
        q.setTimestampNanos(context.now());
        return q;
    }

    private int process(PacketBatch b) {
        final int n = b.size();
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            Packet q = make(p);
            p.kill();
            if (q != null) {
                b.set(k++, q);
            }
        }
        b.truncate(k);
        return k;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (process(b) > 0) {
            output[0].push(b);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            process(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("src", () -> ArgTypes.formatIPv4(src), v -> src = HandlerValues.parse(ArgTypes.IPV4, v));
        h.readWrite("mtu", () -> Integer.toString(mtu), v -> mtu = HandlerValues.parse(ArgTypes.UINT32, v));
        h.readWrite("pmtu", () -> Integer.toString(pmtu), v -> pmtu = HandlerValues.parse(ArgTypes.UINT32, v));
    }
}
