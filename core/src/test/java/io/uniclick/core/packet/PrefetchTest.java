package io.uniclick.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class PrefetchTest {
    @Test
    void isAvailableOnLinuxX86() {
        String arch = System.getProperty("os.arch");
        if (System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch))) {
            assertTrue(Prefetch.available());
        }
    }

    @Test
    void prefetchingAnyAddressNeverFaultsNorChangesMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(8192, 64);
            for (int i = 0; i < 8192; i++) {
                m.set(ValueLayout.JAVA_BYTE, i, (byte) i);
            }
            Prefetch.lines(m.address(), 128);
            Prefetch.lines(m.address() + 100, 1);
            Prefetch.lines(m.address(), 0);
            Prefetch.lines(m.address(), -7);
            Prefetch.lines(0, 16);                  // the null page
            Prefetch.lines(-64, 4);                 // the top of the address space
            Prefetch.lines(0x7000_0000_0000L, 1L << 40); // unmapped, and far more lines than one call takes
            for (int i = 0; i < 8192; i++) {
                assertEquals((byte) i, m.get(ValueLayout.JAVA_BYTE, i));
            }
        }
    }
}
