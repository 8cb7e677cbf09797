package io.uniclick.elements.iproute;

import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** IPv4 routing by a linear scan of the table (Click's LinearIPLookup). */
@ElementInfo(name = "LinearIPLookup", ports = "1/-", processing = "h", flow = "x/x",
        synopsis = "LinearIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)",
        description = "Expects a destination IP address annotation on each packet. Looks the address up in its routing table "
                + "by longest-prefix match (the most specific matching mask wins), sets the destination annotation to the "
                + "route's GW (if it has one) and emits the packet on the route's OUTput; packets without a route are dropped. "
                + "Lookups scan the table, so it suits small tables only; it remembers the last address looked up. Masks "
                + "need not be contiguous.",
        handlers = {"table (r): the routing table, one 'ADDR/MASK GW OUT' line per route",
                "lookup (r, with parameter ADDR): 'OUT GW' or 'OUT' for the route matching ADDR, -1 when none",
                "add (w): add the route 'ADDR/MASK [GW] OUT'; fails if one exists for ADDR/MASK",
                "set (w): add or replace a route", "remove (w): remove the route 'ADDR/MASK [GW OUT]'",
                "ctrl (w): lines 'add ROUTE', 'set ROUTE', 'remove ROUTE', applied atomically"},
        example = "LinearIPLookup(18.26.4.0/24 0, 0.0.0.0/0 18.26.4.1 1)",
        notes = "The scan goes over routes sorted by decreasing mask length, so the first match is the answer; Click scans "
                + "in table order with 'next' pointers. Among noncontiguous masks of one length the earlier route wins. A pushed "
                + "batch is split by output: packets keep their order within each output, not across outputs.")
public class LinearIPLookup extends IPRouteTable {
    // routes sorted by decreasing mask bit count, rebuilt on change (control path)
    int[] lAddr = new int[0];
    int[] lMask = new int[0];
    int[] lNh = new int[0];
    private int lastAddr;
    private int lastNh = -1;

    @Override
    boolean contiguousOnly() {
        return false;
    }

    @Override
    boolean hasFlush() {
        return false;
    }

    private void rebuild() {
        int n = routeCount();
        long[] order = new long[n];
        int[] a = new int[n];
        int[] m = new int[n];
        int[] h = new int[n];
        int[] k = {0};
        forEachRoute((addr, mask, nhi) -> {
            int i = k[0]++;
            a[i] = addr;
            m[i] = mask;
            h[i] = nhi;
            order[i] = ((long) (32 - Integer.bitCount(mask)) << 32) | i;
        });
        java.util.Arrays.sort(order);
        int[] sa = new int[n];
        int[] sm = new int[n];
        int[] sh = new int[n];
        for (int i = 0; i < n; i++) {
            int j = (int) order[i];
            sa[i] = a[j];
            sm[i] = m[j];
            sh[i] = h[j];
        }
        lAddr = sa;
        lMask = sm;
        lNh = sh;
        lastNh = -1;
    }

    @Override
    void install(int addr, int mask, int nhIndex) {
        rebuild();
    }

    @Override
    void uninstall(int addr, int mask, int coverLen, int coverNh) {
        rebuild();
    }

    @Override
    void clearStructure() {
        lAddr = new int[0];
        lMask = new int[0];
        lNh = new int[0];
        lastNh = -1;
    }

    @Override
    int lookupNh(int addr) {
        final int[] la = lAddr;
        final int[] lm = lMask;
        for (int i = 0; i < la.length; i++) {
            if ((addr & lm[i]) == la[i]) {
                return lNh[i];
            }
        }
        return 0;
    }

    @Override
    public void push(int port, PacketBatch b) {
        final int n = b.size();
        final int[] o = outsFor(n);
        int last = lastAddr;
        int lastH = lastNh;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int a = p.dstIpAnno();
            if (a != last || lastH < 0) {
                lastH = lookupNh(a);
                last = a;
            }
            o[i] = hop(p, lastH);
        }
        lastAddr = last;
        lastNh = lastH;
        emitRouted(b, o);
    }
}
