package io.uniclick.netfront.host;

import io.uniclick.core.element.ConfigException;
import io.uniclick.netfront.emu.VifBridge;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bridges an emulated vif to a Linux network interface through two AF_PACKET sockets with
 * memory-mapped TPACKET_V2 rings, as netback's vif sits in a host bridge: every frame the interface
 * receives (promiscuous) goes to the guest, every frame the guest sends goes out the interface.
 * Poll mode: reading takes ready frames from the RX ring without a system call; sending fills TX ring
 * frames and {@link #flush()} makes one {@code send()} per batch. Nothing is allocated per frame.
 *
 * <p>Frames a local sender left to checksum offload ({@code TP_STATUS_CSUMNOTREADY}) get their TCP/UDP
 * checksum completed here, as the host stack does before a vif whose frontend refuses checksum
 * offload. Frames longer than a ring frame (a TSO/GSO super-segment) are dropped and counted; so are
 * guest frames when the TX ring is full.
 */
public final class AfPacketBridge implements VifBridge {
    private static final VarHandle STATUS = AfPacket.STATUS;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SLL_PKTTYPE = Sys.TPACKET2_HDR + 10;
    private static final int PACKET_OUTGOING = 4;
    private static final int TP_STATUS_CSUMNOTREADY = 0x8;
    private static final int SNAPLEN = 2048;
    private static final int TX_FRAME = 2048;
    private static final int TX_MAX = TX_FRAME - Sys.TPACKET2_HDR;
    private static final int BUSY = Sys.TP_STATUS_SEND_REQUEST | Sys.TP_STATUS_SENDING;

    private final String dev;
    private final AfPacket rxSock;
    private final AfPacket txSock;
    private final MemorySegment rxRing;
    private final long[] rxFrames;
    private final int rxFrameSize;
    private final MemorySegment txRing;
    private final long[] txFrames;
    private final int txFd;
    private final MemorySegment txErr;
    private int rxHead;
    private int txHead;
    private int txQueued;
    private volatile long received;
    private volatile long sent;
    private volatile long txDrops;
    private volatile long oversized;
    private volatile long checksumsCompleted;
    private volatile long sendCalls;

    private AfPacketBridge(String dev, AfPacket rx, AfPacket tx) {
        this.dev = dev;
        this.rxSock = rx;
        this.txSock = tx;
        this.rxRing = rx.ring;
        this.rxFrames = rx.frameOffsets;
        this.rxFrameSize = rx.frameSize;
        this.txRing = tx.ring;
        this.txFrames = tx.frameOffsets;
        this.txFd = tx.fd;
        this.txErr = Sys.newErrnoState(tx.arena);
    }

    /**
     * Opens interface {@code dev} (which must exist) with an RX ring of {@code rxFrames} and a TX ring
     * of {@code txFrames} frames, and puts it in promiscuous mode while open. Needs CAP_NET_RAW.
     */
    public static AfPacketBridge open(String dev, int rxFrames, int txFrames) throws ConfigException {
        AfPacket rx = AfPacket.openRx(dev, SNAPLEN, rxFrames, true, false);
        try {
            return new AfPacketBridge(dev, rx, AfPacket.openTx(dev, txFrames, TX_FRAME, false));
        } catch (ConfigException e) {
            rx.close();
            throw e;
        }
    }

    /** {@link #open(String, int, int)} with 4096 RX and 1024 TX frames. */
    public static AfPacketBridge open(String dev) throws ConfigException {
        return open(dev, 4096, 1024);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public int nextRx(MemorySegment buf, int cap) {
        final MemorySegment r = rxRing;
        final long[] fr = rxFrames;
        final int nframes = fr.length;
        final int fsz = rxFrameSize;
        int h = rxHead;
        for (int seen = 0; seen < nframes; seen++) {
            long off = fr[h];
            int status = (int) STATUS.getAcquire(r, off);
            if ((status & Sys.TP_STATUS_USER) == 0) {
                rxHead = h;
                return -1;
            }
            h = h + 1 == nframes ? 0 : h + 1;
            int len = r.get(ValueLayout.JAVA_INT, off + 4);      // tp_len: the frame's real length
            int snap = r.get(ValueLayout.JAVA_INT, off + 8);     // tp_snaplen: what the ring holds
            int mac = r.get(ValueLayout.JAVA_SHORT, off + 12) & 0xffff;
            int pkttype = r.get(ValueLayout.JAVA_BYTE, off + SLL_PKTTYPE) & 0xff;
            if (pkttype == PACKET_OUTGOING) { // older kernels ignore PACKET_IGNORE_OUTGOING
                STATUS.setRelease(r, off, Sys.TP_STATUS_KERNEL);
                continue;
            }
            if (len != snap || len <= 0 || len > cap || mac + len > fsz) {
                oversized = oversized + 1;  // a GSO super-segment or a corrupt header: no guest can take it
                STATUS.setRelease(r, off, Sys.TP_STATUS_KERNEL);
                continue;
            }
            MemorySegment.copy(r, off + mac, buf, 0, len);
            STATUS.setRelease(r, off, Sys.TP_STATUS_KERNEL);
            if ((status & TP_STATUS_CSUMNOTREADY) != 0 && completeChecksum(buf, len)) {
                checksumsCompleted = checksumsCompleted + 1;
            }
            rxHead = h;
            received = received + 1;
            return len;
        }
        rxHead = h;
        return -1;
    }

    @Override
    public void tx(MemorySegment buf, int len) {
        final MemorySegment r = txRing;
        long off = txFrames[txHead];
        if (len <= 0 || len > TX_MAX || ((int) STATUS.getAcquire(r, off) & BUSY) != 0) {
            txDrops = txDrops + 1;
            return;
        }
        MemorySegment.copy(buf, 0, r, off + Sys.TPACKET2_HDR, len);
        r.set(ValueLayout.JAVA_INT, off + 4, len);
        r.set(ValueLayout.JAVA_INT, off + 8, len);
        STATUS.setRelease(r, off, Sys.TP_STATUS_SEND_REQUEST);
        txHead = txHead + 1 == txFrames.length ? 0 : txHead + 1;
        txQueued++;
    }

    @Override
    public void flush() {
        if (txQueued > 0) {
            sent = sent + txQueued;
            txQueued = 0;
            sendCalls = sendCalls + 1;
            Sys.send(txErr, txFd, MemorySegment.NULL, 0L, Sys.MSG_DONTWAIT);
        }
    }

    /**
     * Completes the TCP or UDP checksum of an untagged IPv4 frame whose checksum field holds only the
     * pseudo-header sum (CHECKSUM_PARTIAL). Returns whether it did; leaves anything else untouched.
     */
    static boolean completeChecksum(MemorySegment b, int len) {
        if (len < 34 || (b.get(BE16, 12) & 0xffff) != 0x0800 || (b.get(ValueLayout.JAVA_BYTE, 14) & 0xf0) != 0x40) {
            return false;
        }
        int ihl = (b.get(ValueLayout.JAVA_BYTE, 14) & 0xf) * 4;
        int total = b.get(BE16, 16) & 0xffff;
        if (ihl < 20 || total < ihl || 14 + total > len || (b.get(BE16, 20) & 0x3fff) != 0) {
            return false; // malformed or a fragment
        }
        int proto = b.get(ValueLayout.JAVA_BYTE, 23) & 0xff;
        int l4 = 14 + ihl;
        int l4len = total - ihl;
        int field;
        if (proto == 6 && l4len >= 20) {
            field = l4 + 16;
        } else if (proto == 17 && l4len >= 8) {
            field = l4 + 6;
        } else {
            return false;
        }
        b.set(BE16, field, (short) 0);
        long sum = proto + l4len;
        for (int i = 26; i < 34; i += 2) { // source and destination addresses
            sum += b.get(BE16, i) & 0xffff;
        }
        int end = l4 + l4len;
        int i = l4;
        for (; i + 1 < end; i += 2) {
            sum += b.get(BE16, i) & 0xffff;
        }
        if (i < end) {
            sum += (b.get(ValueLayout.JAVA_BYTE, i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int c = (int) ~sum & 0xffff;
        if (c == 0 && proto == 17) {
            c = 0xffff;
        }
        b.set(BE16, field, (short) c);
        return true;
    }

    /** Frames taken from the interface for the guest. */
    public long received() {
        return received;
    }

    /** Guest frames handed to the kernel. */
    public long sent() {
        return sent;
    }

    /** Guest frames dropped: TX ring full or frame too long for a ring frame. */
    public long txDrops() {
        return txDrops;
    }

    /** Interface frames dropped because they exceed a ring frame (GSO super-segments: turn TSO/GSO off). */
    public long oversized() {
        return oversized;
    }

    /** Frames whose transport checksum was completed. */
    public long checksumsCompleted() {
        return checksumsCompleted;
    }

    /** {@code send()} calls made (one per TX batch). */
    public long sendCalls() {
        return sendCalls;
    }

    /** Frames the kernel dropped because the RX ring was full (the guest fell behind). */
    public long kernelDrops() {
        return rxSock.kernelDrops();
    }

    @Override
    public void close() {
        // let the kernel send what is marked, then unmap
        long until = System.nanoTime() + 100_000_000L;
        while (System.nanoTime() < until && busyTxFrames() > 0) {
            Sys.send(txErr, txFd, MemorySegment.NULL, 0L, Sys.MSG_DONTWAIT);
            Thread.onSpinWait();
        }
        rxSock.close();
        txSock.close();
    }

    private int busyTxFrames() {
        int busy = 0;
        for (long off : txFrames) {
            if (((int) STATUS.getAcquire(txRing, off) & BUSY) != 0) {
                busy++;
            }
        }
        return busy;
    }

    @Override
    public String toString() {
        return "dev:" + dev;
    }
}
