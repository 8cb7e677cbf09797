package io.uniclick.netfront.xen;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** xenstore over {@code /dev/xen/xenbus} in a domU (spec §7.5): one {@code write} per message, {@code poll}+{@code read} for replies. */
public final class XenbusDeviceTransport implements XsTransport {
    /** The device. */
    public static final String DEVICE = "/dev/xen/xenbus";
    private final int fd;
    private final MemorySegment buf = Arena.ofAuto().allocate(16 + 4096 + 16);

    private XenbusDeviceTransport(int fd) {
        this.fd = fd;
    }

    /** Opens the device; fails cleanly when it is missing. */
    public static XenbusDeviceTransport open() throws XenException {
        LinuxXen.requireDevice(DEVICE, "xenfs");
        int fd = LinuxXen.open(DEVICE, LinuxXen.O_RDWR | LinuxXen.O_CLOEXEC);
        if (fd < 0) {
            throw new XenException("cannot open " + DEVICE + ": errno " + LinuxXen.errno() + " (root needed)");
        }
        return new XenbusDeviceTransport(fd);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.byteSize()) {
            throw new IOException("xenstore message too large");
        }
        MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, len);
        long n = LinuxXen.write(fd, buf, len);
        if (n != len) {
            throw new IOException("write to " + DEVICE + " failed: errno " + LinuxXen.errno());
        }
    }

    @Override
    public synchronized int read(byte[] b, int off, int len, long timeoutMillis) throws IOException {
        int r = LinuxXen.pollIn(fd, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeoutMillis)));
        if (r <= 0) {
            return 0;
        }
        long n = LinuxXen.read(fd, buf, Math.min(len, buf.byteSize()));
        if (n == 0) {
            throw new EOFException(DEVICE + " closed");
        }
        if (n < 0) {
            int e = LinuxXen.errno();
            if (e == LinuxXen.EAGAIN || e == LinuxXen.EINTR) {
                return 0;
            }
            throw new IOException("read from " + DEVICE + " failed: errno " + e);
        }
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
        return (int) n;
    }

    @Override
    public void close() {
        LinuxXen.close(fd);
    }
}
