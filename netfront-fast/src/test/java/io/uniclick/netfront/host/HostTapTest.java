package io.uniclick.netfront.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FromHost/ToHost over a TAP device (root only): the kernel pings an address that only the uniclick
 * configuration answers (ARPResponder + ICMPPingResponder), so the replies prove both directions.
 */
class HostTapTest {
    private static final String TAP = "uctap" + (ProcessHandle.current().pid() % 10000);

    @BeforeAll
    static void needRoot() {
        assumeTrue(Host.isRoot(), "needs root (TAP devices)");
        assumeTrue(Host.have("ip") && Host.have("ping"), "needs iproute2 and ping");
    }

    @Test
    void hostPingsAnAddressAnsweredByTheConfiguration() throws Exception {
        String cfg = """
                FromHost($TAP, 10.198.7.1/24) -> in :: Counter
                  -> c :: Classifier(12/0806 20/0001, 12/0800, -);
                c[0] -> ARPResponder(10.198.7.2 02:00:0a:c6:07:02) -> th :: ToHost($TAP);
                c[1] -> Strip(14) -> CheckIPHeader -> ICMPPingResponder -> Unstrip(14) -> EtherMirror -> th;
                c[2] -> Discard;
                """;
        try (Host.Running r = new Host.Running(cfg, Map.of("TAP", TAP))) {
            Host.Result link = Host.sh("ip -d link show " + TAP + "; ip -4 addr show " + TAP);
            assertTrue(link.out().contains("tun type tap"), link.out());
            assertTrue(link.out().contains("10.198.7.1/24"), link.out());
            Host.Result ping = Host.sh("ping -c 3 -i 0.2 -W 2 -I " + TAP + " 10.198.7.2", 20_000);
            assertTrue(ping.ok(), ping.out());
            assertTrue(ping.out().contains("3 received"), ping.out());
            assertTrue(r.read("in.count") >= 4); // an ARP request and three echo requests at least
            assertTrue(r.read("th.count") >= 4);
            assertEquals(0, r.read("th.drops"));
        }
        // closing the descriptor removed the device
        assertFalse(Host.sh("ip link show " + TAP).ok(), "the TAP device must disappear after the router stops");
    }

    @Test
    void fromHostAndToHostShareOneDeviceInEitherOrder() throws Exception {
        // two ToHosts and a FromHost on the same name: a second TUNSETIFF would fail with EBUSY
        try (Host.Running r = new Host.Running("Idle -> th :: ToHost($TAP); FromHost($TAP) -> Discard;", Map.of("TAP", TAP))) {
            assertTrue(Host.sh("ip link show " + TAP).ok());
        }
        assertFalse(Host.sh("ip link show " + TAP).ok());
    }
}
