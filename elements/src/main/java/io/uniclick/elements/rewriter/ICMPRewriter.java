package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * ICMP errors through NAT (Click's ICMPRewriter, Click 2.x semantics).
 *
 * <p>Per packet, as Click: non-ICMP packets are dropped. Types other than unreachable (3), source
 * quench (4), redirect (5), time exceeded (11) and parameter problem (12), messages too short for
 * the ICMP header plus a 20-byte quoted IP header, and quoted headers that are not IPv4 or have a
 * header length under 20 are "unmapped". The quoted packet's reverse flow
 * (quoted dst, quoted dport, quoted src, quoted sport) is looked up in each MAPS rewriter in turn:
 * TCP/UDP/DCCP quotes (ports used only when the first 8 transport bytes are present and the quote
 * is a first fragment) in IPRewriter/TCPRewriter/UDPRewriter, ICMP quotes in ICMPPingRewriter (the
 * identifier is used only for quoted echo requests with 6 bytes present). Unmapped packets are
 * dropped (Click's code pushes them to output -1; its documentation's "output 1" is not what it
 * does).
 *
 * <p>On a match: if the outer destination is the quoted source, it becomes the mapping's original
 * address (outer IP checksum updated, DST_ANNO); the quoted addresses and ports (or identifier) are
 * rewritten back to the original flow, the quoted IP checksum, the quoted TCP checksum (when its 18
 * bytes are present), the quoted UDP checksum (unless 0) or the quoted ICMP checksum are updated,
 * and finally the outer ICMP checksum is updated for every changed halfword — all incrementally,
 * halfword by halfword in Click's order. The packet goes to output 0, or for a MAPS entry
 * {@code NAME:OFFSET} to OFFSET plus the mapping's output.
 */
@ElementInfo(name = "ICMPRewriter", ports = "1/1-", processing = "h/h",
        synopsis = "ICMPRewriter(MAPS [, DST_ANNO, REPLY_ANNO])",
        description = "Rewrites ICMP error messages (destination unreachable, time exceeded, parameter problem, source quench, "
                + "redirect) that quote a packet translated by a rewriter, so that they appear to answer the original packet. "
                + "MAPS is a space-separated list of rewriter elements (IPRewriter, TCPRewriter, UDPRewriter, "
                + "ICMPPingRewriter), each optionally followed by ':OFFSET'. The quoted packet's flow is looked up in each "
                + "rewriter in order; on a match the outer destination address (when it is the translated address), the quoted "
                + "IP header and the quoted ports or echo identifier are rewritten back, with the quoted IP, TCP/UDP/ICMP and "
                + "the outer IP and ICMP checksums updated incrementally. Rewritten packets go to output 0 (or, for a rewriter "
                + "given as NAME:OFFSET, to OFFSET plus the mapping's output). Non-ICMP packets, other ICMP types and errors "
                + "without a matching mapping are dropped.",
        keywords = {"DST_ANNO: set the destination address annotation when the outer destination is rewritten (true)",
                "REPLY_ANNO: annotation byte restored from the mapping (as the rewriter's REPLY_ANNO) for errors in the reply "
                        + "direction"},
        handlers = {"drops (r): packets dropped (non-ICMP, unmapped or malformed; uniclick addition)"},
        example = "nat :: IPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1);\nping :: ICMPPingRewriter(pattern 198.51.100.1 "
                + "1024-65535 - - 0 1);\nerrs :: ICMPRewriter(nat ping);",
        notes = "IPAddrRewriter and IPAddrPairRewriter are refused in MAPS: Click accepts them but then rewrites the quoted "
                + "destination to 0.0.0.0 and the quoted ports to 0. UDPRewriter keys TCP, UDP and DCCP flows in one table, so "
                + "a quoted UDP packet can match a UDPRewriter TCP flow with the same addresses and ports (Click also compares "
                + "the protocol). Packets shorter than their IP header are dropped instead of read beyond their end. "
                + "The drops handler is a uniclick addition.")
public final class ICMPRewriter extends Element {
    static final int K_IP = 0;
    static final int K_TCP = 1;
    static final int K_UDP = 2;
    static final int K_PING = 3;

    private RewriterBase[] maps;
    private int[] kinds;
    private int[] offsets;
    private boolean dstAnno = true;
    private int replyAnno = -1;
    private PacketBatch[] outBatches;
    private long drops;

    /** For the registry. */
    public ICMPRewriter() {
    }

    @Override
    public void configure(Args a) throws ConfigException {
        String arg = a.mandatoryPositional("MAPS", ArgTypes.STRING);
        dstAnno = a.keyword("DST_ANNO", ArgTypes.BOOL, true);
        String ra = a.keyword("REPLY_ANNO", ArgTypes.WORD, null);
        if (ra != null) {
            replyAnno = ra.equalsIgnoreCase("PAINT") ? 16 : Pattern.intOr(ra, -1);
            if (replyAnno < 0 || replyAnno >= 48) {
                a.error("REPLY_ANNO", "expected annotation");
            }
        }
        a.complete();
        List<String> errors = new ArrayList<>();
        List<RewriterBase> m = new ArrayList<>();
        List<Integer> k = new ArrayList<>();
        List<Integer> o = new ArrayList<>();
        for (String word : ConfigText.splitWords(arg == null ? "" : arg)) {
            String name = word;
            int offset = -1;
            int colon = word.indexOf(':');
            if (colon >= 0) {
                offset = Pattern.intOr(word.substring(colon + 1), Integer.MIN_VALUE);
                name = word.substring(0, colon);
                if (offset < 0) {
                    errors.add(word + " not an IP rewriter");
                    continue;
                }
            }
            Element e = context.findElement(this, name);
            if (e == null) {
                errors.add(name + " not an IP rewriter");
                continue;
            }
            if (offset >= 0 && offset + e.noutputs() > noutputs()) {
                errors.add(word + " port offset requires more than " + noutputs() + (noutputs() == 1 ? " output" : " outputs"));
                continue;
            }
            int kind;
            if (e instanceof ICMPPingRewriter) {
                kind = K_PING;
            } else if (e instanceof TcpUdpRewriter t) {
                kind = t.mode == TcpUdpRewriter.MODE_TCP ? K_TCP : t.mode == TcpUdpRewriter.MODE_UDP ? K_UDP : K_IP;
            } else if (e instanceof AddrRewriter) {
                errors.add(name + " not an IP rewriter (address-only rewriters are not supported in MAPS)");
                continue;
            } else {
                errors.add(name + " not an IP rewriter");
                continue;
            }
            m.add((RewriterBase) e);
            k.add(kind);
            o.add(offset);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        if (m.isEmpty()) {
            throw new ConfigException("no IP rewriters supplied");
        }
        maps = m.toArray(new RewriterBase[0]);
        kinds = k.stream().mapToInt(Integer::intValue).toArray();
        offsets = o.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void initialize() throws ConfigException {
        outBatches = new PacketBatch[noutputs()];
        for (int i = 0; i < outBatches.length; i++) {
            outBatches[i] = new PacketBatch();
        }
    }

    @Override
    public void push(int port, PacketBatch batch) {
        final PacketBatch[] outs = outBatches;
        for (int i = 0, n = batch.size(); i < n; i++) {
            final Packet p = batch.get(i);
            final int o = handle(p);
            if (o < 0 || o >= outs.length) {
                drops++;
                p.kill();
                continue;
            }
            final PacketBatch b = outs[o];
            if (b.isFull()) {
                output[o].push(b);
                b.clear();
            }
            b.add(p);
        }
        batch.clear();
        for (int i = 0; i < outs.length; i++) {
            final PacketBatch b = outs[i];
            if (!b.isEmpty()) {
                output[i].push(b);
                b.clear();
            }
        }
    }

    /** Rewrites {@code p} if it is a mapped ICMP error; returns its output, or -1 to drop it. */
    private int handle(Packet p) {
        int off = p.networkHeaderOffset();
        if (off < 0) {
            off = 0;
        }
        final int len = p.length();
        if (len - off < 20) {
            return -1;
        }
        final int hl = (p.u8(off) & 0xF) << 2;
        if (hl < 20 || p.u8(off + 9) != 1) {
            return -1;
        }
        final int th = off + hl;
        // ICMP header (8) + quoted IP header (20)
        if (len - th < 28) {
            return -1;
        }
        final int type = p.u8(th);
        if (type != 3 && type != 11 && type != 12 && type != 4 && type != 5) {
            return -1;
        }
        final int eip = th + 8;
        final int ev = p.u8(eip);
        final int ehl = (ev & 0xF) << 2;
        if ((ev >> 4) != 4 || ehl < 20) {
            return -1;
        }
        final int et = eip + ehl;
        final int ep = p.u8(eip + 9);
        final boolean firstFrag = (p.u16(eip + 6) & 0x1FFF) == 0;
        final int esrc = p.i32(eip + 12);
        final int edst = p.i32(eip + 16);
        // search flow: the reverse of the quoted flow
        int ssport = 0;
        int sdport = 0;
        boolean useTransp = false;
        final boolean l4 = ep == 6 || ep == 17 || ep == 33;
        if (l4) {
            if (et + 8 <= len && firstFrag) {
                ssport = p.u16(et + 2);
                sdport = p.u16(et);
                useTransp = true;
            }
        } else if (ep == 1) {
            if (et + 6 <= len && firstFrag && p.u8(et) == 8) {
                ssport = p.u16(et + 4);
                useTransp = true;
            }
        } else {
            return -1;
        }
        final long ka = FlowTable.keyA(edst, esrc);
        final RewriterBase[] maps = this.maps;
        final int[] kinds = this.kinds;
        int e = -1;
        int mapid = 0;
        FlowTable t = null;
        for (; mapid < maps.length; mapid++) {
            final int kind = kinds[mapid];
            long kb;
            if (ep == 1) {
                if (kind != K_PING) {
                    continue;
                }
                // ICMPPingRewriter's reply key: (dst, id + 1, src, id)
                kb = FlowTable.keyB(ICMPPingRewriter.CLS, (ssport + 1) & 0xFFFF, ssport);
            } else if (kind == K_PING || (kind == K_TCP && ep != 6) || (kind == K_IP && ep == 33)) {
                continue;
            } else {
                int cls = kind == K_IP && ep != 6 ? 2 : 1;
                kb = FlowTable.keyB(cls, ssport, sdport);
            }
            t = maps[mapid].table;
            if (t != null && (e = t.lookup(ka, kb)) >= 0) {
                break;
            }
        }
        if (e < 0) {
            return -1;
        }
        // rewritten flow of entry e = reverse of the other entry's key
        final long ra = t.keyA(e ^ 1);
        final long rb = t.keyB(e ^ 1);
        final int nsaddr = (int) ra;
        final int ndaddr = (int) (ra >>> 32);
        final int nsport = (int) rb & 0xFFFF;
        final int ndport = (int) (rb >>> 16) & 0xFFFF;

        // outer destination
        if (p.i32(off + 16) == esrc) {
            int c = p.u16(off + 10);
            c = Csum.update(c, esrc >>> 16, ndaddr >>> 16);
            c = Csum.update(c, esrc & 0xFFFF, ndaddr & 0xFFFF);
            p.setI32(off + 16, ndaddr);
            p.setU16(off + 10, c);
            if (dstAnno) {
                p.setDstIpAnno(ndaddr);
            }
        }
        if ((e & 1) != 0 && replyAnno >= 0) {
            p.setAnno8(replyAnno, t.aux(e >> 1));
        }

        // quoted IP header: halfwords 1-4 of Click's list (src hi/lo, dst hi/lo), 0 = quoted IP checksum
        final int oipsum = p.u16(eip + 10);
        int ipsum = oipsum;
        ipsum = Csum.update(ipsum, esrc >>> 16, ndaddr >>> 16);
        ipsum = Csum.update(ipsum, esrc & 0xFFFF, ndaddr & 0xFFFF);
        ipsum = Csum.update(ipsum, edst >>> 16, nsaddr >>> 16);
        ipsum = Csum.update(ipsum, edst & 0xFFFF, nsaddr & 0xFFFF);
        p.setI32(eip + 12, ndaddr);
        p.setI32(eip + 16, nsaddr);
        p.setU16(eip + 10, ipsum);
        int icmp = p.u16(th + 2);
        icmp = Csum.update(icmp, oipsum, ipsum);
        icmp = Csum.update(icmp, esrc >>> 16, ndaddr >>> 16);
        icmp = Csum.update(icmp, esrc & 0xFFFF, ndaddr & 0xFFFF);
        icmp = Csum.update(icmp, edst >>> 16, nsaddr >>> 16);
        icmp = Csum.update(icmp, edst & 0xFFFF, nsaddr & 0xFFFF);

        if (useTransp) {
            if (l4) {
                final int osport = p.u16(et);
                final int odport = p.u16(et + 2);
                p.setU16(et, ndport);
                p.setU16(et + 2, nsport);
                icmp = Csum.update(icmp, osport, ndport);
                icmp = Csum.update(icmp, odport, nsport);
                int co = -1;
                if (ep == 6 && et + 18 <= len) {
                    co = et + 16;
                } else if (ep == 17 && p.u16(et + 6) != 0) {
                    co = et + 6;
                }
                if (co >= 0) {
                    final int oc = p.u16(co);
                    int c = oc;
                    c = Csum.update(c, esrc >>> 16, ndaddr >>> 16);
                    c = Csum.update(c, esrc & 0xFFFF, ndaddr & 0xFFFF);
                    c = Csum.update(c, edst >>> 16, nsaddr >>> 16);
                    c = Csum.update(c, edst & 0xFFFF, nsaddr & 0xFFFF);
                    c = Csum.update(c, osport, ndport);
                    c = Csum.update(c, odport, nsport);
                    p.setU16(co, c);
                    icmp = Csum.update(icmp, oc, c);
                }
            } else {
                final int oid = p.u16(et + 4);
                p.setU16(et + 4, ndport);
                icmp = Csum.update(icmp, oid, ndport);
                final int oc = p.u16(et + 2);
                int c = Csum.update(oc, oid, ndport);
                if (c == 0 && ICMPPingRewriter.allZero(p, et, et + 2) && ICMPPingRewriter.allZero(p, et + 4, len)) {
                    c = 0xFFFF;
                }
                p.setU16(et + 2, c);
                icmp = Csum.update(icmp, oc, c);
            }
        }
        p.setU16(th + 2, icmp);
        final int offset = offsets[mapid];
        return offset >= 0 ? offset + t.out(e) : 0;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
    }
}
