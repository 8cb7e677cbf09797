package io.uniclick.netfront.ring;

/**
 * {@code struct netif_extra_info} (spec §1.6) as one little-endian 64-bit word: type @0, flags @1,
 * a 16-bit field @2 (GSO size, XDP headroom), byte @4 (GSO type), 16 bits @6 (GSO features).
 */
public final class NetifExtra {
    private NetifExtra() {
    }

    /** Type byte. */
    public static int type(long e) {
        return (int) e & 0xFF;
    }

    /** Flags byte. */
    public static int flags(long e) {
        return (int) (e >>> 8) & 0xFF;
    }

    /** Whether another extra follows. */
    public static boolean more(long e) {
        return (flags(e) & Netif.EXTRA_FLAG_MORE) != 0;
    }

    /** GSO size (MSS). */
    public static int gsoSize(long e) {
        return (int) (e >>> 16) & 0xFFFF;
    }

    /** GSO type. */
    public static int gsoType(long e) {
        return (int) (e >>> 32) & 0xFF;
    }

    /** Encodes a GSO extra. */
    public static long gso(int size, int gsoType, boolean more) {
        return Netif.EXTRA_TYPE_GSO | ((more ? 1L : 0L) << 8) | ((size & 0xFFFFL) << 16) | ((gsoType & 0xFFL) << 32);
    }

    /** Encodes an extra of any type with raw payload bits 16..63. */
    public static long of(int type, boolean more, long payload) {
        return (type & 0xFFL) | ((more ? 1L : 0L) << 8) | (payload << 16);
    }

    /** Whether {@code e} is a valid extra for a receiver (type in range, GSO fields sane). */
    public static boolean valid(long e) {
        int t = type(e);
        if (t <= Netif.EXTRA_TYPE_NONE || t >= Netif.EXTRA_TYPE_MAX) {
            return false;
        }
        if (t == Netif.EXTRA_TYPE_GSO) {
            int gt = gsoType(e);
            return gsoSize(e) != 0 && (gt == Netif.GSO_TYPE_TCPV4 || gt == Netif.GSO_TYPE_TCPV6);
        }
        return true;
    }
}
