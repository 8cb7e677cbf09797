package io.uniclick.elements.iproute;

import io.uniclick.core.element.ElementInfo;

/** IPv4 longest-prefix-match routing on a 16-8-8 multibit trie (Click's RadixIPLookup). */
@ElementInfo(name = "RadixIPLookup", ports = "1/-", processing = "h", flow = "x/x",
        synopsis = "RadixIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)",
        description = "Expects a destination IP address annotation on each packet. Looks the address up in its routing table "
                + "by longest-prefix match, sets the destination annotation to the route's GW (if it has one) and emits the "
                + "packet on the route's OUTput. Packets without a route are dropped (the first five are reported as Click "
                + "does). Each argument is a route: a prefix (or bare address, or AddressInfo name), an optional gateway "
                + "('-' for none) and an output port. Routes can be added and removed at run time. The table is a leaf-pushed "
                + "multibit trie with strides 16, 8 and 8 held in three flat int arrays: a lookup is one to three array reads, "
                + "allocation-free, and memory grows with the number of prefixes longer than /16 (1 KB per /16 holding them, "
                + "plus 1 KB per /24 holding prefixes longer than /24).",
        handlers = {"table (r): the routing table, one 'ADDR/MASK GW OUT' line per route (tab-separated, '-' for no gateway)",
                "lookup (r, with parameter ADDR): 'OUT GW' or 'OUT' for the route matching ADDR, -1 when none",
                "add (w): add the route 'ADDR/MASK [GW] OUT'; fails if one exists for ADDR/MASK",
                "set (w): add or replace the route 'ADDR/MASK [GW] OUT'",
                "remove (w): remove the route 'ADDR/MASK [GW OUT]'",
                "ctrl (w): lines 'add ROUTE', 'set ROUTE', 'remove ROUTE', applied atomically (all or none)",
                "flush (w): remove every route"},
        example = "rt :: RadixIPLookup(18.26.4.0/24 0, 18.26.7.0/24 18.26.4.1 1, 0.0.0.0/0 18.26.4.1 1);",
        notes = "Masks must be contiguous (Click's RadixIPLookup silently misbehaves with other masks). Click's radix tree "
                + "has 16-4-4-4-4 strides; this one has 16-8-8, so lookups take at most three memory reads. A configuration "
                + "that names one prefix twice keeps the first route and warns, as Click does. A pushed batch is split by output: "
                + "packets keep their order within each output, not across outputs.")
public final class RadixIPLookup extends IPRouteTable {
    private final StrideTrie trie = new StrideTrie(16, 8, 8);

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
        // the trie's 16-8-8 levels unrolled: the generic loop cost a fused router a tenth of its time
        final int[][] tab = trie.tab;
        int v = tab[0][addr >>> 16];
        if (v < 0) {
            v = tab[1][(~v) << 8 | (addr >>> 8 & 0xFF)];
            if (v < 0) {
                v = tab[2][(~v) << 8 | (addr & 0xFF)];
            }
        }
        return v & 0xFFFF;
    }

    /** The trie (tests). */
    StrideTrie trie() {
        return trie;
    }
}
