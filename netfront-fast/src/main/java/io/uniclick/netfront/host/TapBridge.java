package io.uniclick.netfront.host;

import io.uniclick.core.element.ConfigException;
import io.uniclick.netfront.emu.VifBridge;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Bridges an emulated vif to a Linux TAP device (created if absent, brought up, removed on close
 * unless persistent): what the host sends into the TAP reaches the guest, what the guest sends comes
 * out of the TAP into the host. Poll mode over a non-blocking descriptor, one {@code read()} or
 * {@code write()} per frame, nothing allocated per frame. A guest frame the device refuses (its queue
 * full, or too long) is dropped and counted. The TAP can be moved into a network namespace after the
 * bridge opened it ({@code ip link set NAME netns NS}); the descriptor stays attached.
 */
public final class TapBridge implements VifBridge {
    private final TapDevice tap;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment st = Sys.newErrnoState(arena);
    private volatile long received;
    private volatile long sent;
    private volatile long txDrops;
    private volatile long readErrors;

    private TapBridge(TapDevice tap) {
        this.tap = tap;
        this.fd = tap.fd;
    }

    /** Opens (creating if needed) TAP device {@code name} and brings it up. Needs CAP_NET_ADMIN. */
    public static TapBridge open(String name) throws ConfigException {
        TapDevice t = TapDevice.acquire(name);
        try {
            t.configure(false, 0, 0, null, 0);
        } catch (ConfigException e) {
            t.release();
            throw e;
        }
        return new TapBridge(t);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public int nextRx(MemorySegment buf, int cap) {
        long n = Sys.read(st, fd, buf, cap);
        if (n > 0) {
            received = received + 1;
            return (int) n;
        }
        if (n < 0) {
            int e = Sys.errno(st);
            if (e != Sys.EAGAIN && e != Sys.EINTR) {
                readErrors = readErrors + 1; // EIO while the device is down, for instance
            }
        }
        return -1;
    }

    @Override
    public void tx(MemorySegment buf, int len) {
        if (Sys.write(st, fd, buf, len) == len) {
            sent = sent + 1;
        } else {
            txDrops = txDrops + 1;
        }
    }

    /** Frames read from the TAP for the guest. */
    public long received() {
        return received;
    }

    /** Guest frames written into the TAP. */
    public long sent() {
        return sent;
    }

    /** Guest frames the TAP refused. */
    public long txDrops() {
        return txDrops;
    }

    /** Reads that failed other than "no frame now". */
    public long readErrors() {
        return readErrors;
    }

    @Override
    public void close() {
        tap.release();
        arena.close();
    }

    @Override
    public String toString() {
        return "tap:" + tap.name;
    }
}
