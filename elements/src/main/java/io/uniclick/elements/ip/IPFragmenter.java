package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;

/** Fragments IP packets larger than the MTU (Click's IPFragmenter). */
@ElementInfo(name = "IPFragmenter", ports = "1/1-2", processing = "h/h",
        synopsis = "IPFragmenter(MTU [, HONOR_DF, VERBOSE, *keywords* HEADROOM])",
        description = "Expects IP packets with the network header annotation. Packets whose network length is at most "
                + "MTU pass unchanged. Larger ones are split into fragments of at most MTU bytes, sent in order on output "
                + "0; the first fragment is the original packet (keeping any link header) shortened, the others are new "
                + "packets carrying the IP header, the options marked 'copy', and annotations of the original. A packet "
                + "with the don't-fragment bit (when HONOR_DF is true), or one whose header leaves no room for 8 data "
                + "bytes, goes to output 1 (usually ICMPError unreachable needfrag), or is dropped if output 1 is not "
                + "connected; the first 5 such packets print 'IPFragmenter(MTU) DF SRC DST len=LEN' (all with VERBOSE).",
        keywords = {"HONOR_DF: respect the don't-fragment bit (default true); if false, DF packets are fragmented and get a "
                + "random IP id", "VERBOSE: print every DF drop (default false)",
                "HEADROOM: headroom of the new fragments (default the pool's)"},
        handlers = {"drops (r): packets sent to output 1", "fragments (r): fragments emitted"},
        example = "... -> fr :: IPFragmenter(1500) -> ...; fr[1] -> ICMPError(10.0.0.1, unreachable, needfrag) -> ...",
        notes = "Packets without a network header annotation are dropped and counted in drops. When the pool is "
                + "exhausted the missing fragments are not sent, as in Click.")
public final class IPFragmenter extends Element {
    private int mtu;
    private boolean honorDf;
    private boolean verbose;
    private int headroom;
    private long drops;
    private long fragments;
    private Rejects rejects;
    private PacketBatch out;
    private PacketPool pool;
    private int seed = 0x9E3779B9;
    private Packet[] pending;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer m = a.mandatoryPositional("MTU", ArgTypes.UINT32);
        honorDf = a.positional("HONOR_DF", ArgTypes.BOOL, true);
        verbose = a.positional("VERBOSE", ArgTypes.BOOL, false);
        headroom = a.keyword("HEADROOM", ArgTypes.UINT32, PacketPool.DEFAULT_HEADROOM);
        a.complete();
        mtu = m;
        if (mtu < 8) {
            throw new ConfigException("MTU must be at least 8");
        }
    }

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
        out = new PacketBatch();
        pool = context.pool(this);
        pending = new Packet[65536 / Math.max(8, (mtu - 60) & ~7) + 2];
    }

    private void emit(Packet p) {
        PacketBatch o = out;
        if (o.isFull()) {
            output[0].push(o);
            o.clear();
        }
        o.add(p);
    }

    @Override
    public void push(int port, PacketBatch b) {
        final int m = mtu;
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            b.set(i, null);
            int nh = p.networkHeaderOffset();
            if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length()) {
                drops++;
                p.kill();
            } else if (p.length() - nh <= m) {
                emit(p);
            } else {
                fragment(p, nh);
            }
        }
        b.clear();
        if (!out.isEmpty()) {
            output[0].push(out);
            out.clear();
        }
        rejects.flush();
    }

    private void fragment(Packet p, int nh) {
        final int m = mtu;
        int hlen = (p.u8(nh) & 15) << 2;
        int firstDlen = (m - hlen) & ~7;
        int inDlen = p.u16(nh + 2) - hlen;
        int offField = p.u16(nh + 6);
        if (((offField & IPSupport.IP_DF) != 0 && honorDf) || firstDlen < 8 || hlen < 20
                || nh + hlen + inDlen > p.length()) {
            if (verbose || drops < 5) {
                context.errors().println("IPFragmenter(" + m + ") DF " + ArgTypes.formatIPv4(p.i32(nh + 12)) + " "
                        + ArgTypes.formatIPv4(p.i32(nh + 16)) + " len=" + p.length());
            }
            drops++;
            rejects.add(p);
            return;
        }
        if ((offField & IPSupport.IP_DF) != 0) {
            int x = seed;
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            seed = x;
            p.setU16(nh + 4, x & 0xFFFF);
            offField &= ~IPSupport.IP_DF;
        }
        boolean hadMf = (offField & IPSupport.IP_MF) != 0;
        offField |= IPSupport.IP_MF;
        p.setU16(nh + 2, hlen + firstDlen);
        p.setU16(nh + 6, offField);
        p.setU16(nh + 10, 0);
        p.setU16(nh + 10, IPSupport.cksum(p, nh, hlen));
        int outHlen = 20 + optcopy(p, nh, hlen, null, 0);
        int th = nh + hlen;
        // build the later fragments from the original data, then shorten the original into the first
        final Packet[] tmp = pending;
        int nt = 0;
        for (int off = firstDlen; off < inDlen;) {
            int outDlen = (m - outHlen) & ~7;
            if (outDlen + off > inDlen) {
                outDlen = inDlen - off;
            }
            Packet q = pool.allocate(headroom, outHlen + outDlen);
            if (q != null) {
                for (int j = 0; j < 20; j += 4) {
                    q.setI32(j, p.i32(nh + j));
                }
                optcopy(p, nh, hlen, q, 20);
                for (int j = 0; j < outDlen; j++) {
                    q.setU8(outHlen + j, p.u8(th + off + j));
                }
                q.setU8(0, 0x40 | (outHlen >>> 2));
                int qoff = offField + (off >>> 3);
                if (outDlen + off >= inDlen && !hadMf) {
                    qoff &= ~IPSupport.IP_MF;
                }
                q.setU16(6, qoff);
                q.setU16(2, outHlen + outDlen);
                q.setU16(10, 0);
                q.setU16(10, IPSupport.cksum(q, 0, outHlen));
                q.setNetworkHeader(0, outHlen);
                for (int j = 0; j < Packet.ANNO_SIZE; j++) {
                    q.setAnno8(j, p.anno8(j));
                }
                q.setTimestampNanos(p.timestampNanos());
                tmp[nt++] = q;
            }
            off += outDlen;
        }
        p.take(p.length() - nh - hlen - firstDlen);
        emit(p);
        fragments += 1 + nt;
        for (int j = 0; j < nt; j++) {
            emit(tmp[j]);
            tmp[j] = null;
        }
    }

    /** Copies the options marked 'copied' (Click's optcopy); with {@code q} null only measures. Returns the padded length. */
    private static int optcopy(Packet p, int nh, int hlen, Packet q, int qoff) {
        int oi = nh + 20;
        int end = nh + hlen;
        int outpos = 0;
        while (oi < end) {
            int t = p.u8(oi);
            if (t == 1) {
                oi++;
            } else if (t == 0 || oi + 1 == end || p.u8(oi + 1) < 2 || oi + p.u8(oi + 1) > end) {
                break;
            } else {
                int l = p.u8(oi + 1);
                if ((t & 0x80) != 0) {
                    if (q != null) {
                        for (int j = 0; j < l; j++) {
                            q.setU8(qoff + outpos + j, p.u8(oi + j));
                        }
                    }
                    outpos += l;
                }
                oi += l;
            }
        }
        for (; (outpos & 3) != 0; outpos++) {
            if (q != null) {
                q.setU8(qoff + outpos, 0);
            }
        }
        return outpos;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
        h.readLong("fragments", () -> fragments);
    }
}
