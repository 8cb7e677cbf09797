package io.uniclick.elements.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.uniclick.core.handler.HandlerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Cross-checks every lookup structure against a brute-force longest-prefix match. */
class LookupRandomTest {
    /** Reference table: prefix → "port gw". */
    private static final class Brute {
        final Map<Long, int[]> routes = new HashMap<>();

        static long key(int a, int len) {
            return ((long) a << 8) | len;
        }

        String lookup(int addr) {
            for (int len = 32; len >= 0; len--) {
                int m = Net.maskOf(len);
                int[] r = routes.get(key(addr & m, len));
                if (r != null) {
                    return r[1] != 0 ? r[0] + " " + Net.ip(r[1]) : Integer.toString(r[0]);
                }
            }
            return "-1";
        }
    }

    private static int randomLen(SplittableRandom rnd) {
        int x = rnd.nextInt(100);
        if (x < 3) {
            return rnd.nextInt(9); // short prefixes, incl. the default route
        } else if (x < 50) {
            return 16 + rnd.nextInt(9); // 16..24
        } else if (x < 80) {
            return 25 + rnd.nextInt(8); // longer than /24
        }
        return 8 + rnd.nextInt(25);
    }

    private static int randomAddr(SplittableRandom rnd, List<int[]> prefixes) {
        if (prefixes.isEmpty() || rnd.nextInt(4) == 0) {
            return rnd.nextInt();
        }
        int[] p = prefixes.get(rnd.nextInt(prefixes.size()));
        int m = Net.maskOf(p[1]);
        // inside the prefix, at an edge or a random spot
        int host = switch (rnd.nextInt(3)) {
            case 0 -> 0;
            case 1 -> ~m;
            default -> rnd.nextInt() & ~m;
        };
        return (p[0] & m) | host;
    }

    private static void check(IPRouteTable t, Brute b, SplittableRandom rnd, List<int[]> prefixes, int n) {
        for (int i = 0; i < n; i++) {
            int a = randomAddr(rnd, prefixes);
            assertEquals(b.lookup(a), t.lookupText(a), "lookup " + Net.ip(a));
        }
    }

    private static void exercise(Supplier<IPRouteTable> make, int nroutes, long seed) throws HandlerException {
        SplittableRandom rnd = new SplittableRandom(seed);
        IPRouteTable t = make.get();
        Brute b = new Brute();
        List<int[]> prefixes = new ArrayList<>();
        int ngw = 1 + rnd.nextInt(20);
        for (int i = 0; i < nroutes; i++) {
            int len = randomLen(rnd);
            int m = Net.maskOf(len);
            int a = (prefixes.isEmpty() || rnd.nextInt(3) > 0 ? rnd.nextInt() : prefixes.get(rnd.nextInt(prefixes.size()))[0]
                    ^ (rnd.nextInt(4) << (32 - Math.max(len, 2)))) & m;
            int port = rnd.nextInt(4);
            int gw = rnd.nextInt(3) == 0 ? 0 : 0x0A000000 + rnd.nextInt(ngw) + 1;
            IPRouteTable.Route old = t.addRoute(new IPRouteTable.Route(a, m, gw, port), false);
            long k = Brute.key(a, len);
            if (old == null) {
                assertNull(b.routes.get(k));
                b.routes.put(k, new int[] {port, gw});
                prefixes.add(new int[] {a, len});
            } else {
                assertNotNull(b.routes.get(k));
            }
        }
        check(t, b, rnd, prefixes, 20_000);
        // replace some routes (set)
        for (int i = 0; i < prefixes.size() / 10 + 1 && !prefixes.isEmpty(); i++) {
            int[] p = prefixes.get(rnd.nextInt(prefixes.size()));
            int port = rnd.nextInt(4);
            int gw = rnd.nextInt(2) == 0 ? 0 : 0x0B000001;
            t.addRoute(new IPRouteTable.Route(p[0], Net.maskOf(p[1]), gw, port), true);
            b.routes.put(Brute.key(p[0], p[1]), new int[] {port, gw});
        }
        check(t, b, rnd, prefixes, 10_000);
        // remove about half
        List<int[]> kept = new ArrayList<>();
        for (int[] p : prefixes) {
            if (rnd.nextBoolean()) {
                assertNotNull(t.removeRoute(new IPRouteTable.Route(p[0], Net.maskOf(p[1]), 0, -1)));
                b.routes.remove(Brute.key(p[0], p[1]));
            } else {
                kept.add(p);
            }
        }
        check(t, b, rnd, prefixes, 20_000);
        assertEquals(kept.size(), t.routeCount());
        // removing one that is gone fails
        if (prefixes.size() > kept.size()) {
            for (int[] p : prefixes) {
                if (!b.routes.containsKey(Brute.key(p[0], p[1]))) {
                    assertNull(t.removeRoute(new IPRouteTable.Route(p[0], Net.maskOf(p[1]), 0, -1)));
                    break;
                }
            }
        }
        // remove the rest: everything must be gone
        for (int[] p : kept) {
            assertNotNull(t.removeRoute(new IPRouteTable.Route(p[0], Net.maskOf(p[1]), 0, -1)));
            b.routes.remove(Brute.key(p[0], p[1]));
        }
        check(t, b, rnd, prefixes, 2_000);
        if (t instanceof RadixIPLookup r) {
            assertEquals(0, r.trie().nodesInUse(1), "level-1 nodes left after removing every route");
            assertEquals(0, r.trie().nodesInUse(2), "level-2 nodes left after removing every route");
        }
    }

    @Test
    void radixMatchesBruteForceOnRandomTables() throws HandlerException {
        long seed = 1;
        for (int n : new int[] {1, 2, 10, 100, 1000, 10_000}) {
            exercise(RadixIPLookup::new, n, seed++);
        }
    }

    @Test
    void directMatchesBruteForceOnRandomTables() throws HandlerException {
        DirectIPLookup shared = new DirectIPLookup();
        long seed = 100;
        for (int n : new int[] {1, 10, 1000, 10_000}) {
            exercise(() -> shared, n, seed++); // the table is empty again after each round
        }
    }

    @Test
    void linearMatchesBruteForceOnRandomTables() throws HandlerException {
        long seed = 200;
        for (int n : new int[] {1, 10, 300}) {
            exercise(LinearIPLookup::new, n, seed++);
        }
    }

    @Test
    void flushEmptiesTheTrie() throws HandlerException {
        RadixIPLookup t = new RadixIPLookup();
        t.addRoute(new IPRouteTable.Route(0x0A000000, Net.maskOf(8), 0, 1), false);
        t.addRoute(new IPRouteTable.Route(0x0A010280, Net.maskOf(25), 0, 2), false);
        assertEquals("2", t.lookupText(0x0A010281));
        t.flush();
        assertEquals("-1", t.lookupText(0x0A010281));
        assertEquals(0, t.routeCount());
        t.addRoute(new IPRouteTable.Route(0, 0, 0x01020304, 0), false);
        assertEquals("0 1.2.3.4", t.lookupText(0x0A010281));
    }
}
