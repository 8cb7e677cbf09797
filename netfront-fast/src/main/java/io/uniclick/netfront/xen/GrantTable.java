package io.uniclick.netfront.xen;

/**
 * Grants pages of this domain to a backend domain: {@code /dev/xen/gntalloc} in a real domU
 * ({@link GntallocGrantTable}), a shared-memory file with gref = page index in emulation
 * ({@code io.uniclick.netfront.emu.EmulatedXenMemory}).
 */
public interface GrantTable extends AutoCloseable {
    /** Grants {@code count} fresh zeroed pages to {@code domid}, writable or read-only. */
    GrantedPages grant(int domid, int count, boolean writable) throws XenException;

    /** Releases the device (granted pages stay valid until released). */
    @Override
    void close();
}
