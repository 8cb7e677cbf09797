package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Checksum;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.List;

/**
 * Opens FTP data connections through a NAT (Click's FTPPortMapper): rewrites the address and port
 * of an active-mode {@code PORT} command to the data flow's mapping, and tells the control
 * connection's TCPRewriter to shift the connection's later sequence and acknowledgement numbers
 * by the change in length.
 */
@ElementInfo(name = "FTPPortMapper", ports = "1/1", processing = "a/a",
        synopsis = "FTPPortMapper(CONTROL_REWRITER, DATA_REWRITER, DATA_REWRITER_INPUT)",
        description = "Expects IP packets of FTP control connections, upstream of CONTROL_REWRITER (a TCPRewriter through "
                + "which they then pass). A packet whose payload starts with 'PORT h1,h2,h3,h4,p1,p2' (the case of PORT "
                + "ignored) ended by CR or LF, and whose flow CONTROL_REWRITER already maps, opens the data flow "
                + "(h1.h2.h3.h4:p1*256+p2 → the packet's destination at its destination port minus one) in DATA_REWRITER "
                + "(an IPRewriter, TCPRewriter or UDPRewriter) as if a packet had arrived on DATA_REWRITER_INPUT, unless it "
                + "exists; then the command's argument is replaced by the data flow's rewritten source address and port, "
                + "the IP length and checksum and the TCP checksum are updated, and CONTROL_REWRITER is told that, from the "
                + "end of this segment on, the control flow's sequence numbers move by the change in length. The packet's "
                + "own addresses and ports are not changed. Other packets pass unchanged.",
        keywords = {"CONTROL_REWRITER: the TCPRewriter of the control connection",
                "DATA_REWRITER: the rewriter of the data connections",
                "DATA_REWRITER_INPUT: input of DATA_REWRITER whose INPUTSPEC maps new data flows; Click 1.x's form "
                        + "'PATTERN SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' (a pattern with its outputs) is accepted instead"},
        handlers = {"port_commands (r): PORT commands rewritten", "failures (r): PORT commands left unchanged because "
                + "the data flow could not be mapped or the packet had no room to grow"},
        example = "ftp :: FTPPortMapper(nat, nat, 0);\n"
                + "nat :: TCPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1, drop);\n"
                + "FromDevice(in) -> Strip(14) -> CheckIPHeader -> ftp -> [0]nat;",
        notes = "The control flow must already be in CONTROL_REWRITER's table when the packet reaches FTPPortMapper: with "
                + "batches, a PORT command in the same batch as the connection's first packet passes unchanged (in real "
                + "traffic the handshake is a round trip earlier; FromDump's BURST 1 gives Click's packet-at-a-time order). "
                + "A PORT command must be whole in one packet and be its first command; the server's data port is taken to be "
                + "its control port minus one (as in Click). A packet too short for its rewritten command (no tailroom) is "
                + "passed unchanged and counted in failures.")
public final class FTPPortMapper extends Element {
    private TCPRewriter control;
    private TcpUdpRewriter data;
    private InputSpec dataSpec;
    private int dataInput;
    private final int[] nums = new int[6];
    private final byte[] buf = new byte[24];
    private long portCommands;
    private long failures;

    /** After the rewriters, whose tables and INPUTSPECs it uses. */
    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_DEFAULT + 1;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        String cname = a.mandatoryPositional("CONTROL_REWRITER", ArgTypes.WORD);
        String dname = a.mandatoryPositional("DATA_REWRITER", ArgTypes.WORD);
        String third = a.mandatoryPositional("DATA_REWRITER_INPUT", ArgTypes.STRING);
        a.complete();
        Element c = context.findElement(this, cname);
        if (!(c instanceof TCPRewriter tc)) {
            throw new ConfigException("CONTROL_REWRITER: " + (c == null ? "no element '" + cname + "'" : "must be a TCPRewriter"));
        }
        Element d = context.findElement(this, dname);
        if (!(d instanceof TcpUdpRewriter td)) {
            throw new ConfigException("DATA_REWRITER: " + (d == null ? "no element '" + dname + "'" : "must be an IPRewriter, TCPRewriter or UDPRewriter"));
        }
        control = tc;
        data = td;
        List<String> w = ConfigText.splitWords(third);
        int in = w.size() == 1 ? Pattern.intOr(w.get(0), Integer.MIN_VALUE) : Integer.MIN_VALUE;
        if (in != Integer.MIN_VALUE) {
            if (in < 0 || in >= td.ninputs()) {
                throw new ConfigException("DATA_REWRITER_INPUT out of range");
            }
            dataInput = in;
            dataSpec = null;
        } else {
            if (!w.isEmpty() && (w.get(0).equals("pattern") || w.get(0).equals("xpattern"))) {
                w = w.subList(1, w.size());
            }
            InputSpec is = new InputSpec();
            RewriterBase.parsePatternWithPorts(w, is, "DATA_REWRITER_INPUT: ", this, context);
            if (is.foutput < 0 || is.foutput >= td.noutputs() || is.routput < 0 || is.routput >= td.noutputs()) {
                throw new ConfigException("port out of range for '" + dname + "'");
            }
            is.kind = InputSpec.PATTERN;
            dataSpec = is;
            dataInput = 0; // the flows count as input 0's in DATA_REWRITER's table
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        for (int i = 0, n = b.size(); i < n; i++) {
            process(b.get(i));
        }
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            for (int i = 0, n = b.size(); i < n; i++) {
                process(b.get(i));
            }
        }
        return b;
    }

    private static boolean letter(int c, int upper) {
        return c == upper || c == (upper | 0x20);
    }

    private void process(Packet p) {
        int off = p.networkHeaderOffset();
        if (off < 0) {
            off = 0;
        }
        final int len = p.length();
        if (len - off < 20 || p.u8(off + 9) != 6 || (p.u16(off + 6) & 0x1FFF) != 0) {
            return;
        }
        final int hl = (p.u8(off) & 0xF) << 2;
        final int ipLen = p.u16(off + 2);
        final int end = off + ipLen;
        final int th = off + hl;
        if (hl < 20 || end > len || end - th < 20) {
            return;
        }
        final int thl = (p.u8(th + 12) >> 4) << 2;
        final int dataOff = th + thl;
        if (thl < 20 || dataOff > end) {
            return;
        }
        final int plen = end - dataOff;
        if (plen < 5 || !letter(p.u8(dataOff), 'P') || !letter(p.u8(dataOff + 1), 'O') || !letter(p.u8(dataOff + 2), 'R')
                || !letter(p.u8(dataOff + 3), 'T') || p.u8(dataOff + 4) != ' ') {
            return;
        }
        final int saddr = p.i32(off + 12);
        final int daddr = p.i32(off + 16);
        final int sport = p.u16(th);
        final int dport = p.u16(th + 2);
        final int ce = control.controlEntry(saddr, sport, daddr, dport);
        if (ce < 0) {
            return;
        }
        // PORT h1,h2,h3,h4,p1,p2 followed by CR or LF
        int pos = dataOff + 5;
        while (pos < end && p.u8(pos) == ' ') {
            pos++;
        }
        final int argOff = pos;
        final int[] v = nums;
        java.util.Arrays.fill(v, 0);
        int which = 0;
        while (pos < end && which < 6) {
            int c = p.u8(pos);
            if (c >= '0' && c <= '9') {
                v[which] = Math.min(v[which] * 10 + c - '0', 1000);
            } else if (c == ',') {
                which++;
            } else {
                break;
            }
            pos++;
        }
        if (which != 5 || pos >= end || (p.u8(pos) != '\r' && p.u8(pos) != '\n')) {
            return;
        }
        for (int x : v) {
            if (x >= 256) {
                return;
            }
        }
        final int dataSaddr = v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3];
        final int dataSport = v[4] << 8 | v[5];
        final int fe = data.getEntry(6, dataSaddr, dataSport, daddr, (dport - 1) & 0xFFFF,
                dataSpec != null ? dataSpec : data.specs[dataInput], dataInput);
        if (fe < 0) {
            failures++;
            return;
        }
        // the new argument
        final int na = data.rewrittenSaddr(fe);
        final int np = data.rewrittenSport(fe);
        int bl = 0;
        bl = digits(na >>> 24, bl);
        buf[bl++] = ',';
        bl = digits(na >>> 16 & 255, bl);
        buf[bl++] = ',';
        bl = digits(na >>> 8 & 255, bl);
        buf[bl++] = ',';
        bl = digits(na & 255, bl);
        buf[bl++] = ',';
        bl = digits(np >>> 8, bl);
        buf[bl++] = ',';
        bl = digits(np & 255, bl);
        final int argLen = pos - argOff;
        final int diff = bl - argLen;
        if (diff > 0 && !p.put(diff)) {
            failures++;
            return;
        }
        // move what follows the argument (through the packet's end), then write the argument
        final int newLen = len + diff;
        if (diff > 0) {
            for (int i = len - 1; i >= pos; i--) {
                p.setU8(i + diff, p.u8(i));
            }
        } else if (diff < 0) {
            for (int i = pos; i < len; i++) {
                p.setU8(i + diff, p.u8(i));
            }
            p.take(-diff);
        }
        p.copyFrom(buf, 0, argOff, bl);
        portCommands++;
        // IP length and checksum
        final int nIpLen = ipLen + diff;
        p.setU16(off + 2, nIpLen);
        p.setU16(off + 10, Csum.update(p.u16(off + 10), ipLen, nIpLen));
        // from the end of this segment on, the control flow carries diff more bytes
        if (diff != 0) {
            control.updateSeqnoDelta(ce, p.i32(th + 4) + plen, diff);
        }
        // the data flow's replies get the control flow's reply annotation
        data.setReplyAnnoOf(fe, control.replyAnnoOf(ce));
        // TCP checksum over the new segment
        final int tcpLen = nIpLen - hl;
        p.setU16(th + 16, 0);
        int sum = Checksum.sum(p, th, tcpLen, Checksum.pseudoHeader(saddr, daddr, 6, tcpLen));
        p.setU16(th + 16, ~sum & 0xFFFF);
        assert newLen == p.length();
    }

    /** Writes {@code x} (0–255) in decimal into {@link #buf} at {@code at}; returns the next position. */
    private int digits(int x, int at) {
        if (x >= 100) {
            buf[at++] = (byte) ('0' + x / 100);
        }
        if (x >= 10) {
            buf[at++] = (byte) ('0' + x / 10 % 10);
        }
        buf[at++] = (byte) ('0' + x % 10);
        return at;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("port_commands", () -> portCommands);
        h.readLong("failures", () -> failures);
    }
}
