package io.uniclick.netfront.xen;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Event channels through {@code /dev/xen/evtchn} (spec §7.3), opened non-blocking. {@link #notify}
 * is one {@code IOCTL_EVTCHN_NOTIFY}; {@link #pending} reads fired ports without blocking and writes
 * each back to unmask it. The argument segments are preallocated, so the data-path calls allocate
 * nothing. Confine each instance's data-path use to one thread at a time.
 */
public final class EvtchnEventChannel implements EventChannel {
    /** The device. */
    public static final String DEVICE = "/dev/xen/evtchn";
    private final int fd;
    private final MemorySegment arg = Arena.ofAuto().allocate(8, 8);
    private final MemorySegment notifyArg = Arena.ofAuto().allocate(4, 4);
    private final MemorySegment ports = Arena.ofAuto().allocate(4 * 64, 4);
    private final boolean[] fired = new boolean[4096];

    private EvtchnEventChannel(int fd) {
        this.fd = fd;
    }

    /** Opens the device; fails cleanly when it is missing. */
    public static EvtchnEventChannel open() throws XenException {
        LinuxXen.requireDevice(DEVICE, "xen-evtchn");
        int fd = LinuxXen.open(DEVICE, LinuxXen.O_RDWR | LinuxXen.O_CLOEXEC | LinuxXen.O_NONBLOCK);
        if (fd < 0) {
            throw new XenException("cannot open " + DEVICE + ": errno " + LinuxXen.errno() + " (root needed)");
        }
        return new EvtchnEventChannel(fd);
    }

    @Override
    public synchronized int bindUnboundPort(int remoteDomid) throws XenException {
        arg.set(ValueLayout.JAVA_INT, 0, remoteDomid);
        int port = LinuxXen.ioctl(fd, LinuxXen.IOCTL_EVTCHN_BIND_UNBOUND_PORT, arg);
        if (port < 0) {
            throw new XenException("IOCTL_EVTCHN_BIND_UNBOUND_PORT failed: errno " + LinuxXen.errno());
        }
        return port;
    }

    @Override
    public synchronized int bindInterdomain(int remoteDomid, int remotePort) throws XenException {
        arg.set(ValueLayout.JAVA_INT, 0, remoteDomid);
        arg.set(ValueLayout.JAVA_INT, 4, remotePort);
        int port = LinuxXen.ioctl(fd, LinuxXen.IOCTL_EVTCHN_BIND_INTERDOMAIN, arg);
        if (port < 0) {
            throw new XenException("IOCTL_EVTCHN_BIND_INTERDOMAIN failed: errno " + LinuxXen.errno());
        }
        return port;
    }

    @Override
    public boolean notify(int port) {
        MemorySegment a = notifyArg;
        a.set(ValueLayout.JAVA_INT, 0, port);
        return LinuxXen.ioctl(fd, LinuxXen.IOCTL_EVTCHN_NOTIFY, a) == 0;
    }

    @Override
    public synchronized boolean pending(int port) {
        long n = LinuxXen.read(fd, ports, ports.byteSize());
        if (n > 0) {
            for (long i = 0; i < n / 4; i++) {
                int p = ports.get(ValueLayout.JAVA_INT, i * 4);
                if (p >= 0 && p < fired.length) {
                    fired[p] = true;
                }
            }
            LinuxXen.write(fd, ports, n & ~3L); // unmask what fired
        }
        if (port >= 0 && port < fired.length && fired[port]) {
            fired[port] = false;
            return true;
        }
        return false;
    }

    @Override
    public synchronized void unbind(int port) {
        arg.set(ValueLayout.JAVA_INT, 0, port);
        LinuxXen.ioctl(fd, LinuxXen.IOCTL_EVTCHN_UNBIND, arg);
    }

    @Override
    public void close() {
        LinuxXen.close(fd);
    }
}
