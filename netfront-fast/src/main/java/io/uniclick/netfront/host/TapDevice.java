package io.uniclick.netfront.host;

import io.uniclick.core.element.ConfigException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * A Linux TAP device opened through {@code /dev/net/tun} (IFF_TAP | IFF_NO_PI, non-blocking),
 * shared by the FromHost and ToHost elements that name the same device: a non-multiqueue TAP can
 * be attached to one file descriptor only. The device is created if absent and disappears when the
 * last user releases it (unless it was made persistent by someone else).
 */
final class TapDevice {
    private static final Map<String, TapDevice> OPEN = new HashMap<>();

    final String name;
    final int fd;
    private int users;

    private TapDevice(String name, int fd) {
        this.name = name;
        this.fd = fd;
    }

    /** Opens (creating if needed) the TAP device {@code name}, or shares the one already open. */
    static synchronized TapDevice acquire(String name) throws ConfigException {
        TapDevice t = OPEN.get(name);
        if (t == null) {
            if (name.isEmpty() || name.length() > 15) {
                throw new ConfigException(name + ": bad device name");
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment st = Sys.newErrnoState(a);
                int fd = Sys.open(st, a.allocateFrom("/dev/net/tun"), Sys.O_RDWR | Sys.O_NONBLOCK | Sys.O_CLOEXEC, 0);
                if (fd < 0) {
                    throw new ConfigException(Sys.err(st, name + ": /dev/net/tun"));
                }
                MemorySegment ifr = Sys.ifreq(a, name);
                ifr.set(ValueLayout.JAVA_SHORT, 16, (short) (Sys.IFF_TAP | Sys.IFF_NO_PI));
                if (Sys.ioctl(st, fd, Sys.TUNSETIFF, ifr) < 0) {
                    String m = Sys.err(st, name + ": TUNSETIFF");
                    Sys.close(st, fd);
                    throw new ConfigException(m);
                }
                t = new TapDevice(name, fd);
                OPEN.put(name, t);
            }
        }
        t.users++;
        return t;
    }

    /** Drops one user; the last one closes the descriptor (and so removes a non-persistent device). */
    void release() {
        synchronized (TapDevice.class) {
            if (--users == 0) {
                OPEN.remove(name);
                try (Arena a = Arena.ofConfined()) {
                    Sys.close(Sys.newErrnoState(a), fd);
                }
            }
        }
    }

    /**
     * Configures the interface like {@code ip addr add ADDR/MASK dev NAME; ip link set NAME up}, with
     * optional Ethernet address and MTU, through ioctls on an AF_INET socket.
     * {@code addr}/{@code mask} are packed big-endian ints; {@code mask == 0 && addr == 0} means no address.
     */
    void configure(boolean setAddr, int addr, int mask, byte[] ether, int mtu) throws ConfigException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Sys.newErrnoState(a);
            int s = Sys.socket(st, Sys.AF_INET, Sys.SOCK_DGRAM | Sys.SOCK_CLOEXEC, 0);
            if (s < 0) {
                throw new ConfigException(Sys.err(st, name + ": socket"));
            }
            try {
                if (ether != null) {
                    MemorySegment r = Sys.ifreq(a, name);
                    r.set(ValueLayout.JAVA_SHORT, 16, (short) 1); // ARPHRD_ETHER
                    MemorySegment.copy(ether, 0, r, ValueLayout.JAVA_BYTE, 18, 6);
                    check(st, Sys.ioctl(st, s, Sys.SIOCSIFHWADDR, r), "SIOCSIFHWADDR");
                }
                if (mtu > 0) {
                    MemorySegment r = Sys.ifreq(a, name);
                    r.set(ValueLayout.JAVA_INT, 16, mtu);
                    check(st, Sys.ioctl(st, s, Sys.SIOCSIFMTU, r), "SIOCSIFMTU");
                }
                if (setAddr) {
                    check(st, Sys.ioctl(st, s, Sys.SIOCSIFADDR, sockaddrIn(a, addr)), "SIOCSIFADDR");
                    check(st, Sys.ioctl(st, s, Sys.SIOCSIFNETMASK, sockaddrIn(a, mask)), "SIOCSIFNETMASK");
                }
                MemorySegment r = Sys.ifreq(a, name);
                check(st, Sys.ioctl(st, s, Sys.SIOCGIFFLAGS, r), "SIOCGIFFLAGS");
                short flags = r.get(ValueLayout.JAVA_SHORT, 16);
                r.set(ValueLayout.JAVA_SHORT, 16, (short) (flags | Sys.IFF_UP | Sys.IFF_RUNNING));
                check(st, Sys.ioctl(st, s, Sys.SIOCSIFFLAGS, r), "SIOCSIFFLAGS");
            } finally {
                Sys.close(st, s);
            }
        }
    }

    /** The device's Ethernet address (SIOCGIFHWADDR). */
    byte[] etherAddress() throws ConfigException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Sys.newErrnoState(a);
            int s = Sys.socket(st, Sys.AF_INET, Sys.SOCK_DGRAM | Sys.SOCK_CLOEXEC, 0);
            if (s < 0) {
                throw new ConfigException(Sys.err(st, name + ": socket"));
            }
            try {
                MemorySegment r = Sys.ifreq(a, name);
                check(st, Sys.ioctl(st, s, Sys.SIOCGIFHWADDR, r), "SIOCGIFHWADDR");
                byte[] mac = new byte[6];
                MemorySegment.copy(r, ValueLayout.JAVA_BYTE, 18, mac, 0, 6);
                return mac;
            } finally {
                Sys.close(st, s);
            }
        }
    }

    private MemorySegment sockaddrIn(Arena a, int ip) {
        MemorySegment r = Sys.ifreq(a, name);
        r.set(ValueLayout.JAVA_SHORT, 16, (short) Sys.AF_INET);
        r.set(ValueLayout.JAVA_BYTE, 20, (byte) (ip >>> 24));
        r.set(ValueLayout.JAVA_BYTE, 21, (byte) (ip >>> 16));
        r.set(ValueLayout.JAVA_BYTE, 22, (byte) (ip >>> 8));
        r.set(ValueLayout.JAVA_BYTE, 23, (byte) ip);
        return r;
    }

    private void check(MemorySegment st, int rc, String what) throws ConfigException {
        if (rc < 0) {
            throw new ConfigException(Sys.err(st, name + ": " + what));
        }
    }
}
