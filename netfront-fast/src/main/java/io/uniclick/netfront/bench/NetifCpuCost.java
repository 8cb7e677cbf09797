package io.uniclick.netfront.bench;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.emu.EmulatedNetback;
import io.uniclick.netfront.emu.EmulatedXenMemory;
import io.uniclick.netfront.emu.EmulatedXenStore;
import io.uniclick.netfront.emu.GeneratorBridge;
import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.XenEnvironment;
import io.uniclick.netfront.xen.XsClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU cost of a frame, frontend and emulated backend together, measured in one thread: the
 * frontend sends (or receives) a batch, then the backend takes one step, and so on; the thread's
 * CPU time is divided by the frames. Unlike the two-thread benchmarks it does not depend on how
 * the scheduler places two busy threads on a loaded machine, and the data stay in one core's
 * caches, so it shows the work per frame (a lower bound for one core each, which adds the
 * cache-line transfers). {@code NetifCpuCost [frames] [batch]}.
 */
public final class NetifCpuCost {
    private NetifCpuCost() {
    }

    /** Prints TX and RX CPU ns/frame for a few rounds. */
    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path dir = Files.createTempDirectory("netif-cpu");
        Path shm = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm", "uniclick-cpu-" + ProcessHandle.current().pid()) : dir.resolve("mem");
        EmulatedXenStore store = new EmulatedXenStore();
        store.listen(dir.resolve("xenstored.sock"), 0);
        store.listen(dir.resolve("xenbus-1.sock"), 1);
        EmulatedXenMemory mem = EmulatedXenMemory.create(shm, 1024, 1);
        GeneratorBridge gen = new GeneratorBridge(60, false);
        EmulatedNetback nb = new EmulatedNetback(XsClient.connect(dir.resolve("xenstored.sock")), mem, 0);
        nb.createVif(0, new byte[] {0x00, 0x16, 0x3e, 0x00, 0x00, 0x02}, gen);
        try (XenEnvironment env = XenEnvironment.emulated(dir.resolve("xenbus-1.sock")); NetFront f = NetFront.open(env, 0, System.err)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!f.connected() && System.nanoTime() < deadline) {
                nb.step();
                Thread.sleep(1);
            }
            if (!f.connected()) {
                throw new IllegalStateException("vif did not connect: " + f.lastProblem());
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            PacketPool pool = new PacketPool(2048, 4096, null);
            PacketBatch b = new PacketBatch();
            byte[] frame = new byte[60];
            for (int round = 0; round < 6; round++) {
                long t0 = mx.getCurrentThreadCpuTime();
                int sent = 0;
                while (sent < frames) {
                    int room = Math.min(f.txRoom(), Math.min(burst, frames - sent));
                    for (int i = 0; i < room; i++) {
                        Packet q = pool.allocate(0, 60);
                        q.copyFrom(frame, 0, 0, 60);
                        b.add(q);
                    }
                    sent += f.transmit(b);
                    nb.step(false);
                }
                long t1 = mx.getCurrentThreadCpuTime();
                gen.addCredits(frames);
                int got = 0;
                while (got < frames) {
                    nb.step(false);
                    got += f.receive(b, Math.min(PacketBatch.MAX_SIZE, frames - got), pool);
                    b.killAll();
                }
                long t2 = mx.getCurrentThreadCpuTime();
                System.out.printf("round %d (batch %d): TX %.1f CPU ns/frame, RX %.1f CPU ns/frame (frontend + backend, one thread)%n",
                        round, burst, (t1 - t0) / (double) frames, (t2 - t1) / (double) frames);
            }
        } finally {
            nb.close();
            store.close();
            Files.deleteIfExists(shm);
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
