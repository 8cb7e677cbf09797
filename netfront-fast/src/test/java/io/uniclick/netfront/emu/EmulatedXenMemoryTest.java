package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.netfront.ring.Netif;
import io.uniclick.netfront.xen.EventChannel;
import io.uniclick.netfront.xen.GrantedPages;
import io.uniclick.netfront.xen.XenException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatedXenMemoryTest {
    @TempDir
    Path dir;

    @Test
    void grantsAreCheckedThroughTheTableAcrossMappings() throws Exception {
        EmulatedXenMemory guest = EmulatedXenMemory.create(dir.resolve("m"), 64, 1);
        EmulatedXenMemory back = EmulatedXenMemory.open(dir.resolve("m"));
        GrantedPages rw = guest.grantTable().grant(0, 2, true);
        GrantedPages ro = guest.grantTable().grant(0, 1, false);
        assertTrue(rw.gref(0) >= EmulatedXenMemory.FIRST_GREF);
        rw.page(1).set(ValueLayout.JAVA_INT, 100, 0xCAFE);
        long off = back.frameOffset(0, rw.gref(1), true);
        assertTrue(off > 0);
        assertEquals(0xCAFE, back.segment().get(ValueLayout.JAVA_INT, off + 100));
        assertTrue(back.frameOffset(0, ro.gref(0), false) > 0);
        assertEquals(Netif.GNTST_PERMISSION_DENIED, back.frameOffset(0, ro.gref(0), true));
        assertEquals(Netif.GNTST_PERMISSION_DENIED, back.frameOffset(5, rw.gref(0), false));
        assertEquals(Netif.GNTST_BAD_GNTREF, back.frameOffset(0, 0, false));
        assertEquals(Netif.GNTST_BAD_GNTREF, back.frameOffset(0, 63, false));
        assertEquals(Netif.GNTST_BAD_GNTREF, back.frameOffset(0, -1, false));
        assertEquals(Netif.GNTST_BAD_GNTREF, back.frameOffset(0, 1 << 30, false));
        rw.release();
        assertEquals(Netif.GNTST_BAD_GNTREF, back.frameOffset(0, rw.gref(1), false));
        assertThrows(XenException.class, () -> guest.grantTable().grant(0, 100, true));
    }

    @Test
    void eventChannelIsADoorbellCounterPerDirection() throws Exception {
        EmulatedXenMemory guest = EmulatedXenMemory.create(dir.resolve("m"), 16, 1);
        EmulatedXenMemory back = EmulatedXenMemory.open(dir.resolve("m"));
        EventChannel f = guest.eventChannel(1, false);
        EventChannel b = back.eventChannel(0, true);
        int port = f.bindUnboundPort(0);
        assertThrows(XenException.class, () -> b.bindInterdomain(2, port));
        assertEquals(port, b.bindInterdomain(1, port));
        assertFalse(b.pending(port));
        f.notify(port);
        f.notify(port);
        assertTrue(b.pending(port));
        assertFalse(b.pending(port));
        assertFalse(f.pending(port));
        b.notify(port);
        assertTrue(f.pending(port));
        assertEquals(2, guest.eventCount(port, true));
        assertFalse(f.notify(0));
        assertFalse(f.pending(-5));
    }

    @Test
    void refusesForeignFiles() throws Exception {
        java.nio.file.Files.write(dir.resolve("x"), new byte[100_000]);
        XenException e = assertThrows(XenException.class, () -> EmulatedXenMemory.open(dir.resolve("x")));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }
}
