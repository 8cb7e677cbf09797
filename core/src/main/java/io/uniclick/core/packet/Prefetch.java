package io.uniclick.core.packet;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Software prefetch, which Java lacks: asks the CPU to start loading cache lines that the data path
 * will read a little later, without waiting for them. A demand load cannot do this: one that misses
 * to memory holds up the retirement of every instruction behind it, so touching data early only
 * moves the stall. A prefetch instruction retires at once.
 *
 * <p>The instructions are a few bytes of x86-64 machine code written at class initialisation into
 * a page of their own (mapped writable, then switched to read and execute), and called through a
 * critical downcall (no thread-state transition: a few nanoseconds). Prefetching never faults and
 * never changes memory, so any address is safe, and the routines read nothing else. On another
 * architecture, or where the page cannot be made executable, every method does nothing and
 * {@link #available()} says so.
 */
public final class Prefetch {
    /** Most lines one call asks for (64 KiB): more would only evict what is being worked on. */
    public static final int MAX_LINES = 1024;

    // prefetcht0 [rdi]; add rdi, 64; dec rsi; jg loop; ret   (rdi = address, rsi = lines; nothing for lines <= 0)
    private static final byte[] LINES_CODE = {
        0x48, (byte) 0x85, (byte) 0xF6,             // test rsi, rsi
        0x7E, 0x0C,                                 // jle ret
        0x0F, 0x18, 0x0F,                           // loop: prefetcht0 [rdi]
        0x48, (byte) 0x83, (byte) 0xC7, 0x40,       // add rdi, 64
        0x48, (byte) 0xFF, (byte) 0xCE,             // dec rsi
        0x7F, (byte) 0xF4,                          // jg loop
        (byte) 0xC3,                                // ret
    };

    private static final MethodHandle LINES = bindLines();

    private Prefetch() {
    }

    /** Whether prefetches are issued here (false: every call is a no-op). */
    public static boolean available() {
        return LINES != null;
    }

    /**
     * Starts loading the {@code lines} cache lines from {@code address} (at most {@link #MAX_LINES})
     * into the first-level cache.
     */
    public static void lines(long address, long lines) {
        final MethodHandle h = LINES;
        if (h == null) {
            return;
        }
        try {
            h.invokeExact(address, Math.min(lines, MAX_LINES));
        } catch (Throwable t) {
            throw new AssertionError(t); // the routine cannot fail
        }
    }

    private static MethodHandle bindLines() {
        String arch = System.getProperty("os.arch");
        if (!("amd64".equals(arch) || "x86_64".equals(arch)) || !System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG));
            MethodHandle mprotect = linker.downcallHandle(libc.find("mprotect").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            final long page = 4096;
            final int protRead = 1;
            final int protWrite = 2;
            final int protExec = 4;
            final int mapPrivateAnonymous = 0x02 | 0x20;
            MemorySegment at = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, page, protRead | protWrite, mapPrivateAnonymous,
                    -1, 0L);
            if (at.address() == -1L || at.address() == 0L) {
                return null;
            }
            MemorySegment code = at.reinterpret(page);
            MemorySegment.copy(LINES_CODE, 0, code, ValueLayout.JAVA_BYTE, 0, LINES_CODE.length);
            if ((int) mprotect.invokeExact(at, page, protRead | protExec) != 0) {
                return null;
            }
            // The page is never unmapped: the handle may be called for the life of the process.
            return linker.downcallHandle(at, FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(false));
        } catch (Throwable t) {
            return null;
        }
    }
}
