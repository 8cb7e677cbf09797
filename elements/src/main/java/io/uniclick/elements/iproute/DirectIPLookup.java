package io.uniclick.elements.iproute;

import io.uniclick.core.element.ElementInfo;

/** IPv4 longest-prefix-match routing with DIR-24-8-BASIC direct-indexed tables (Click's DirectIPLookup). */
@ElementInfo(name = "DirectIPLookup", ports = "1/-", processing = "h", flow = "x/x",
        synopsis = "DirectIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)",
        description = "Expects a destination IP address annotation on each packet. Looks the address up in its routing table "
                + "by longest-prefix match, sets the destination annotation to the route's GW (if it has one) and emits the "
                + "packet on the route's OUTput. Packets without a route are dropped silently, "
                + "as in Click. Each argument is a route: a prefix (or bare address, or AddressInfo name), an optional gateway "
                + "('-' for none) and an output port. Routes can be added and removed at run time. The table is Gupta, Lin and "
                + "McKeown's DIR-24-8-BASIC scheme: a directly indexed table of 2^24 entries for the first 24 bits and "
                + "256-entry chunks for /24s holding longer prefixes, so a lookup is one or two array reads, allocation-free. "
                + "It costs 64 MB of memory however small the table.",
        handlers = {"table (r): the routing table, one 'ADDR/MASK GW OUT' line per route (tab-separated, '-' for no gateway)",
                "lookup (r, with parameter ADDR): 'OUT GW' or 'OUT' for the route matching ADDR, -1 when none",
                "add (w): add the route 'ADDR/MASK [GW] OUT'; fails if one exists for ADDR/MASK",
                "set (w): add or replace the route 'ADDR/MASK [GW] OUT'",
                "remove (w): remove the route 'ADDR/MASK [GW OUT]'",
                "ctrl (w): lines 'add ROUTE', 'set ROUTE', 'remove ROUTE', applied atomically (all or none)",
                "flush (w): remove every route"},
        example = "rt :: DirectIPLookup(18.26.4.0/24 0, 18.26.7.0/24 18.26.4.1 1, 0.0.0.0/0 18.26.4.1 1);",
        notes = "Masks must be contiguous. Entries are 32-bit (Click: 16-bit), so the number of /24s holding longer "
                + "prefixes is not limited to 2^15 as in Click (distinct (GW, OUT) pairs are limited to 65535). The table "
                + "handler lists routes in the order they were added, not in Click's hash order. A configuration that names "
                + "one prefix twice keeps the first route and warns, as Click does. A pushed batch is split by output: "
                + "packets keep their order within each output, not across outputs.")
public final class DirectIPLookup extends IPRouteTable {
    private final StrideTrie trie = new StrideTrie(24, 8);

    @Override
    void install(int addr, int mask, int nhIndex) {
        int len = Net.prefixLen(mask);
        trie.add(addr, len, StrideTrie.leaf(len, nhIndex));
    }

    @Override
    void uninstall(int addr, int mask, int coverLen, int coverNh) {
        trie.remove(addr, Net.prefixLen(mask), coverLen < 0 ? 0 : StrideTrie.leaf(coverLen, coverNh));
    }

    @Override
    void clearStructure() {
        trie.clear();
    }

    @Override
    int lookupNh(int addr) {
        // the trie's 24-8 levels unrolled, as in RadixIPLookup
        final int[][] tab = trie.tab;
        int v = tab[0][addr >>> 8];
        if (v < 0) {
            v = tab[1][(~v) << 8 | (addr & 0xFF)];
        }
        return v & 0xFFFF;
    }

    /** The trie (tests). */
    StrideTrie trie() {
        return trie;
    }

    @Override
    boolean reportsNoRoute() {
        return false;
    }
}
