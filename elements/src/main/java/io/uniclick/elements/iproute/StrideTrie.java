package io.uniclick.elements.iproute;

import java.util.Arrays;

/**
 * A leaf-pushed multibit trie over IPv4 addresses with fixed strides (controlled prefix
 * expansion): {24, 8} is DIR-24-8-BASIC (DirectIPLookup), {16, 8, 8} the smaller table of
 * RadixIPLookup. Every level is one flat {@code int[]}; a lookup is one array read per level,
 * with no allocation.
 *
 * <p>Entry encoding: a value {@code v >= 0} is a leaf, {@code (len + 1) << 16 | nexthop}, where
 * {@code len} is the length of the prefix whose next hop was pushed there (0 = empty, next hop 0 =
 * no route); a value {@code v < 0} points to node {@code ~v} of the next level, whose entries
 * start at {@code (~v) << stride[next]}. Storing the prefix length in the leaf lets updates be
 * incremental: adding a prefix overwrites the leaves in its range holding shorter (or equal)
 * prefixes; removing one rewrites the leaves holding exactly its length with the next covering
 * route's value; nodes whose leaves become identical are folded back into their parent.
 */
final class StrideTrie {
    final int[] strides;
    private final int[] end;
    /** Level arrays; the data path reads these. */
    final int[][] tab;
    private final int[] nodes;
    private final int[][] free;
    private final int[] nfree;

    StrideTrie(int... strides) {
        this.strides = strides.clone();
        this.end = new int[strides.length];
        int e = 0;
        for (int i = 0; i < strides.length; i++) {
            e += strides[i];
            end[i] = e;
        }
        if (e != 32) {
            throw new IllegalArgumentException("strides must add up to 32");
        }
        tab = new int[strides.length][];
        nodes = new int[strides.length];
        free = new int[strides.length][];
        nfree = new int[strides.length];
        tab[0] = new int[1 << strides[0]];
        nodes[0] = 1;
        for (int i = 1; i < strides.length; i++) {
            tab[i] = new int[16 << strides[i]];
            free[i] = new int[16];
        }
    }

    /** Encodes a leaf for a prefix of length {@code len} and next hop {@code nh}. */
    static int leaf(int len, int nh) {
        return (len + 1) << 16 | nh;
    }

    /** The next-hop index for {@code addr} (0 = no route). Not the data-path version (elements inline their own). */
    int lookup(int addr) {
        int v = tab[0][addr >>> (32 - end[0])];
        for (int k = 1; v < 0; k++) {
            v = tab[k][((~v) << strides[k]) | ((addr >>> (32 - end[k])) & ((1 << strides[k]) - 1))];
        }
        return v & 0xFFFF;
    }

    /** Empties the trie. */
    void clear() {
        Arrays.fill(tab[0], 0);
        for (int i = 1; i < strides.length; i++) {
            nodes[i] = 0;
            nfree[i] = 0;
            if (tab[i].length > (64 << strides[i])) {
                tab[i] = new int[16 << strides[i]];
            }
        }
    }

    /** Installs (or replaces) the route {@code addr/len} (addr already masked) with leaf value {@code val}. */
    void add(int addr, int len, int val) {
        int k = 0;
        int base = 0;
        while (true) {
            int e = end[k];
            int idx = base + (int) ((addr & 0xFFFFFFFFL) >>> (32 - e) & ((1 << strides[k]) - 1));
            if (len <= e) {
                int cnt = 1 << (e - len);
                for (int i = idx; i < idx + cnt; i++) {
                    fillShorter(k, i, len, val);
                }
                return;
            }
            int v = tab[k][idx];
            if (v >= 0) {
                int node = allocNode(k + 1, v);
                tab[k][idx] = ~node;
                v = ~node;
            }
            base = (~v) << strides[k + 1];
            k++;
        }
    }

    private void fillShorter(int k, int i, int len, int val) {
        int v = tab[k][i];
        if (v < 0) {
            int b = (~v) << strides[k + 1];
            int n = 1 << strides[k + 1];
            for (int j = 0; j < n; j++) {
                fillShorter(k + 1, b + j, len, val);
            }
        } else if ((v >>> 16) - 1 <= len) {
            tab[k][i] = val;
        }
    }

    private void fillExact(int k, int i, int len, int val) {
        int v = tab[k][i];
        if (v < 0) {
            int b = (~v) << strides[k + 1];
            int n = 1 << strides[k + 1];
            for (int j = 0; j < n; j++) {
                fillExact(k + 1, b + j, len, val);
            }
            tryFold(k, i);
        } else if ((v >>> 16) - 1 == len) {
            tab[k][i] = val;
        }
    }

    /**
     * Removes the route {@code addr/len}: leaves holding it get {@code replacement} (the leaf of
     * the longest remaining route covering it, or 0).
     */
    void remove(int addr, int len, int replacement) {
        int[] pathIdx = new int[strides.length];
        int k = 0;
        int base = 0;
        while (true) {
            int e = end[k];
            int idx = base + (int) ((addr & 0xFFFFFFFFL) >>> (32 - e) & ((1 << strides[k]) - 1));
            pathIdx[k] = idx;
            if (len <= e) {
                int cnt = 1 << (e - len);
                for (int i = idx; i < idx + cnt; i++) {
                    fillExact(k, i, len, replacement);
                }
                break;
            }
            int v = tab[k][idx];
            if (v >= 0) {
                break; // not present below
            }
            base = (~v) << strides[k + 1];
            k++;
        }
        // fold nodes on the path whose leaves became identical, deepest first
        for (int j = k - 1; j >= 0; j--) {
            if (!tryFold(j, pathIdx[j])) {
                break;
            }
        }
    }

    /** If entry {@code i} of level {@code k} points to a node of identical leaves, replaces it by that leaf. */
    private boolean tryFold(int k, int i) {
        int v = tab[k][i];
        if (v >= 0) {
            return true;
        }
        int node = ~v;
        int[] t = tab[k + 1];
        int b = node << strides[k + 1];
        int n = 1 << strides[k + 1];
        int first = t[b];
        if (first < 0) {
            return false;
        }
        for (int j = 1; j < n; j++) {
            if (t[b + j] != first) {
                return false;
            }
        }
        tab[k][i] = first;
        freeNode(k + 1, node);
        return true;
    }

    private int allocNode(int level, int fill) {
        int node;
        if (nfree[level] > 0) {
            node = free[level][--nfree[level]];
        } else {
            node = nodes[level]++;
            int need = (node + 1) << strides[level];
            if (need > tab[level].length) {
                tab[level] = Arrays.copyOf(tab[level], Math.max(need, tab[level].length * 2));
            }
        }
        int b = node << strides[level];
        Arrays.fill(tab[level], b, b + (1 << strides[level]), fill);
        return node;
    }

    private void freeNode(int level, int node) {
        if (nfree[level] == free[level].length) {
            free[level] = Arrays.copyOf(free[level], free[level].length * 2);
        }
        free[level][nfree[level]++] = node;
    }

    /** Nodes in use per level (for tests and the memory estimate). */
    int nodesInUse(int level) {
        return level == 0 ? 1 : nodes[level] - nfree[level];
    }
}
