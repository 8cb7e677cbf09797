package io.uniclick.netfront.emu;

import io.uniclick.netfront.ring.Netif;
import io.uniclick.netfront.ring.SharedRing;
import io.uniclick.netfront.xen.EventChannel;
import io.uniclick.netfront.xen.GrantTable;
import io.uniclick.netfront.xen.GrantedPages;
import io.uniclick.netfront.xen.XenException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A guest's shared memory in emulation (spec §8.1, §8.3): one file, normally under {@code /dev/shm},
 * mapped by the frontend and the emulated backend (threads or processes). Layout:
 * <pre>
 *   0        header: magic "UCXENEMU" u64, version u32 @8, frames u32 @12, ports u32 @16, guest domid u32 @20
 *   4096     event channels: PORTS records of 32 bytes {u32 state; u32 owner dom; u32 remote dom; u32 pad;
 *            u64 events to the guest @16; u64 events to the backend @24}
 *   GNT      grant table: one v1 entry per frame {u16 flags; u16 domid; u32 frame} (8 bytes), gref = frame index
 *   FRAMES   the frames, 4096 bytes each
 * </pre>
 * The guest side grants pages ({@link #grantTable()}) and binds unbound ports; the backend side
 * resolves grefs only through the table ({@link #frameOffset}), enforcing {@code GTF_permit_access},
 * the domid and {@code GTF_readonly}, and answers {@code GNTST_*} codes like Xen.
 */
public final class EmulatedXenMemory implements AutoCloseable {
    /** File magic. */
    public static final long MAGIC = 0x554D45_4E4558_4355L; // "UCXENEMU" little-endian
    /** Grant flag: access permitted. */
    public static final int GTF_PERMIT_ACCESS = 1;
    /** Grant flag: read-only. */
    public static final int GTF_READONLY = 1 << 2;
    /** Event-channel ports. */
    public static final int PORTS = 256;
    /** Grant refs below this are never handed out (Linux reserves 0..7). */
    public static final int FIRST_GREF = 8;
    private static final long EVT = 4096;
    private static final long GNT = EVT + PORTS * 32L;
    private static final VarHandle INT = SharedRing.LE_INT.varHandle();
    private static final VarHandle LONG = SharedRing.LE_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment seg;
    private final int frames;
    private final long framesBase;
    private final Path path;
    private int allocHint = FIRST_GREF;

    private EmulatedXenMemory(Path path, Arena arena, MemorySegment seg, int frames) {
        this.path = path;
        this.arena = arena;
        this.seg = seg;
        this.frames = frames;
        this.framesBase = framesBase(frames);
    }

    private static long framesBase(int frames) {
        return GNT + ((frames * 8L + 4095) & ~4095L);
    }

    /** Creates (or truncates) the file with {@code frames} frames and maps it. */
    public static EmulatedXenMemory create(Path path, int frames, int guestDomid) throws XenException {
        long size = framesBase(frames) + frames * (long) Netif.PAGE_SIZE;
        try (FileChannel fc = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            fc.truncate(0);
            fc.write(java.nio.ByteBuffer.allocate(1), size - 1);
            Arena a = Arena.ofShared();
            EmulatedXenMemory m = new EmulatedXenMemory(path, a, fc.map(FileChannel.MapMode.READ_WRITE, 0, size, a), frames);
            m.seg.set(SharedRing.LE_INT, 8, 1);
            m.seg.set(SharedRing.LE_INT, 12, frames);
            m.seg.set(SharedRing.LE_INT, 16, PORTS);
            m.seg.set(SharedRing.LE_INT, 20, guestDomid);
            m.seg.set(SharedRing.LE_LONG, 0, MAGIC);
            VarHandle.fullFence();
            return m;
        } catch (IOException e) {
            throw new XenException("cannot create emulated guest memory " + path + ": " + e.getMessage());
        }
    }

    /** Maps an existing file (the backend side, or another process). */
    public static EmulatedXenMemory open(Path path) throws XenException {
        try (FileChannel fc = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = fc.size();
            if (size < GNT) {
                throw new XenException(path + ": not an emulated guest memory file (too short)");
            }
            Arena a = Arena.ofShared();
            MemorySegment s = fc.map(FileChannel.MapMode.READ_WRITE, 0, size, a);
            if (s.get(SharedRing.LE_LONG, 0) != MAGIC) {
                a.close();
                throw new XenException(path + ": not an emulated guest memory file (bad magic)");
            }
            int frames = s.get(SharedRing.LE_INT, 12);
            if (frames <= 0 || frames > (1 << 20) || framesBase(frames) + frames * 4096L > size) {
                a.close();
                throw new XenException(path + ": truncated emulated guest memory file");
            }
            return new EmulatedXenMemory(path, a, s, frames);
        } catch (IOException e) {
            throw new XenException("cannot open emulated guest memory " + path + ": " + e.getMessage());
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The whole mapping (backend copies go through {@link #frameOffset} into it). */
    public MemorySegment segment() {
        return seg;
    }

    /** Number of frames. */
    public int frames() {
        return frames;
    }

    /** The guest's domid. */
    public int guestDomid() {
        return seg.get(SharedRing.LE_INT, 20);
    }

    private long entry(int gref) {
        return GNT + gref * 8L;
    }

    /** Byte offset of frame {@code gref}'s page (no checks; for the guest side). */
    public long pageOffset(int gref) {
        return framesBase + (long) gref * Netif.PAGE_SIZE;
    }

    /**
     * Backend access to a granted frame: its byte offset in {@link #segment()}, or a negative
     * {@code GNTST_*} code if {@code domid} may not access {@code gref} (for writing if {@code write}).
     * Never throws; allocates nothing.
     */
    public long frameOffset(int domid, int gref, boolean write) {
        if (gref < FIRST_GREF || gref >= frames) {
            return Netif.GNTST_BAD_GNTREF;
        }
        int e = (int) INT.getAcquire(seg, entry(gref));
        int flags = e & 0xFFFF;
        if ((flags & 3) != GTF_PERMIT_ACCESS) {
            return Netif.GNTST_BAD_GNTREF;
        }
        if ((e >>> 16) != domid) {
            return Netif.GNTST_PERMISSION_DENIED;
        }
        if (write && (flags & GTF_READONLY) != 0) {
            return Netif.GNTST_PERMISSION_DENIED;
        }
        return pageOffset(gref);
    }

    /** The guest-side grant table of this memory. */
    public GrantTable grantTable() {
        return new GrantTable() {
            @Override
            public GrantedPages grant(int domid, int count, boolean writable) throws XenException {
                return EmulatedXenMemory.this.grant(domid, count, writable);
            }

            @Override
            public void close() {
            }
        };
    }

    synchronized GrantedPages grant(int domid, int count, boolean writable) throws XenException {
        int[] refs = new int[count];
        MemorySegment[] pages = new MemorySegment[count];
        int got = 0;
        int scanned = 0;
        int g = allocHint;
        int value = (GTF_PERMIT_ACCESS | (writable ? 0 : GTF_READONLY)) | (domid << 16);
        while (got < count && scanned < frames) {
            if (g >= frames) {
                g = FIRST_GREF;
            }
            if (INT.compareAndSet(seg, entry(g), 0, value)) {
                seg.set(SharedRing.LE_INT, entry(g) + 4, g);
                MemorySegment p = seg.asSlice(pageOffset(g), Netif.PAGE_SIZE);
                p.fill((byte) 0);
                refs[got] = g;
                pages[got] = p;
                got++;
            }
            g++;
            scanned++;
        }
        allocHint = g;
        VarHandle.fullFence();
        if (got < count) {
            for (int i = 0; i < got; i++) {
                INT.setRelease(seg, entry(refs[i]), 0);
            }
            throw new XenException("emulated grant table full (" + frames + " frames)", "ENOSPC");
        }
        return new GrantedPages(refs, pages, () -> {
            for (int r : refs) {
                INT.setRelease(seg, entry(r), 0);
            }
        });
    }

    /** An event-channel endpoint on this memory: the guest's ({@code backendSide} false) or the backend's. */
    public EventChannel eventChannel(int localDomid, boolean backendSide) {
        return new Evtchn(localDomid, backendSide);
    }

    private long port(int p) {
        return EVT + p * 32L;
    }

    private final class Evtchn implements EventChannel {
        private final int self;
        private final boolean back;
        private final long[] seen = new long[PORTS];

        Evtchn(int self, boolean back) {
            this.self = self;
            this.back = back;
        }

        @Override
        public int bindUnboundPort(int remoteDomid) throws XenException {
            for (int p = 1; p < PORTS; p++) {
                long r = port(p);
                if (INT.compareAndSet(seg, r, 0, 1)) {
                    seg.set(SharedRing.LE_INT, r + 4, self);
                    seg.set(SharedRing.LE_INT, r + 8, remoteDomid);
                    seen[p] = (long) LONG.getVolatile(seg, r + (back ? 24 : 16));
                    VarHandle.fullFence();
                    return p;
                }
            }
            throw new XenException("no free emulated event-channel port", "ENOSPC");
        }

        @Override
        public int bindInterdomain(int remoteDomid, int remotePort) throws XenException {
            if (remotePort <= 0 || remotePort >= PORTS) {
                throw new XenException("bad event-channel port " + remotePort, "EINVAL");
            }
            long r = port(remotePort);
            int state = (int) INT.getVolatile(seg, r);
            if (state == 0 || seg.get(SharedRing.LE_INT, r + 4) != remoteDomid || seg.get(SharedRing.LE_INT, r + 8) != self) {
                throw new XenException("event-channel port " + remotePort + " of domain " + remoteDomid + " is not unbound for domain " + self, "EINVAL");
            }
            INT.setVolatile(seg, r, 2);
            seen[remotePort] = (long) LONG.getVolatile(seg, r + (back ? 24 : 16));
            return remotePort;
        }

        @Override
        public boolean notify(int port) {
            if (port <= 0 || port >= PORTS) {
                return false;
            }
            LONG.getAndAdd(seg, port(port) + (back ? 16 : 24), 1L);
            return true;
        }

        @Override
        public boolean pending(int port) {
            if (port <= 0 || port >= PORTS) {
                return false;
            }
            long v = (long) LONG.getAcquire(seg, port(port) + (back ? 24 : 16));
            if (v != seen[port]) {
                seen[port] = v;
                return true;
            }
            return false;
        }

        @Override
        public void unbind(int port) {
            if (port <= 0 || port >= PORTS) {
                return;
            }
            if (back) {
                INT.compareAndSet(seg, port(port), 2, 1);
            } else {
                INT.setVolatile(seg, port(port), 0);
            }
        }

        @Override
        public void close() {
        }
    }

    /** Events sent towards the guest / towards the backend on {@code port} (for tests: notification counts). */
    public long eventCount(int port, boolean towardsBackend) {
        return (long) LONG.getVolatile(seg, port(port) + (towardsBackend ? 24 : 16));
    }

    @Override
    public void close() {
        // Not unmapped: other threads may still hold ring views; the mapping goes with the process.
        // (Closing the shared arena would make their accesses throw.)
    }

    /** Unmaps now; only when no thread uses the memory any more. */
    public void unmap() {
        arena.close();
    }
}
