package io.uniclick.core.pcap;

import io.uniclick.core.packet.Packet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic pcap file (little-endian, micro- or nanosecond timestamps) through one reusable
 * direct buffer: no allocation per packet.
 */
public final class PcapWriter implements AutoCloseable {
    private final WritableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final java.lang.foreign.MemorySegment bufSegment = java.lang.foreign.MemorySegment.ofBuffer(buf);
    private final boolean nanos;
    private final int snaplen;
    private final boolean unbuffered;

    private PcapWriter(WritableByteChannel channel, int linkType, int snaplen, boolean nanos, boolean unbuffered) throws IOException {
        this.channel = channel;
        this.nanos = nanos;
        this.snaplen = snaplen <= 0 ? PcapFile.MAX_SNAPLEN : Math.min(snaplen, PcapFile.MAX_SNAPLEN);
        this.unbuffered = unbuffered;
        buf.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(this.snaplen).putInt(linkType);
        flush();
    }

    /** Creates (truncates) {@code path}; {@code "-"} writes to {@code stdout}. */
    public static PcapWriter create(String path, OutputStream stdout, int linkType, int snaplen, boolean nanos, boolean unbuffered) throws IOException {
        WritableByteChannel ch = path.equals("-") ? Channels.newChannel(stdout)
                : FileChannel.open(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new PcapWriter(ch, linkType, snaplen, nanos, unbuffered);
    }

    /** Appends a record for {@code p} with {@code extraLength} added to its original length. */
    public void write(Packet p, int extraLength) throws IOException {
        int len = p.length();
        int cap = Math.min(len, snaplen);
        if (buf.remaining() < 16 + cap) {
            flush();
        }
        long ts = p.timestampNanos();
        buf.putInt((int) (ts / 1_000_000_000L));
        buf.putInt((int) (nanos ? ts % 1_000_000_000L : ts % 1_000_000_000L / 1000));
        buf.putInt(cap);
        buf.putInt(len + extraLength);
        p.copyTo(0, bufSegment, buf.position(), cap);
        buf.position(buf.position() + cap);
        if (unbuffered) {
            flush();
        }
    }

    /** Writes out what is buffered. */
    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    @Override
    public void close() throws IOException {
        flush();
        channel.close();
    }
}
