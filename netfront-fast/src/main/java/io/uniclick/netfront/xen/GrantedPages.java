package io.uniclick.netfront.xen;

import java.lang.foreign.MemorySegment;

/**
 * Pages granted to another domain: their grant references (to publish in xenstore or a ring) and
 * local 4096-byte views. Pages arrive zeroed.
 */
public final class GrantedPages {
    private final int[] grefs;
    private final MemorySegment[] pages;
    private final Runnable release;

    /** Pages with their grant references; {@code release} ends the grants. */
    public GrantedPages(int[] grefs, MemorySegment[] pages, Runnable release) {
        this.grefs = grefs;
        this.pages = pages;
        this.release = release;
    }

    /** Number of pages. */
    public int count() {
        return grefs.length;
    }

    /** Grant reference of page {@code i}. */
    public int gref(int i) {
        return grefs[i];
    }

    /** Local view of page {@code i} (4096 bytes, page aligned). */
    public MemorySegment page(int i) {
        return pages[i];
    }

    /** Ends the grants (a backend still mapping a page keeps it until it unmaps). */
    public void release() {
        release.run();
    }
}
