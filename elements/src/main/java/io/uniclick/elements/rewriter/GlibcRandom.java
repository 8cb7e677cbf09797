package io.uniclick.elements.rewriter;

/**
 * glibc's {@code random()} (the TYPE_3 additive feedback generator seeded by {@code srandom}),
 * which Click's {@code click_random} uses at user level on Linux. SourceIPHashMapper seeds it
 * with its SEED, so reproducing it gives the same server choices as Click.
 */
final class GlibcRandom {
    private int i;
    private final int[] ring = new int[34];

    GlibcRandom(int seed) {
        int[] s = new int[344];
        s[0] = seed == 0 ? 1 : seed;
        for (int k = 1; k < 31; k++) {
            // Schrage's method, as glibc: 16807 * s mod (2^31 - 1) with signed arithmetic
            int hi = s[k - 1] / 127773;
            int lo = s[k - 1] % 127773;
            int word = 16807 * lo - 2836 * hi;
            if (word < 0) {
                word += 2147483647;
            }
            s[k] = word;
        }
        for (int k = 31; k < 34; k++) {
            s[k] = s[k - 31];
        }
        for (int k = 34; k < 344; k++) {
            s[k] = s[k - 31] + s[k - 3];
        }
        // keep the last 34 values as a ring
        System.arraycopy(s, 344 - 34, ring, 0, 34);
        i = 0;
    }

    /** The next value in 0..2^31-1. */
    int next() {
        // ring[i] is s[n-34]; s[n] = s[n-31] + s[n-3]
        int v = ring[(i + 3) % 34] + ring[(i + 31) % 34];
        ring[i] = v;
        i = (i + 1) % 34;
        return v >>> 1;
    }
}
