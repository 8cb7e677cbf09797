package io.uniclick.netfront.emu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A packet generator: supplies {@code size}-byte Ethernet/IPv4/UDP frames to the guest, as many as
 * granted through {@link #addCredits} (or without limit), and counts the frames the guest sends.
 * Each frame carries a sequence number at byte 42 (UDP payload).
 */
public final class GeneratorBridge implements VifBridge {
    private final int size;
    private final byte[] template;
    private final AtomicLong credits = new AtomicLong();
    private final boolean unlimited;
    private volatile long generated;
    private volatile long received;
    private volatile long receivedBytes;
    private long seq;

    /** A generator of {@code size}-byte frames (≥ 60), limited by credits unless {@code unlimited}. */
    public GeneratorBridge(int size, boolean unlimited) {
        this.size = Math.max(60, size);
        this.unlimited = unlimited;
        template = new byte[this.size];
        byte[] h = {
            0x00, 0x16, 0x3e, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, // eth
            0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, // ip
            0x04, 0x00, 0x04, 0x01, 0, 0, 0, 0 // udp
        };
        System.arraycopy(h, 0, template, 0, h.length);
        int ipLen = this.size - 14;
        template[16] = (byte) (ipLen >> 8);
        template[17] = (byte) ipLen;
        int udpLen = ipLen - 20;
        template[38] = (byte) (udpLen >> 8);
        template[39] = (byte) udpLen;
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((template[i] & 0xFF) << 8) | (template[i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        sum = ~sum & 0xFFFF;
        template[24] = (byte) (sum >> 8);
        template[25] = (byte) sum;
    }

    /** Allows {@code n} more frames towards the guest. */
    public void addCredits(long n) {
        credits.addAndGet(n);
    }

    /** Frames still allowed. */
    public long credits() {
        return credits.get();
    }

    /** Frames supplied to the guest so far. */
    public long generated() {
        return generated;
    }

    /** Frames the guest sent so far. */
    public long received() {
        return received;
    }

    /** Bytes the guest sent so far. */
    public long receivedBytes() {
        return receivedBytes;
    }

    @Override
    public int nextRx(MemorySegment buf, int cap) {
        if (!unlimited) {
            if (credits.get() <= 0) {
                return -1;
            }
            credits.decrementAndGet();
        }
        int n = Math.min(size, cap);
        MemorySegment.copy(template, 0, buf, ValueLayout.JAVA_BYTE, 0, n);
        if (n >= 50) {
            buf.set(ValueLayout.JAVA_LONG_UNALIGNED, 42, seq);
        }
        seq++;
        generated = seq;
        return n;
    }

    @Override
    public void tx(MemorySegment buf, int len) {
        received = received + 1;
        receivedBytes = receivedBytes + len;
    }
}
