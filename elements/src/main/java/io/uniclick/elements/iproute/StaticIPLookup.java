package io.uniclick.elements.iproute;

import io.uniclick.core.element.ElementInfo;

/** An immutable LinearIPLookup (Click's StaticIPLookup, formerly LookupIPRoute). */
@ElementInfo(name = "StaticIPLookup", aliases = {"LookupIPRoute"}, ports = "1/-", processing = "h", flow = "x/x",
        synopsis = "StaticIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)",
        description = "Like LinearIPLookup, but the routes are fixed by the configuration: it has only the table and "
                + "lookup handlers. Expects a destination IP address annotation on each packet; the longest matching "
                + "prefix gives the output port and, if it has one, the gateway written into the annotation.",
        handlers = {"table (r): the routing table", "lookup (r, with parameter ADDR): 'OUT GW' or 'OUT', -1 when none"},
        example = "StaticIPLookup(18.26.4.24/32 0, 18.26.4.0/24 1, 0.0.0.0/0 18.26.4.1 2)",
        notes = "LookupIPRoute is accepted as an alias, as Click renamed the element in 2001.")
public final class StaticIPLookup extends LinearIPLookup {
    private boolean initialized;

    @Override
    public void initialize() {
        super.initialize();
        initialized = true;
    }

    @Override
    boolean mutable() {
        return !initialized;
    }

    @Override
    boolean mutableHandlers() {
        return false;
    }
}
