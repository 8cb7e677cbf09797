package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulated netback's guest RX: frames written by the bridge straight into posted pages. */
class EmulatedNetbackRxTest {
    @TempDir
    Path dir;

    /** Supplies frames of the scripted lengths, each filled with its index, then nothing. */
    private static final class Script implements VifBridge {
        final int[] lengths;
        int next;

        Script(int... lengths) {
            this.lengths = lengths;
        }

        @Override
        public int nextRx(MemorySegment buf, int cap) {
            if (next == lengths.length) {
                return -1;
            }
            int len = Math.min(lengths[next], cap);
            buf.asSlice(0, len).fill((byte) next);
            next++;
            return len;
        }

        @Override
        public void tx(MemorySegment buf, int len) {
        }
    }

    @Test
    void deliversEachFrameIntoAPostedPageAndDropsFramesTooLargeForOne() throws Exception {
        // 600 frames (more than the ring holds), every 100th one too large for a frame without scatter-gather
        int[] lengths = new int[600];
        int expected = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = i % 100 == 7 ? (i % 200 == 7 ? 2000 : 9000) : 60 + i % 1400;
            expected += lengths[i] <= EmulatedNetback.MAX_FRAME ? 1 : 0;
        }
        try (EmuFixture fx = new EmuFixture(dir)) {
            Script script = new Script(lengths);
            EmulatedNetback.Vif vif = fx.netback.createVif(0, new byte[] {0, 0x16, 0x3e, 0, 0, 9}, script);
            fx.netback.start();
            try (NetFront f = fx.front(0)) {
                assertTrue(f.awaitConnected(10_000), String.valueOf(f.lastProblem()));
                PacketPool pool = new PacketPool(2048, 4096, null);
                PacketBatch b = new PacketBatch();
                int got = 0;
                int index = 0;
                long end = System.nanoTime() + 10_000_000_000L;
                while (got < expected && System.nanoTime() < end) {
                    int k = f.receive(b, 256, pool);
                    for (int i = 0; i < k; i++) {
                        while (lengths[index] > EmulatedNetback.MAX_FRAME) {
                            index++;
                        }
                        assertEquals(lengths[index], b.get(i).length(), "frame " + index);
                        assertEquals(index & 0xFF, b.get(i).u8(0), "frame " + index);
                        assertEquals(index & 0xFF, b.get(i).u8(lengths[index] - 1), "frame " + index);
                        index++;
                    }
                    b.killAll();
                    got += k;
                    if (k == 0) {
                        Thread.onSpinWait();
                    }
                }
                assertEquals(expected, got);
                assertEquals(lengths.length - expected, vif.rxDropped());
                assertEquals(expected, vif.rxPackets());
                assertEquals(0, f.violationsTotal(), f.violationSummary());
            }
        }
    }
}
