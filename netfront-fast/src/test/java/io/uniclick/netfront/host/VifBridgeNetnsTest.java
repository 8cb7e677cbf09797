package io.uniclick.netfront.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.emu.EmuFixture;
import io.uniclick.netfront.emu.EmulatedNetback;
import io.uniclick.netfront.emu.NetbackService;
import io.uniclick.netfront.emu.VifSpec;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.XenEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulated netback's host-device bridges (root only): a uniclick "guest" on vif 0 answers ARP and
 * ping for an address, and the host pings it through an AF_PACKET-bridged veth or a TAP device, so
 * the replies prove both directions through the netback, the rings and the bridge.
 */
class VifBridgeNetnsTest {
    private static final long ID = ProcessHandle.current().pid() % 10000;
    private static final String GUEST = """
            FromNetFront(0) -> in :: Counter -> c :: Classifier(12/0806 20/0001, 12/0800, -);
            c[0] -> ARPResponder($IP 02:00:0a:c7:00:09) -> q :: Queue(256) -> out :: ToNetFront(0);
            c[1] -> Strip(14) -> CheckIPHeader -> ipc :: IPClassifier(icmp type echo, udp, -);
            ipc[0] -> ICMPPingResponder -> Unstrip(14) -> EtherMirror -> q;
            ipc[1] -> CheckUDPHeader -> udp :: Counter -> Discard;
            ipc[2] -> Discard;
            c[2] -> Discard;
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void needRoot() {
        assumeTrue(Host.isRoot(), "needs root (network namespaces, AF_PACKET, TAP)");
        assumeTrue(Host.have("ip") && Host.have("ping"), "needs iproute2 and ping");
    }

    @AfterEach
    void forgetBackend() {
        System.clearProperty(XenEnvironment.PROPERTY);
    }

    @Test
    void aGuestBehindAnAfPacketBridgeAnswersPingsAndGetsValidChecksums() throws Exception {
        try (Host.Pair p = new Host.Pair("ucnb" + ID + "A", "ucnb" + ID + "B", "ucnb" + ID + "a", "ucnb" + ID + "b");
                NetbackService nb = NetbackService.open(dir, List.of(VifSpec.parse("dev:" + p.devA))).start()) {
            EmulatedNetback.Vif vif = nb.netback().vif(0);
            AfPacketBridge bridge = (AfPacketBridge) vif.bridge();
            // no guest yet: what the host sends is dropped and counted, not queued for later
            Host.Result early = p.inA("ping -c 2 -i 0.3 -W 1 10.199.0.9", 10_000);
            assertFalse(early.ok(), early.out());
            EmuFixture.waitFor(() -> vif.rxNoBuffer() >= 1, 10_000, "ARP requests dropped while no guest is connected");
            System.setProperty(XenEnvironment.PROPERTY, nb.xenbus().toString());
            try (Host.Running r = new Host.Running(GUEST, Map.of("IP", "10.199.0.9"))) {
                Host.Result ping = p.inA("ping -c 5 -i 0.2 -W 2 10.199.0.9", 30_000);
                if (!ping.ok()) { // the frontend may still be connecting: one more try
                    ping = p.inA("ping -c 5 -i 0.2 -W 2 10.199.0.9", 30_000);
                }
                assertTrue(ping.out().contains("5 received"), ping.out() + "\n" + nb.describe());
                // a0 leaves UDP checksums to offload: the bridge completes them, CheckUDPHeader accepts them
                if (Host.have("python3")) {
                    Host.Result udp = p.inA("python3 -c \"import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                            + "[s.sendto(b'x' * 200, ('10.199.0.9', 9)) for _ in range(5)]\"", 10_000);
                    assertTrue(udp.ok(), udp.out());
                    EmuFixture.waitFor(() -> r.read("udp.count") == 5, 10_000, "5 datagrams with valid checksums");
                }
                assertTrue(vif.txPackets() >= 5 && vif.rxPackets() >= 5, nb.describe());
                assertEquals(0, bridge.txDrops() + bridge.oversized() + vif.rxDropped() + vif.txErrors(), nb.describe());
                assertEquals(0, r.read("out.dropped"));
            }
        }
    }

    @Test
    void aStalledGuestHasTheHostsFramesDroppedAndCountedThenReceivesAgain() throws Exception {
        assumeTrue(Host.have("python3"), "needs python3");
        String send = "python3 -c \"import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                + "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1); [s.sendto(b'x' * 100, ('10.199.0.255', 9)) for _ in range(%d)]\"";
        try (Host.Pair p = new Host.Pair("ucnb" + ID + "A", "ucnb" + ID + "B", "ucnb" + ID + "a", "ucnb" + ID + "b");
                NetbackService nb = NetbackService.open(dir, List.of(VifSpec.parse("dev:" + p.devA)))) {
            nb.netback().setRxStallMillis(100);
            nb.start();
            EmulatedNetback.Vif vif = nb.netback().vif(0);
            try (XenEnvironment env = XenEnvironment.emulated(nb.xenbus()); NetFront f = NetFront.open(env, 0, System.err)) {
                assertTrue(f.awaitConnected(10_000), String.valueOf(f.lastProblem()));
                long dropped0 = vif.rxNoBuffer();
                // the guest does not receive: its 256 posted buffers fill, then the netback drops and counts
                assertTrue(p.inA(String.format(send, 400), 10_000).ok());
                EmuFixture.waitFor(() -> vif.rxPackets() == 256 && vif.rxNoBuffer() - dropped0 == 400 - 256, 10_000,
                        "256 delivered, 144 dropped after the stall time; " + nb.describe());
                assertEquals(0, ((AfPacketBridge) vif.bridge()).kernelDrops());
                // the guest takes its frames and posts buffers again: new frames are delivered
                PacketPool pool = new PacketPool(2048, 512, null);
                PacketBatch b = new PacketBatch();
                int got = 0;
                long end = System.nanoTime() + 10_000_000_000L;
                while (got < 256 + 10 && System.nanoTime() < end) {
                    int n = f.receive(b, 32, pool);
                    b.killAll();
                    b.clear();
                    got += n;
                    if (got == 256 && n > 0) {
                        assertTrue(p.inA(String.format(send, 10), 10_000).ok());
                    }
                }
                assertEquals(256 + 10, got, nb.describe());
                assertEquals(400 - 256, vif.rxNoBuffer() - dropped0);
            }
        }
    }

    @Test
    void aGuestBehindATapBridgeAnswersPingsAndTheTapGoesAway() throws Exception {
        String tap = "ucnbt" + ID;
        try (NetbackService nb = NetbackService.open(dir, List.of(VifSpec.parse("tap:" + tap))).start()) {
            assertTrue(Host.sh("ip addr add 10.198.9.1/24 dev " + tap + " && ip link set " + tap + " up").ok());
            System.setProperty(XenEnvironment.PROPERTY, nb.xenbus().toString());
            try (Host.Running r = new Host.Running(GUEST, Map.of("IP", "10.198.9.2"))) {
                Host.Result ping = Host.sh("ping -c 5 -i 0.2 -W 2 -I " + tap + " 10.198.9.2", 30_000);
                if (!ping.ok()) {
                    ping = Host.sh("ping -c 5 -i 0.2 -W 2 -I " + tap + " 10.198.9.2", 30_000);
                }
                assertTrue(ping.out().contains("5 received"), ping.out() + "\n" + nb.describe());
                TapBridge bridge = (TapBridge) nb.netback().vif(0).bridge();
                assertTrue(bridge.received() >= 6 && bridge.sent() >= 6, nb.describe()); // ARP + 5 echoes each way
                assertEquals(0, bridge.txDrops());
            }
        }
        assertFalse(Host.sh("ip link show " + tap).ok(), "the netback removes the TAP it created");
    }
}
