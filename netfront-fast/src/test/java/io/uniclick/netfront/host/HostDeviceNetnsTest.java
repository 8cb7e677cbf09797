package io.uniclick.netfront.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through real network namespaces (root only): host A (namespace ucA, 10.199.0.1 on a0)
 * and host B (ucB, 10.199.0.2 on b0) are each wired by a veth pair to this namespace (vethA, vethB),
 * and the only path between them is a uniclick configuration running in this JVM.
 */
class HostDeviceNetnsTest {
    private static final String BRIDGE = """
            fa :: FromDevice(vethA) -> ab :: Counter -> qab :: Queue(1000) -> tb :: ToDevice(vethB);
            FromDevice(vethB) -> ba :: Counter -> qba :: Queue(1000) -> ta :: ToDevice(vethA);
            """;

    /** ARP passes; IPv4 goes through Strip/CheckIPHeader/IPFilter/Unstrip; everything else is dropped. */
    private static final String FIREWALL = """
            define($EXTRA deny all);
            elementclass Wall {
                input -> c :: Classifier(12/0806, 12/0800, -);
                c[0] -> output;
                c[1] -> Strip(14) -> CheckIPHeader
                     -> fw :: IPFilter(allow icmp type echo, allow icmp type echo-reply,
                                       allow tcp port 80, $EXTRA, deny all)
                     -> Unstrip(14) -> output;
                c[2] -> Discard;
            }
            FromDevice(vethA) -> wab :: Wall -> qab :: Queue(1000) -> ToDevice(vethB);
            FromDevice(vethB) -> wba :: Wall -> qba :: Queue(1000) -> ToDevice(vethA);
            """;

    @BeforeAll
    static void needRoot() {
        assumeTrue(Host.isRoot(), "needs root (network namespaces, AF_PACKET)");
        assumeTrue(Host.have("ip"), "needs iproute2");
    }

    private static Host.Pair pair() {
        return new Host.Pair("ucA", "ucB", "vethA", "vethB");
    }

    private static String python() {
        return Host.have("python3") && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3"))
                ? "/usr/bin/python3" : "python3";
    }

    private static void waitListening(Host.Pair p, int port) {
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            if (p.inB("sh -c 'ss -ltn | grep -q \":" + port + " \"'", 5_000).ok()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("nothing listens on port " + port + " in " + p.nsB);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Host.Result curl(Host.Pair p, int port) {
        return p.inA("curl -s -o /dev/null -w %{http_code} --max-time 3 http://10.199.0.2:" + port + "/", 10_000);
    }

    @Test
    void nothingPassesWithoutTheRouter() {
        try (Host.Pair p = pair()) {
            assertFalse(p.inA("ping -c 1 -W 1 10.199.0.2", 5_000).ok(), "the namespaces must not be connected otherwise");
        }
    }

    @Test
    void pingAndHttpPassThroughFromDeviceQueueToDevice() throws Exception {
        assumeTrue(Host.have("ping"), "needs ping");
        try (Host.Pair p = pair()) {
            try (Host.Running r = new Host.Running(BRIDGE, Map.of())) {
                Host.Result ping = p.inA("ping -c 5 -i 0.2 -W 2 10.199.0.2", 20_000);
                assertTrue(ping.ok(), ping.out());
                assertTrue(ping.out().contains("5 received"), ping.out());
                assertTrue(r.read("ab.count") >= 5 && r.read("ba.count") >= 5);
                assertTrue(r.read("tb.count") >= 5 && r.read("ta.count") >= 5);
                assertEquals(0, r.read("tb.drops"));
                if (Host.have("curl") && Host.have("python3")) {
                    p.spawnInB(python() + " -m http.server 80 --bind 10.199.0.2");
                    waitListening(p, 80);
                    Host.Result c = curl(p, 80);
                    assertEquals("200", c.out().trim(), c.out());
                    // a0 leaves TCP checksums to offload: FromDevice completed them, or B would have dropped the segments
                    assertTrue(r.read("fa.checksums_completed") > 0);
                }
                // the router saw only this traffic, not its own transmissions: no forwarding loop
                long before = r.read("ab.count");
                sleep(500);
                assertTrue(r.read("ab.count") - before < 5, "frames keep circulating");
            }
        }
    }

    @Test
    void firewallPassesPingAndHttpAndBlocksOtherPorts() throws Exception {
        assumeTrue(Host.have("ping") && Host.have("curl") && Host.have("python3"), "needs ping, curl and python3");
        try (Host.Pair p = pair()) {
            p.spawnInB(python() + " -m http.server 80 --bind 10.199.0.2");
            p.spawnInB(python() + " -m http.server 8080 --bind 10.199.0.2");
            waitListening(p, 80);
            waitListening(p, 8080);
            try (Host.Running r = new Host.Running(FIREWALL, Map.of())) {
                Host.Result ping = p.inA("ping -c 3 -i 0.2 -W 2 10.199.0.2", 20_000);
                assertTrue(ping.ok(), ping.out());
                Host.Result web = curl(p, 80);
                assertEquals("200", web.out().trim(), web.out());
                Host.Result other = curl(p, 8080);
                assertFalse(other.ok(), "port 8080 must be blocked: " + other.out());
            }
            // the same server answers when the firewall is replaced by a plain bridge: the block was the firewall's
            try (Host.Running r = new Host.Running(BRIDGE, Map.of())) {
                Host.Result other = curl(p, 8080);
                assertEquals("200", other.out().trim(), other.out());
            }
        }
    }

    @Test
    void firewallBlocksIperf3UnlessARuleAllowsIt() throws Exception {
        assumeTrue(Host.have("iperf3"), "needs iperf3");
        try (Host.Pair p = pair()) {
            p.spawnInB("iperf3 -s -B 10.199.0.2 -p 5201");
            waitListening(p, 5201);
            String client = "iperf3 -c 10.199.0.2 -p 5201 -t 1 --connect-timeout 2000";
            try (Host.Running r = new Host.Running(FIREWALL, Map.of())) {
                Host.Result blocked = p.inA(client, 15_000);
                assertFalse(blocked.ok(), "iperf3 must be blocked: " + blocked.out());
            }
            try (Host.Running r = new Host.Running(FIREWALL, Map.of("EXTRA", "allow tcp port 5201"))) {
                Host.Result allowed = p.inA(client, 20_000);
                assertTrue(allowed.ok(), allowed.out());
                assertTrue(allowed.out().contains("receiver"), allowed.out());
            }
        }
    }
}
