package io.uniclick.elements.iproute;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementContext;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import java.util.List;

/** IP-to-Ethernet mappings that several ARPQueriers can share (Click's ARPTable). */
@ElementInfo(name = "ARPTable", ports = "0/0", processing = "a/a",
        synopsis = "ARPTable(*keywords* CAPACITY, ENTRY_CAPACITY, ENTRY_PACKET_CAPACITY, CAPACITY_SLIM_FACTOR, TIMEOUT)",
        description = "Stores IP-to-Ethernet mappings and the packets waiting for them. An information element with no "
                + "ports: ARPQuerier elements use it through their TABLE keyword (without one, each has its own).",
        keywords = {"CAPACITY: most packets held at once (default 2048; 0 = no limit, see notes)",
                "ENTRY_CAPACITY: most entries (default 0 = no limit)",
                "ENTRY_PACKET_CAPACITY: most packets held per entry (default 0 = no limit)",
                "CAPACITY_SLIM_FACTOR: on exceeding CAPACITY, 1/FACTOR of the held packets are dropped (default 2)",
                "TIMEOUT: entries expire after this long (default 5 minutes; 0 = never)"},
        handlers = {"table (r): 'IP VALID ETH AGE' per entry, oldest first", "drops (r): packets dropped by timeouts or limits",
                "count (r): entries", "length (r): held packets", "insert (w): 'IP ETH'",
                "delete (w): 'IP' (the entry becomes invalid, as in Click)", "clear (w): remove every entry"},
        example = "arpt :: ARPTable; ARPQuerier(10.0.0.1, 00:11:22:33:44:55, TABLE arpt);",
        notes = "Held packets live in a preallocated array of CAPACITY slots; with CAPACITY 0 at most 65536 packets are "
                + "held (Click: unlimited).")
public final class ARPTable extends Element {
    final ArpCache cache = new ArpCache();
    private Timer expire;

    @Override
    public void configure(Args a) throws ConfigException {
        configureCache(this, cache, a);
        a.complete();
    }

    /** Reads the table keywords into {@code c} (shared with ARPQuerier). */
    static void configureCache(Element e, ArpCache c, Args a) {
        c.packetCapacity = a.keyword("CAPACITY", ArgTypes.UINT32, 2048);
        c.entryCapacity = a.keyword("ENTRY_CAPACITY", ArgTypes.UINT32, 0);
        c.entryPacketCapacity = a.keyword("ENTRY_PACKET_CAPACITY", ArgTypes.UINT32, 0);
        c.slimFactor = a.keyword("CAPACITY_SLIM_FACTOR", ArgTypes.UINT32, 2);
        c.timeoutNs = a.keyword("TIMEOUT", ArgTypes.TIME, 300 * ArpCache.SEC);
        if (c.slimFactor == 0) {
            a.error(null, "CAPACITY_SLIM_FACTOR cannot be zero");
        }
        if (c.packetCapacity < 0 || c.entryCapacity < 0 || c.entryPacketCapacity < 0) {
            a.error(null, "capacities must be at most 2147483647");
        }
    }

    /** Starts the periodic expiry of {@code c} owned by {@code owner}. */
    static Timer startExpiry(Element owner, ElementContext ctx, ArpCache c) {
        c.prepare();
        if (c.timeoutNs == 0) {
            return null;
        }
        Timer t = new Timer() {
            @Override
            public void run() {
                long now = ctx.now();
                c.slim(now);
                ctx.schedule(owner, this, now + c.timeoutNs + ArpCache.SEC);
            }
        };
        ctx.schedule(owner, t, ctx.now() + c.timeoutNs);
        return t;
    }

    @Override
    public void initialize() {
        expire = startExpiry(this, context, cache);
    }

    @Override
    public void cleanup() {
        cache.clear();
    }

    @Override
    public void addHandlers(Handlers h) {
        addTableHandlers(this, context, cache, h, null);
        h.readLong("drops", () -> cache.drops);
    }

    /** table, count, length, insert, delete, clear (shared with ARPQuerier, which adds its own clear). */
    static void addTableHandlers(Element e, ElementContext ctx, ArpCache c, Handlers h, Inserter inserter) {
        h.read("table", () -> c.table(ctx.now()));
        h.readLong("count", () -> c.entryCount);
        h.readLong("length", () -> c.packetCount);
        h.write("insert", v -> {
            List<String> w = ConfigText.splitWords(v);
            if (w.size() != 2) {
                throw new HandlerException(w.size() < 2 ? (w.isEmpty() ? "IP" : "ETH") + ": required argument missing"
                        : "too many arguments");
            }
            Integer ip = Net.parseIp(w.get(0), Net.resolverFor(e, ctx));
            if (ip == null) {
                throw new HandlerException("IP: expected IP address");
            }
            Long eth = Net.parseEther(w.get(1), Net.resolverFor(e, ctx));
            if (eth == null) {
                throw new HandlerException("ETH: expected Ethernet address");
            }
            if (inserter != null) {
                inserter.insert(ip, eth);
            } else {
                c.insert(ip, eth, ctx.now(), false);
            }
        });
        h.write("delete", v -> {
            List<String> w = ConfigText.splitWords(v);
            if (w.size() != 1) {
                throw new HandlerException(w.isEmpty() ? "IP: required argument missing" : "too many arguments");
            }
            Integer ip = Net.parseIp(w.get(0), Net.resolverFor(e, ctx));
            if (ip == null) {
                throw new HandlerException("IP: expected IP address");
            }
            c.insert(ip, 0xFFFFFFFFFFFFL, ctx.now(), false);
        });
        h.write("clear", v -> c.clear());
    }

    /** How an owner inserts from its insert handler (ARPQuerier sends the packets waiting for the address). */
    interface Inserter {
        /** Inserts {@code ip} at {@code eth}. */
        void insert(int ip, long eth);
    }
}
