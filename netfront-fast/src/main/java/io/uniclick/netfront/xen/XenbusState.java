package io.uniclick.netfront.xen;

/** {@code enum xenbus_state} (spec §4.4) and strict parsing of untrusted state values. */
public final class XenbusState {
    private XenbusState() {
    }

    /** States. */
    public static final int UNKNOWN = 0, INITIALISING = 1, INIT_WAIT = 2, INITIALISED = 3, CONNECTED = 4, CLOSING = 5,
            CLOSED = 6, RECONFIGURING = 7, RECONFIGURED = 8;

    /** Parses a state strictly (decimal 0..8); -1 for anything else, including null. */
    public static int parse(String s) {
        long v = parseDecimal(s, 8);
        return (int) v;
    }

    /**
     * Strict decimal parse of an untrusted xenstore value: digits only, at most 10 of them, value
     * at most {@code max}; -1 otherwise.
     */
    public static long parseDecimal(String s, long max) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}; null if malformed. */
    public static byte[] parseMac(String s) {
        if (s == null || s.length() != 17) {
            return null;
        }
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(s.charAt(3 * i), 16);
            int lo = Character.digit(s.charAt(3 * i + 1), 16);
            if (hi < 0 || lo < 0 || (i < 5 && s.charAt(3 * i + 2) != ':')) {
                return null;
            }
            m[i] = (byte) (hi << 4 | lo);
        }
        return m;
    }

    /** Formats a MAC as {@code aa:bb:cc:dd:ee:ff}. */
    public static String formatMac(byte[] m) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit((m[i] >> 4) & 15, 16)).append(Character.forDigit(m[i] & 15, 16));
        }
        return sb.toString();
    }
}
