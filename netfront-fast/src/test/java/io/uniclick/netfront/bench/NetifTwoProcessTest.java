package io.uniclick.netfront.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetifTwoProcessTest {
    @Test
    void movesFramesBothWaysWithABackendInAChildProcessAndStopsIt() throws Exception {
        NetifTwoProcess t = new NetifTwoProcess();
        Process child;
        try {
            child = t.child();
            assertTrue(child.isAlive());
            for (int i = 0; i < 5; i++) {
                assertEquals(20_000, t.txBatch(20_000));
                assertEquals(20_000, t.rxBatch(20_000));
            }
            assertEquals(100_000, t.front().txPackets());
            assertEquals(100_000, t.front().rxPackets());
            assertEquals(0, t.front().violationsTotal(), t.front().violationSummary());
        } finally {
            t.close();
        }
        assertFalse(child.isAlive(), "netback process still running after close");
    }
}
