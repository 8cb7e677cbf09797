package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.XenEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulated netback as a separate process: frames cross two JVMs through the shared-memory rings. */
class NetbackProcessTest {
    @TempDir
    Path dir;

    @Test
    void frontendTalksToANetbackInAnotherProcess() throws Exception {
        Path out = dir.resolve("tx.pcap");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EmulatedNetback.class.getName(), dir.toString(), "--pcap-out", out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("netback.log").toFile()).start();
        try {
            Path sock = dir.resolve("xenbus-1.sock");
            EmuFixture.waitFor(() -> {
                try {
                    return Files.exists(sock) && Files.readString(dir.resolve("netback.log")).contains("emulated netback:");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, 30_000, "netback process");
            try (XenEnvironment env = XenEnvironment.emulated(sock); NetFront f = NetFront.open(env, 0, System.err)) {
                assertTrue(f.awaitConnected(20_000), String.valueOf(f.lastProblem()));
                PacketPool pool = new PacketPool(2048, 4096, null);
                PacketBatch b = new PacketBatch();
                int sent = 0;
                long end = System.nanoTime() + 20_000_000_000L;
                while (sent < 2000 && System.nanoTime() < end) {
                    int room = Math.min(f.txRoom(), Math.min(32, 2000 - sent));
                    for (int i = 0; i < room; i++) {
                        Packet q = pool.allocate(64);
                        q.setI32(0, sent + i);
                        b.add(q);
                    }
                    sent += f.transmit(b);
                }
                assertEquals(2000, sent);
                EmuFixture.waitFor(() -> f.txRoom() == 256, 20_000, "all completions");
                assertEquals(2000, f.txCompleted());
                assertEquals(0, f.violationsTotal(), f.violationSummary());
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        // the capture holds 2000 records of 64 bytes, in order
        byte[] pcap = Files.readAllBytes(out);
        assertEquals(24 + 2000 * (16 + 64), pcap.length);
        assertEquals(1999, java.nio.ByteBuffer.wrap(pcap, 24 + 1999 * 80 + 16, 4).getInt());
    }
}
