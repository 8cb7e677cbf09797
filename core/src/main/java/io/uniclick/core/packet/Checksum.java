package io.uniclick.core.packet;

/**
 * Internet checksums (RFC 1071) over packet bytes, and incremental updates (RFC 1624), without
 * allocation. Sums are computed 32 bits at a time and folded.
 */
public final class Checksum {
    private Checksum() {
    }

    /** The 16-bit one's-complement sum (not complemented) of {@code len} bytes at {@code off}, added to {@code initial}. */
    public static int sum(Packet p, int off, int len, int initial) {
        long s = initial & 0xFFFFFFFFL;
        int i = off;
        int end = off + len;
        while (end - i >= 4) {
            s += p.i32(i) & 0xFFFFFFFFL;
            i += 4;
        }
        if (end - i >= 2) {
            s += p.u16(i);
            i += 2;
        }
        if (i < end) {
            s += p.u8(i) << 8;
        }
        return fold(s);
    }

    /**
     * Whether the IPv4 header of {@code hlen} bytes at {@code off} (a multiple of 4, at least 20, all
     * present) has a valid checksum. Sums native-order words: a one's-complement sum of byte-swapped
     * words is the byte-swapped sum, and the valid sum 0xFFFF reads the same both ways.
     */
    public static boolean ipv4HeaderOk(Packet p, int off, int hlen) {
        final long m = 0xFFFFFFFFL;
        long a = p.rawI64(off);
        long b = p.rawI64(off + 8);
        long s = (a >>> 32) + (a & m) + (b >>> 32) + (b & m) + (p.rawI32(off + 16) & m);
        for (int j = 20; j < hlen; j += 4) {
            s += p.rawI32(off + j) & m;
        }
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return s == 0xFFFF;
    }

    /** Folds a wide sum to 16 bits. */
    public static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum field value for {@code len} bytes at {@code off} (the field itself must be zero or included). */
    public static int compute(Packet p, int off, int len) {
        return ~sum(p, off, len, 0) & 0xFFFF;
    }

    /** Whether bytes including their checksum field sum to 0xFFFF (a valid checksum). */
    public static boolean verify(Packet p, int off, int len) {
        return sum(p, off, len, 0) == 0xFFFF;
    }

    /** Pseudo-header sum for TCP/UDP over IPv4: addresses, protocol and transport length. */
    public static int pseudoHeader(int src, int dst, int proto, int length) {
        long s = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + proto + length;
        return fold(s);
    }

    /** RFC 1624: the new checksum after a 16-bit field changed from {@code oldValue} to {@code newValue}. */
    public static int update16(int checksum, int oldValue, int newValue) {
        int s = (~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /** RFC 1624 for a 32-bit field (an IPv4 address). */
    public static int update32(int checksum, int oldValue, int newValue) {
        return update16(update16(checksum, oldValue >>> 16, newValue >>> 16), oldValue & 0xFFFF, newValue & 0xFFFF);
    }
}
