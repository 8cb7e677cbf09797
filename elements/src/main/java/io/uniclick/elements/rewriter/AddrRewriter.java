package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * Basic (address-only) NAT for any protocol: IPAddrRewriter (flows keyed by source address) and
 * IPAddrPairRewriter (keyed by the address pair). Ports are never changed; TCP and UDP
 * checksums are updated for the pseudo-header (a UDP checksum of 0 stays 0), as in Click.
 */
public abstract class AddrRewriter extends RewriterBase {
    static final int LIST = 0;
    final boolean pair;
    long timeoutMs = 2 * 3600 * 1000L;
    long guaranteeMs = 5000;

    AddrRewriter(boolean pair) {
        this.pair = pair;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        String ra = a.keyword("REPLY_ANNO", io.uniclick.core.config.ArgTypes.WORD, null);
        if (ra != null) {
            replyAnno = ra.equalsIgnoreCase("PAINT") ? 16 : Pattern.intOr(ra, -1);
            if (replyAnno < 0 || replyAnno >= 48) {
                a.error("REPLY_ANNO", "expected annotation");
            }
        }
        timeoutMs = ms(a.keyword("TIMEOUT", io.uniclick.core.config.ArgTypes.TIME, null), timeoutMs);
        guaranteeMs = ms(a.keyword("GUARANTEE", io.uniclick.core.config.ArgTypes.TIME, null), guaranteeMs);
        readBaseKeywords(a);
        configureSpecs(a, true);
    }

    @Override
    void setTimeouts(FlowTable t) {
        t.listTimeout[LIST] = timeoutMs;
        t.listGuarantee[LIST] = guaranteeMs;
    }

    @Override
    public final void push(int port, PacketBatch batch) {
        final FlowTable t = table;
        final long now = nowMs();
        t.reap(now, 8);
        final InputSpec spec = specs[port];
        final boolean pair = this.pair;
        final int replyAnno = this.replyAnno;
        for (int i = 0, n = batch.size(); i < n; i++) {
            final Packet p = batch.get(i);
            int off = p.networkHeaderOffset();
            if (off < 0) {
                off = 0;
            }
            final int len = p.length();
            if (len - off < 20) {
                p.kill();
                continue;
            }
            final int saddr = p.i32(off + 12);
            final int daddr = p.i32(off + 16);
            final long a = FlowTable.keyA(saddr, pair ? daddr : 0);
            final long b = FlowTable.keyB(1, 0, 0);
            int e = t.lookup(a, b);
            if (e < 0 && !pair) {
                e = t.lookup(FlowTable.keyA(0, daddr), b);
            }
            if (e < 0) {
                inFlow.set(saddr, 0, pair ? daddr : 0, 0);
                int r = spec.rewrite(inFlow, outFlow, t, 1, p);
                final FlowId o = outFlow;
                if (r == Pattern.RW_ADDMAP && !pair && (o.sport != 0 || o.dport != 0 || o.daddr != 0)) {
                    r = Pattern.RW_DROP; // Click's add_flow refuses port or destination changes
                }
                if (r != Pattern.RW_ADDMAP) {
                    if (r >= 0) {
                        emit(r, p);
                    } else {
                        p.kill();
                    }
                    continue;
                }
                int f = t.add(a, b, FlowTable.keyA(o.daddr, o.saddr), FlowTable.keyB(1, o.dport, o.sport),
                        spec.foutput, spec.routput, port, now, LIST);
                if (f < 0) {
                    spec.failures++;
                    p.kill();
                    continue;
                }
                int d = Csum.delta32(Csum.delta32(0, inFlow.saddr, o.saddr), inFlow.daddr, o.daddr);
                t.setIpDelta(f, d);
                t.setL4Delta(f, d);
                if (replyAnno >= 0) {
                    t.setAux(f, p.anno8(replyAnno));
                }
                e = 2 * f;
            }
            final int f = e >> 1;
            final int dir = e & 1;
            final long ra = t.keyA(e ^ 1);
            final int nsrc = (int) ra;
            final int ndst = (int) (ra >>> 32);
            if (pair) {
                p.setI32(off + 12, nsrc);
                p.setI32(off + 16, ndst);
                if (dstAnno) {
                    p.setDstIpAnno(ndst);
                }
                if (dir != 0 && replyAnno >= 0) {
                    p.setAnno8(replyAnno, t.aux(f));
                }
            } else if (dir == 0) {
                p.setI32(off + 12, nsrc);
            } else {
                p.setI32(off + 16, ndst);
                p.setDstIpAnno(ndst);
                if (replyAnno >= 0) {
                    p.setAnno8(replyAnno, t.aux(f));
                }
            }
            final int delta = t.ipDelta(f);
            p.setU16(off + 10, Csum.apply(p.u16(off + 10), delta, dir));
            final int hl = (p.u8(off) & 0xF) << 2;
            final int th = off + hl;
            final int tlen = len - th;
            if ((p.u16(off + 6) & 0x1FFF) == 0 && hl >= 20) {
                int proto = p.u8(off + 9);
                if (proto == 6 && tlen >= 18) {
                    p.setU16(th + 16, Csum.apply(p.u16(th + 16), t.l4Delta(f), dir));
                } else if (proto == 17 && tlen >= 8) {
                    int c = p.u16(th + 6);
                    if (c != 0) {
                        p.setU16(th + 6, Csum.apply(c, t.l4Delta(f), dir));
                    }
                }
            }
            t.touch(f, now, LIST);
            emit(t.out(e), p);
        }
        batch.clear();
        flush();
    }

    String addrTable() {
        if (pair) {
            return tableText(0);
        }
        long now = nowMs();
        StringBuilder sb = new StringBuilder();
        for (int f = t().first(LIST); f >= 0; f = t().nextInList(f)) {
            for (int d = 0; d < 2; d++) {
                int e = 2 * f + d;
                String line = unparseEntry(e, now);
                String ports = line.substring(line.indexOf(" ["));
                sb.append(io.uniclick.core.config.ArgTypes.formatIPv4((int) (t().keyA(e) >>> 32))).append(" => ")
                        .append(io.uniclick.core.config.ArgTypes.formatIPv4((int) t().keyA(e ^ 1))).append(ports).append('\n');
            }
        }
        return sb.toString();
    }

    private FlowTable t() {
        return table;
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.read("table", this::addrTable);
        h.read("mappings", this::addrTable);
    }
}
