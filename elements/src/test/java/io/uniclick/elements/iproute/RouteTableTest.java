package io.uniclick.elements.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.handler.HandlerException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTableTest {
    @TempDir
    Path tmp;

    private static final String ROUTES = "10.0.0.0/8 0, 10.1.0.0/16 10.0.0.254 1, 10.1.2.128/25 2, 0.0.0.0/0 192.168.0.1 3";

    @ParameterizedTest
    @ValueSource(strings = {"RadixIPLookup", "DirectIPLookup", "LinearIPLookup", "StaticIPLookup", "LookupIPRoute"})
    void forwardsByLongestPrefixAndRewritesTheAnnotationToTheGateway(String cls) throws Exception {
        Path in = tmp.resolve("in.pcap");
        String[] dsts = {"10.9.9.9", "10.1.9.9", "10.1.2.200", "10.1.2.100", "8.8.8.8"};
        List<byte[]> frames = new ArrayList<>();
        for (String d : dsts) {
            frames.add(Harness.ether("02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800, Harness.ipPacket("1.1.1.1", d, 64, 8)));
        }
        Harness.writePcap(in, frames);
        StringBuilder cfg = new StringBuilder("FromDump(" + in + ", STOP true) -> TestSetDst -> rt :: " + cls + "(" + ROUTES + ");\n");
        for (int i = 0; i < 4; i++) {
            cfg.append("rt[").append(i).append("] -> c").append(i).append(" :: Counter -> SetIPAddressCheck").append(i)
                    .append(" :: Null -> ToDump(").append(tmp.resolve("out" + i + ".pcap")).append(");\n");
        }
        Harness h = Harness.ok(cfg.toString().replace("SetIPAddressCheck", "n")).run();
        assertEquals("1", h.read("c0.count")); // 10.9.9.9
        assertEquals("2", h.read("c1.count")); // 10.1.9.9 and 10.1.2.100 (not in the /25)
        assertEquals("1", h.read("c2.count")); // 10.1.2.200
        assertEquals("1", h.read("c3.count")); // 8.8.8.8
        assertEquals("0 ", h.read("rt.lookup", "10.200.0.1") + " ");
        assertEquals("1 10.0.0.254", h.read("rt.lookup", "10.1.2.3"));
        assertEquals("2", h.read("rt.lookup", "10.1.2.129"));
        assertEquals("3 192.168.0.1", h.read("rt.lookup", "4.4.4.4"));
        assertEquals("10.0.0.0/8\t\t-\t\t0\n10.1.0.0/16\t\t10.0.0.254\t1\n10.1.2.128/25\t\t-\t\t2\n0.0.0.0/0\t\t192.168.0.1\t3\n",
                h.read("rt.table"));
        // packets are unchanged
        assertEquals(frames.get(4).length, Harness.readPcap(tmp.resolve("out3.pcap")).get(0).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RadixIPLookup", "DirectIPLookup", "LinearIPLookup"})
    void handlersAddSetRemoveAndCtrlAtomically(String cls) throws Exception {
        Harness h = Harness.ok("Idle -> rt :: " + cls + "(10.0.0.0/8 0, 0.0.0.0/0 1); rt[0] -> Discard; rt[1] -> Discard;");
        h.write("rt.add", "10.1.0.0/16 10.0.0.1 1");
        assertEquals("1 10.0.0.1", h.read("rt.lookup", "10.1.0.5"));
        HandlerException e = assertThrows(HandlerException.class, () -> h.write("rt.add", "10.1.0.0/16 0"));
        assertTrue(e.getMessage().contains("conflict with existing route '10.1.0.0/16 10.0.0.1 1'"), e.getMessage());
        h.write("rt.set", "10.1.0.0/16 0");
        assertEquals("0", h.read("rt.lookup", "10.1.0.5"));
        e = assertThrows(HandlerException.class, () -> h.write("rt.add", "10.2.0.0/16 5"));
        assertEquals("bad OUTPUT", e.getMessage());
        e = assertThrows(HandlerException.class, () -> h.write("rt.add", "garbage"));
        assertEquals("expected 'ADDR/MASK [GATEWAY] OUTPUT'", e.getMessage());
        h.write("rt.remove", "10.1.0.0/16");
        assertEquals("0", h.read("rt.lookup", "10.1.0.5"));
        e = assertThrows(HandlerException.class, () -> h.write("rt.remove", "10.1.0.0/16"));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        // ctrl: the failing last line undoes the first two
        e = assertThrows(HandlerException.class, () -> h.write("rt.ctrl", "add 10.3.0.0/16 1\nremove 10.0.0.0/8\nadd 10.0.0.0/8 9"));
        assertEquals("0", h.read("rt.lookup", "10.3.0.1"));
        assertEquals("10.0.0.0/8\t\t-\t\t0\n0.0.0.0/0\t\t-\t\t1\n", h.read("rt.table"));
        h.write("rt.ctrl", "add 10.3.0.0/16 1\nremove 10.0.0.0/8 0\n");
        assertEquals("1", h.read("rt.lookup", "10.3.0.1"));
        assertEquals("1", h.read("rt.lookup", "10.4.0.1"));
        if (!cls.equals("LinearIPLookup")) {
            h.write("rt.flush", "");
            assertEquals("", h.read("rt.table"));
            assertEquals("-1", h.read("rt.lookup", "10.4.0.1"));
        }
        h.router.cleanup();
    }

    @Test
    void staticIPLookupHasOnlyTableAndLookup() throws Exception {
        Harness h = Harness.ok("Idle -> rt :: StaticIPLookup(10.0.0.0/8 0); rt[0] -> Discard;");
        assertNull(h.router.findHandler(null, "rt.add"));
        assertEquals("0", h.read("rt.lookup", "10.0.0.1"));
        h.router.cleanup();
    }

    @Test
    void configurationErrorsNameTheArgument() {
        Harness h = Harness.compile("Idle -> rt :: RadixIPLookup(10.0.0.0/8 0, 10.0.0.0/33 1, 1.0.0.0/8 7); rt[0] -> Discard; rt[1] -> Discard;");
        assertNull(h.router);
        assertTrue(h.errors().contains("While configuring 'rt :: RadixIPLookup':"), h.errors());
        assertTrue(h.errors().contains("argument 2 should be 'ADDR/MASK [GATEWAY] OUTPUT'"), h.errors());
        assertTrue(h.errors().contains("argument 3 bad OUTPUT"), h.errors());
    }

    @Test
    void duplicatePrefixKeepsTheFirstAndWarnsAsClick() throws Exception {
        Harness h = Harness.ok("Idle -> rt :: RadixIPLookup(10.0.0.0/8 0, 10.0.0.0/8 1); rt[0] -> Discard; rt[1] -> Discard;");
        assertTrue(h.printed().contains("warning: 1 route replaced by later versions"), h.printed());
        assertEquals("0", h.read("rt.lookup", "10.0.0.1"));
        h.router.cleanup();
    }

    @Test
    void routesMayUseAddressInfoNamesAndBareAddresses() throws Exception {
        Harness h = Harness.ok("AddressInfo(net 10.0.0.0/8, gw 10.0.0.1, host 10.1.1.1/8);"
                + "Idle -> rt :: RadixIPLookup(net gw 0, host 1, 0/0 - 1); rt[0] -> Discard; rt[1] -> Discard;");
        assertEquals("0 10.0.0.1", h.read("rt.lookup", "10.2.2.2"));
        assertEquals("1", h.read("rt.lookup", "10.1.1.1"));
        assertEquals("1", h.read("rt.lookup", "11.1.1.1"));
        h.router.cleanup();
    }
}
