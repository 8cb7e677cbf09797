package io.uniclick.elements.aqm;

import java.io.IOException;
import java.io.OutputStream;

/** A growable byte buffer for building dump lines and records without allocation once warm. Not an element. */
final class ByteOut {
    byte[] buf;
    int len;

    ByteOut(int capacity) {
        buf = new byte[capacity];
    }

    void clear() {
        len = 0;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    void put(int c) {
        room(1);
        buf[len++] = (byte) c;
    }

    void put(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void put(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void put(ByteOut o) {
        put(o.buf, 0, o.len);
    }

    /** Decimal, for non-negative and negative values. */
    void dec(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(Long.toString(v));
                return;
            }
            put('-');
            v = -v;
        }
        room(20);
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** Zero-padded decimal of exactly {@code digits} digits. */
    void fixed(long v, int digits) {
        room(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len += digits;
    }

    /** A dotted quad. */
    void ip(int a) {
        dec(a >>> 24);
        put('.');
        dec(a >>> 16 & 0xFF);
        put('.');
        dec(a >>> 8 & 0xFF);
        put('.');
        dec(a & 0xFF);
    }

    void u8(int v) {
        put(v);
    }

    void u16(int v) {
        room(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void u32(long v) {
        room(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void setU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void u64(long v) {
        u32(v >>> 32);
        u32(v);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }
}
