package io.uniclick.netfront.emu;

import io.uniclick.netfront.front.NetFront;
import io.uniclick.netfront.front.XenEnvironment;
import io.uniclick.netfront.xen.XsClient;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: an emulated store, guest memory and netback (not started unless asked), and a frontend environment. */
public final class EmuFixture implements AutoCloseable {
    public final Path dir;
    public final EmulatedXenStore store;
    public final EmulatedXenMemory mem;
    public EmulatedNetback netback;
    public XenEnvironment env;

    public EmuFixture(Path dir) throws Exception {
        this.dir = dir;
        store = new EmulatedXenStore();
        store.listen(dir.resolve("xenstored.sock"), 0);
        store.listen(dir.resolve("xenbus-1.sock"), 1);
        Path shm = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm", "uniclick-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                : dir.resolve("mem");
        mem = EmulatedXenMemory.create(shm, 2048, 1);
        netback = new EmulatedNetback(XsClient.connect(dir.resolve("xenstored.sock")), mem, 0);
    }

    public Path xenbus() {
        return dir.resolve("xenbus-1.sock");
    }

    public XenEnvironment env() throws Exception {
        if (env == null) {
            env = XenEnvironment.emulated(xenbus());
        }
        return env;
    }

    /** Kills the backend (no xenstore writes) and starts a new one serving {@code devid} with {@code bridge}. */
    public EmulatedNetback restartBackend(int devid, VifBridge bridge, boolean start) throws Exception {
        netback.close();
        netback = new EmulatedNetback(XsClient.connect(dir.resolve("xenstored.sock")), mem, 0);
        netback.attachVif(devid, bridge);
        if (start) {
            netback.start();
        }
        return netback;
    }

    public static void waitFor(java.util.function.BooleanSupplier c, long ms, String what) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    public NetFront front(int devid) throws Exception {
        return NetFront.open(env(), devid, System.err);
    }

    @Override
    public void close() throws Exception {
        netback.close();
        if (env != null) {
            env.close();
        }
        store.close();
        Files.deleteIfExists(mem.path());
    }
}
