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
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Prints a tcpdump-like line per IP packet (Click's IPPrint). */
@ElementInfo(name = "IPPrint", ports = "1/1", processing = "a/a",
        synopsis = "IPPrint([LABEL, *keywords* CONTENTS, PAYLOAD, MAXLENGTH, ID, TTL, TOS, LENGTH, TIMESTAMP, AGGREGATE, "
                + "PAINT, SWAP, OUTFILE, ACTIVE])",
        description = "For each packet with an IP header annotation, prints a line like tcpdump's and passes the packet "
                + "on: 'LABEL: ' if there is a label, the timestamp and ': ' (unless TIMESTAMP false), optional "
                + "'#AGG.PAINT: ', optional 'id N ', 'ttl N ', 'tos N ', 'length N ', then by protocol: TCP "
                + "'SRC.SPORT > DST.DPORT: FLAGS SEQ:END(SEQLEN,PACKETLEN,IPLEN) ack ACK win WIN' (flags S F R P, or '.'), "
                + "UDP 'SRC.SPORT > DST.DPORT: udp ULEN', ICMP 'SRC > DST: icmp echo (ID, SEQ)', 'icmp echo-reply (ID, "
                + "SEQ)', 'icmp DST unreachable CODE ...' or 'icmp TYPE [CODE]', other protocols 'SRC > DST: "
                + "ip-proto-N'; fragments add ' (frag ID:LEN@OFFSET[+])'. Truncated headers print 'truncated-tcp' etc. "
                + "CONTENTS HEX/ASCII adds the packet bytes on following lines (PAYLOAD: the transport payload only).",
        keywords = {"LABEL: text starting each line", "CONTENTS: NONE, HEX or ASCII (default NONE)",
                "PAYLOAD: false, HEX or ASCII: print the transport payload", "MAXLENGTH: bytes of contents (default 1500)",
                "ID: print the IP id", "TTL: print the TTL", "TOS: print the TOS", "LENGTH: print the IP length",
                "TIMESTAMP: print the timestamp (default true)", "AGGREGATE: print the aggregate annotation",
                "PAINT: print the paint annotation", "SWAP: print ICMP echo id/seq in network byte order (default true)",
                "OUTFILE: write lines to this file instead of the error stream", "ACTIVE: print at all (default true)"},
        handlers = {"active (rw)"},
        example = "FromDump(t.pcap, STOP true) -> Strip(14) -> CheckIPHeader -> IPPrint(in) -> Discard;",
        notes = "Timestamps print like Click's: 6 decimals when the time is a whole number of microseconds, else 9. "
                + "Protocol names come from Click's built-in table, not /etc/protocols. CHANNEL is accepted and ignored.")
public final class IPPrint extends Element {
    private static final byte[][] PROTO = new byte[256][];
    private static final byte[][] ICMP_TYPE = new byte[256][];
    private static final byte[][][] ICMP_CODE = new byte[256][][];

    static {
        for (int i = 0; i < 256; i++) {
            String s = IPSupport.nameOf(IPSupport.IP_PROTOS, i);
            PROTO[i] = (s != null ? s : Integer.toString(i)).getBytes(StandardCharsets.US_ASCII);
            String t = IPSupport.nameOf(IPSupport.ICMP_TYPES, i);
            ICMP_TYPE[i] = t == null ? null : t.getBytes(StandardCharsets.US_ASCII);
            Map<String, Integer> codes = IPSupport.icmpCodes(i);
            if (!codes.isEmpty()) {
                ICMP_CODE[i] = new byte[256][];
                for (int c = 0; c < 256; c++) {
                    String cn = IPSupport.nameOf(codes, c);
                    ICMP_CODE[i][c] = cn == null ? null : cn.getBytes(StandardCharsets.US_ASCII);
                }
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] GT = b(" > ");
    private static final byte[] COLON = b(": ");

    private byte[] label;
    private int contents;
    private boolean payload;
    private int maxBytes;
    private boolean printId;
    private boolean printTimestamp;
    private boolean printPaint;
    private boolean printTos;
    private boolean printTtl;
    private boolean printLen;
    private boolean printAggregate;
    private boolean swap;
    private volatile boolean active;
    private String outfileName;
    private OutputStream outfile;
    private LineBuilder sb;

    @Override
    public void configure(Args a) throws ConfigException {
        String l = a.positional("LABEL", ArgTypes.STRING, "");
        String c = a.keyword("CONTENTS", ArgTypes.WORD, "no");
        String pl = a.keyword("PAYLOAD", ArgTypes.WORD, "no");
        int max = a.keyword("MAXLENGTH", ArgTypes.INT32, 1500);
        max = a.keyword("NBYTES", ArgTypes.INT32, max);
        printId = a.keyword("ID", ArgTypes.BOOL, false);
        printTimestamp = a.keyword("TIMESTAMP", ArgTypes.BOOL, true);
        printPaint = a.keyword("PAINT", ArgTypes.BOOL, false);
        printTos = a.keyword("TOS", ArgTypes.BOOL, false);
        printTtl = a.keyword("TTL", ArgTypes.BOOL, false);
        swap = a.keyword("SWAP", ArgTypes.BOOL, true);
        printLen = a.keyword("LENGTH", ArgTypes.BOOL, false);
        printAggregate = a.keyword("AGGREGATE", ArgTypes.BOOL, false);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        outfileName = a.keyword("OUTFILE", ArgTypes.STRING, null);
        a.keyword("CHANNEL", ArgTypes.WORD, null);
        a.complete();
        try {
            contents = ArgTypes.BOOL.parse(c) ? 1 : 0;
        } catch (ArgException e) {
            contents = switch (c.toUpperCase(Locale.ROOT)) {
                case "NONE" -> 0;
                case "HEX" -> 1;
                case "ASCII" -> 2;
                default -> throw new ConfigException("bad contents value '" + c + "'; should be 'NONE', 'HEX', or 'ASCII'");
            };
        }
        int payloadv = switch (pl.toUpperCase(Locale.ROOT)) {
            case "NO", "FALSE" -> 0;
            case "YES", "TRUE", "HEX" -> 1;
            case "ASCII" -> 2;
            default -> throw new ConfigException("bad payload value '" + c + "'; should be 'false', 'hex', or 'ascii'");
        };
        if (payloadv > 0 && contents > 0) {
            throw new ConfigException("specify at most one of PAYLOAD and CONTENTS");
        } else if (payloadv > 0) {
            contents = payloadv;
            payload = true;
        }
        label = l.getBytes(StandardCharsets.UTF_8);
        maxBytes = max;
        int cap = label.length + 256;
        if (contents > 0) {
            int bytes = max < 0 ? 65536 : max;
            cap += 3 * bytes + bytes / 4 + 3 * (bytes / 24 + 1) + 8;
        }
        sb = new LineBuilder(cap);
    }

    @Override
    public void initialize() throws ConfigException {
        if (outfileName != null) {
            try {
                outfile = new BufferedOutputStream(new FileOutputStream(outfileName));
            } catch (IOException e) {
                throw new ConfigException(outfileName + ": " + (e.getMessage() != null && e.getMessage().contains("No such file")
                        ? "No such file or directory" : e.getMessage()));
            }
        }
    }

    @Override
    public void cleanup() {
        if (outfile != null) {
            try {
                outfile.close();
            } catch (IOException ignored) {
                // nothing to do at cleanup
            }
            outfile = null;
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (active) {
            for (int i = 0, n = b.size(); i < n; i++) {
                print(b.get(i));
            }
        }
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null && active) {
            for (int i = 0, n = b.size(); i < n; i++) {
                print(b.get(i));
            }
        }
        return b;
    }

    void print(Packet p) {
        if (!p.hasNetworkHeader()) {
            return;
        }
        LineBuilder s = sb.clear();
        if (label.length > 0) {
            s.bytes(label).bytes(COLON);
        }
        if (printTimestamp) {
            s.timestamp(p.timestampNanos()).bytes(COLON);
        }
        if (printAggregate) {
            s.ch('#').dec(p.anno32(IPAnnos.AGGREGATE_ANNO_OFFSET) & 0xFFFFFFFFL);
        }
        if (printPaint) {
            if (printAggregate) {
                s.ch('.');
            } else {
                s.bytes(PAINT);
            }
            s.dec(p.paint());
        }
        if (printAggregate || printPaint) {
            s.bytes(COLON);
        }
        int nh = p.networkHeaderOffset();
        if (nh < 0 || p.length() - nh < 20) {
            s.bytes(TRUNC_IP);
        } else {
            int ipLen = p.u16(nh + 2);
            int hl = (p.u8(nh) & 15) << 2;
            int payloadLen = ipLen - hl;
            int th = p.transportHeaderOffset();
            int tlen = p.length() - th;
            if (tlen > payloadLen) {
                tlen = payloadLen;
            }
            if (printId) {
                s.bytes(ID).dec(p.u16(nh + 4)).ch(' ');
            }
            if (printTtl) {
                s.bytes(TTL).dec(p.u8(nh + 8)).ch(' ');
            }
            if (printTos) {
                s.bytes(TOS).dec(p.u8(nh + 1)).ch(' ');
            }
            if (printLen) {
                s.bytes(LENGTH).dec(ipLen).ch(' ');
            }
            int proto = p.u8(nh + 9);
            if (proto == IPSupport.IP_PROTO_TCP) {
                tcpLine(s, p, nh, th, tlen, ipLen, hl);
            } else if (proto == IPSupport.IP_PROTO_UDP) {
                udpLine(s, p, nh, th, tlen);
            } else if (proto == IPSupport.IP_PROTO_ICMP) {
                icmpLine(s, p, nh, th, tlen);
            } else {
                pair(s, p, nh).bytes(IP_PROTO).dec(proto);
            }
            int off = p.u16(nh + 6);
            if ((off & (IPSupport.IP_MF | IPSupport.IP_OFFMASK)) != 0) {
                s.bytes(FRAG).dec(p.u16(nh + 4)).ch(':').dec(payloadLen).ch('@').dec((off & IPSupport.IP_OFFMASK) << 3);
                if ((off & IPSupport.IP_MF) != 0) {
                    s.ch('+');
                }
                s.ch(')');
            }
            if (contents > 0) {
                int data;
                boolean first = (off & IPSupport.IP_OFFMASK) == 0;
                if (payload) {
                    if (first && proto == IPSupport.IP_PROTO_TCP && th + 13 <= p.length()) {
                        data = th + ((p.u8(th + 12) >>> 4) << 2);
                    } else if (first && proto == IPSupport.IP_PROTO_UDP) {
                        data = th + 8;
                    } else {
                        data = th;
                    }
                } else {
                    data = 0;
                }
                int bytes = maxBytes;
                int avail = p.length() - data;
                if (avail <= 0) {
                    bytes = 0;
                } else if (bytes < 0 || avail < bytes) {
                    bytes = avail;
                }
                s.reserve(3 * bytes + bytes / 4 + 3 * (bytes / 24 + 1) + 8);
                if (contents == 1) {
                    for (int i = 0; i < bytes; i++) {
                        if (i % 24 == 0) {
                            s.ch('\n').ch(' ').ch(' ');
                        } else if (i % 4 == 0) {
                            s.ch(' ');
                        }
                        s.hex2(p.u8(data + i));
                    }
                } else {
                    for (int i = 0; i < bytes; i++) {
                        if (i % 48 == 0) {
                            s.ch('\n').ch(' ').ch(' ');
                        } else if (i % 8 == 0) {
                            s.ch(' ');
                        }
                        int v = p.u8(data + i);
                        s.ch(v < 32 || v > 126 ? '.' : (char) v);
                    }
                }
            }
        }
        s.ch('\n');
        if (outfile != null) {
            try {
                outfile.write(s.buf, 0, s.len);
            } catch (IOException e) {
                // like Click's fwrite: errors are ignored
            }
        } else {
            context.errors().write(s.buf, 0, s.len);
        }
    }

    private static final byte[] PAINT = b("paint ");
    private static final byte[] TRUNC_IP = b("truncated-ip");
    private static final byte[] ID = b("id ");
    private static final byte[] TTL = b("ttl ");
    private static final byte[] TOS = b("tos ");
    private static final byte[] LENGTH = b("length ");
    private static final byte[] IP_PROTO = b(": ip-proto-");
    private static final byte[] FRAG = b(" (frag ");
    private static final byte[] TRUNC_TCP = b("truncated-tcp");
    private static final byte[] TRUNC_UDP = b("truncated-udp");
    private static final byte[] TRUNC_ICMP = b("truncated-icmp");
    private static final byte[] ACK = b(" ack ");
    private static final byte[] WIN = b(" win ");
    private static final byte[] UDP = b("udp ");
    private static final byte[] ICMP = b("icmp");
    private static final byte[] ICMP_SP = b("icmp ");
    private static final byte[] ECHO = b("icmp echo ");
    private static final byte[] ECHO_REPLY = b("icmp echo-reply ");
    private static final byte[] UNREACH = b(" unreachable ");
    private static final byte[] ICMP_UNREACH = b("icmp unreachable ");
    private static final byte[] CODE = b("code ");
    private static final byte[] SP_CODE = b(" code ");
    private static final byte[] TYPE = b("type ");
    private static final byte[] PROTOCOL = b("protocol ");
    private static final byte[] MTU = b(" (mtu ");
    private static final byte[] C_TRUNC_TCP = b(": truncated-tcp");
    private static final byte[] C_TCP = b(": tcp");
    private static final byte[] C_TRUNC_UDP = b(": truncated-udp");
    private static final byte[] C_UDP = b(": udp");

    private static LineBuilder pair(LineBuilder s, Packet p, int nh) {
        return s.ip(p.i32(nh + 12)).bytes(GT).ip(p.i32(nh + 16));
    }

    private static void tcpLine(LineBuilder s, Packet p, int nh, int th, int tlen, int ipLen, int hl) {
        boolean first = IPSupport.firstFrag(p, nh);
        if (tlen < 4 || !first) {
            pair(s, p, nh).bytes(first ? C_TRUNC_TCP : C_TCP);
            return;
        }
        s.ip(p.i32(nh + 12)).ch('.').dec(p.u16(th)).bytes(GT).ip(p.i32(nh + 16)).ch('.').dec(p.u16(th + 2)).bytes(COLON);
        if (tlen < 14) {
            s.bytes(TRUNC_TCP);
            return;
        }
        int flags = p.u8(th + 13);
        int seqlen = ipLen - hl - ((p.u8(th + 12) >>> 4) << 2);
        if ((flags & 0x02) != 0) {
            s.ch('S');
            seqlen++;
        }
        if ((flags & 0x01) != 0) {
            s.ch('F');
            seqlen++;
        }
        if ((flags & 0x04) != 0) {
            s.ch('R');
        }
        if ((flags & 0x08) != 0) {
            s.ch('P');
        }
        if ((flags & 0x0F) == 0) {
            s.ch('.');
        }
        long seq = p.i32(th + 4) & 0xFFFFFFFFL;
        s.ch(' ').dec(seq).ch(':').dec((seq + seqlen) & 0xFFFFFFFFL).ch('(').dec(seqlen).ch(',').dec(p.length()).ch(',')
                .dec(ipLen).ch(')');
        if ((flags & 0x10) != 0) {
            s.bytes(ACK).dec(p.i32(th + 8) & 0xFFFFFFFFL);
        }
        if (tlen < 16) {
            s.bytes(TRUNC_TCP);
            return;
        }
        s.bytes(WIN).dec(p.u16(th + 14));
    }

    private static void udpLine(LineBuilder s, Packet p, int nh, int th, int tlen) {
        boolean first = IPSupport.firstFrag(p, nh);
        if (tlen < 4 || !first) {
            pair(s, p, nh).bytes(first ? C_TRUNC_UDP : C_UDP);
            return;
        }
        s.ip(p.i32(nh + 12)).ch('.').dec(p.u16(th)).bytes(GT).ip(p.i32(nh + 16)).ch('.').dec(p.u16(th + 2)).bytes(COLON);
        if (tlen < 8) {
            s.bytes(TRUNC_UDP);
            return;
        }
        s.bytes(UDP).dec(p.u16(th + 4));
    }

    private void icmpLine(LineBuilder s, Packet p, int nh, int th, int tlen) {
        pair(s, p, nh).bytes(COLON);
        if (!IPSupport.firstFrag(p, nh)) {
            s.bytes(ICMP);
            return;
        } else if (tlen < 2) {
            s.bytes(TRUNC_ICMP);
            return;
        }
        int type = p.u8(th);
        int code = p.u8(th + 1);
        switch (type) {
            case 0, 8 -> {
                s.bytes(type == 0 ? ECHO_REPLY : ECHO);
                if (tlen < 8) {
                    s.bytes(TRUNC_ICMP);
                    return;
                }
                int id = p.u16(th + 4);
                int seq = p.u16(th + 6);
                if (!swap) {
                    id = Integer.reverseBytes(id) >>> 16;
                    seq = Integer.reverseBytes(seq) >>> 16;
                }
                s.ch('(').dec(id).ch(',').ch(' ').dec(seq).ch(')');
            }
            case 3 -> {
                byte[] cn = ICMP_CODE[3][code];
                int eiphLen = tlen - 8;
                if (eiphLen < 20) {
                    s.bytes(ICMP_UNREACH);
                    codeName(s, cn, code).ch(' ').bytes(TRUNC_ICMP);
                    return;
                }
                int eip = th + 8;
                int ehl = (p.u8(eip) & 15) << 2;
                int eudpLen = eiphLen - ehl;
                s.bytes(ICMP_SP).ip(p.i32(eip + 16)).bytes(UNREACH);
                codeName(s, cn, code);
                int ep = p.u8(eip + 9);
                if (code == 2) {
                    s.ch(' ').bytes(PROTO[ep]);
                } else if (code == 3) {
                    s.ch(' ');
                    if (IPSupport.nameOf(IPSupport.IP_PROTOS, ep) == null) {
                        s.bytes(PROTOCOL);
                    }
                    s.bytes(PROTO[ep]);
                    if (eudpLen < 4) {
                        s.bytes(TRUNC_ICMP);
                        return;
                    }
                    s.ch('/').dec(p.u16(eip + ehl + 2));
                } else if (code == 4) {
                    int mtu = p.u16(th + 6);
                    if (mtu != 0) {
                        s.bytes(MTU).dec(mtu).ch(')');
                    }
                }
            }
            default -> {
                s.bytes(ICMP_SP);
                if (ICMP_TYPE[type] != null) {
                    s.bytes(ICMP_TYPE[type]);
                } else {
                    s.bytes(TYPE).dec(type);
                }
                byte[] cn = ICMP_CODE[type] == null ? null : ICMP_CODE[type][code];
                if (cn != null) {
                    s.ch(' ').bytes(cn);
                } else if (code != 0) {
                    s.bytes(SP_CODE).dec(code);
                }
            }
        }
    }

    private static LineBuilder codeName(LineBuilder s, byte[] cn, int code) {
        return cn != null ? s.bytes(cn) : s.bytes(CODE).dec(code);
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("active", () -> Boolean.toString(active), v -> active = HandlerValues.parse(ArgTypes.BOOL, v));
    }
}
