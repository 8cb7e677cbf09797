package io.uniclick.netfront.emu;

import io.uniclick.core.pcap.PcapException;
import io.uniclick.core.pcap.PcapFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bridges a vif to pcap files: replays {@code in} (if given) into the guest's RX, once or
 * {@code loops} times, and captures the guest's TX into {@code out} (if given), microsecond pcap,
 * Ethernet link type.
 */
public final class PcapBridge implements VifBridge {
    private static final VarHandle REPLAYED;
    private static final VarHandle CAPTURED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REPLAYED = l.findVarHandle(PcapBridge.class, "replayed", long.class);
            CAPTURED = l.findVarHandle(PcapBridge.class, "captured", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PcapFile in;
    private final OutputStream out;
    private final byte[] rec = new byte[16 + 65536];
    private long loops;
    // written by the backend thread with release stores (no fence per frame), read with acquire
    @SuppressWarnings("unused")
    private long replayed;
    @SuppressWarnings("unused")
    private long captured;
    private long replayedCount;
    private long capturedCount;

    /** Replays {@code in} {@code loops} times (≤ 0: forever) and captures into {@code out}; either may be null. */
    public PcapBridge(Path in, long loops, Path out) throws IOException {
        try {
            this.in = in == null ? null : PcapFile.open(in);
        } catch (PcapException e) {
            throw new IOException(e.getMessage(), e);
        }
        this.loops = loops <= 0 ? Long.MAX_VALUE : loops;
        if (out != null) {
            this.out = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
            byte[] h = new byte[24];
            putInt(h, 0, 0xa1b2c3d4);
            h[4] = 2;
            h[6] = 4;
            putInt(h, 16, 65535);
            putInt(h, 20, 1);
            this.out.write(h);
        } else {
            this.out = null;
        }
    }

    private static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    /** Frames replayed. */
    public long replayed() {
        return (long) REPLAYED.getAcquire(this);
    }

    /** Frames captured. */
    public long captured() {
        return (long) CAPTURED.getAcquire(this);
    }

    @Override
    public int nextRx(MemorySegment buf, int cap) {
        if (in == null) {
            return -1;
        }
        while (true) {
            if (in.next()) {
                int len = Math.min(in.caplen(), cap);
                MemorySegment.copy(in.segment(), in.dataOffset(), buf, 0, len);
                REPLAYED.setRelease(this, ++replayedCount);
                return len;
            }
            if (--loops <= 0) {
                return -1;
            }
            in.rewind();
            if (!in.next()) {
                return -1; // empty file
            }
            in.rewind();
        }
    }

    @Override
    public void tx(MemorySegment buf, int len) {
        if (out == null) {
            return;
        }
        long now = System.currentTimeMillis();
        putInt(rec, 0, (int) (now / 1000));
        putInt(rec, 4, (int) (now % 1000) * 1000);
        putInt(rec, 8, len);
        putInt(rec, 12, len);
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, rec, 16, len);
        try {
            out.write(rec, 0, 16 + len);
            CAPTURED.setRelease(this, ++capturedCount);
        } catch (IOException e) {
            // capture failure: keep the vif running
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }
}
