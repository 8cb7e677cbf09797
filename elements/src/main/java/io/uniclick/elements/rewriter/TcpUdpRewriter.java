package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * The data path of IPRewriter, TCPRewriter and UDPRewriter (Click's push and flow
 * {@code apply}), one final loop parameterised by the element's mode.
 *
 * <p>Per packet, as Click: packets that are not TCP/UDP (for TCPRewriter not TCP; for
 * UDPRewriter not TCP/UDP/DCCP), non-first fragments and packets with fewer than 8 transport
 * bytes go to the input's {@code pass} output, or are dropped. Otherwise the flow
 * (saddr, sport, daddr, dport) is looked up; a miss asks the INPUTSPEC for a new mapping, which
 * installs the forward and the reply entry. Then addresses are rewritten, the destination
 * annotation set (DST_ANNO), the IP checksum updated incrementally; for TCP with at least 18
 * transport bytes (and for UDP always) the ports are rewritten and the TCP checksum (UDP
 * checksum unless 0) updated; TCP FIN/RST/SYN/payload and UDP bidirectionality drive the
 * timeout class; the flow is refreshed and the packet goes to the mapping's output.
 *
 * <p>Uniclick assumes an IP header at the network header annotation, or at offset 0 when the
 * annotation is not set, and drops packets too short for the IP header instead of crashing.
 */
public abstract class TcpUdpRewriter extends RewriterBase {
    static final int MODE_IP = 0;
    static final int MODE_TCP = 1;
    static final int MODE_UDP = 2;

    static final int L_TCP_NODATA = 0;
    static final int L_TCP_DATA = 1;
    static final int L_TCP_DONE = 2;
    static final int L_UDP = 3;
    static final int L_UDP_STREAMING = 4;

    final int mode;
    long tcpNodataMs = 300_000;
    long tcpDataMs = 86_400_000;
    long tcpDoneMs = 240_000;
    long tcpGuaranteeMs = 5_000;
    long udpTimeoutMs = 300_000;
    long udpStreamingMs = -1;
    long udpGuaranteeMs = 5_000;
    /** Packets dropped because they were too short for an IP header. */
    long badPackets;

    TcpUdpRewriter(int mode) {
        this.mode = mode;
    }

    void readTcpKeywords(Args a) {
        tcpNodataMs = ms(a.keyword("TCP_NODATA_TIMEOUT", ArgTypes.TIME, null), tcpNodataMs);
        tcpGuaranteeMs = ms(a.keyword("TCP_GUARANTEE", ArgTypes.TIME, null), tcpGuaranteeMs);
        tcpDataMs = ms(a.keyword("TIMEOUT", ArgTypes.TIME, null), tcpDataMs);
        tcpDataMs = ms(a.keyword("TCP_TIMEOUT", ArgTypes.TIME, null), tcpDataMs);
        tcpDoneMs = ms(a.keyword("TCP_DONE_TIMEOUT", ArgTypes.TIME, null), tcpDoneMs);
        tcpGuaranteeMs = ms(a.keyword("GUARANTEE", ArgTypes.TIME, null), tcpGuaranteeMs);
    }

    void readUdpKeywords(Args a, boolean plainNames) {
        if (plainNames) {
            udpTimeoutMs = ms(a.keyword("TIMEOUT", ArgTypes.TIME, null), udpTimeoutMs);
        }
        udpTimeoutMs = ms(a.keyword("UDP_TIMEOUT", ArgTypes.TIME, null), udpTimeoutMs);
        Long s = a.keyword("UDP_STREAMING_TIMEOUT", ArgTypes.TIME, null);
        if (plainNames) {
            Long s2 = a.keyword("STREAMING_TIMEOUT", ArgTypes.TIME, null);
            s = s != null ? s : s2;
        }
        udpStreamingMs = s == null ? -1 : s / 1_000_000L;
        udpGuaranteeMs = ms(a.keyword("UDP_GUARANTEE", ArgTypes.TIME, null), udpGuaranteeMs);
        if (plainNames) {
            udpGuaranteeMs = ms(a.keyword("GUARANTEE", ArgTypes.TIME, null), udpGuaranteeMs);
        }
    }

    @Override
    void setTimeouts(FlowTable t) {
        if (udpStreamingMs < 0) {
            udpStreamingMs = udpTimeoutMs;
        }
        t.listTimeout[L_TCP_NODATA] = tcpNodataMs;
        t.listTimeout[L_TCP_DATA] = tcpDataMs;
        t.listTimeout[L_TCP_DONE] = tcpDoneMs;
        t.listTimeout[L_UDP] = udpTimeoutMs;
        t.listTimeout[L_UDP_STREAMING] = udpStreamingMs;
        for (int l = L_TCP_NODATA; l <= L_TCP_DONE; l++) {
            t.listGuarantee[l] = tcpGuaranteeMs;
        }
        t.listGuarantee[L_UDP] = udpGuaranteeMs;
        t.listGuarantee[L_UDP_STREAMING] = udpGuaranteeMs;
    }

    private void fallback(InputSpec spec, Packet p) {
        if (spec.kind == InputSpec.NOCHANGE) {
            emit(spec.foutput, p);
        } else {
            p.kill();
        }
    }

    /** Marks in {@link #bE}: a packet that is not the rewriter's to map, and one too short for an IP header. */
    private static final int NOT_MINE = -2;
    private static final int BAD = -3;
    // per batch: keys, hashes and entries of the packets, looked up before they are processed
    private final long[] bA = new long[PacketBatch.MAX_SIZE];
    private final long[] bB = new long[PacketBatch.MAX_SIZE];
    private final long[] bH = new long[PacketBatch.MAX_SIZE];
    private final long[] bM = new long[PacketBatch.MAX_SIZE];
    private final int[] bE = new int[PacketBatch.MAX_SIZE];
    /** Keeps the early index reads alive. */
    long sink;
    private long lastReapMs = Long.MIN_VALUE;

    /**
     * Three passes over the batch: parse and hash every packet and read its first index slot;
     * look every flow up (reading the flow records); then rewrite. The reads of one pass are
     * independent of each other, so their cache misses overlap instead of following one another,
     * which matters once the table outgrows the caches. A packet that creates or destroys a flow
     * makes the later packets look up again.
     */
    @Override
    public final void push(int port, PacketBatch batch) {
        final FlowTable t = table;
        final long now = nowMs();
        if (now != lastReapMs) {
            // nothing expires between two batches of the same millisecond
            lastReapMs = now;
            t.reap(now, 8);
        }
        final int mode = this.mode;
        final InputSpec spec = specs[port];
        final boolean dstAnno = this.dstAnno;
        final int replyAnno = this.replyAnno;
        final int n = batch.size();
        final long[] bA = this.bA;
        final long[] bB = this.bB;
        final long[] bH = this.bH;
        final long[] bM = this.bM;
        final int[] bE = this.bE;
        final PacketBatch[] outs = outBatches;
        long s = 0;
        // 1: parse and hash
        for (int i = 0; i < n; i++) {
            final Packet p = batch.get(i);
            int off = p.networkHeaderOffset();
            if (off < 0) {
                off = 0;
            }
            final int len = p.length();
            if (len - off < 20) {
                bE[i] = BAD;
                continue;
            }
            final int w0 = p.i32(off);
            final int w2 = p.i32(off + 8);
            final int hl = (w0 >>> 22) & 0x3C;
            final int proto = (w2 >>> 16) & 0xFF;
            final int th = off + hl;
            final boolean tcp = proto == 6;
            final boolean accept = mode == MODE_IP ? (tcp || proto == 17)
                    : mode == MODE_TCP ? tcp : (tcp || proto == 17 || proto == 33);
            if (!accept || hl < 20 || (p.i32(off + 4) & 0x1FFF) != 0 || len - th < 8) {
                bE[i] = NOT_MINE;
                continue;
            }
            final int cls = (mode == MODE_IP && !tcp) ? 2 : 1;
            final int ports = p.i32(th);
            final long a = FlowTable.keyA(p.i32(off + 12), p.i32(off + 16));
            final long b = (long) cls << 32 | (ports & 0xFFFFFFFFL);
            final long h = FlowTable.hash64(a, b);
            bA[i] = a;
            bB[i] = b;
            bH[i] = h;
            // off:16 | hl:8 | proto:8 | IP total length:16 | IP checksum:16
            bM[i] = (off & 0xFFFFL) | (long) hl << 16 | (long) proto << 24 | (w0 & 0xFFFFL) << 32 | (long) (w2 & 0xFFFF) << 48;
            bE[i] = -1;
        }
        // 2: read each first index slot in a loop this small, so that many misses are in flight
        for (int i = 0; i < n; i++) {
            if (bE[i] == -1) {
                s += t.firstSlot(bH[i]);
            }
        }
        sink = s;
        // 3: look up (reading the flow records)
        for (int i = 0; i < n; i++) {
            if (bE[i] == -1) {
                bE[i] = t.lookup(bA[i], bB[i], bH[i]);
            }
        }
        // 4: rewrite
        final int version = t.version;
        for (int i = 0; i < n; i++) {
            final Packet p = batch.get(i);
            int e = bE[i];
            if (e < -1) {
                if (e == BAD) {
                    badPackets++;
                }
                fallback(spec, p);
                continue;
            }
            final long m = bM[i];
            final int off = (int) m & 0xFFFF;
            final int hl = (int) (m >>> 16) & 0xFF;
            final int proto = (int) (m >>> 24) & 0xFF;
            final int ipLen = (int) (m >>> 32) & 0xFFFF;
            final int th = off + hl;
            final boolean tcp = proto == 6;
            final boolean tcpFlow = tcp && mode != MODE_UDP;
            final long a = bA[i];
            final long b = bB[i];
            if (t.version != version) {
                e = t.lookup(a, b, bH[i]);
            }
            if (e < 0) {
                final int cls = (int) (b >>> 32);
                inFlow.set((int) (a >>> 32), (int) (b >>> 16) & 0xFFFF, (int) a, (int) b & 0xFFFF);
                int r = spec.rewrite(inFlow, outFlow, t, cls, p);
                if (r != Pattern.RW_ADDMAP) {
                    if (r >= 0) {
                        emit(r, p);
                    } else {
                        p.kill();
                    }
                    continue;
                }
                int f = addFlow(spec, port, a, b, cls, tcpFlow, now);
                if (f < 0) {
                    p.kill();
                    continue;
                }
                if (replyAnno >= 0) {
                    t.setAux(f, p.anno8(replyAnno));
                }
                e = 2 * f;
            }
            final int f = e >> 1;
            final int dir = e & 1;
            final long[] w = t.w;
            final int k = FlowTable.keyIndex(e ^ 1);
            final long ra = w[k];
            final long rb = w[k + 1];
            final long rec = w[FlowTable.rec(f) + FlowTable.W_OUT]; // outputs and checksum deltas
            final int ndst = (int) (ra >>> 32);
            p.setI32(off + 12, (int) ra);
            p.setI32(off + 16, ndst);
            if (dstAnno) {
                p.setDstIpAnno(ndst);
            }
            if (dir != 0 && replyAnno >= 0) {
                p.setAnno8(replyAnno, t.aux(f));
            }
            p.setU16(off + 10, Csum.apply((int) (m >>> 48), (int) (rec >>> 32) & 0xFFFF, dir));
            final int l4Delta = (int) (rec >>> 48);
            // the other entry's key reversed: sport = its dport, dport = its sport
            final int newPorts = (int) rb << 16 | ((int) rb >>> 16 & 0xFFFF);
            final int tlen = p.length() - th;
            int list;
            if (tcpFlow) {
                if (tlen >= 18) {
                    p.setI32(th, newPorts);
                    p.setU16(th + 16, Csum.apply(p.u16(th + 16), l4Delta, dir));
                    final int w3 = p.i32(th + 12);
                    final int flags = (w3 >>> 16) & 0xFF;
                    final boolean payload = hl + ((w3 >>> 26) & 0x3C) < ipLen;
                    int tf = t.tflags(f);
                    if ((flags & 0x04) != 0) {
                        tf |= 3;
                    } else if ((flags & 0x01) != 0) {
                        tf |= 1 << dir;
                    } else if ((flags & 0x02) != 0 || payload) {
                        tf &= ~(1 << dir);
                    }
                    if (payload) {
                        tf |= 4 << dir;
                    }
                    t.setTflags(f, tf);
                    if ((tf & FlowTable.TF_SEQ) != 0) {
                        shiftSeq(p, th, tlen, f, dir);
                    }
                }
                int tf = t.tflags(f);
                list = (tf & 3) == 3 ? L_TCP_DONE : (tf & 12) == 12 ? L_TCP_DATA : L_TCP_NODATA;
            } else {
                p.setI32(th, newPorts);
                if (tcp) {
                    if (tlen >= 18) {
                        p.setU16(th + 16, Csum.apply(p.u16(th + 16), l4Delta, dir));
                    }
                } else if (proto == 17) {
                    int c = p.u16(th + 6);
                    if (c != 0) {
                        p.setU16(th + 6, Csum.apply(c, l4Delta, dir));
                    }
                }
                int tf = t.tflags(f);
                if (dir != 0) {
                    tf |= 1;
                }
                if (tf < 6) {
                    tf += 2;
                }
                t.setTflags(f, tf);
                list = tf > 6 ? L_UDP_STREAMING : L_UDP;
            }
            t.touch(f, now, list);
            final PacketBatch ob = outs[(int) (rec >>> (dir << 4)) & 0xFFFF];
            if (ob.isFull()) {
                emit((int) (rec >>> (dir << 4)) & 0xFFFF, p);
            } else {
                ob.add(p);
            }
        }
        batch.clear();
        flush();
    }

    /**
     * Installs the flow {@link #inFlow} → {@link #outFlow} (forward key (a, b)) for input
     * {@code port}, with Click's checksum deltas; counts a mapping failure and returns -1 when the
     * table is full of guaranteed flows.
     */
    private int addFlow(InputSpec spec, int port, long a, long b, int cls, boolean tcpFlow, long now) {
        final FlowTable t = table;
        final FlowId i = inFlow;
        final FlowId o = outFlow;
        int f = t.add(a, b, FlowTable.keyA(o.daddr, o.saddr), FlowTable.keyB(cls, o.dport, o.sport),
                spec.foutput, spec.routput, port, now, tcpFlow ? L_TCP_NODATA : L_UDP);
        if (f < 0) {
            spec.failures++;
            return -1;
        }
        int d = Csum.delta32(Csum.delta32(0, i.saddr, o.saddr), i.daddr, o.daddr);
        t.setIpDelta(f, d);
        d = Csum.update(Csum.update(d, i.sport, o.sport), i.dport, o.dport);
        t.setL4Delta(f, d);
        return f;
    }

    /**
     * Click's {@code get_entry}: the entry (flow * 2 + direction) of the TCP ({@code proto} 6) or
     * UDP flow (saddr, sport, daddr, dport); if there is none and {@code input} is a valid input,
     * one is created through that input's INPUTSPEC as if a packet had arrived there. -1 if none.
     * Used by FTPPortMapper to look up the control flow and to open the data flow.
     */
    int getEntry(int proto, int saddr, int sport, int daddr, int dport, int input) {
        return getEntry(proto, saddr, sport, daddr, dport, input >= 0 && input < specs.length ? specs[input] : null, input);
    }

    /** As above, creating the flow through {@code spec} (owned by input {@code owner}) when it is not null. */
    int getEntry(int proto, int saddr, int sport, int daddr, int dport, InputSpec spec, int owner) {
        final int cls = (mode == MODE_IP && proto != 6) ? 2 : 1;
        final long a = FlowTable.keyA(saddr, daddr);
        final long b = FlowTable.keyB(cls, sport, dport);
        int e = table.lookup(a, b);
        if (e >= 0 || spec == null) {
            return e;
        }
        inFlow.set(saddr, sport, daddr, dport);
        if (spec.rewrite(inFlow, outFlow, table, cls, null) != Pattern.RW_ADDMAP) {
            return -1;
        }
        int f = addFlow(spec, owner, a, b, cls, proto == 6 && mode != MODE_UDP, nowMs());
        return f < 0 ? -1 : 2 * f;
    }

    /** The rewritten source address of entry {@code e} (the reverse of the other entry's key). */
    int rewrittenSaddr(int e) {
        return (int) table.keyA(e ^ 1);
    }

    /** The rewritten source port of entry {@code e}. */
    int rewrittenSport(int e) {
        return (int) table.keyB(e ^ 1) & 0xFFFF;
    }

    /** Sets the reply annotation stored with entry {@code e}'s flow. */
    void setReplyAnnoOf(int e, int v) {
        table.setAux(e >> 1, v);
    }

    /**
     * Shifts the sequence number, the acknowledgement number and SACK blocks of a TCP packet of
     * flow {@code f} travelling in direction {@code dir} by the flow's deltas (Click's
     * {@code TCPFlow::apply}), updating the checksum incrementally.
     */
    private void shiftSeq(Packet p, int th, int tlen, int f, int dir) {
        final int thl = (p.u8(th + 12) >> 4) << 2;
        if (tlen < thl) {
            return;
        }
        final SeqDeltas sd = table.seq;
        final int rec = sd.rec(f);
        int csum = p.u16(th + 16);
        final int seq = p.i32(th + 4);
        sd.advance(rec, dir, seq);
        if (sd.active(rec, dir)) {
            int nv = sd.newSeq(rec, dir, seq);
            csum = Csum.update(Csum.update(csum, seq >>> 16, nv >>> 16), seq & 0xFFFF, nv & 0xFFFF);
            p.setI32(th + 4, nv);
        }
        if (sd.active(rec, dir ^ 1)) {
            final int ack = p.i32(th + 8);
            int nv = sd.newAck(rec, dir, ack);
            csum = Csum.update(Csum.update(csum, ack >>> 16, nv >>> 16), ack & 0xFFFF, nv & 0xFFFF);
            p.setI32(th + 8, nv);
            // SACK blocks, unless the options are just NOP NOP TIMESTAMP
            if (thl > 32 || (thl == 32 && p.i32(th + 20) != 0x0101080A)) {
                csum = shiftSack(p, th, thl, sd, rec, dir, csum);
            }
        }
        p.setU16(th + 16, csum);
    }

    /** Shifts the SACK blocks' edges back like acknowledgements (Click's {@code apply_sack}); returns the new checksum. */
    private static int shiftSack(Packet p, int th, int thl, SeqDeltas sd, int rec, int dir, int csum) {
        final int begin = th + 20;
        final int end = th + thl;
        final int plen = p.length();
        int delta = 0;
        int o = begin;
        while (o < end) {
            int kind = p.u8(o);
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (o + 1 >= end) {
                break;
            }
            int olen = p.u8(o + 1);
            if (kind == 5) {
                if (o + olen > end || olen % 8 != 2) {
                    break;
                }
                final int endSack = o + olen;
                final int wb = begin + ((o + 2 - begin) & ~1);
                for (int w = wb; w < endSack; w += 2) {
                    delta += ~word(p, w, plen) & 0xFFFF;
                }
                for (int x = o + 2; x < endSack; x += 8) {
                    p.setI32(x, sd.newAck(rec, dir, p.i32(x)));
                    p.setI32(x + 4, sd.newAck(rec, dir, p.i32(x + 4)));
                }
                for (int w = wb; w < endSack; w += 2) {
                    delta += word(p, w, plen);
                }
                o = endSack;
            } else {
                if (olen < 2) {
                    break;
                }
                o += olen;
            }
        }
        if (delta != 0) {
            int sum = (~csum & 0xFFFF) + delta;
            sum = (sum & 0xFFFF) + (sum >>> 16);
            csum = ~(sum + (sum >>> 16)) & 0xFFFF;
        }
        return csum;
    }

    private static int word(Packet p, int w, int plen) {
        return w + 1 < plen ? p.u16(w) : p.u8(w) << 8;
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.readLong("bad_packets", () -> badPackets);
    }
}
