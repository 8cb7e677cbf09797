package io.uniclick.elements.iproute;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.SwitchAction;
import io.uniclick.core.element.OutputBatches;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Common part of the IPv4 route table elements (Click's IPRouteTable): route syntax
 * {@code ADDR/MASK [GW] OUT}, the route list behind the {@code table} handler, the handlers
 * {@code table}, {@code lookup}, {@code add}, {@code set}, {@code remove}, {@code ctrl} (and
 * {@code flush} where the subclass allows it). Subclasses keep their own lookup structure behind
 * {@link #lookupNh}, which the batch {@code push} and the fused {@link #route} share; LinearIPLookup
 * has its own {@code push} for its one-entry cache.
 */
public abstract class IPRouteTable extends Element implements SwitchAction {
    /** Interned (gateway, output) pairs; index 0 = no route. */
    final NextHops nh = new NextHops();

    // route slots, in Click's table order (a freed slot is reused by the next added route)
    private int[] sAddr = new int[16];
    private int[] sMask = new int[16];
    private int[] sNh = new int[16];
    private boolean[] sLive = new boolean[16];
    private int nslots;
    private final PriorityQueue<Integer> freeSlots = new PriorityQueue<>();
    private final HashMap<Long, Integer> byPrefix = new HashMap<>();
    private int routeCount;
    private static int noRouteComplaints;

    /** A parsed route; {@code port} is -1 when a remove omitted it. */
    record Route(int addr, int mask, int gw, int port) {
        String unparse(boolean tabs) {
            return IPRouteTable.unparse(addr, mask, gw, port, tabs);
        }
    }

    // ---- subclass hooks --------------------------------------------------------------------

    /** Whether only contiguous masks are allowed (trie-based tables). */
    boolean contiguousOnly() {
        return true;
    }

    /** Installs a new route, or replaces the next hop of an existing one, in the lookup structure. */
    abstract void install(int addr, int mask, int nhIndex);

    /**
     * Removes a route from the lookup structure. {@code coverLen}/{@code coverNh} describe the
     * longest remaining route covering it (-1/0 if none).
     */
    abstract void uninstall(int addr, int mask, int coverLen, int coverNh);

    /** Empties the lookup structure. */
    abstract void clearStructure();

    /** Next-hop index for {@code addr}, 0 if no route (control path). */
    abstract int lookupNh(int addr);

    /** Whether add/remove are allowed now. */
    boolean mutable() {
        return true;
    }

    /** Whether the element has a flush handler. */
    boolean hasFlush() {
        return true;
    }

    // ---- configuration ---------------------------------------------------------------------

    @Override
    public void configure(Args args) throws ConfigException {
        List<String> conf = args.rest();
        args.complete();
        AddressResolver res = args.addresses();
        List<String> errors = new ArrayList<>();
        int eexist = 0;
        for (int i = 0; i < conf.size(); i++) {
            String c = conf.get(i);
            if (c.isEmpty()) {
                continue;
            }
            Route r = parseRoute(c, false, res);
            if (r == null) {
                errors.add("argument " + (i + 1) + " should be 'ADDR/MASK [GATEWAY] OUTPUT'");
            } else if (r.port < 0 || r.port >= noutputs()) {
                errors.add("argument " + (i + 1) + " bad OUTPUT");
            } else if (contiguousOnly() && Net.prefixLen(r.mask) < 0) {
                errors.add("argument " + (i + 1) + " mask " + Net.ip(r.mask) + " is not a prefix");
            } else {
                try {
                    if (addRoute(r, false) != null) {
                        eexist++;
                    }
                } catch (HandlerException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        if (eexist > 0) {
            context.errors().println(landmark() + ": warning: " + eexist + (eexist > 1 ? " routes" : " route")
                    + " replaced by later versions");
        }
    }

    /** Click's {@code cp_ip_route}: {@code ADDR/MASK [GW|-] OUT}; OUT optional when removing. Null if malformed. */
    static Route parseRoute(String s, boolean remove, AddressResolver res) {
        List<String> w = ConfigText.splitWords(s);
        if (w.isEmpty()) {
            return null;
        }
        int[] p = Net.parsePrefixOrAddress(w.get(0), res);
        if (p == null) {
            return null;
        }
        int addr = p[0] & p[1];
        int gw = 0;
        int i = 1;
        if (i < w.size()) {
            String word = w.get(i);
            if (word.equals("-")) {
                i++;
            } else {
                Integer g = Net.parseIp(word, res);
                if (g != null) {
                    gw = g;
                    i++;
                }
            }
        }
        int port = -1;
        if (i < w.size()) {
            try {
                long v = io.uniclick.core.config.ArgTypes.parseInteger(w.get(i));
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    return null;
                }
                port = (int) v;
            } catch (Exception e) {
                return null;
            }
            i++;
        } else if (!remove) {
            return null;
        }
        if (i != w.size()) {
            return null;
        }
        return new Route(addr, p[1], gw, port);
    }

    static String unparse(int addr, int mask, int gw, int port, boolean tabs) {
        StringBuilder sb = new StringBuilder();
        char tab = tabs ? '\t' : ' ';
        sb.append(Net.ipWithMask(addr, mask)).append(tab);
        if (sb.length() < 17 && tabs) {
            sb.append('\t');
        }
        int l = sb.length();
        sb.append(gw != 0 ? Net.ip(gw) : "-").append(tab);
        if (sb.length() < l + 9 && tabs) {
            sb.append('\t');
        }
        sb.append(port);
        return sb.toString();
    }

    private static long key(int addr, int mask) {
        return ((long) addr << 32) | (mask & 0xFFFFFFFFL);
    }

    /**
     * Adds a route. Returns the previous route for the same prefix (replaced only if {@code set}),
     * or null if there was none.
     */
    Route addRoute(Route r, boolean set) throws HandlerException {
        Integer slot = byPrefix.get(key(r.addr, r.mask));
        if (slot != null) {
            int s = slot;
            Route old = new Route(sAddr[s], sMask[s], nh.gw[sNh[s]], nh.port[sNh[s]]);
            if (set) {
                int n = nh.intern(r.gw, r.port);
                if (n < 0) {
                    throw new HandlerException("no memory to store route '" + r.unparse(false) + "'");
                }
                int was = sNh[s];
                sNh[s] = n;
                install(r.addr, r.mask, n);
                nh.release(was);
            }
            return old;
        }
        int n = nh.intern(r.gw, r.port);
        if (n < 0) {
            throw new HandlerException("no memory to store route '" + r.unparse(false) + "'");
        }
        int s;
        if (!freeSlots.isEmpty()) {
            s = freeSlots.poll();
        } else {
            if (nslots == sAddr.length) {
                int cap = nslots * 2;
                sAddr = Arrays.copyOf(sAddr, cap);
                sMask = Arrays.copyOf(sMask, cap);
                sNh = Arrays.copyOf(sNh, cap);
                sLive = Arrays.copyOf(sLive, cap);
            }
            s = nslots++;
        }
        sAddr[s] = r.addr;
        sMask[s] = r.mask;
        sNh[s] = n;
        sLive[s] = true;
        byPrefix.put(key(r.addr, r.mask), s);
        routeCount++;
        install(r.addr, r.mask, n);
        return null;
    }

    /** Removes a route (gateway and output must match unless the output is -1). Returns the removed route or null if not found. */
    Route removeRoute(Route r) {
        Integer slot = byPrefix.get(key(r.addr, r.mask));
        if (slot == null) {
            return null;
        }
        int s = slot;
        int n = sNh[s];
        if (r.port >= 0 && (nh.port[n] != r.port || nh.gw[n] != r.gw)) {
            return null;
        }
        Route old = new Route(sAddr[s], sMask[s], nh.gw[n], nh.port[n]);
        byPrefix.remove(key(r.addr, r.mask));
        sLive[s] = false;
        freeSlots.add(s);
        routeCount--;
        int coverLen = -1;
        int coverNh = 0;
        int len = Net.prefixLen(r.mask);
        for (int l = len - 1; l >= 0 && len > 0; l--) {
            int m = Net.maskOf(l);
            Integer c = byPrefix.get(key(r.addr & m, m));
            if (c != null) {
                coverLen = l;
                coverNh = sNh[c];
                break;
            }
        }
        uninstall(r.addr, r.mask, coverLen, coverNh);
        nh.release(n);
        return old;
    }

    /** Removes every route. */
    void flush() {
        clearStructure();
        byPrefix.clear();
        freeSlots.clear();
        nslots = 0;
        routeCount = 0;
        nh.clear();
    }

    /** Number of routes. */
    public int routeCount() {
        return routeCount;
    }

    /** Calls {@code f} for each live route, in table order. */
    void forEachRoute(RouteVisitor f) {
        for (int s = 0; s < nslots; s++) {
            if (sLive[s]) {
                f.visit(sAddr[s], sMask[s], sNh[s]);
            }
        }
    }

    /** Visitor of routes. */
    interface RouteVisitor {
        /** One route. */
        void visit(int addr, int mask, int nhIndex);
    }

    /** The {@code table} handler's text: one route per line, Click's tabbed format. */
    public String dumpRoutes() {
        StringBuilder sb = new StringBuilder();
        forEachRoute((a, m, n) -> sb.append(unparse(a, m, nh.gw[n], nh.port[n], true)).append('\n'));
        return sb.toString();
    }

    /** The {@code lookup} handler's text for an address: "OUT GW" or "OUT" ("-1" when there is no route). */
    public String lookupText(int addr) {
        int n = lookupNh(addr);
        int gw = nh.gw[n];
        return gw != 0 ? nh.port[n] + " " + Net.ip(gw) : Integer.toString(nh.port[n]);
    }

    private OutputBatches split;
    /** Per batch: each packet's output (-1: no route). */
    private int[] outs = new int[PacketBatch.MAX_SIZE];

    /** Prepares the per-output batches that {@link #emitRouted} splits a batch into. */
    @Override
    public void initialize() {
        split = new OutputBatches(output);
    }

    /** Room for {@code n} packets' outputs. */
    final int[] outsFor(int n) {
        if (n > outs.length) {
            outs = new int[n];
        }
        return outs;
    }

    /**
     * The batch push of a table whose lookup is {@link #lookupNh}: each packet's next hop, its
     * gateway (if any) as its destination annotation, then {@link #emitRouted}.
     */
    @Override
    public void push(int port, PacketBatch b) {
        final int n = b.size();
        final int[] o = outsFor(n);
        for (int i = 0; i < n; i++) {
            o[i] = nextHop(b.get(i));
        }
        emitRouted(b, o);
    }

    /** The packet's output by {@link #lookupNh} (-1: no route), its gateway (if any) set as its destination annotation. */
    private int nextHop(Packet p) {
        return hop(p, lookupNh(p.dstIpAnno()));
    }

    /** Next hop {@code h} applied to {@code p}: its gateway (if any) becomes the destination annotation; returns its output. */
    final int hop(Packet p, int h) {
        final NextHops hops = nh;
        int g = hops.gw[h];
        if (g != 0) {
            p.setDstIpAnno(g);
        }
        return hops.port[h];
    }

    /**
     * Sends packet {@code i} of {@code b} to output {@code out[i]}: the whole batch at once when every
     * packet goes to the same output, otherwise split by output (order kept within each output). A
     * packet without a route ({@code out[i] < 0}) is killed, and reported when {@link #reportsNoRoute}.
     */
    final void emitRouted(PacketBatch b, int[] out) {
        final int n = b.size();
        final int first = n > 0 ? out[0] : -1;
        boolean same = first >= 0;
        for (int i = 1; same && i < n; i++) {
            same = out[i] == first;
        }
        if (same) {
            output[first].push(b);
            return;
        }
        final boolean report = reportsNoRoute();
        final OutputBatches s = split;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int o = out[i];
            if (o < 0) {
                if (report) {
                    complainNoRoute(p);
                }
                p.kill();
            } else {
                s.add(o, p);
            }
        }
        b.clear();
        s.flush();
    }

    /** Whether a packet without a route is reported (Click's RadixIPLookup and LinearIPLookup do, DirectIPLookup does not). */
    boolean reportsNoRoute() {
        return true;
    }

    /**
     * One packet's route, for fused loops: its output, with the gateway (if any) set as its destination
     * annotation; a packet without a route is killed (and reported as in {@link #emitRouted}).
     */
    @Override
    public final int route(Packet p) {
        int out = nextHop(p);
        if (out < 0) {
            if (reportsNoRoute()) {
                complainNoRoute(p);
            }
            p.kill();
        }
        return out;
    }

    /** Prints Click's "no route" complaint (at most 5 times per process, as Click). */
    final void complainNoRoute(Packet p) {
        if (++noRouteComplaints <= 5) {
            context.errors().println("IPRouteTable: no route for " + Net.ip(p.dstIpAnno()));
        }
    }

    private static final int CMD_ADD = 0;
    private static final int CMD_SET = 1;
    private static final int CMD_REMOVE = 2;

    private Route runCommand(int cmd, String str, List<Route[]> undo) throws HandlerException {
        Route r = parseRoute(str, cmd == CMD_REMOVE, Net.resolverFor(this, context));
        if (r == null) {
            throw new HandlerException("expected 'ADDR/MASK [GATEWAY" + (cmd == CMD_REMOVE ? " OUTPUT]'" : "] OUTPUT'"));
        }
        if (r.port < (cmd == CMD_REMOVE ? -1 : 0) || r.port >= noutputs()) {
            throw new HandlerException("bad OUTPUT");
        }
        if (!mutable()) {
            throw new HandlerException(cmd == CMD_REMOVE ? "can't remove routes dynamically" : "can't add routes dynamically");
        }
        if (contiguousOnly() && Net.prefixLen(r.mask) < 0) {
            throw new HandlerException("mask " + Net.ip(r.mask) + " is not a prefix");
        }
        if (cmd == CMD_REMOVE) {
            Route old = removeRoute(r);
            if (old == null) {
                throw new HandlerException("route '" + r.unparse(false) + "' not found");
            }
            if (undo != null) {
                undo.add(new Route[] {null, old});
            }
            return old;
        }
        Route old = addRoute(r, cmd == CMD_SET);
        if (old != null && cmd == CMD_ADD) {
            throw new HandlerException("conflict with existing route '" + old.unparse(false) + "'");
        }
        if (undo != null) {
            undo.add(new Route[] {r, old});
        }
        return old;
    }

    private void ctrl(String conf) throws HandlerException {
        List<Route[]> undo = new ArrayList<>();
        try {
            for (String line : uncomment(conf).split("\n")) {
                String first = ConfigText.firstWord(line.trim());
                String rest = ConfigText.restAfterFirstWord(line.trim());
                switch (first) {
                    case "" -> {
                    }
                    case "add" -> runCommand(CMD_ADD, rest, undo);
                    case "set" -> runCommand(CMD_SET, rest, undo);
                    case "remove" -> runCommand(CMD_REMOVE, rest, undo);
                    default -> throw new HandlerException("bad command '" + first + "'");
                }
            }
        } catch (HandlerException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                Route[] u = undo.get(i);
                if (u[0] == null) { // removed u[1]: put it back
                    addRoute(u[1], false);
                } else if (u[1] == null) { // added u[0]: take it out
                    removeRoute(new Route(u[0].addr, u[0].mask, 0, -1));
                } else { // replaced u[1] by u[0]: restore
                    addRoute(u[1], true);
                }
            }
            throw e;
        }
    }

    private static String uncomment(String s) {
        String t = s.replaceAll("(?s)/\\*.*?\\*/", " ");
        return t.replaceAll("//[^\n]*", "");
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("table", this::dumpRoutes);
        h.readParam("lookup", p -> {
            Integer a = Net.parseIp(p.trim(), Net.resolverFor(this, context));
            if (a == null) {
                throw new HandlerException("expected IP address");
            }
            return lookupText(a);
        });
        if (mutableHandlers()) {
            h.write("add", v -> runCommand(CMD_ADD, v, null));
            h.write("set", v -> runCommand(CMD_SET, v, null));
            h.write("remove", v -> runCommand(CMD_REMOVE, v, null));
            h.write("ctrl", this::ctrl);
            if (hasFlush()) {
                h.write("flush", v -> flush());
            }
        }
    }

    /** Whether the add/set/remove/ctrl handlers exist (not on StaticIPLookup). */
    boolean mutableHandlers() {
        return true;
    }
}
