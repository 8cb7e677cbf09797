package io.uniclick.elements.ip;

import java.nio.charset.StandardCharsets;

/** A reusable byte buffer for formatting text lines without allocating. Not an element. */
final class LineBuilder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    byte[] buf;
    int len;
    private final byte[] digits = new byte[20];

    LineBuilder(int capacity) {
        buf = new byte[capacity];
    }

    /** Makes sure {@code n} more bytes fit (grows only when a configuration asks for long lines). */
    void reserve(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    LineBuilder clear() {
        len = 0;
        return this;
    }

    LineBuilder ch(char c) {
        reserve(1);
        buf[len++] = (byte) c;
        return this;
    }

    LineBuilder bytes(byte[] b) {
        reserve(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Decimal, padded with zeros to {@code width} digits. */
    LineBuilder dec(long v, int width) {
        reserve(22 + Math.max(0, width));
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int nd = 0;
        do {
            digits[nd++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = nd; i < width; i++) {
            buf[len++] = '0';
        }
        while (nd > 0) {
            buf[len++] = digits[--nd];
        }
        return this;
    }

    LineBuilder dec(long v) {
        return dec(v, 0);
    }

    /** Dotted quad. */
    LineBuilder ip(int a) {
        dec(a >>> 24).ch('.').dec(a >>> 16 & 0xFF).ch('.').dec(a >>> 8 & 0xFF).ch('.').dec(a & 0xFF);
        return this;
    }

    LineBuilder hex2(int v) {
        reserve(2);
        buf[len++] = HEX[(v >>> 4) & 15];
        buf[len++] = HEX[v & 15];
        return this;
    }

    /** Click's Timestamp unparse: 6 decimals when the time is a whole number of microseconds, else 9. */
    LineBuilder timestamp(long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long sub = Math.floorMod(nanos, 1_000_000_000L);
        if (nanos < 0) {
            ch('-');
            if (sub == 0) {
                sec = -sec;
            } else {
                sec = -sec - 1;
                sub = 1_000_000_000L - sub;
            }
        }
        dec(sec).ch('.');
        if (sub % 1000 == 0) {
            dec(sub / 1000, 6);
        } else {
            dec(sub, 9);
        }
        return this;
    }
}
