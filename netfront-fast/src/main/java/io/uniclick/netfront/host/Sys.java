package io.uniclick.netfront.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The Linux system calls the host device elements use, bound with {@code java.lang.foreign}
 * (no JNI, no C). Every downcall captures {@code errno} into a caller-supplied segment from
 * {@link #newErrnoState}, so that a data-path caller can preallocate it and read the error without
 * allocating. Calls never throw for a failing system call: they return -1 and leave the error in
 * the state segment.
 */
final class Sys {
    private Sys() {
    }

    // ---- constants (x86-64 / generic Linux) ---------------------------------------------------
    static final int AF_INET = 2;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int ETH_P_ALL = 0x0003;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUF = 7;
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_DROP_MEMBERSHIP = 2;
    static final int PACKET_RX_RING = 5;
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_VERSION = 10;
    static final int PACKET_RESERVE = 12;
    static final int PACKET_TX_RING = 13;
    static final int PACKET_LOSS = 14;
    static final int PACKET_QDISC_BYPASS = 20;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int PACKET_MR_PROMISC = 1;
    static final int TPACKET_V2 = 1;
    static final int TP_STATUS_KERNEL = 0;
    static final int TP_STATUS_USER = 1;
    static final int TP_STATUS_AVAILABLE = 0;
    static final int TP_STATUS_SEND_REQUEST = 1;
    static final int TP_STATUS_SENDING = 2;
    static final int TP_STATUS_WRONG_FORMAT = 4;
    /** Size of {@code struct tpacket2_hdr}; TPACKET_ALIGN(32) = 32. */
    static final int TPACKET2_HDR = 32;
    static final int MSG_DONTWAIT = 0x40;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ENOBUFS = 105;
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_UP = 0x1;
    static final short IFF_RUNNING = 0x40;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final long SIOCSIFADDR = 0x8916;
    static final long SIOCSIFNETMASK = 0x891c;
    static final long SIOCSIFMTU = 0x8922;
    static final long SIOCSIFHWADDR = 0x8924;
    static final long SIOCGIFHWADDR = 0x8927;
    /** {@code struct ifreq} size. */
    static final int IFREQ = 40;
    /** {@code struct sockaddr_ll} size. */
    static final int SOCKADDR_LL = 20;

    // ---- bindings -----------------------------------------------------------------------------
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt", FunctionDescriptor.of(I, I, I, I, P, I));
    private static final MethodHandle GETSOCKOPT = bind("getsockopt", FunctionDescriptor.of(I, I, I, I, P, P));
    private static final MethodHandle IOCTL = bind("ioctl", FunctionDescriptor.of(I, I, J, P), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP = bind("mmap", FunctionDescriptor.of(P, P, J, I, I, I, J));
    private static final MethodHandle MUNMAP = bind("munmap", FunctionDescriptor.of(I, P, J));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle SEND = bind("send", FunctionDescriptor.of(J, I, P, J, I));
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(J, I, P, J));
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(J, I, P, J));
    private static final MethodHandle IF_NAMETOINDEX = bind("if_nametoindex", FunctionDescriptor.of(I, P));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(P, I));

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = CAPTURE;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, opts);
    }

    /** A segment receiving {@code errno} after each call; allocate once per element. */
    static MemorySegment newErrnoState(Arena arena) {
        return arena.allocate(STATE);
    }

    /** The {@code errno} of the last call made with {@code st}. */
    static int errno(MemorySegment st) {
        return (int) ERRNO.get(st, 0L);
    }

    /** {@code strerror(e)}. */
    static String strerror(int e) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(e);
            return s.reinterpret(1024).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return "errno " + e;
        }
    }

    static int socket(MemorySegment st, int domain, int type, int proto) {
        try {
            return (int) SOCKET.invokeExact(st, domain, type, proto);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int bind(MemorySegment st, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int setsockopt(MemorySegment st, int fd, int level, int name, MemorySegment val, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(st, fd, level, name, val, len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int getsockopt(MemorySegment st, int fd, int level, int name, MemorySegment val, MemorySegment lenp) {
        try {
            return (int) GETSOCKOPT.invokeExact(st, fd, level, name, val, lenp);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int ioctl(MemorySegment st, int fd, long req, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(st, fd, req, arg);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** mmap; returns {@code MemorySegment.NULL} on failure, else a segment of {@code len} bytes. */
    static MemorySegment mmap(MemorySegment st, long len, int prot, int flags, int fd, long off) {
        try {
            MemorySegment m = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, len, prot, flags, fd, off);
            if (m.address() == -1L) {
                return MemorySegment.NULL;
            }
            return m.reinterpret(len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int munmap(MemorySegment st, MemorySegment m, long len) {
        try {
            return (int) MUNMAP.invokeExact(st, m, len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int close(MemorySegment st, int fd) {
        try {
            return (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long send(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static int open(MemorySegment st, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(st, path, flags, mode);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long read(MemorySegment st, int fd, MemorySegment buf, long len) {
        try {
            return (long) READ.invokeExact(st, fd, buf, len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long write(MemorySegment st, int fd, MemorySegment buf, long len) {
        try {
            return (long) WRITE.invokeExact(st, fd, buf, len);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The interface index of {@code name}, or 0 (with errno set) when there is no such device. */
    static int ifNameToIndex(MemorySegment st, String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX.invokeExact(st, a.allocateFrom(name));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A zeroed {@code struct ifreq} naming {@code dev}. */
    static MemorySegment ifreq(Arena a, String dev) {
        MemorySegment r = a.allocate(IFREQ, 8);
        byte[] n = dev.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(n, 0, r, ValueLayout.JAVA_BYTE, 0, Math.min(n.length, 15));
        return r;
    }

    /** A {@code struct sockaddr_ll} for {@code ifindex} and protocol {@code proto} (host order). */
    static MemorySegment sockaddrLl(Arena a, int ifindex, int proto) {
        MemorySegment s = a.allocate(SOCKADDR_LL, 8);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
        s.set(ValueLayout.JAVA_BYTE, 2, (byte) (proto >>> 8));
        s.set(ValueLayout.JAVA_BYTE, 3, (byte) proto);
        s.set(ValueLayout.JAVA_INT, 4, ifindex);
        return s;
    }

    /** setsockopt with an int value; returns the call's result. */
    static int setIntOpt(MemorySegment st, int fd, int level, int name, int value) {
        try (Arena a = Arena.ofConfined()) {
            return setsockopt(st, fd, level, name, a.allocateFrom(ValueLayout.JAVA_INT, value), 4);
        }
    }

    /** Message for the last error: {@code "what: strerror"}. */
    static String err(MemorySegment st, String what) {
        return what + ": " + strerror(errno(st));
    }
}
