package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames waiting for guest RX buffers are delivered intact and in order, whatever the guest sends meanwhile. */
class EmulatedNetbackRxHoldTest {
    @TempDir
    Path dir;

    @Test
    void framesWaitingForGuestBuffersSurviveTxTraffic() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(100, false);
            fx.netback.createVif(0, NetbackService.mac(0), gen);
            fx.netback.start();
            try (NetFront f = fx.front(0)) {
                assertTrue(f.awaitConnected(10_000), String.valueOf(f.lastProblem()));
                // more frames than the guest posted buffers: the netback fills the ring, the rest wait in the bridge
                // (the netback takes a guest buffer before it asks the bridge for a frame)
                gen.addCredits(300);
                EmuFixture.waitFor(() -> gen.credits() == 300 - 256, 10_000, "ring full, the rest waiting in the bridge");
                // meanwhile the guest sends big frames of another pattern
                PacketPool pool = new PacketPool(2048, 1024, null);
                PacketBatch b = new PacketBatch();
                for (int i = 0; i < 16; i++) {
                    Packet p = pool.allocate(1500);
                    for (int j = 0; j < 1500; j += 4) {
                        p.setI32(j, 0xEEEEEEEE);
                    }
                    b.add(p);
                }
                assertEquals(16, f.transmit(b));
                EmuFixture.waitFor(() -> gen.received() == 16, 10_000, "TX frames through the bridge");
                // every RX frame is the generator's, in sequence
                long seq = 0;
                long end = System.nanoTime() + 10_000_000_000L;
                while (seq < 300 && System.nanoTime() < end) {
                    int n = f.receive(b, 32, pool);
                    for (int i = 0; i < n; i++) {
                        Packet p = b.get(i);
                        assertEquals(100, p.length(), "frame " + seq);
                        assertEquals(0x0800, p.u16(12), "frame " + seq);
                        assertEquals((int) seq, Integer.reverseBytes(p.i32(42)), "frame " + seq); // the generator writes it little-endian
                        seq++;
                    }
                    b.killAll();
                    b.clear();
                }
                assertEquals(300, seq);
                assertEquals(0, f.violationsTotal(), f.violationSummary());
            }
        }
    }
}
