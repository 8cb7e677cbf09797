package io.uniclick.netfront.emu;

import io.uniclick.netfront.host.AfPacketBridge;
import io.uniclick.netfront.host.TapBridge;
import io.uniclick.netfront.xen.XenbusState;
import io.uniclick.netfront.xen.XsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An emulated Xen host in one object: a xenstore serving {@code DIR/xenstored.sock} (dom0) and
 * {@code DIR/xenbus-1.sock} (guest 1's {@code /dev/xen/xenbus}), the guest's memory in a file under
 * {@code /dev/shm}, and an {@link EmulatedNetback} serving vif i bridged as {@code specs[i]} says.
 * {@code uniclick netback} and {@link EmulatedNetback#main} run one as a process; tests and benchmarks
 * run one on a thread. {@link #close()} stops the netback, closes the bridges (removing TAP devices)
 * and deletes the sockets and the memory file.
 */
public final class NetbackService implements AutoCloseable {
    private final Path dir;
    private final List<VifSpec> specs;
    private final EmulatedXenStore store;
    private final EmulatedXenMemory mem;
    private final EmulatedNetback netback;
    private final List<VifBridge> bridges = new ArrayList<>();
    private boolean closed;

    private NetbackService(Path dir, List<VifSpec> specs, EmulatedXenStore store, EmulatedXenMemory mem, EmulatedNetback netback) {
        this.dir = dir;
        this.specs = List.copyOf(specs);
        this.store = store;
        this.mem = mem;
        this.netback = netback;
    }

    /** The MAC address of vif {@code devid}: 00:16:3e:00:00:devid+1 (Xen's OUI). */
    public static byte[] mac(int devid) {
        return new byte[] {0x00, 0x16, 0x3e, 0x00, (byte) ((devid + 1) >> 8), (byte) (devid + 1)};
    }

    /**
     * Creates the store, memory and netback in {@code dir} (created if needed) and the vifs; does not
     * start serving (see {@link #start()}). On failure everything made so far is removed.
     */
    public static NetbackService open(Path dir, List<VifSpec> specs) throws IOException {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no vif");
        }
        Files.createDirectories(dir);
        EmulatedXenStore store = new EmulatedXenStore();
        EmulatedXenMemory mem = null;
        NetbackService s = null;
        try {
            store.listen(dir.resolve("xenstored.sock"), 0);
            Path shm = Files.isDirectory(Path.of("/dev/shm"))
                    ? Path.of("/dev/shm", "uniclick-xen-" + ProcessHandle.current().pid() + "-" + dir.getFileName())
                    : dir.resolve("guest-memory");
            // each vif's frontend grants about 2 x 256 buffer pages and 2 ring pages
            mem = EmulatedXenMemory.create(shm, Math.max(4096, 640 * specs.size()), 1);
            EmulatedNetback nb = new EmulatedNetback(XsClient.connect(dir.resolve("xenstored.sock")), mem, 0);
            s = new NetbackService(dir, specs, store, mem, nb);
            for (int v = 0; v < specs.size(); v++) {
                VifBridge b = specs.get(v).open();
                s.bridges.add(b);
                nb.createVif(v, mac(v), b);
            }
            // the guest's socket last: once it exists, the vifs are there to be found
            store.listen(dir.resolve("xenbus-1.sock"), 1);
            return s;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.close();
            } else {
                store.close();
                deleteQuietly(dir.resolve("xenstored.sock"));
                deleteQuietly(dir.resolve("xenbus-1.sock"));
                if (mem != null) {
                    deleteQuietly(mem.path());
                }
            }
            throw e;
        }
    }

    /** Starts the netback on its own thread. */
    public NetbackService start() {
        netback.start();
        return this;
    }

    /** The socket a frontend uses as its {@code /dev/xen/xenbus} ({@code -Duniclick.xen.xenbus} / {@code UNICLICK_XENBUS}). */
    public Path xenbus() {
        return dir.resolve("xenbus-1.sock");
    }

    /** The dom0 xenstore socket. */
    public Path xenstored() {
        return dir.resolve("xenstored.sock");
    }

    /** The guest memory file. */
    public Path memory() {
        return mem.path();
    }

    /** The netback. */
    public EmulatedNetback netback() {
        return netback;
    }

    /** The vif specs, in vif order. */
    public List<VifSpec> specs() {
        return specs;
    }

    /** One line per vif: what it is bridged to, its MAC, state and counters. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int v = 0; v < bridges.size(); v++) {
            EmulatedNetback.Vif f = netback.vif(v);
            sb.append("vif").append(v).append(' ').append(specs.get(v)).append(" mac ").append(XenbusState.formatMac(mac(v)));
            if (f != null) {
                sb.append(" state ").append(f.state()).append(f.connected() ? " connected" : "")
                        .append(" tx ").append(f.txPackets()).append(" tx_errors ").append(f.txErrors())
                        .append(" rx ").append(f.rxPackets()).append(" rx_dropped ").append(f.rxDropped())
                        .append(" rx_no_buffer ").append(f.rxNoBuffer());
                if (f.disabled()) {
                    sb.append(" disabled: ").append(f.disabledReason());
                }
            }
            VifBridge b = bridges.get(v);
            if (b instanceof AfPacketBridge a) {
                sb.append(" | dev in ").append(a.received()).append(" out ").append(a.sent()).append(" out_drops ").append(a.txDrops())
                        .append(" oversized ").append(a.oversized()).append(" kernel_drops ").append(a.kernelDrops())
                        .append(" checksums_completed ").append(a.checksumsCompleted());
            } else if (b instanceof TapBridge t) {
                sb.append(" | tap in ").append(t.received()).append(" out ").append(t.sent()).append(" out_drops ").append(t.txDrops())
                        .append(" read_errors ").append(t.readErrors());
            } else if (b instanceof PcapBridge p) {
                sb.append(" | pcap replayed ").append(p.replayed()).append(" captured ").append(p.captured());
            } else if (b instanceof GeneratorBridge g) {
                sb.append(" | generated ").append(g.generated()).append(" received ").append(g.received());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Stops serving, closes the bridges and removes the sockets and the memory file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        netback.close(); // stops the thread, closes the bridges of the vifs it serves
        for (VifBridge b : bridges) {
            if (netback.vif(bridges.indexOf(b)) == null) {
                b.close(); // opened but never attached
            }
        }
        store.close();
        deleteQuietly(dir.resolve("xenstored.sock"));
        deleteQuietly(dir.resolve("xenbus-1.sock"));
        deleteQuietly(mem.path());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
