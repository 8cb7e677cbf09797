package io.uniclick.netfront.xen;

/**
 * The xenstore wire format ({@code xs_wire.h}, spec §7.5): a 16-byte little-endian header
 * {@code {u32 type; u32 req_id; u32 tx_id; u32 len}} followed by at most 4096 payload bytes.
 */
public final class XsWire {
    private XsWire() {
    }

    /** Header size. */
    public static final int HEADER = 16;
    /** Largest payload. */
    public static final int PAYLOAD_MAX = 4096;
    /** Message types. */
    public static final int XS_DIRECTORY = 1, XS_READ = 2, XS_GET_PERMS = 3, XS_WATCH = 4, XS_UNWATCH = 5,
            XS_TRANSACTION_START = 6, XS_TRANSACTION_END = 7, XS_GET_DOMAIN_PATH = 10, XS_WRITE = 11, XS_MKDIR = 12,
            XS_RM = 13, XS_WATCH_EVENT = 15, XS_ERROR = 16;

    /** Writes a little-endian u32. */
    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Reads a little-endian u32. */
    public static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /** Encodes a whole message. */
    public static byte[] message(int type, int reqId, int txId, byte[] payload) {
        byte[] m = new byte[HEADER + payload.length];
        putInt(m, 0, type);
        putInt(m, 4, reqId);
        putInt(m, 8, txId);
        putInt(m, 12, payload.length);
        System.arraycopy(payload, 0, m, HEADER, payload.length);
        return m;
    }

    /** Joins strings, each followed by NUL; the last one without NUL if {@code lastRaw}. */
    public static byte[] strings(boolean lastRaw, String... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            byte[] b = parts[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            o.write(b, 0, b.length);
            if (!(lastRaw && i == parts.length - 1)) {
                o.write(0);
            }
        }
        return o.toByteArray();
    }

    /** Splits a NUL-separated payload (a trailing NUL ends the last part). */
    public static java.util.List<String> split(byte[] b, int off, int len) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int s = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == 0) {
                out.add(new String(b, s, i - s, java.nio.charset.StandardCharsets.UTF_8));
                s = i + 1;
            }
        }
        if (s < off + len) {
            out.add(new String(b, s, off + len - s, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
