package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * ICMP echo NAT (Click's ICMPPingRewriter, the IPRewriterBase version of Click 2.x).
 *
 * <p>As in Click, a flow is keyed with the echo identifier as both "ports", offset by one in
 * one direction so that a request and its reply never share a key: an echo request (src, dst,
 * id) is the flow (src, id, dst, id+1); an echo reply (src, dst, id) is (src, id+1, dst, id).
 * The INPUTSPEC rewrites the request's flow (its SPORT range chooses the new identifier); the
 * rewritten flow's destination "port" is then forced to the new identifier plus one, so the reply
 * entry is exactly the key of the translated reply.
 *
 * <p>Per packet: non-ICMP packets, non-first fragments, ICMP shorter than 6 bytes and types other
 * than echo (8) and echo reply (0) follow the input's spec (the {@code pass} output, or dropped).
 * A request with no mapping asks the spec for one; a reply with no mapping follows the spec. The
 * addresses and identifier are rewritten, the IP and ICMP checksums updated incrementally (a
 * resulting ICMP checksum of 0 over an all-zero message becomes 0xFFFF, as Click), and the packet
 * goes to the entry's output (forward output for requests, reply output for replies).
 */
@ElementInfo(name = "ICMPPingRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "ICMPPingRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "Rewrites ICMP echo requests and replies by changing their addresses and ICMP identifiers, so that pings "
                + "pass through a NAT gateway. Each input has an INPUTSPEC, as for IPRewriter: 'drop', 'pass OUTPUT', "
                + "'keep FOUTPUT ROUTPUT', 'pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' (SPORT is the range from which the "
                + "new echo identifier is chosen), 'pattern NAME FOUTPUT ROUTPUT', or an IPMapper element name. An echo request "
                + "(src, dst, ident) without a mapping gets a new triple (src2, dst2, ident2) from the spec; the rewriter then "
                + "rewrites such requests to (src2, dst2, ident2) and sends them to FOUTPUT, and rewrites replies "
                + "(dst2, src2, ident2) back to (dst, src, ident) and sends them to ROUTPUT. Echo replies without a mapping, "
                + "other ICMP types, non-ICMP packets and non-first fragments are sent to the 'pass' output or dropped. "
                + "Mappings expire after TIMEOUT without use.",
        keywords = {"TIMEOUT: time after which an unused mapping expires (5min)",
                "GUARANTEE: time a used mapping is safe from eviction when the table is full (5s)",
                "REAP_INTERVAL: period of the full reap (15min); expired mappings are also removed incrementally",
                "MAPPING_CAPACITY: maximum number of mappings, or the name of a rewriter whose capacity to share",
                "DST_ANNO: set the destination address annotation to the rewritten destination (true)",
                "REPLY_ANNO: annotation byte saved from the request and restored on replies"},
        handlers = {"table (r): the mappings, one line per direction: (SADDR, DADDR, IDENT) => (SADDR', DADDR', IDENT') "
                + "[FOUT ROUT, '*' marking this direction] iINPUT expSECONDS; mappings (r) is a deprecated synonym",
                "table_size, nmappings, mapping_failures, size, capacity (rw), clear (w), patterns, patternN (rw): as IPRewriter",
                "bad_packets (r): packets dropped because they were too short for an IP header (uniclick)"},
        example = "ICMPPingRewriter(pattern 198.51.100.1 1024-65535 - - 0 1, drop)",
        notes = "As in Click, the search for a free identifier probes the reply key with the request's original identifier "
                + "plus one as the other 'port' (Click's pattern code treats the identifier like a TCP port), so a "
                + "randomly chosen identifier is checked against the same key Click checks. Mappings are stored in "
                + "preallocated arrays and expired flows are also removed incrementally on the data path; timeouts have "
                + "millisecond resolution. Packets whose IP header does not fit are dropped and counted (bad_packets) "
                + "instead of being read beyond their end.")
public final class ICMPPingRewriter extends RewriterBase {
    static final int CLS = 1;
    static final int LIST = 0;
    long timeoutMs = 300_000;
    long guaranteeMs = 5_000;
    long badPackets;

    /** For the registry. */
    public ICMPPingRewriter() {
    }

    @Override
    public void configure(Args a) throws ConfigException {
        readAnnoKeywords(a);
        timeoutMs = ms(a.keyword("TIMEOUT", ArgTypes.TIME, null), timeoutMs);
        guaranteeMs = ms(a.keyword("GUARANTEE", ArgTypes.TIME, null), guaranteeMs);
        readBaseKeywords(a);
        configureSpecs(a, true);
    }

    @Override
    void setTimeouts(FlowTable t) {
        t.listTimeout[LIST] = timeoutMs;
        t.listGuarantee[LIST] = guaranteeMs;
    }

    private void fallback(InputSpec spec, Packet p) {
        if (spec.kind == InputSpec.NOCHANGE) {
            emit(spec.foutput, p);
        } else {
            p.kill();
        }
    }

    @Override
    public void push(int port, PacketBatch batch) {
        final FlowTable t = table;
        final long now = nowMs();
        t.reap(now, 8);
        final InputSpec spec = specs[port];
        final boolean dstAnno = this.dstAnno;
        final int replyAnno = this.replyAnno;
        for (int i = 0, n = batch.size(); i < n; i++) {
            final Packet p = batch.get(i);
            int off = p.networkHeaderOffset();
            if (off < 0) {
                off = 0;
            }
            final int len = p.length();
            if (len - off < 20) {
                badPackets++;
                fallback(spec, p);
                continue;
            }
            final int hl = (p.u8(off) & 0xF) << 2;
            final int th = off + hl;
            if (hl < 20 || p.u8(off + 9) != 1 || (p.u16(off + 6) & 0x1FFF) != 0 || len - th < 6) {
                fallback(spec, p);
                continue;
            }
            final int type = p.u8(th);
            if (type != 8 && type != 0) {
                fallback(spec, p);
                continue;
            }
            final boolean echo = type == 8;
            final int saddr = p.i32(off + 12);
            final int daddr = p.i32(off + 16);
            final int id = p.u16(th + 4);
            final int id1 = (id + 1) & 0xFFFF;
            final long a = FlowTable.keyA(saddr, daddr);
            final long b = echo ? FlowTable.keyB(CLS, id, id1) : FlowTable.keyB(CLS, id1, id);
            int e = t.lookup(a, b);
            if (e < 0) {
                if (!echo) {
                    fallback(spec, p);
                    continue;
                }
                inFlow.set(saddr, id, daddr, id1);
                int r = spec.rewrite(inFlow, outFlow, t, CLS, p);
                if (r != Pattern.RW_ADDMAP) {
                    if (r >= 0 && r < outBatches.length) {
                        emit(r, p);
                    } else {
                        p.kill();
                    }
                    continue;
                }
                final FlowId o = outFlow;
                o.dport = (o.sport + 1) & 0xFFFF;
                int f = t.add(a, b, FlowTable.keyA(o.daddr, o.saddr), FlowTable.keyB(CLS, o.dport, o.sport),
                        spec.foutput, spec.routput, port, now, LIST);
                if (f < 0) {
                    spec.failures++;
                    p.kill();
                    continue;
                }
                t.setIpDelta(f, Csum.delta32(Csum.delta32(0, saddr, o.saddr), daddr, o.daddr));
                t.setL4Delta(f, Csum.update(0, id, o.sport));
                if (replyAnno >= 0) {
                    t.setAux(f, p.anno8(replyAnno));
                }
                e = 2 * f;
            }
            final int f = e >> 1;
            final int dir = e & 1;
            final long ra = t.keyA(e ^ 1);
            final long rb = t.keyB(e ^ 1);
            final int ndst = (int) (ra >>> 32);
            p.setI32(off + 12, (int) ra);
            p.setI32(off + 16, ndst);
            if (dstAnno) {
                p.setDstIpAnno(ndst);
            }
            if (dir != 0 && replyAnno >= 0) {
                p.setAnno8(replyAnno, t.aux(f));
            }
            p.setU16(off + 10, Csum.apply(p.u16(off + 10), t.ipDelta(f), dir));
            p.setU16(th + 4, dir != 0 ? (int) (rb >>> 16) & 0xFFFF : (int) rb & 0xFFFF);
            int c = Csum.apply(p.u16(th + 2), t.l4Delta(f), dir);
            if (c == 0 && allZero(p, th, th + 2) && allZero(p, th + 4, len)) {
                c = 0xFFFF;
            }
            p.setU16(th + 2, c);
            t.touch(f, now, LIST);
            emit(t.out(e), p);
        }
        batch.clear();
        flush();
    }

    /** Whether bytes [from, to) of {@code p} are all zero (Click's zero-checksum fix-up). */
    static boolean allZero(Packet p, int from, int to) {
        for (int i = from; i < to; i++) {
            if (p.u8(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Click's table line: {@code (SADDR, DADDR, IDENT) => (SADDR', DADDR', IDENT') [*0 1] i0 exp300}. */
    @Override
    String unparseEntry(int e, long nowMs) {
        int f = e >> 1;
        int d = e & 1;
        long ka = table.keyA(e);
        long kb = table.keyB(e);
        long ra = table.keyA(e ^ 1);
        long rb = table.keyB(e ^ 1);
        StringBuilder sb = new StringBuilder();
        // the flow, then the rewritten flow (the reverse of the other entry's key); Click prints each flow's sport
        sb.append('(').append(ArgTypes.formatIPv4((int) (ka >>> 32))).append(", ").append(ArgTypes.formatIPv4((int) ka))
                .append(", ").append((int) (kb >>> 16) & 0xFFFF).append(") => (")
                .append(ArgTypes.formatIPv4((int) ra)).append(", ").append(ArgTypes.formatIPv4((int) (ra >>> 32)))
                .append(", ").append((int) rb & 0xFFFF).append(')');
        sb.append(" [");
        if (d == 0) {
            sb.append('*');
        }
        sb.append(table.out(2 * f)).append(' ');
        if (d == 1) {
            sb.append('*');
        }
        long exp = table.expiry(f);
        sb.append(table.out(2 * f + 1)).append("] i").append(table.owner[f]).append(" exp").append((exp + 500 - nowMs) / 1000);
        return sb.toString();
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.read("table", () -> tableText(0));
        h.read("mappings", () -> tableText(0));
        h.readLong("bad_packets", () -> badPackets);
    }
}
