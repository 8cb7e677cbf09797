package io.uniclick.netfront.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.emu.EmuFixture;
import io.uniclick.netfront.emu.EmulatedNetback;
import io.uniclick.netfront.emu.GeneratorBridge;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the frontend against a backend that writes random and adversarial values into the rings,
 * the RX pages, the event channel and xenstore (spec §8.7). Iterations: system property
 * {@code netfront.fuzz.iterations} (default 300000; use millions for a soak).
 */
class NetFrontFuzzTest {
    private static final byte[] MAC = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x07};
    private static final int ITERATIONS = Integer.getInteger("netfront.fuzz.iterations", 300_000);

    @TempDir
    Path dir;

    private void fuzz(boolean xenstoreToo, long seed) throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(60, true);
            EmulatedNetback.Vif vif = fx.netback.createVif(0, MAC, gen);
            fx.netback.setLateCompletion(true);
            PacketPool pool = new PacketPool(2048, 8192, null);
            PacketBatch b = new PacketBatch();
            try (NetFront f = NetFront.open(fx.env(), 0, null)) {
                // connect honestly first (backend stepped on this thread)
                long end = System.nanoTime() + 10_000_000_000L;
                while (!f.connected() && System.nanoTime() < end) {
                    fx.netback.step();
                    Thread.onSpinWait();
                }
                assertTrue(f.connected(), "initial connection");
                fx.netback.setEvil(0.02, seed, xenstoreToo);
                long received = 0;
                long sent = 0;
                for (int i = 0; i < ITERATIONS; i++) {
                    fx.netback.step();
                    received += f.receive(b, 64, pool);
                    b.killAll();
                    if ((i & 3) == 0) {
                        int room = Math.min(8, f.txRoom());
                        for (int k = 0; k < room; k++) {
                            Packet p = pool.allocate(60 + (i & 63));
                            if (p == null) {
                                break;
                            }
                            b.add(p);
                        }
                        sent += f.transmit(b);
                    }
                    if (!f.connected() && (i & 255) == 0) {
                        Thread.sleep(0, 200_000); // let the control thread reconnect
                    }
                }
                fx.netback.setEvil(0, seed, false);
                assertTrue(f.violationsTotal() > 0, "violations counted");
                assertTrue(f.disconnects() > 0, "the vif was stopped at least once");
                // the honest backend again: restart it so the store and rings are clean, then traffic must flow
                GeneratorBridge gen2 = new GeneratorBridge(60, false);
                fx.restartBackend(0, gen2, true);
                try {
                    // keep the data path polling, as a running router does: leftovers of the evil phase in the
                    // rings are detected there and force a clean reconnection
                    EmuFixture.waitFor(() -> {
                        f.receive(b, 64, pool);
                        b.killAll();
                        return f.connected() && fx.netback.vif(0).connected();
                    }, 20_000, "reconnection after the evil backend");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": front phase " + f.phase() + ", problem " + f.lastProblem()
                            + ", F/state " + fx.store.read("/local/domain/1/device/vif/0/state") + ", B/state "
                            + fx.store.read("/local/domain/0/backend/vif/1/0/state") + ", backend vif state " + fx.netback.vif(0).state()
                            + " connected " + fx.netback.vif(0).connected() + " disabled " + fx.netback.vif(0).disabledReason()
                            + ", backend errors " + fx.netback.lastInternalError(), e);
                }
                long before = f.rxPackets();
                gen2.addCredits(1000);
                long stop = System.nanoTime() + 10_000_000_000L;
                while (f.rxPackets() - before < 1000 && System.nanoTime() < stop) {
                    f.receive(b, 64, pool);
                    b.killAll();
                }
                assertEquals(1000, f.rxPackets() - before, "traffic after reconnection; " + f.violationSummary());
                assertEquals(0, fx.netback.internalErrors(), fx.netback.lastInternalError());
                System.out.println("fuzz(xenstore=" + xenstoreToo + "): " + ITERATIONS + " iterations, rx " + received + " tx " + sent
                        + ", connects " + f.connects() + ", vif fatal " + vif.fatalCount() + "\n" + f.violationSummary());
            }
        }
    }

    @Test
    void survivesAdversarialRingsAndPages() throws Exception {
        fuzz(false, 1);
    }

    @Test
    void survivesAdversarialRingsPagesAndXenstore() throws Exception {
        fuzz(true, 2);
    }
}
