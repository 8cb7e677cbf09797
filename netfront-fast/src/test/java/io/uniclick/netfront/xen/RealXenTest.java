package io.uniclick.netfront.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.uniclick.netfront.front.XenEnvironment;
import io.uniclick.netfront.ring.SharedRing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The /dev/xen implementations cannot run here: their encodings, call shapes and failure messages can. */
class RealXenTest {
    @Test
    void ioctlNumbersMatchTheKernelHeaders() {
        assertEquals(0x00184705L, LinuxXen.IOCTL_GNTALLOC_ALLOC_GREF);
        assertEquals(0x00104706L, LinuxXen.IOCTL_GNTALLOC_DEALLOC_GREF);
        assertEquals(0x00104707L, LinuxXen.IOCTL_GNTALLOC_SET_UNMAP_NOTIFY);
        assertEquals(0x00084501L, LinuxXen.IOCTL_EVTCHN_BIND_INTERDOMAIN);
        assertEquals(0x00044502L, LinuxXen.IOCTL_EVTCHN_BIND_UNBOUND_PORT);
        assertEquals(0x00044503L, LinuxXen.IOCTL_EVTCHN_UNBIND);
        assertEquals(0x00044504L, LinuxXen.IOCTL_EVTCHN_NOTIFY);
    }

    @Test
    void gntallocStructLayouts() {
        assertEquals(24, LinuxXen.ALLOC_GREF.byteSize());
        assertEquals(0, LinuxXen.ALLOC_GREF.byteOffset(MemoryLayout.PathElement.groupElement("domid")));
        assertEquals(2, LinuxXen.ALLOC_GREF.byteOffset(MemoryLayout.PathElement.groupElement("flags")));
        assertEquals(4, LinuxXen.ALLOC_GREF.byteOffset(MemoryLayout.PathElement.groupElement("count")));
        assertEquals(8, LinuxXen.ALLOC_GREF.byteOffset(MemoryLayout.PathElement.groupElement("index")));
        assertEquals(16, LinuxXen.ALLOC_GREF.byteOffset(MemoryLayout.PathElement.groupElement("gref0")));
        assertEquals(16, LinuxXen.DEALLOC_GREF.byteSize());
        assertEquals(8, LinuxXen.BIND_INTERDOMAIN.byteSize());
        assertEquals(24, LinuxXen.allocGrefSize(1));
        assertEquals(32, LinuxXen.allocGrefSize(4));
        MemorySegment arg = Arena.ofAuto().allocate(24, 8);
        arg.fill((byte) 0x77);
        LinuxXen.encodeAllocGref(arg, 0x0102, true, 1);
        byte[] b = arg.toArray(ValueLayout.JAVA_BYTE);
        assertEquals(2, b[0]); // domid little-endian
        assertEquals(1, b[1]);
        assertEquals(1, b[2]); // GNTALLOC_FLAG_WRITABLE
        assertEquals(1, b[4]); // count
        for (int i = 8; i < 24; i++) {
            assertEquals(0, b[i]);
        }
    }

    @Test
    void ffmCallShapesWorkOnTheHost() {
        // the rig notes' self-test: ioctl(/dev/null, TIOCGWINSZ) = -1, errno ENOTTY
        int fd = LinuxXen.open("/dev/null", LinuxXen.O_RDWR);
        assertTrue(fd >= 0);
        MemorySegment ws = Arena.ofAuto().allocate(8, 8);
        assertEquals(-1, LinuxXen.ioctl(fd, 0x5413L, ws));
        assertEquals(25, LinuxXen.errno());
        LinuxXen.close(fd);
        // a MAP_SHARED mmap of /dev/zero, with an acquire/release round trip
        int z = LinuxXen.open("/dev/zero", LinuxXen.O_RDWR);
        MemorySegment p = LinuxXen.mmapShared(z, 4096, 0);
        assertNotNull(p);
        VarHandle h = SharedRing.LE_INT.varHandle();
        h.setRelease(p, 8L, 42);
        assertEquals(42, (int) h.getAcquire(p, 8L));
        assertEquals(0, LinuxXen.munmap(p, 4096));
        LinuxXen.close(z);
        assertEquals(-1, LinuxXen.open("/nonexistent/dev", LinuxXen.O_RDWR));
        assertEquals(2, LinuxXen.errno());
    }

    @Test
    void missingDevicesFailCleanly() {
        assumeFalse(Files.exists(Path.of("/dev/xen")), "running in a Xen guest");
        XenException g = assertThrows(XenException.class, GntallocGrantTable::open);
        assertTrue(g.getMessage().contains("/dev/xen/gntalloc does not exist"), g.getMessage());
        XenException e = assertThrows(XenException.class, EvtchnEventChannel::open);
        assertTrue(e.getMessage().contains("/dev/xen/evtchn"), e.getMessage());
        XenException x = assertThrows(XenException.class, XenbusDeviceTransport::open);
        assertTrue(x.getMessage().contains("/dev/xen/xenbus"), x.getMessage());
        assertEquals("ENOENT", x.errno());
        if (XenEnvironment.configuredSocket() == null) {
            XenException d = assertThrows(XenException.class, XenEnvironment::detect);
            assertTrue(d.getMessage().contains("no Xen here"), d.getMessage());
        }
    }
}
