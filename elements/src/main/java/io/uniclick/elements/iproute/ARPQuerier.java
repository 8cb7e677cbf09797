package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Port;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.util.ArrayList;
import java.util.List;

/** Encapsulates IP packets in Ethernet, resolving next hops with ARP (Click's ARPQuerier). */
@ElementInfo(name = "ARPQuerier", ports = "2/1-2", processing = "h/h", flow = "xy/x",
        synopsis = "ARPQuerier(IP, ETH, *keywords* TABLE, CAPACITY, ENTRY_CAPACITY, ENTRY_PACKET_CAPACITY, TIMEOUT, "
                + "POLL_TIMEOUT, BROADCAST, BROADCAST_POLL)  or  ARPQuerier(NAME, *keywords*)",
        description = "Input 0 takes IP packets with a destination address annotation (the next hop). Each gets an Ethernet "
                + "header (type 0x0800, source ETH) addressed to the next hop's Ethernet address, found in the ARP table, and "
                + "leaves on output 0. When the address is unknown the packet is held and an ARP request for it is sent "
                + "(at most one per 100 ms per address, then one per 2 s after 10 unanswered); held packets are sent when "
                + "the reply arrives. Input 1 takes ARP replies, which fill the table. Requests go to output 1 if it exists, "
                + "else to output 0. Packets for 255.255.255.255 or the BROADCAST address get ff:ff:ff:ff:ff:ff, multicast "
                + "destinations the mapped 01:00:5e address. Entries older than POLL_TIMEOUT are refreshed by a unicast "
                + "request while in use. IP may be IP/MASK (the mask gives the default BROADCAST); a single NAME argument "
                + "names an AddressInfo entry giving both.",
        keywords = {"TABLE: an ARPTable element to use instead of a private table",
                "CAPACITY: most packets held (default 2048)", "ENTRY_CAPACITY: most entries (default unlimited)",
                "ENTRY_PACKET_CAPACITY: most packets held per address (default unlimited)",
                "CAPACITY_SLIM_FACTOR: fraction of held packets dropped when over CAPACITY (default 2)",
                "TIMEOUT: entry lifetime (default 5 minutes)", "POLL_TIMEOUT: refresh entries older than this (default 1 minute; 0 = never)",
                "BROADCAST: the local broadcast address (default from IP/MASK, else 255.255.255.255)",
                "BROADCAST_POLL: send refresh requests to the broadcast address (default false)"},
        handlers = {"ipaddr (rw): IP", "broadcast (rw): BROADCAST", "table (r): 'IP VALID ETH AGE' per entry",
                "stats (r): 'N packets killed' and 'N ARP queries sent' lines", "queries (r): requests sent",
                "responses (r): replies received", "drops (r): packets dropped here", "count (r): entries",
                "length (r): held packets", "insert (w): 'IP ETH'; packets held for IP are sent",
                "delete (w): 'IP'", "clear (w): empties the table and zeroes the counters"},
        example = "ARPQuerier(18.26.4.24, 00:00:C0:AE:67:EF)\nARPQuerier(me)   // with AddressInfo(me 18.26.4.24/24 00:00:C0:AE:67:EF)",
        notes = "A packet without 14 bytes of headroom is dropped and counted (Click reallocates). An insert written to the "
                + "insert handler sends the packets waiting for that address (Click leaves them queued). With CAPACITY 0, at "
                + "most 65536 packets are held. Held packets and table entries live in preallocated arrays; requests come "
                + "from the packet pool (none is sent when it is exhausted).")
public final class ARPQuerier extends Element {
    private ArpCache cache = new ArpCache();
    private boolean ownTable = true;
    private int myIp;
    private long myEth;
    private int bcast;
    private long pollTimeout;
    private boolean broadcastPoll;
    private long queries;
    private long responses;
    private long drops;
    private boolean zeroWarned;
    private PacketPool pool;
    private final PacketBatch out0 = new PacketBatch();
    private PacketBatch outQ;
    private Port queryPort;

    @Override
    public void configure(Args a) throws ConfigException {
        ArpCache c = new ArpCache();
        ARPTable.configureCache(this, c, a);
        boolean haveBcast = a.has("BROADCAST");
        Integer b = a.keyword("BROADCAST", ArgTypes.IPV4, null);
        String table = a.keyword("TABLE", ArgTypes.WORD, null);
        long poll = a.keyword("POLL_TIMEOUT", ArgTypes.TIME, 60 * ArpCache.SEC);
        boolean bpoll = a.keyword("BROADCAST_POLL", ArgTypes.BOOL, false);
        List<String> pos = new ArrayList<>();
        for (String s : a.rest()) {
            if (!s.isEmpty()) {
                pos.add(s);
            }
        }
        if (pos.size() == 1) {
            pos.add(pos.get(0));
        }
        List<String> errs = new ArrayList<>();
        int[] ipm = null;
        Long eth = null;
        if (pos.isEmpty()) {
            errs.add("IP: required argument missing");
            errs.add("ETH: required argument missing");
        } else if (pos.size() > 2) {
            errs.add("too many arguments");
        } else {
            ipm = Net.parsePrefixOrAddress(pos.get(0), a.addresses());
            if (ipm == null) {
                errs.add("IP: expected IP address prefix");
            }
            eth = Net.parseEther(pos.get(1), a.addresses());
            if (eth == null) {
                errs.add("ETH: expected Ethernet address");
            }
        }
        try {
            a.complete();
        } catch (ConfigException e) {
            errs.addAll(0, e.messages());
        }
        if (table != null) {
            Element t = context.findElement(this, table);
            if (t == null) {
                errs.add("TABLE: does not name an element");
            } else if (!(t instanceof ARPTable at)) {
                errs.add("TABLE: element type mismatch, expected ARPTable");
            } else {
                c = at.cache;
                ownTable = false;
            }
        }
        if (!errs.isEmpty()) {
            throw new ConfigException(errs);
        }
        cache = c;
        myIp = ipm[0];
        myEth = eth;
        if (haveBcast && b != null) {
            bcast = b;
        } else {
            bcast = myIp | ~ipm[1];
            if (bcast == myIp) {
                bcast = -1;
            }
        }
        pollTimeout = poll;
        broadcastPoll = bpoll;
    }

    @Override
    public void initialize() {
        if (ownTable) {
            ARPTable.startExpiry(this, context, cache);
        }
        pool = context.pool(this);
        if (noutputs() > 1) {
            outQ = new PacketBatch();
            queryPort = output[1];
        } else {
            outQ = out0;
            queryPort = output[0];
        }
    }

    @Override
    public void cleanup() {
        if (ownTable) {
            cache.clear();
        }
    }

    private void emit(Packet p) {
        PacketBatch o = out0;
        if (o.isFull()) {
            output[0].push(o);
            o.clear();
        }
        o.add(p);
    }

    private void sendQuery(Packet p, int want, long unicastEth) {
        Packet q = pool.allocate(42);
        if (q == null) {
            return;
        }
        long dh = unicastEth >= 0 && !broadcastPoll ? unicastEth : 0xFFFFFFFFFFFFL;
        final long me = myEth;
        Net.putEther(q, 0, dh);
        Net.putEther(q, 6, me);
        q.setU16(12, 0x0806);
        q.setU16(14, 1);
        q.setU16(16, 0x0800);
        q.setU8(18, 6);
        q.setU8(19, 4);
        q.setU16(20, 1);
        Net.putEther(q, 22, me);
        q.setI32(28, myIp);
        q.setU16(32, 0);
        q.setI32(34, 0);
        q.setI32(38, want);
        q.setMacHeaderOffset(0);
        q.setTimestampNanos(p.timestampNanos());
        q.setAnno8(Net.VLAN_TCI_ANNO_OFFSET, p.anno8(Net.VLAN_TCI_ANNO_OFFSET));
        q.setAnno8(Net.VLAN_TCI_ANNO_OFFSET + 1, p.anno8(Net.VLAN_TCI_ANNO_OFFSET + 1));
        queries++;
        PacketBatch o = outQ;
        if (o.isFull()) {
            queryPort.push(o);
            o.clear();
        }
        o.add(q);
    }

    /** Click's handle_ip; {@code hasEther}: the packet already carries its Ethernet header (released from the table). */
    private void handleIp(Packet p, boolean hasEther, long now) {
        if (myIp == 0) {
            p.kill();
            drops++;
            return;
        }
        if (!hasEther) {
            if (!p.pushFront(14)) {
                p.kill();
                drops++;
                return;
            }
            p.setU16(12, 0x0800);
            p.setMacHeaderOffset(0);
        }
        final ArpCache c = cache;
        int dst = p.dstIpAnno();
        while (true) {
            int r = c.lookup(dst, now, pollTimeout);
            if (r >= 0) {
                long e = c.foundEth;
                Net.putEther(p, 0, e);
                if (r > 0) {
                    sendQuery(p, dst, e);
                }
                break;
            } else if (dst == -1 || dst == bcast) {
                p.setU16(0, 0xFFFF);
                p.setI32(2, -1);
                break;
            } else if ((dst & 0xF0000000) == 0xE0000000) {
                p.setU16(0, 0x0100);
                p.setI32(2, 0x5E000000 | (dst & 0x7FFFFF));
                break;
            } else {
                if (dst == 0) {
                    if (!zeroWarned) {
                        zeroWarned = true;
                        context.errors().println(declaration() + ": would query for 0.0.0.0; missing dest IP addr annotation?");
                    }
                    drops++;
                    p.kill();
                    return;
                }
                r = c.appendQuery(dst, p, now);
                if (r == -2) {
                    continue;
                }
                if (r < 0) {
                    p.kill();
                } else if (r > 0) {
                    sendQuery(p, dst, -1);
                }
                return;
            }
        }
        Net.putEther(p, 6, myEth);
        emit(p);
    }

    private void handleResponse(Packet p, long now) {
        if (p.length() < 42) {
            return;
        }
        responses++;
        if (p.u16(12) == 0x0806 && p.u16(14) == 1 && p.u16(16) == 0x0800 && p.u16(20) == 2) {
            long sha = Net.getEther(p, 22);
            if ((sha & 0x010000000000L) == 0) {
                insert(p.i32(28), sha, now);
            }
        }
    }

    private void insert(int ip, long eth, long now) {
        final ArpCache c = cache;
        int s = c.insert(ip, eth, now);
        while (s >= 0) {
            Packet q = c.slotPacket(s);
            s = c.releaseSlot(s);
            handleIp(q, true, now);
        }
    }

    private void flush() {
        if (!out0.isEmpty()) {
            output[0].push(out0);
            out0.clear();
        }
        PacketBatch q = outQ;
        if (q != out0 && !q.isEmpty()) {
            queryPort.push(q);
            q.clear();
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        final long now = context.now();
        final int n = b.size();
        if (port == 0) {
            for (int i = 0; i < n; i++) {
                handleIp(b.get(i), false, now);
            }
        } else {
            for (int i = 0; i < n; i++) {
                Packet p = b.get(i);
                handleResponse(p, now);
                p.kill();
            }
        }
        b.clear();
        flush();
    }

    @Override
    public void addHandlers(Handlers h) {
        ARPTable.addTableHandlers(this, context, cache, h, (ip, eth) -> {
            insert(ip, eth, context.now());
            flush();
        });
        h.read("stats", () -> (drops + cache.drops) + " packets killed\n" + queries + " ARP queries sent\n");
        h.readLong("queries", () -> queries);
        h.readLong("responses", () -> responses);
        h.readLong("drops", () -> drops);
        h.readWrite("ipaddr", () -> Net.ip(myIp), v -> myIp = ipArg(v));
        h.readWrite("broadcast", () -> Net.ip(bcast), v -> bcast = ipArg(v));
        h.write("clear", v -> {
            queries = 0;
            drops = 0;
            responses = 0;
            cache.clear();
        });
    }

    private int ipArg(String v) throws HandlerException {
        Integer a = Net.parseIp(v.trim(), Net.resolverFor(this, context));
        if (a == null) {
            throw new HandlerException("expected IP address");
        }
        return a;
    }
}
