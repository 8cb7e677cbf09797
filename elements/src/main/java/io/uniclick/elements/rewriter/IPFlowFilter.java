package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * A stateful firewall: connection tracking keyed by 5-tuple, so that inbound packets pass only
 * when they belong to a connection opened from the inside. Beyond Click (which builds this from
 * IPRewriter 'keep' specs); named for what it does to IP flows, like IPFilter for packets.
 */
@ElementInfo(name = "IPFlowFilter", ports = "2/2-3", processing = "h/h", flow = "xy/xy",
        synopsis = "IPFlowFilter([*keywords* CAPACITY, TCP_TIMEOUT, TCP_DONE_TIMEOUT, TCP_NODATA_TIMEOUT, UDP_TIMEOUT, ICMP_TIMEOUT, "
                + "IP_TIMEOUT, GUARANTEE, FRAGMENTS])",
        description = "Input 0 carries outbound traffic, already allowed by policy (for example by an IPFilter): every packet "
                + "passes to output 0 and opens or refreshes its connection. Input 1 carries inbound traffic: a packet passes "
                + "to output 1 when it belongs to a tracked connection (any direction of its 5-tuple), or when it is an ICMP "
                + "error (unreachable, source quench, redirect, time exceeded, parameter problem) quoting a tracked packet; "
                + "anything else goes to output 2 if connected, else is dropped. Connections are keyed by protocol, "
                + "addresses and ports (TCP, UDP), the echo identifier (ICMP echo, timestamp and information requests and "
                + "replies) or addresses alone (other protocols). TCP connections time out after TCP_NODATA_TIMEOUT until "
                + "data has flowed both ways, then TCP_TIMEOUT, and TCP_DONE_TIMEOUT after FIN both ways or a RST.",
        keywords = {"CAPACITY: maximum connections (1000000); when full, the idle connection closest to expiry is evicted "
                        + "unless all were used within GUARANTEE, and then the new connection's packet is dropped and counted",
                "TCP_TIMEOUT: established connections (24h)", "TCP_DONE_TIMEOUT: after FIN both ways or RST (4min)",
                "TCP_NODATA_TIMEOUT: connections without data both ways (5min)", "UDP_TIMEOUT: (5min)", "ICMP_TIMEOUT: (30s)",
                "IP_TIMEOUT: other protocols (10min)", "GUARANTEE: eviction protection after use (5s)",
                "FRAGMENTS: whether inbound non-first fragments pass (false: they carry no ports to check)"},
        handlers = {"table (r): one line per connection, 'PROTO (SADDR, SPORT, DADDR, DPORT) STATE expSECONDS'",
                "count (r): tracked connections", "capacity (rw)", "failures (r): connections refused because the table was full",
                "rejected (r): inbound packets refused", "clear (w): forget every connection"},
        example = "fw :: IPFlowFilter;\ninside -> IPFilter(allow tcp or udp or icmp) -> [0]fw[0] -> outside;\noutside -> [1]fw[1] -> inside;")
public final class IPFlowFilter extends Element {
    static final int L_TCP_NODATA = 0;
    static final int L_TCP_DATA = 1;
    static final int L_TCP_DONE = 2;
    static final int L_UDP = 3;
    static final int L_ICMP = 4;
    static final int L_IP = 5;

    private FlowTable table;
    private long capacity;
    private final long[] timeouts = new long[6];
    private long guarantee;
    private boolean fragments;
    private long failures;
    private long rejected;
    private PacketBatch[] outBatches;
    private final Timer reapTimer = new Timer() {
        @Override
        public void run() {
            table.reap(context.now() / 1_000_000L, Integer.MAX_VALUE);
            context.schedule(IPFlowFilter.this, this, context.now() + 60_000_000_000L);
        }
    };

    @Override
    public void configure(Args a) throws ConfigException {
        capacity = a.keyword("CAPACITY", ArgTypes.UNSIGNED, 1_000_000L);
        timeouts[L_TCP_DATA] = RewriterBase.ms(a.keyword("TCP_TIMEOUT", ArgTypes.TIME, null), 86_400_000L);
        timeouts[L_TCP_DONE] = RewriterBase.ms(a.keyword("TCP_DONE_TIMEOUT", ArgTypes.TIME, null), 240_000L);
        timeouts[L_TCP_NODATA] = RewriterBase.ms(a.keyword("TCP_NODATA_TIMEOUT", ArgTypes.TIME, null), 300_000L);
        timeouts[L_UDP] = RewriterBase.ms(a.keyword("UDP_TIMEOUT", ArgTypes.TIME, null), 300_000L);
        timeouts[L_ICMP] = RewriterBase.ms(a.keyword("ICMP_TIMEOUT", ArgTypes.TIME, null), 30_000L);
        timeouts[L_IP] = RewriterBase.ms(a.keyword("IP_TIMEOUT", ArgTypes.TIME, null), 600_000L);
        guarantee = RewriterBase.ms(a.keyword("GUARANTEE", ArgTypes.TIME, null), 5_000L);
        fragments = a.keyword("FRAGMENTS", ArgTypes.BOOL, false);
        a.complete();
        if (capacity > FlowTable.MAX_FLOWS) {
            throw new ConfigException("CAPACITY: out of range, bound " + FlowTable.MAX_FLOWS);
        }
        table = new FlowTable(FlowTable.MAX_FLOWS, 2, Math.min(capacity, 1 << 16));
        table.budget.capacity = capacity;
        for (int l = 0; l < 6; l++) {
            table.listTimeout[l] = timeouts[l];
            table.listGuarantee[l] = guarantee;
        }
    }

    @Override
    public void initialize() {
        outBatches = new PacketBatch[noutputs()];
        for (int i = 0; i < outBatches.length; i++) {
            outBatches[i] = new PacketBatch();
        }
        context.schedule(this, reapTimer, context.now() + 60_000_000_000L);
    }

    private void emit(int o, Packet p) {
        if (o >= outBatches.length) {
            p.kill();
            return;
        }
        PacketBatch b = outBatches[o];
        if (b.isFull()) {
            output[o].push(b);
            b.clear();
        }
        b.add(p);
    }

    static boolean isEchoLike(int type) {
        return type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16;
    }

    @Override
    public void push(int port, PacketBatch batch) {
        final FlowTable t = table;
        final long now = context.now() / 1_000_000L;
        t.reap(now, 8);
        for (int i = 0, n = batch.size(); i < n; i++) {
            final Packet p = batch.get(i);
            int off = p.networkHeaderOffset();
            if (off < 0) {
                off = 0;
            }
            final int len = p.length();
            int hl;
            if (len - off < 20 || (hl = (p.u8(off) & 0xF) << 2) < 20 || off + hl > len) {
                if (port == 0) {
                    emit(0, p);
                } else {
                    rejected++;
                    emit(2, p);
                }
                continue;
            }
            final int proto = p.u8(off + 9);
            final int th = off + hl;
            final int tlen = len - th;
            final boolean first = (p.u16(off + 6) & 0x1FFF) == 0;
            int sport = 0;
            int dport = 0;
            int list = L_IP;
            if (proto == 6 || proto == 17) {
                list = proto == 6 ? L_TCP_NODATA : L_UDP;
                if (first && tlen >= 4) {
                    sport = p.u16(th);
                    dport = p.u16(th + 2);
                } else if (!first) {
                    // later fragments carry no ports
                    if (port == 0 || fragments) {
                        emit(port, p);
                    } else {
                        rejected++;
                        emit(2, p);
                    }
                    continue;
                }
            } else if (proto == 1) {
                list = L_ICMP;
                if (first && tlen >= 8 && isEchoLike(p.u8(th))) {
                    sport = p.u16(th + 4);
                    dport = sport;
                }
            }
            final int cls = proto == 0 ? 255 : proto;
            final int saddr = p.i32(off + 12);
            final int daddr = p.i32(off + 16);
            final long a = FlowTable.keyA(saddr, daddr);
            final long b = FlowTable.keyB(cls, sport, dport);
            int e = t.lookup(a, b);
            if (e < 0) {
                if (port != 0) {
                    if (proto == 1 && first && icmpErrorOfTrackedFlow(p, th, tlen)) {
                        emit(1, p);
                    } else {
                        rejected++;
                        emit(2, p);
                    }
                    continue;
                }
                int f = t.add(a, b, FlowTable.keyA(daddr, saddr), FlowTable.keyB(cls, dport, sport), 0, 1, 0, now, list);
                if (f < 0) {
                    failures++;
                    p.kill();
                    continue;
                }
                e = 2 * f;
            }
            final int f = e >> 1;
            final int dir = e & 1;
            if (proto == 6) {
                int tf = t.tflags(f);
                if (first && tlen >= 14) {
                    int flags = p.u8(th + 13);
                    boolean payload = tlen >= 13 && hl + ((p.u8(th + 12) >> 4) << 2) < p.u16(off + 2);
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
                }
                list = (tf & 3) == 3 ? L_TCP_DONE : (tf & 12) == 12 ? L_TCP_DATA : L_TCP_NODATA;
            }
            t.touch(f, now, list);
            emit(port, p);
        }
        batch.clear();
        final PacketBatch[] bs = outBatches;
        for (int o = 0; o < bs.length; o++) {
            if (!bs[o].isEmpty()) {
                output[o].push(bs[o]);
                bs[o].clear();
            }
        }
    }

    /** Whether an inbound ICMP error quotes a packet of a tracked connection. */
    private boolean icmpErrorOfTrackedFlow(Packet p, int th, int tlen) {
        int type = p.u8(th);
        if (type != 3 && type != 4 && type != 5 && type != 11 && type != 12) {
            return false;
        }
        int in = th + 8;
        if (tlen < 8 + 20) {
            return false;
        }
        int ihl = (p.u8(in) & 0xF) << 2;
        if (ihl < 20 || tlen < 8 + ihl) {
            return false;
        }
        int proto = p.u8(in + 9);
        int sport = 0;
        int dport = 0;
        if ((proto == 6 || proto == 17) && tlen >= 8 + ihl + 4) {
            sport = p.u16(in + ihl);
            dport = p.u16(in + ihl + 2);
        } else if (proto == 1 && tlen >= 8 + ihl + 8 && isEchoLike(p.u8(in + ihl))) {
            sport = p.u16(in + ihl + 4);
            dport = sport;
        }
        int cls = proto == 0 ? 255 : proto;
        return table.lookup(FlowTable.keyA(p.i32(in + 12), p.i32(in + 16)), FlowTable.keyB(cls, sport, dport)) >= 0;
    }

    private static String state(int list) {
        return switch (list) {
            case L_TCP_NODATA -> "OPENING";
            case L_TCP_DATA -> "ESTABLISHED";
            case L_TCP_DONE -> "CLOSED";
            default -> "ACTIVE";
        };
    }

    String tableText() {
        long now = context.now() / 1_000_000L;
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < FlowTable.NLISTS; l++) {
            for (int f = table.first(l); f >= 0; f = table.nextInList(f)) {
                long ka = table.keyA(2 * f);
                long kb = table.keyB(2 * f);
                int cls = (int) (kb >>> 32);
                String proto = cls == 6 ? "tcp" : cls == 17 ? "udp" : cls == 1 ? "icmp" : Integer.toString(cls == 255 ? 0 : cls);
                sb.append(proto).append(' ')
                        .append(FlowId.unparse((int) (ka >>> 32), (int) (kb >>> 16) & 0xFFFF, (int) ka, (int) kb & 0xFFFF))
                        .append(' ').append(state(l)).append(" exp").append((table.expiry(f) + 500 - now) / 1000).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("table", this::tableText);
        h.readLong("count", table::size);
        h.readLong("failures", () -> failures);
        h.readLong("rejected", () -> rejected);
        h.readWrite("capacity", () -> Long.toString(table.budget.capacity), v -> {
            long c = Pattern.intOr(ConfigText.unquote(v.trim()), -1);
            if (c < 0) {
                throw new HandlerException("CAPACITY: expected integer");
            }
            table.budget.capacity = c;
            table.shrinkTo(c, context.now() / 1_000_000L);
        });
        h.write("clear", v -> table.clear());
    }
}
