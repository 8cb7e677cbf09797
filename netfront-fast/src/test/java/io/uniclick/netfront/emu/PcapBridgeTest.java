package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapBridgeTest {
    @TempDir
    Path dir;

    @Test
    void capturesWhatTheGuestSendsAndReplaysItTheGivenNumberOfTimes() throws Exception {
        Path file = dir.resolve("t.pcap");
        MemorySegment buf = Arena.ofAuto().allocate(2048);
        PcapBridge cap = new PcapBridge(null, 1, file);
        for (int i = 0; i < 3; i++) {
            buf.set(ValueLayout.JAVA_BYTE, 0, (byte) i);
            cap.tx(buf, 60 + i);
        }
        assertEquals(3, cap.captured());
        assertEquals(-1, cap.nextRx(buf, 2048)); // no input
        cap.close();

        PcapBridge rep = new PcapBridge(file, 2, null);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(60 + i, rep.nextRx(buf, 2048));
                assertEquals(i, buf.get(ValueLayout.JAVA_BYTE, 0));
            }
        }
        assertEquals(-1, rep.nextRx(buf, 2048));
        assertEquals(6, rep.replayed());
        rep.close();
    }
}
