package io.uniclick.netfront.host;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgType;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.lang.foreign.MemorySegment;

/** Frames the host kernel sends on a TAP device (Click's FromHost, user-level over /dev/net/tun). */
@ElementInfo(name = "FromHost", ports = "0/1", processing = "h/h",
        synopsis = "FromHost(DEVNAME [, ADDR/MASK, *keywords* ETHER, MTU, BURST, HEADROOM])",
        description = "Creates (or attaches to) the TAP device DEVNAME through /dev/net/tun and pushes out output 0 every "
                + "Ethernet frame the host kernel transmits on it: to the host, DEVNAME looks like an Ethernet interface "
                + "whose wire is this configuration. With ADDR/MASK the interface gets that IPv4 address and netmask; it is "
                + "always brought up. Pair it with ToHost(DEVNAME), which hands frames to the kernel as if received on "
                + "DEVNAME; both share the one TAP file descriptor. The device disappears when the router stops.\n\n"
                + "The descriptor is non-blocking: a task reads frames until read() reports EAGAIN or BURST frames were "
                + "read, and pushes them as one batch; with nothing to read it reports no work and the driver backs off.",
        keywords = {"ADDR/MASK: the interface's IPv4 address and netmask, e.g. 10.0.0.1/24 (optional)",
                "ETHER: Ethernet address of the host side of the interface (default: the kernel's random one)",
                "MTU: the interface MTU (default: the kernel's, 1500)",
                "BURST: most frames read per task run (default 32, at most 256)",
                "HEADROOM: headroom of each packet (default 128)"},
        handlers = {"count (r): frames emitted", "drops (r): frames lost because the packet pool was empty",
                "reset_counts (w)", "ether (r): the host side's Ethernet address"},
        example = "FromHost(tap0, 10.0.0.1/24) -> ARPResponder(10.0.0.2 00:01:02:03:04:05) -> ToHost(tap0);",
        notes = "Click's FromHost exists only in the Linux kernel module; at user level Click offers KernelTap/KernelTun. "
                + "This FromHost is the user-level equivalent over a TAP device, so DEVNAME names a TAP device that uniclick "
                + "creates, not an existing interface. Needs CAP_NET_ADMIN.")
public final class FromHost extends Element implements PacketCounting {
    /** {@code a.b.c.d/len}, {@code a.b.c.d/m.m.m.m} or {@code a.b.c.d m.m.m.m}, keeping the host bits: {addr, mask}. */
    static final ArgType<int[]> ADDR_MASK = t -> {
        String s = io.uniclick.core.config.ConfigText.unquote(t).trim();
        String[] w = s.contains("/") ? s.split("/", 2) : s.split("\\s+", 2);
        if (w.length != 2) {
            throw new ArgException("expected IP address and netmask");
        }
        int addr = ArgTypes.IPV4.parse(w[0]);
        int mask = w[1].indexOf('.') >= 0 ? ArgTypes.IPV4.parse(w[1]) : ArgTypes.IPV4_PREFIX.parse("0.0.0.0/" + w[1])[1];
        return new int[] {addr, mask};
    };

    private String dev;
    private int[] addrMask;
    private byte[] ether;
    private int mtu;
    private int burst;
    private int headroom;

    private TapDevice tap;
    private int fd;
    private MemorySegment buf;
    private MemorySegment errState;
    private PacketPool pool;
    private final PacketBatch batch = new PacketBatch();
    private Task task;
    private long count;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        dev = a.mandatoryPositional("DEVNAME", ArgTypes.STRING);
        addrMask = a.positional("ADDR", ADDR_MASK, null);
        ether = a.keyword("ETHER", ArgTypes.ETHER, null);
        mtu = a.keyword("MTU", ArgTypes.UINT32, 0);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        headroom = a.keyword("HEADROOM", ArgTypes.UINT32, PacketPool.DEFAULT_HEADROOM);
        if (burst < 1 || burst > PacketBatch.MAX_SIZE) {
            a.error("BURST", "out of range, bound " + PacketBatch.MAX_SIZE);
        }
        if (mtu != 0 && (mtu < 68 || mtu > 65521)) {
            a.error("MTU", "out of range, expected 68 to 65521");
        }
        if (dev.isEmpty()) {
            a.error("DEVNAME", "empty device name");
        }
        a.complete();
    }

    @Override
    public void initialize() throws ConfigException {
        tap = TapDevice.acquire(dev);
        fd = tap.fd;
        tap.configure(addrMask != null, addrMask == null ? 0 : addrMask[0], addrMask == null ? 0 : addrMask[1], ether, mtu);
        java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofAuto();
        buf = arena.allocate(65536 + 64, 64);
        errState = Sys.newErrnoState(arena);
        pool = context.pool(this);
        task = new Task(this) {
            @Override
            public int doWork() {
                return runTask();
            }
        };
        context.addTask(task);
    }

    private int runTask() {
        final MemorySegment b0 = buf;
        final MemorySegment st = errState;
        final PacketBatch b = batch;
        final int max = burst;
        final int f = fd;
        int got = 0;
        while (got < max) {
            long n = Sys.read(st, f, b0, 65536);
            if (n <= 0) {
                break; // EAGAIN (nothing more), or an error: try again next run
            }
            got++;
            Packet p = pool.allocate(headroom, (int) n);
            if (p == null) {
                drops++;
                continue;
            }
            p.copyFrom(b0, 0, 0, (int) n);
            p.setMacHeaderOffset(0);
            p.setPacketType(Packet.HOST);
            p.setTimestampNanos(context.now());
            b.add(p);
        }
        if (!b.isEmpty()) {
            count += b.size();
            output[0].push(b);
            b.clear();
        }
        return got;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void cleanup() {
        if (task != null) {
            task.unschedule();
        }
        if (tap != null) {
            tap.release();
            tap = null;
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.readLong("drops", () -> drops);
        h.write("reset_counts", v -> {
            count = 0;
            drops = 0;
        });
        h.read("ether", () -> {
            try {
                byte[] m = tap == null ? new byte[6] : tap.etherAddress();
                return String.format("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
            } catch (ConfigException e) {
                return "";
            }
        });
    }
}
