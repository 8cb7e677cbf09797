package io.uniclick.netfront.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.emu.EmuFixture;
import io.uniclick.netfront.emu.EmulatedNetback;
import io.uniclick.netfront.emu.GeneratorBridge;
import io.uniclick.netfront.xen.XenbusState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetFrontTest {
    private static final byte[] MAC = {0x00, 0x16, 0x3e, 0x12, 0x34, 0x56};

    @TempDir
    Path dir;

    private static int receive(NetFront f, PacketPool pool, int n, PacketBatch keep) throws InterruptedException {
        PacketBatch b = new PacketBatch();
        int got = 0;
        long end = System.nanoTime() + 10_000_000_000L;
        while (got < n && System.nanoTime() < end) {
            int k = f.receive(b, 256, pool);
            if (k == 0) {
                Thread.onSpinWait();
                continue;
            }
            for (int i = 0; i < b.size(); i++) {
                if (keep != null && !keep.isFull()) {
                    keep.add(b.get(i));
                } else {
                    b.get(i).kill();
                }
            }
            b.clear();
            got += k;
        }
        return got;
    }

    private static int send(NetFront f, PacketPool pool, int n, int len) {
        PacketBatch b = new PacketBatch();
        int sent = 0;
        long end = System.nanoTime() + 10_000_000_000L;
        while (sent < n && System.nanoTime() < end) {
            int room = Math.min(f.txRoom(), Math.min(64, n - sent));
            for (int i = 0; i < room; i++) {
                Packet p = pool.allocate(len);
                p.setI32(0, sent + i);
                b.add(p);
            }
            sent += f.transmit(b);
        }
        return sent;
    }

    @Test
    void handshakeAdvertisesTheMinimalFeatureSetAndConnects() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            fx.netback.createVif(0, MAC, new GeneratorBridge(60, false));
            fx.netback.start();
            try (NetFront f = fx.front(0)) {
                assertTrue(f.awaitConnected(10_000), String.valueOf(f.lastProblem()));
                String fp = "/local/domain/1/device/vif/0";
                assertEquals("4", fx.store.read(fp + "/state"));
                assertEquals("4", fx.store.read("/local/domain/0/backend/vif/1/0/state"));
                assertEquals("1", fx.store.read(fp + "/request-rx-copy"));
                assertEquals("1", fx.store.read(fp + "/feature-rx-notify"));
                assertEquals("1", fx.store.read(fp + "/feature-no-csum-offload"));
                assertTrue(fx.store.read(fp + "/tx-ring-ref").matches("\\d+"));
                assertEquals(Integer.toString(f.port()), fx.store.read(fp + "/event-channel"));
                assertEquals(XenbusState.formatMac(MAC), XenbusState.formatMac(f.mac()));
                assertEquals(256, f.rxPosted());
                assertEquals(0, NetFront.findByMac(fx.env(), MAC));
            }
        }
    }

    @Test
    void receivesAndTransmitsWithFewNotifications() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(60, false);
            EmulatedNetback.Vif vif = fx.netback.createVif(0, MAC, gen);
            fx.netback.setLateCompletion(true);
            fx.netback.start();
            PacketPool pool = new PacketPool(2048, 8192, null);
            try (NetFront f = fx.front(0)) {
                assertTrue(f.awaitConnected(10_000));
                gen.addCredits(20_000);
                PacketBatch keep = new PacketBatch();
                assertEquals(20_000, receive(f, pool, 20_000, keep));
                // content: generator frames with sequence numbers
                assertEquals(60, keep.get(0).length());
                assertEquals(0x0800, keep.get(0).u16(12));
                keep.killAll();
                assertEquals(20_000, f.rxPackets());
                assertEquals(0, f.violationsTotal(), f.violationSummary());
                assertEquals(30_000, send(f, pool, 30_000, 100));
                EmuFixture.waitFor(() -> gen.received() == 30_000, 10_000, "backend got all TX frames");
                EmuFixture.waitFor(() -> f.txRoom() == 256, 10_000, "all TX completions");
                assertEquals(30_000L * 100, gen.receivedBytes());
                assertEquals(30_000, f.txCompleted());
                assertEquals(0, f.violationsTotal(), f.violationSummary());
                assertTrue(f.txNotifies() < 30_000 / 4, "tx notifications " + f.txNotifies());
                assertTrue(vif.notifiesSent() < 10, "backend notifications " + vif.notifiesSent());
                assertEquals(0, fx.netback.internalErrors(), fx.netback.lastInternalError());
                assertEquals(0, vif.fatalCount(), vif.disabledReason());
            }
        }
    }

    @Test
    void shortAndOversizedFramesAreDroppedBeforeTheRing() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(60, false);
            fx.netback.createVif(0, MAC, gen);
            fx.netback.start();
            PacketPool pool = new PacketPool(8192, 64, null);
            try (NetFront f = fx.front(0)) {
                assertTrue(f.awaitConnected(10_000));
                PacketBatch b = new PacketBatch();
                b.add(pool.allocate(0, 10));
                b.add(pool.allocate(0, 5000));
                b.add(pool.allocate(0, 4096));
                assertEquals(1, f.transmit(b));
                assertEquals(2, f.txBadLength());
                EmuFixture.waitFor(() -> gen.received() == 1, 5000, "the 4096-byte frame");
            }
        }
    }

    @Test
    void reconnectsWhenTheBackendRestarts() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(60, false);
            fx.netback.createVif(0, MAC, gen);
            fx.netback.start();
            PacketPool pool = new PacketPool(2048, 4096, null);
            try (NetFront f = fx.front(0)) {
                assertTrue(f.awaitConnected(10_000));
                gen.addCredits(100);
                assertEquals(100, receive(f, pool, 100, null));
                GeneratorBridge gen2 = new GeneratorBridge(60, false);
                var nb2 = fx.restartBackend(0, gen2, true);
                // Usually the frontend sees the new backend's InitWait and reconnects. A backend that finds the
                // frontend still Connected may attach to its rings at once (as netback does, from rsp_prod) before
                // the frontend looked: then the vif simply goes on. Either way traffic must flow both ways.
                EmuFixture.waitFor(() -> f.connected() && nb2.vif(0).connected(), 15_000, "reconnection or re-attachment");
                Thread.sleep(300); // the frontend checks the backend's state every 100 ms: let a reconnection finish
                EmuFixture.waitFor(() -> f.connected() && nb2.vif(0).connected(), 15_000, "reconnection or re-attachment");
                gen2.addCredits(300);
                assertEquals(300, receive(f, pool, 300, null));
                assertEquals(50, send(f, pool, 50, 60));
                EmuFixture.waitFor(() -> gen2.received() == 50, 5000, "TX after the restart");
                assertTrue(f.connects() == 1 || f.violations(Violation.BACKEND_DISCONNECTED) >= 1);
            }
        }
    }

    @Test
    void missingVifFailsWithAClearMessage() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            fx.netback.createVif(0, MAC, new GeneratorBridge(60, false));
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.uniclick.netfront.xen.XenException.class, () -> fx.front(3));
            assertTrue(e.getMessage().contains("no such vif"), e.getMessage());
        }
    }
}
