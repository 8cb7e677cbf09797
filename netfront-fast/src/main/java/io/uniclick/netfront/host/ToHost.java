package io.uniclick.netfront.host;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Hands Ethernet frames to the host kernel through a TAP device (Click's ToHost, user-level over /dev/net/tun). */
@ElementInfo(name = "ToHost", ports = "1/0", processing = "h/h",
        synopsis = "ToHost(DEVNAME [, *keywords* QUIET, SNIFFERS, ALLOW_NONEXISTENT])",
        description = "Writes each pushed Ethernet frame to the TAP device DEVNAME, so that the host kernel receives it as "
                + "if it had arrived on that interface. The device is created if needed and shared with a FromHost of the "
                + "same name (which can also give it an address). Writes are non-blocking: when the device's queue is "
                + "full the frame is dropped and counted.",
        keywords = {"QUIET, SNIFFERS, ALLOW_NONEXISTENT: booleans accepted for compatibility with Click's kernel element"},
        handlers = {"count (r): frames handed to the kernel", "drops (r): frames the kernel refused",
                "reset_counts (w)"},
        example = "FromHost(tap0, 10.0.0.1/24) -> ARPResponder(10.0.0.2 00:01:02:03:04:05) -> ToHost(tap0);",
        notes = "Click's ToHost exists only in the Linux kernel module and can inject into any interface; this one "
                + "injects through a TAP device that uniclick creates (Click's user-level KernelTap does the same). "
                + "One write() per frame. Needs CAP_NET_ADMIN.")
public final class ToHost extends Element implements PacketCounting {
    private String dev;
    private TapDevice tap;
    private int fd;
    private MemorySegment buf;
    private MemorySegment errState;
    private long count;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        dev = a.mandatoryPositional("DEVNAME", ArgTypes.STRING);
        a.keyword("QUIET", ArgTypes.BOOL, false);
        a.keyword("SNIFFERS", ArgTypes.BOOL, false);
        a.keyword("ALLOW_NONEXISTENT", ArgTypes.BOOL, false);
        if (dev.isEmpty()) {
            a.error("DEVNAME", "empty device name");
        }
        a.complete();
    }

    @Override
    public void initialize() throws ConfigException {
        tap = TapDevice.acquire(dev);
        fd = tap.fd;
        Arena arena = Arena.ofAuto();
        buf = arena.allocate(65536 + 64, 64);
        errState = Sys.newErrnoState(arena);
    }

    @Override
    public void push(int port, PacketBatch b) {
        final MemorySegment b0 = buf;
        final MemorySegment st = errState;
        final int f = fd;
        final int n = b.size();
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            int len = p.length();
            if (len < 14 || len > 65536) {
                drops++;
            } else {
                p.copyTo(0, b0, 0, len);
                if (Sys.write(st, f, b0, len) == len) {
                    count++;
                } else {
                    drops++;
                }
            }
            p.kill();
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void cleanup() {
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
    }
}
