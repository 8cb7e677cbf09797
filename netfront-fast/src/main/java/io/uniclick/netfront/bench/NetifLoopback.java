package io.uniclick.netfront.bench;

import io.uniclick.netfront.emu.EmulatedNetback;
import io.uniclick.netfront.emu.EmulatedXenMemory;
import io.uniclick.netfront.emu.EmulatedXenStore;
import io.uniclick.netfront.emu.GeneratorBridge;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.XenEnvironment;
import io.uniclick.netfront.xen.XsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frontend connected to an emulated backend on another thread, over a shared-memory file and an
 * emulated xenstore: the harness for JMH benchmarks and throughput checks. {@link #txBatch} and
 * {@link #rxBatch} move {@code n} 60-byte frames through the real rings; neither allocates after
 * construction. Call them from one thread.
 */
public final class NetifLoopback implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Path dir;
    private final Path shm;
    private final EmulatedXenStore store;
    private final EmulatedXenMemory mem;
    private final EmulatedNetback netback;
    private final GeneratorBridge gen;
    private final XenEnvironment env;
    private final NetFront front;
    private FrontDriver driver;

    /** Sets everything up and waits for the vif to connect (up to 10 s). */
    public NetifLoopback() throws IOException, InterruptedException {
        int id = SEQ.incrementAndGet();
        dir = Files.createTempDirectory("netif-loopback");
        shm = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm", "uniclick-loopback-" + ProcessHandle.current().pid() + "-" + id)
                : dir.resolve("mem");
        store = new EmulatedXenStore();
        store.listen(dir.resolve("xenstored.sock"), 0);
        store.listen(dir.resolve("xenbus-1.sock"), 1);
        mem = EmulatedXenMemory.create(shm, 1024, 1);
        gen = new GeneratorBridge(60, false);
        netback = new EmulatedNetback(XsClient.connect(dir.resolve("xenstored.sock")), mem, 0);
        netback.createVif(0, new byte[] {0x00, 0x16, 0x3e, 0x00, 0x00, 0x02}, gen);
        netback.setBusyPoll(true); // the backend has a core of its own, as in the benchmark's setting
        netback.start();
        env = XenEnvironment.emulated(dir.resolve("xenbus-1.sock"));
        front = NetFront.open(env, 0, System.err);
        if (!front.awaitConnected(10_000)) {
            close();
            throw new IOException("loopback vif did not connect: " + front.lastProblem());
        }
        driver = new FrontDriver(front);
    }

    /** Sends {@code n} 60-byte frames from the frontend (waiting for ring room as needed); returns frames sent. */
    public int txBatch(int n) {
        return driver.txBatch(n);
    }

    /** Lets the backend send {@code n} 60-byte frames and receives them; returns frames received. */
    public int rxBatch(int n) {
        gen.addCredits(n);
        return driver.rxBatch(n);
    }

    /** The frontend. */
    public NetFront front() {
        return front;
    }

    /** The backend. */
    public EmulatedNetback netback() {
        return netback;
    }

    /** The generator on the backend side. */
    public GeneratorBridge generator() {
        return gen;
    }

    @Override
    public void close() {
        front.close();
        netback.close();
        env.close();
        store.close();
        try {
            Files.deleteIfExists(shm);
            Files.deleteIfExists(dir.resolve("xenstored.sock"));
            Files.deleteIfExists(dir.resolve("xenbus-1.sock"));
            Files.deleteIfExists(dir.resolve("mem"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Quick throughput check (not a benchmark): {@code NetifLoopback [frames]}. */
    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        try (NetifLoopback l = new NetifLoopback()) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                int tx = l.txBatch(frames);
                long t1 = System.nanoTime();
                int rx = l.rxBatch(frames);
                long t2 = System.nanoTime();
                System.out.printf("round %d: tx %d frames %.2f Mpps, rx %d frames %.2f Mpps; notifications tx %d rx-refill %d, backend sent %d%n",
                        round, tx, tx * 1e3 / (t1 - t0), rx, rx * 1e3 / (t2 - t1), l.front.txNotifies(), l.front.rxNotifies(),
                        l.netback.vif(0).notifiesSent());
            }
        }
    }
}
