package io.uniclick.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.XenEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uniclick netback}: command-line validation, and a short real run with a frontend attached. */
class NetbackCommandTest {
    @TempDir
    Path dir;

    /** Runs the command line, returning its exit status and what it printed on standard error. */
    private static String[] run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = Uniclick.execute(args);
            return new String[] {Integer.toString(rc), buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }

    private void assertUsageError(String expected, String... vifArgs) throws Exception {
        String[] args = new String[2 + vifArgs.length];
        args[0] = "netback";
        args[1] = dir.resolve("nb").toString();
        System.arraycopy(vifArgs, 0, args, 2, vifArgs.length);
        String[] r = run(args);
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains(expected), r[1]);
        assertFalse(Files.exists(dir.resolve("nb/xenbus-1.sock")), "no socket left behind");
    }

    @Test
    void badVifSpecsAreUsageErrorsNamingTheProblem() throws Exception {
        assertUsageError("unknown kind 'foo'", "--vif", "foo:bar");
        assertUsageError("expected tap:NAME", "--vif", "eth0");
        assertUsageError("bad interface name", "--vif", "tap:");
        assertUsageError("bad interface name", "--vif", "dev:much-too-long-name0");
        assertUsageError("frame size out of range", "--vif", "gen:20");
        assertUsageError("expected gen:SIZE", "--vif", "gen:big");
        assertUsageError("expected pcap:IN", "--vif", "pcap:");
        assertUsageError("Missing required option: '--vif=SPEC'");
        assertUsageError("Try 'uniclick netback --help'", "--vif", "gen:60", "--vif", "x");
    }

    @Test
    void aBridgeThatCannotBeOpenedFailsCleanly() throws Exception {
        assertUsageError("no-such.pcap: no such readable file", "--vif", "gen:60", "--vif", "pcap:" + dir.resolve("no-such.pcap"));
        try (Stream<Path> left = Files.list(Path.of("/dev/shm"))) {
            String mine = "uniclick-xen-" + ProcessHandle.current().pid() + "-";
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(mine)), "guest memory removed");
        }
    }

    @Test
    void servesAFrontendThenCleansUp() throws Exception {
        Path nb = dir.resolve("nb");
        Path out = dir.resolve("out.pcap");
        AtomicInteger rc = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().start(() -> rc.set(Uniclick.execute("netback", nb.toString(), "--vif", "gen:100",
                "--vif", "pcap:," + out, "--duration", "6")));
        Path sock = nb.resolve("xenbus-1.sock");
        long end = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(sock) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        try (XenEnvironment env = XenEnvironment.emulated(sock);
                NetFront gen = NetFront.open(env, 0, System.err);
                NetFront cap = NetFront.open(env, 1, System.err)) {
            assertTrue(gen.awaitConnected(10_000) && cap.awaitConnected(10_000), "connected");
            PacketPool pool = new PacketPool(2048, 1024, null);
            PacketBatch b = new PacketBatch();
            int got = 0;
            while (got < 500 && System.nanoTime() < end) {
                if (cap.txRoom() < 32) {
                    Thread.onSpinWait(); // the netback has not completed the previous frames yet
                    continue;
                }
                int n = gen.receive(b, 32, pool);
                for (int i = 0; i < n; i++) {
                    assertEquals(100, b.get(i).length());
                }
                // what the generator gave vif 0 leaves on vif 1, into the capture
                assertEquals(n, cap.transmit(b));
                got += n;
            }
            assertTrue(got >= 500, "frames from gen:100: " + got);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (cap.txRoom() < 256 && System.nanoTime() < deadline) { // txRoom reaps completions
                Thread.sleep(1);
            }
            assertEquals(got, cap.txCompleted());
            assertEquals(0, gen.violationsTotal() + cap.violationsTotal());
        }
        t.join(20_000);
        assertEquals(0, rc.get());
        assertFalse(Files.exists(sock), "sockets removed");
        assertTrue(Files.size(out) >= 24 + 500L * (16 + 100), "capture written: " + Files.size(out));
    }
}
