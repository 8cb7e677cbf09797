package io.uniclick.netfront.xen;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libc through {@code java.lang.foreign} for the {@code /dev/xen} devices (no JNI, no C), with the
 * call shapes proven in a real domU ({@code notes/xen-rig-java.md}): errno captured with
 * {@code captureCallState}, variadic {@code open}/{@code ioctl} with {@code firstVariadicArg(2)},
 * {@code mmap} returning a zero-length segment to reinterpret. Handles are linked on first use, so
 * merely loading this class on a host without Xen costs nothing. Also the ioctl numbers and argument
 * struct layouts (spec §7.2–7.4), checked by unit tests.
 */
public final class LinuxXen {
    private LinuxXen() {
    }

    /** {@code _IOC(NONE, type, nr, size)} as Linux encodes it on x86-64 and arm64. */
    public static long ioc(char type, int nr, int size) {
        return ((long) size << 16) | ((long) type << 8) | nr;
    }

    /** {@code IOCTL_GNTALLOC_ALLOC_GREF}. */
    public static final long IOCTL_GNTALLOC_ALLOC_GREF = ioc('G', 5, 24);
    /** {@code IOCTL_GNTALLOC_DEALLOC_GREF}. */
    public static final long IOCTL_GNTALLOC_DEALLOC_GREF = ioc('G', 6, 16);
    /** {@code IOCTL_GNTALLOC_SET_UNMAP_NOTIFY}. */
    public static final long IOCTL_GNTALLOC_SET_UNMAP_NOTIFY = ioc('G', 7, 16);
    /** {@code IOCTL_EVTCHN_BIND_INTERDOMAIN}. */
    public static final long IOCTL_EVTCHN_BIND_INTERDOMAIN = ioc('E', 1, 8);
    /** {@code IOCTL_EVTCHN_BIND_UNBOUND_PORT}. */
    public static final long IOCTL_EVTCHN_BIND_UNBOUND_PORT = ioc('E', 2, 4);
    /** {@code IOCTL_EVTCHN_UNBIND}. */
    public static final long IOCTL_EVTCHN_UNBIND = ioc('E', 3, 4);
    /** {@code IOCTL_EVTCHN_NOTIFY}. */
    public static final long IOCTL_EVTCHN_NOTIFY = ioc('E', 4, 4);
    /** {@code GNTALLOC_FLAG_WRITABLE}. */
    public static final int GNTALLOC_FLAG_WRITABLE = 1;

    /** {@code struct ioctl_gntalloc_alloc_gref} with one gref: domid @0, flags @2, count @4, index @8, gref_ids[0] @16; 24 bytes. */
    public static final StructLayout ALLOC_GREF = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("domid"), ValueLayout.JAVA_SHORT.withName("flags"),
            ValueLayout.JAVA_INT.withName("count"), ValueLayout.JAVA_LONG.withName("index"),
            ValueLayout.JAVA_INT.withName("gref0"), MemoryLayout.paddingLayout(4));
    /** {@code struct ioctl_gntalloc_dealloc_gref}: index @0, count @8; 16 bytes. */
    public static final StructLayout DEALLOC_GREF = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("index"), ValueLayout.JAVA_INT.withName("count"), MemoryLayout.paddingLayout(4));
    /** {@code struct ioctl_evtchn_bind_interdomain}: remote_domain @0, remote_port @4. */
    public static final StructLayout BIND_INTERDOMAIN = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("remote_domain"), ValueLayout.JAVA_INT.withName("remote_port"));

    /** Bytes of an ALLOC_GREF argument for {@code count} grefs: {@code max(24, 16 + 4*count)}. */
    public static long allocGrefSize(int count) {
        return Math.max(24L, 16L + 4L * count);
    }

    /** Encodes an ALLOC_GREF request into {@code arg}. */
    public static void encodeAllocGref(MemorySegment arg, int domid, boolean writable, int count) {
        arg.fill((byte) 0);
        arg.set(ValueLayout.JAVA_SHORT, 0, (short) domid);
        arg.set(ValueLayout.JAVA_SHORT, 2, (short) (writable ? GNTALLOC_FLAG_WRITABLE : 0));
        arg.set(ValueLayout.JAVA_INT, 4, count);
    }

    /** O_RDWR. */
    public static final int O_RDWR = 2;
    /** O_NONBLOCK. */
    public static final int O_NONBLOCK = 0x800;
    /** O_CLOEXEC. */
    public static final int O_CLOEXEC = 0x80000;
    /** PROT_READ|PROT_WRITE. */
    public static final int PROT_RW = 3;
    /** MAP_SHARED. */
    public static final int MAP_SHARED = 1;
    /** EAGAIN. */
    public static final int EAGAIN = 11;
    /** EINTR. */
    public static final int EINTR = 4;

    /** Fails with a clear message if {@code device} is absent (not a Xen guest, or module not loaded). */
    public static void requireDevice(String device, String module) throws XenException {
        if (!Files.exists(Path.of(device))) {
            throw new XenException(device + " does not exist: not running in a Xen guest, or the " + module
                    + " module / xenfs is not loaded", "ENOENT");
        }
    }

    // ---- libc handles, linked lazily -----------------------------------------------------------

    private static final class Libc {
        static final Linker L = Linker.nativeLinker();
        static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
        static final StructLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO_VH = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle OPEN = L.downcallHandle(L.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                ERRNO, Linker.Option.firstVariadicArg(2));
        static final MethodHandle CLOSE = L.downcallHandle(L.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle READ = L.downcallHandle(L.defaultLookup().find("read").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO);
        static final MethodHandle WRITE = L.downcallHandle(L.defaultLookup().find("write").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO);
        static final MethodHandle IOCTL = L.downcallHandle(L.defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                ERRNO, Linker.Option.firstVariadicArg(2));
        static final MethodHandle MMAP = L.downcallHandle(L.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), ERRNO);
        static final MethodHandle MUNMAP = L.downcallHandle(L.defaultLookup().find("munmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        static final MethodHandle POLL = L.downcallHandle(L.defaultLookup().find("poll").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    }

    /** Per-thread errno capture segment. */
    private static final ThreadLocal<MemorySegment> ERRSEG = ThreadLocal.withInitial(() -> Arena.global().allocate(Libc.STATE));

    /** errno of the last captured call on this thread. */
    public static int errno() {
        return (int) Libc.ERRNO_VH.get(ERRSEG.get(), 0L);
    }

    /** {@code open(path, flags)}; -1 on error (see {@link #errno()}). */
    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Libc.OPEN.invokeExact(ERRSEG.get(), a.allocateFrom(path), flags, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code close(fd)}. */
    public static int close(int fd) {
        try {
            return (int) Libc.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code read(fd, buf, len)}. */
    public static long read(int fd, MemorySegment buf, long len) {
        try {
            return (long) Libc.READ.invokeExact(ERRSEG.get(), fd, buf, len);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code write(fd, buf, len)}. */
    public static long write(int fd, MemorySegment buf, long len) {
        try {
            return (long) Libc.WRITE.invokeExact(ERRSEG.get(), fd, buf, len);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code ioctl(fd, request, arg)}. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        try {
            return (int) Libc.IOCTL.invokeExact(ERRSEG.get(), fd, request, arg);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code mmap(NULL, len, RW, MAP_SHARED, fd, offset)} reinterpreted to {@code len} bytes; null on MAP_FAILED. */
    public static MemorySegment mmapShared(int fd, long len, long offset) {
        try {
            MemorySegment p = (MemorySegment) Libc.MMAP.invokeExact(ERRSEG.get(), MemorySegment.NULL, len, PROT_RW, MAP_SHARED, fd, offset);
            if (p.address() == -1L) {
                return null;
            }
            return p.reinterpret(len);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code munmap}. */
    public static int munmap(MemorySegment p, long len) {
        try {
            return (int) Libc.MUNMAP.invokeExact(p, len);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code poll} on one fd for POLLIN; returns &gt; 0 if readable. */
    public static int pollIn(int fd, int timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) 1);
            return (int) Libc.POLL.invokeExact(pfd, 1L, timeoutMillis);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
