package io.uniclick.core.config;

import java.util.List;
import java.util.Locale;

/** Click's argument types: integers, booleans, reals, times, bandwidths, addresses, strings, keywords. */
public final class ArgTypes {
    private ArgTypes() {
    }

    /** Signed 64-bit integer: decimal, {@code 0x} hex, leading-0 octal, optional sign. */
    public static final ArgType<Long> INT = ArgTypes::parseInteger;

    /** Non-negative integer. */
    public static final ArgType<Long> UNSIGNED = t -> {
        long v = parseInteger(t);
        if (v < 0) {
            throw new ArgException("out of range, bound 0");
        }
        return v;
    };

    /** 32-bit signed integer. */
    public static final ArgType<Integer> INT32 = t -> {
        long v = parseInteger(t);
        if (v < Integer.MIN_VALUE) {
            throw new ArgException("out of range, bound " + Integer.MIN_VALUE);
        }
        if (v > Integer.MAX_VALUE) {
            throw new ArgException("out of range, bound " + Integer.MAX_VALUE);
        }
        return (int) v;
    };

    /** Non-negative 32-bit integer. */
    public static final ArgType<Integer> UINT32 = t -> {
        long v = parseInteger(t);
        if (v < 0) {
            throw new ArgException("out of range, bound 0");
        }
        if (v > Integer.MAX_VALUE) {
            throw new ArgException("out of range, bound " + Integer.MAX_VALUE);
        }
        return (int) v;
    };

    /** Integer count with an optional SI suffix {@code k}, {@code M}, {@code G} (e.g. rates {@code 10k}). */
    public static final ArgType<Long> COUNT = t -> {
        String s = ConfigText.unquote(t).trim();
        long mult = 1;
        if (!s.isEmpty()) {
            char c = s.charAt(s.length() - 1);
            mult = switch (c) {
                case 'k', 'K' -> 1_000L;
                case 'M' -> 1_000_000L;
                case 'G' -> 1_000_000_000L;
                default -> 1;
            };
            if (mult != 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        if (mult == 1) {
            return parseInteger(s);
        }
        return Math.round(parseRealValue(s) * mult);
    };

    /** Boolean: true/false/yes/no/1/0. */
    public static final ArgType<Boolean> BOOL = t -> switch (ConfigText.unquote(t).trim()) {
        case "true", "yes", "1", "t", "y" -> true;
        case "false", "no", "0", "f", "n" -> false;
        default -> throw new ArgException("expected boolean");
    };

    /** Real number. */
    public static final ArgType<Double> REAL = t -> parseRealValue(ConfigText.unquote(t).trim());

    /** Time interval, default unit seconds, result in nanoseconds. Units s, sec, ms, msec, us, usec, ns, nsec, m, min, h, hr, d, day. */
    public static final ArgType<Long> TIME = t -> {
        String s = ConfigText.unquote(t).trim();
        int i = s.length();
        while (i > 0 && Character.isLetter(s.charAt(i - 1))) {
            i--;
        }
        String unit = s.substring(i).toLowerCase(Locale.ROOT);
        double scale = switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> 1e9;
            case "ms", "msec", "msecs" -> 1e6;
            case "us", "usec", "usecs" -> 1e3;
            case "ns", "nsec", "nsecs" -> 1;
            case "m", "min", "mins", "minute", "minutes" -> 60e9;
            case "h", "hr", "hrs", "hour", "hours" -> 3600e9;
            case "d", "day", "days" -> 86400e9;
            default -> throw new ArgException("invalid time");
        };
        double v;
        try {
            v = parseRealValue(s.substring(0, i));
        } catch (ArgException e) {
            throw new ArgException("invalid time");
        }
        if (v < 0) {
            throw new ArgException("invalid time");
        }
        return Math.round(v * scale);
    };

    /** Bandwidth in bytes per second: {@code 10Mbps}, {@code 1.5MBps}, plain numbers are Bps. */
    public static final ArgType<Long> BANDWIDTH = t -> {
        String s = ConfigText.unquote(t).trim();
        double scale = 1;
        String num = s;
        if (s.endsWith("bps")) {
            scale = 1.0 / 8;
            num = s.substring(0, s.length() - 3);
        } else if (s.endsWith("Bps")) {
            num = s.substring(0, s.length() - 3);
        }
        if (!num.isEmpty()) {
            char c = num.charAt(num.length() - 1);
            double m = switch (c) {
                case 'k', 'K' -> 1e3;
                case 'M' -> 1e6;
                case 'G' -> 1e9;
                default -> 1;
            };
            if (m != 1) {
                num = num.substring(0, num.length() - 1);
                scale *= m;
            }
        }
        return Math.round(parseRealValue(num) * scale);
    };

    /** A string value, unquoted. */
    public static final ArgType<String> STRING = t -> ConfigText.unquote(t);

    /** A single word (no spaces after unquoting). */
    public static final ArgType<String> WORD = t -> {
        List<String> w = ConfigText.splitWords(t);
        if (w.size() != 1) {
            throw new ArgException("expected word");
        }
        return ConfigText.unquote(w.get(0));
    };

    /** An IPv4 address as a packed int (network order), dotted quad. */
    public static final ArgType<Integer> IPV4 = t -> {
        int[] r = parseIPv4(ConfigText.unquote(t).trim(), false);
        if (r == null) {
            throw new ArgException("expected IP address");
        }
        return r[0];
    };

    /** An IPv4 prefix {@code a.b.c.d/len}, {@code a.b.c/len} or {@code a.b.c.d mask m.m.m.m}, as {addr, mask}. */
    public static final ArgType<int[]> IPV4_PREFIX = t -> {
        String s = ConfigText.unquote(t).trim();
        String[] w = s.split("\\s+");
        if (w.length == 2) {
            int[] a = parseIPv4(w[0], false);
            int[] m = parseIPv4(w[1], false);
            if (a != null && m != null) {
                return new int[] {a[0] & m[0], m[0]};
            }
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            int[] a = parseIPv4(s, false);
            if (a == null) {
                throw new ArgException("expected IP address prefix");
            }
            return new int[] {a[0], -1};
        }
        int[] a = parseIPv4(s.substring(0, slash), true);
        if (a == null) {
            throw new ArgException("expected IP address prefix");
        }
        String l = s.substring(slash + 1);
        int mask;
        if (l.indexOf('.') >= 0) {
            int[] m = parseIPv4(l, false);
            if (m == null) {
                throw new ArgException("expected IP address prefix");
            }
            mask = m[0];
        } else {
            int len;
            try {
                len = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw new ArgException("expected IP address prefix");
            }
            if (len < 0 || len > 32) {
                throw new ArgException("expected IP address prefix");
            }
            mask = len == 0 ? 0 : -1 << (32 - len);
        }
        return new int[] {a[0] & mask, mask};
    };

    /** An Ethernet address {@code 00:a0:c9:9c:fd:9c} or {@code 0-a0-c9-9c-fd-9c}, as 6 bytes. */
    public static final ArgType<byte[]> ETHER = t -> {
        String s = ConfigText.unquote(t).trim();
        String[] parts = s.split("[:-]", -1);
        if (parts.length != 6) {
            throw new ArgException("expected Ethernet address");
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2) {
                throw new ArgException("expected Ethernet address");
            }
            try {
                b[i] = (byte) Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new ArgException("expected Ethernet address");
            }
        }
        return b;
    };

    /** Parses a Click integer. */
    public static long parseInteger(String text) throws ArgException {
        String s = ConfigText.unquote(text).trim();
        if (s.isEmpty()) {
            throw new ArgException("invalid number");
        }
        boolean neg = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.length() > i + 1 && s.charAt(i) == '0') {
            radix = 8;
            i += 1;
        }
        String digits = s.substring(i).replace("_", "");
        if (digits.isEmpty()) {
            throw new ArgException("invalid number");
        }
        try {
            long v = Long.parseLong(digits, radix);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            // digits are valid but too big → range error; otherwise not a number
            final int r = radix;
            if (digits.chars().allMatch(c -> Character.digit(c, r) >= 0)) {
                throw new ArgException("out of range, bound " + (neg ? Long.MIN_VALUE : Long.MAX_VALUE));
            }
            throw new ArgException("invalid number");
        }
    }

    static double parseRealValue(String s) throws ArgException {
        if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new ArgException("invalid number");
        }
        return Double.parseDouble(s);
    }

    /** Parses a dotted quad; with {@code partial}, 1–3 components are allowed ({@code 18.26/16}). Returns {addr} or null. */
    public static int[] parseIPv4(String s, boolean partial) {
        String[] p = s.split("\\.", -1);
        if (p.length > 4 || p.length == 0 || (!partial && p.length != 4)) {
            return null;
        }
        int a = 0;
        for (int i = 0; i < 4; i++) {
            int v = 0;
            if (i < p.length) {
                String c = p[i];
                if (c.isEmpty() || c.length() > 3 || !c.chars().allMatch(Character::isDigit)) {
                    return null;
                }
                v = Integer.parseInt(c);
                if (v > 255) {
                    return null;
                }
            }
            a = a << 8 | v;
        }
        return new int[] {a};
    }

    /** Formats a packed IPv4 address as a dotted quad. */
    public static String formatIPv4(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }
}
