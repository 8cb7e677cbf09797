package io.uniclick.netfront.host;

import io.uniclick.core.element.ConfigException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An {@code AF_PACKET}/{@code SOCK_RAW} socket bound to one interface, with an optional
 * memory-mapped TPACKET_V2 ring (RX or TX). The elements run their own loops over
 * {@link #ring} and {@link #frameOffsets}; this class only sets things up and tears them down.
 */
final class AfPacket implements AutoCloseable {
    /** Access to a frame's {@code tp_status} word with acquire/release ordering. */
    static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();

    final String dev;
    final int ifindex;
    final int fd;
    final Arena arena = Arena.ofShared();
    /** errno state for calls made off the data path (setup, handlers). */
    final MemorySegment st = Sys.newErrnoState(arena);
    /** The mapped ring, or {@code MemorySegment.NULL}. */
    MemorySegment ring = MemorySegment.NULL;
    long ringBytes;
    /** Byte offset of each frame in {@link #ring}, in ring order. */
    long[] frameOffsets = new long[0];
    int frameSize;
    private long kernelPackets;
    private long kernelDrops;
    private boolean closed;

    private AfPacket(String dev, int ifindex, int fd) {
        this.dev = dev;
        this.ifindex = ifindex;
        this.fd = fd;
    }

    /** The interface index of {@code dev}; throws Click's SIOCGIFINDEX error naming the device. */
    static int ifindex(String dev) throws ConfigException {
        if (dev.isEmpty() || dev.length() > 15) {
            throw new ConfigException(dev + ": bad device name");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Sys.newErrnoState(a);
            int idx = Sys.ifNameToIndex(st, dev);
            if (idx <= 0) {
                throw new ConfigException(Sys.err(st, dev + ": SIOCGIFINDEX"));
            }
            return idx;
        }
    }

    /**
     * A socket receiving every frame of {@code dev} into an RX ring of at least {@code frames} frames
     * each holding {@code snaplen} bytes of packet data.
     */
    static AfPacket openRx(String dev, int snaplen, int frames, boolean promisc, boolean outbound) throws ConfigException {
        int idx = ifindex(dev);
        AfPacket s = open(dev, idx, Sys.ETH_P_ALL);
        try {
            s.version();
            // frame = tpacket2_hdr + sockaddr_ll + padding up to the MAC header (at most 80) + data
            int frameSize = align(snaplen + 96, 16);
            int blockSize = align(Math.max(frameSize, 1 << 16), 4096);
            int perBlock = blockSize / frameSize;
            int blocks = Math.max(1, (frames + perBlock - 1) / perBlock);
            s.setupRing(Sys.PACKET_RX_RING, blockSize, blocks, frameSize, perBlock);
            s.bindTo(Sys.ETH_P_ALL);
            if (!outbound) {
                // Linux ≥ 4.20; older kernels: the element also skips PACKET_OUTGOING frames itself
                Sys.setIntOpt(s.st, s.fd, Sys.SOL_PACKET, Sys.PACKET_IGNORE_OUTGOING, 1);
            }
            if (promisc) {
                s.membership(Sys.PACKET_ADD_MEMBERSHIP);
            }
            return s;
        } catch (ConfigException e) {
            s.close();
            throw e;
        }
    }

    /** A socket sending on {@code dev} through a TX ring of {@code frames} frames of {@code frameSize} bytes. */
    static AfPacket openTx(String dev, int frames, int frameSize, boolean qdiscBypass) throws ConfigException {
        int idx = ifindex(dev);
        // protocol 0: the socket receives nothing, so no receive queue fills up behind our back
        AfPacket s = open(dev, idx, 0);
        try {
            s.version();
            Sys.setIntOpt(s.st, s.fd, Sys.SOL_PACKET, Sys.PACKET_LOSS, 1); // skip malformed frames instead of stalling
            if (qdiscBypass) {
                Sys.setIntOpt(s.st, s.fd, Sys.SOL_PACKET, Sys.PACKET_QDISC_BYPASS, 1);
            }
            int blockSize = align(Math.max(frameSize, 1 << 16), 4096);
            int perBlock = blockSize / frameSize;
            int blocks = Math.max(1, (frames + perBlock - 1) / perBlock);
            s.setupRing(Sys.PACKET_TX_RING, blockSize, blocks, frameSize, perBlock);
            s.bindTo(0);
            return s;
        } catch (ConfigException e) {
            s.close();
            throw e;
        }
    }

    private static AfPacket open(String dev, int idx, int proto) throws ConfigException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Sys.newErrnoState(a);
            int fd = Sys.socket(st, Sys.AF_PACKET, Sys.SOCK_RAW | Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC, htons(proto));
            if (fd < 0) {
                throw new ConfigException(Sys.err(st, dev + ": socket"));
            }
            return new AfPacket(dev, idx, fd);
        }
    }

    private void version() throws ConfigException {
        if (Sys.setIntOpt(st, fd, Sys.SOL_PACKET, Sys.PACKET_VERSION, Sys.TPACKET_V2) < 0) {
            throw new ConfigException(Sys.err(st, dev + ": PACKET_VERSION"));
        }
    }

    private void setupRing(int which, int blockSize, int blocks, int frameSize, int perBlock) throws ConfigException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = a.allocate(16, 4);
            req.set(ValueLayout.JAVA_INT, 0, blockSize);
            req.set(ValueLayout.JAVA_INT, 4, blocks);
            req.set(ValueLayout.JAVA_INT, 8, frameSize);
            req.set(ValueLayout.JAVA_INT, 12, blocks * perBlock);
            if (Sys.setsockopt(st, fd, Sys.SOL_PACKET, which, req, 16) < 0) {
                throw new ConfigException(Sys.err(st, dev + (which == Sys.PACKET_RX_RING ? ": PACKET_RX_RING" : ": PACKET_TX_RING")));
            }
        }
        long len = (long) blockSize * blocks;
        MemorySegment m = Sys.mmap(st, len, Sys.PROT_READ | Sys.PROT_WRITE, Sys.MAP_SHARED, fd, 0);
        if (m.equals(MemorySegment.NULL)) {
            throw new ConfigException(Sys.err(st, dev + ": mmap"));
        }
        ring = m;
        ringBytes = len;
        this.frameSize = frameSize;
        frameOffsets = new long[blocks * perBlock];
        for (int b = 0, i = 0; b < blocks; b++) {
            for (int f = 0; f < perBlock; f++) {
                frameOffsets[i++] = (long) b * blockSize + (long) f * frameSize;
            }
        }
    }

    private void bindTo(int proto) throws ConfigException {
        try (Arena a = Arena.ofConfined()) {
            if (Sys.bind(st, fd, Sys.sockaddrLl(a, ifindex, proto), Sys.SOCKADDR_LL) < 0) {
                throw new ConfigException(Sys.err(st, dev + ": bind"));
            }
        }
    }

    private void membership(int op) throws ConfigException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mr = a.allocate(16, 4);
            mr.set(ValueLayout.JAVA_INT, 0, ifindex);
            mr.set(ValueLayout.JAVA_SHORT, 4, (short) Sys.PACKET_MR_PROMISC);
            if (Sys.setsockopt(st, fd, Sys.SOL_PACKET, op, mr, 16) < 0) {
                throw new ConfigException(Sys.err(st, dev + ": PACKET_ADD_MEMBERSHIP"));
            }
        }
    }

    /** Reads PACKET_STATISTICS (which the kernel resets on each read) into running totals. */
    synchronized void pollStatistics() {
        if (closed) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(8, 4);
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, 8);
            if (Sys.getsockopt(st, fd, Sys.SOL_PACKET, Sys.PACKET_STATISTICS, v, len) == 0) {
                kernelPackets += Integer.toUnsignedLong(v.get(ValueLayout.JAVA_INT, 0));
                kernelDrops += Integer.toUnsignedLong(v.get(ValueLayout.JAVA_INT, 4));
            }
        }
    }

    /** Frames the kernel dropped because the ring was full (running total). */
    synchronized long kernelDrops() {
        pollStatistics();
        return kernelDrops;
    }

    /** Frames the kernel offered the socket (running total, including drops). */
    synchronized long kernelPackets() {
        pollStatistics();
        return kernelPackets;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!ring.equals(MemorySegment.NULL)) {
            Sys.munmap(st, ring, ringBytes);
            ring = MemorySegment.NULL;
        }
        Sys.close(st, fd); // also leaves promiscuous mode (the membership belongs to the socket)
        closed = true;
        arena.close();
    }

    static int htons(int v) {
        return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
    }

    static int align(int v, int a) {
        return (v + a - 1) & -a;
    }
}
