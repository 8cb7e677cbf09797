package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.ring.Netif;
import io.uniclick.netfront.ring.NetifExtra;
import io.uniclick.netfront.ring.NetifRxRing;
import io.uniclick.netfront.ring.NetifTxRing;
import io.uniclick.netfront.ring.SharedRing;
import io.uniclick.netfront.xen.EventChannel;
import io.uniclick.netfront.xen.GrantedPages;
import io.uniclick.netfront.xen.XenStore;
import io.uniclick.netfront.xen.XsClient;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A frontend that writes garbage into its rings, grants and xenstore keys must not hurt the backend or its other vifs. */
class EmulatedNetbackFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("netfront.fuzz.iterations", 300_000);

    @TempDir
    Path dir;

    @Test
    void backendSurvivesAMisbehavingFrontend() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge evilGen = new GeneratorBridge(60, true);
            EmulatedNetback.Vif evilVif = fx.netback.createVif(0, new byte[] {0, 0x16, 0x3e, 0, 0, 1}, evilGen);
            GeneratorBridge goodGen = new GeneratorBridge(60, false);
            EmulatedNetback.Vif goodVif = fx.netback.createVif(1, new byte[] {0, 0x16, 0x3e, 0, 0, 2}, goodGen);
            fx.netback.setLateCompletion(true);
            fx.netback.start();
            NetFront good = NetFront.open(fx.env(), 1, null);
            assertTrue(good.awaitConnected(10_000));

            // the evil frontend: raw grants, raw rings, raw xenstore
            try (XenStore xs = XsClient.connect(fx.xenbus())) {
                EventChannel evt = fx.mem.eventChannel(1, false);
                GrantedPages pages = fx.mem.grantTable().grant(0, 8, true);
                MemorySegment txp = pages.page(0);
                MemorySegment rxp = pages.page(1);
                NetifTxRing.Front tx = new NetifTxRing.Front(txp);
                NetifRxRing.Front rx = new NetifRxRing.Front(rxp);
                String f = "/local/domain/1/device/vif/0";
                SplittableRandom r = new SplittableRandom(5);
                int port = -1;
                long badConnects = 0;
                PacketPool pool = new PacketPool(2048, 4096, null);
                PacketBatch b = new PacketBatch();
                for (int i = 0; i < ITERATIONS; i++) {
                    if (i % 2000 == 0) { // (re)connect, sometimes with garbage keys
                        xs.write(f + "/state", "1");
                        EmuFixture.waitFor(() -> evilVif.state() == 2, 5000, "InitWait");
                        tx.init();
                        rx.init();
                        if (port > 0) {
                            evt.unbind(port);
                        }
                        port = evt.bindUnboundPort(0);
                        boolean garbage = r.nextInt(4) == 0;
                        xs.write(f + "/tx-ring-ref", garbage ? "12x" : Integer.toString(pages.gref(0)));
                        xs.write(f + "/rx-ring-ref", garbage && r.nextBoolean() ? Integer.toString(pages.gref(7) + 1000) : Integer.toString(pages.gref(1)));
                        xs.write(f + "/event-channel", garbage && r.nextBoolean() ? "999" : Integer.toString(port));
                        xs.write(f + "/request-rx-copy", "1");
                        xs.write(f + "/state", "4");
                        badConnects += garbage ? 1 : 0;
                        final int p = port;
                        long end = System.nanoTime() + 2_000_000_000L;
                        while (evilVif.state() != 4 && evilVif.state() != 5 && System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                    }
                    switch (r.nextInt(8)) {
                        case 0 -> tx.putRequest(r.nextInt(), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000));
                        case 1 -> tx.putRequest(pages.gref(2 + r.nextInt(6)), r.nextInt(4096), r.nextInt(16), r.nextInt(256), r.nextInt(1600));
                        case 2 -> tx.putExtra(NetifExtra.of(r.nextInt(8), r.nextBoolean(), r.nextLong() & 0xFFFFFFFFFFFFL));
                        case 3 -> rx.putRequest(r.nextInt(0x10000), r.nextBoolean() ? pages.gref(2 + r.nextInt(6)) : r.nextInt());
                        case 4 -> txp.set(SharedRing.LE_INT, Netif.REQ_PROD, txp.get(SharedRing.LE_INT, Netif.REQ_PROD) + r.nextInt(-10, 400));
                        case 5 -> rxp.set(SharedRing.LE_INT, Netif.REQ_PROD, rxp.get(SharedRing.LE_INT, Netif.REQ_PROD) + r.nextInt(-10, 400));
                        case 6 -> (r.nextBoolean() ? txp : rxp).set(ValueLayout.JAVA_BYTE, r.nextInt(4096), (byte) r.nextInt());
                        default -> {
                            tx.pushRequestsAndCheckNotify();
                            rx.pushRequestsAndCheckNotify();
                        }
                    }
                    if (r.nextInt(16) == 0) {
                        evt.notify(port);
                    }
                    if ((i & 1023) == 0) {
                        goodGen.addCredits(8);
                        good.receive(b, 64, pool);
                        b.killAll();
                    }
                }
                assertTrue(evilVif.fatalCount() > 0 || evilVif.disabledReason() != null, "the evil frontend was caught");
                assertEquals(0, fx.netback.internalErrors(), fx.netback.lastInternalError());
                // the good vif still works: drain what earlier credits produced, then count exactly
                long quiet = System.nanoTime() + 10_000_000_000L;
                int idle = 0;
                while ((goodGen.credits() > 0 || idle < 20_000) && System.nanoTime() < quiet) {
                    idle = good.receive(b, 64, pool) == 0 ? idle + 1 : 0;
                    b.killAll();
                }
                long before = good.rxPackets();
                goodGen.addCredits(500);
                long end = System.nanoTime() + 10_000_000_000L;
                while (good.rxPackets() - before < 500 && System.nanoTime() < end) {
                    good.receive(b, 64, pool);
                    b.killAll();
                }
                assertEquals(500, good.rxPackets() - before);
                assertEquals(0, goodVif.fatalCount());
                System.out.println("evil frontend: " + ITERATIONS + " iterations, fatal " + evilVif.fatalCount() + " (" + evilVif.disabledReason()
                        + "), garbage connects " + badConnects + ", tx errors " + evilVif.txErrors() + ", rx grant errors " + evilVif.rxGrantErrors());
            } finally {
                good.close();
            }
        }
    }
}
