package io.uniclick.netfront.xen;

import io.uniclick.netfront.ring.Netif;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Grants through {@code /dev/xen/gntalloc} (spec §7.2): {@code IOCTL_GNTALLOC_ALLOC_GREF} per page,
 * then {@code mmap(MAP_SHARED, offset = index)}. Pages arrive zeroed. Mind the module-wide limit
 * ({@code xen_gntalloc.limit}, default 1024 pages per domU): one vif takes 514.
 */
public final class GntallocGrantTable implements GrantTable {
    /** The device. */
    public static final String DEVICE = "/dev/xen/gntalloc";
    private final int fd;

    private GntallocGrantTable(int fd) {
        this.fd = fd;
    }

    /** Opens the device; fails cleanly when it is missing. */
    public static GntallocGrantTable open() throws XenException {
        LinuxXen.requireDevice(DEVICE, "xen-gntalloc");
        int fd = LinuxXen.open(DEVICE, LinuxXen.O_RDWR | LinuxXen.O_CLOEXEC);
        if (fd < 0) {
            throw new XenException("cannot open " + DEVICE + ": errno " + LinuxXen.errno() + " (root needed)");
        }
        return new GntallocGrantTable(fd);
    }

    @Override
    public GrantedPages grant(int domid, int count, boolean writable) throws XenException {
        int[] refs = new int[count];
        long[] index = new long[count];
        MemorySegment[] pages = new MemorySegment[count];
        int done = 0;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arg = a.allocate(LinuxXen.allocGrefSize(1), 8);
            for (; done < count; done++) {
                LinuxXen.encodeAllocGref(arg, domid, writable, 1);
                if (LinuxXen.ioctl(fd, LinuxXen.IOCTL_GNTALLOC_ALLOC_GREF, arg) < 0) {
                    throw new XenException("IOCTL_GNTALLOC_ALLOC_GREF failed: errno " + LinuxXen.errno()
                            + " after " + done + " pages (gntalloc limit?)");
                }
                index[done] = arg.get(ValueLayout.JAVA_LONG, 8);
                refs[done] = arg.get(ValueLayout.JAVA_INT, 16);
                MemorySegment p = LinuxXen.mmapShared(fd, Netif.PAGE_SIZE, index[done]);
                if (p == null) {
                    dealloc(index[done]);
                    throw new XenException("mmap of granted page failed: errno " + LinuxXen.errno());
                }
                pages[done] = p;
            }
        } catch (XenException e) {
            for (int i = 0; i < done; i++) {
                LinuxXen.munmap(pages[i], Netif.PAGE_SIZE);
                dealloc(index[i]);
            }
            throw e;
        }
        return new GrantedPages(refs, pages, () -> {
            for (int i = 0; i < count; i++) {
                LinuxXen.munmap(pages[i], Netif.PAGE_SIZE);
                dealloc(index[i]);
            }
        });
    }

    private void dealloc(long index) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arg = a.allocate(LinuxXen.DEALLOC_GREF);
            arg.set(ValueLayout.JAVA_LONG, 0, index);
            arg.set(ValueLayout.JAVA_INT, 8, 1);
            LinuxXen.ioctl(fd, LinuxXen.IOCTL_GNTALLOC_DEALLOC_GREF, arg);
        }
    }

    @Override
    public void close() {
        LinuxXen.close(fd);
    }
}
