package io.uniclick.elements.rewriter;

/**
 * Click's incremental checksum arithmetic ({@code click_update_in_cksum}), reproduced operation for
 * operation so that rewritten packets carry the same checksum bytes as Click's (one's-complement
 * arithmetic has two zeros; a different but equally valid formula could pick the other one).
 * Values are big-endian 16-bit words; one's-complement sums do not depend on byte order.
 */
final class Csum {
    private Csum() {
    }

    /** The checksum after a 16-bit word changed from {@code oldw} to {@code neww}. */
    static int update(int csum, int oldw, int neww) {
        int sum = (~csum & 0xFFFF) + (~oldw & 0xFFFF) + (neww & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~(sum + (sum >>> 16)) & 0xFFFF;
    }

    /** Adds the change of a 32-bit value (an address) to a delta, as Click builds its per-flow deltas. */
    static int delta32(int delta, int oldv, int newv) {
        delta = update(delta, oldv >>> 16, newv >>> 16);
        return update(delta, oldv & 0xFFFF, newv & 0xFFFF);
    }

    /** Applies a precomputed per-flow delta in direction {@code dir} (Click's {@code update_csum}). */
    static int apply(int csum, int delta, int dir) {
        if (delta == 0) {
            return csum;
        }
        return update(csum, 0, dir != 0 ? delta : ~delta & 0xFFFF);
    }
}
