package io.uniclick.netfront.xen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * xenstore client over any {@link XsTransport}: one request at a time, replies matched by type,
 * watch events (type 15) queued as they interleave with replies. Thread-safe (synchronized);
 * control path only.
 */
public final class XsClient implements XenStore {
    private static final long REPLY_TIMEOUT_MS = 10_000;
    private final XsTransport t;
    private final ArrayDeque<String[]> events = new ArrayDeque<>();
    private final byte[] in = new byte[XsWire.HEADER + XsWire.PAYLOAD_MAX];
    private int inLen;
    private int reqId;

    /** A client over {@code t}. */
    public XsClient(XsTransport t) {
        this.t = t;
    }

    /** Connects to an emulated (or dom0) store's Unix socket. */
    public static XsClient connect(java.nio.file.Path socket) throws XenException {
        return new XsClient(new UnixSocketTransport(socket));
    }

    private synchronized byte[] call(int type, int tx, byte[] payload) throws XenException {
        if (payload.length > XsWire.PAYLOAD_MAX) {
            throw new XenException("xenstore payload too large (" + payload.length + " bytes)", "E2BIG");
        }
        int id = ++reqId;
        byte[] m = XsWire.message(type, id, tx, payload);
        try {
            t.write(m, 0, m.length);
            long deadline = System.nanoTime() + REPLY_TIMEOUT_MS * 1_000_000L;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new XenException("xenstore: no reply to request type " + type, "ETIMEDOUT");
                }
                int[] h = readMessage(left);
                if (h == null) {
                    continue;
                }
                int rtype = h[0];
                int len = h[3];
                if (rtype == XsWire.XS_WATCH_EVENT) {
                    queueEvent(len);
                    continue;
                }
                byte[] body = java.util.Arrays.copyOfRange(in, XsWire.HEADER, XsWire.HEADER + len);
                consume();
                if (rtype == XsWire.XS_ERROR) {
                    String err = XsWire.split(body, 0, body.length).stream().findFirst().orElse("EIO");
                    throw new XenException("xenstore: " + err, err);
                }
                if (rtype != type) {
                    throw new XenException("xenstore: reply of type " + rtype + " to request " + type, "EPROTO");
                }
                return body;
            }
        } catch (XenException e) {
            throw e;
        } catch (IOException e) {
            throw new XenException("xenstore: " + e.getMessage(), "EIO");
        }
    }

    /** Reads one whole message into {@link #in}; returns its header or null on timeout. */
    private int[] readMessage(long timeoutMs) throws IOException {
        while (inLen < XsWire.HEADER) {
            int n = t.read(in, inLen, XsWire.HEADER - inLen, timeoutMs);
            if (n == 0) {
                return null;
            }
            inLen += n;
        }
        int len = XsWire.getInt(in, 12);
        if (len < 0 || len > XsWire.PAYLOAD_MAX) {
            throw new IOException("xenstore: bad message length " + len);
        }
        while (inLen < XsWire.HEADER + len) {
            int n = t.read(in, inLen, XsWire.HEADER + len - inLen, timeoutMs);
            if (n == 0) {
                return null;
            }
            inLen += n;
        }
        return new int[] {XsWire.getInt(in, 0), XsWire.getInt(in, 4), XsWire.getInt(in, 8), len};
    }

    private void consume() {
        inLen = 0;
    }

    private void queueEvent(int len) {
        List<String> parts = XsWire.split(in, XsWire.HEADER, len);
        consume();
        if (parts.size() >= 2) {
            events.add(new String[] {parts.get(0), parts.get(1)});
        }
    }

    private static String str(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public String read(int tx, String path) throws XenException {
        try {
            return str(call(XsWire.XS_READ, tx, XsWire.strings(false, path)));
        } catch (XenException e) {
            if ("ENOENT".equals(e.errno())) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void write(int tx, String path, String value) throws XenException {
        call(XsWire.XS_WRITE, tx, XsWire.strings(true, path, value));
    }

    @Override
    public List<String> directory(int tx, String path) throws XenException {
        try {
            byte[] b = call(XsWire.XS_DIRECTORY, tx, XsWire.strings(false, path));
            return XsWire.split(b, 0, b.length);
        } catch (XenException e) {
            if ("ENOENT".equals(e.errno())) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public void rm(int tx, String path) throws XenException {
        try {
            call(XsWire.XS_RM, tx, XsWire.strings(false, path));
        } catch (XenException e) {
            if (!"ENOENT".equals(e.errno())) {
                throw e;
            }
        }
    }

    @Override
    public int transactionStart() throws XenException {
        String s = str(call(XsWire.XS_TRANSACTION_START, 0, new byte[] {0}));
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new XenException("xenstore: bad transaction id '" + s + "'", "EPROTO");
        }
    }

    @Override
    public boolean transactionEnd(int tx, boolean commit) throws XenException {
        try {
            call(XsWire.XS_TRANSACTION_END, tx, XsWire.strings(false, commit ? "T" : "F"));
            return true;
        } catch (XenException e) {
            if ("EAGAIN".equals(e.errno())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void watch(String path, String token) throws XenException {
        call(XsWire.XS_WATCH, 0, XsWire.strings(false, path, token));
    }

    @Override
    public void unwatch(String path, String token) throws XenException {
        call(XsWire.XS_UNWATCH, 0, XsWire.strings(false, path, token));
    }

    @Override
    public synchronized String[] nextWatchEvent(long timeoutMillis) throws XenException {
        if (!events.isEmpty()) {
            return events.poll();
        }
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            do {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                int[] h = readMessage(left);
                if (h == null) {
                    return null;
                }
                if (h[0] == XsWire.XS_WATCH_EVENT) {
                    queueEvent(h[3]);
                    return events.poll();
                }
                consume(); // stray reply: drop
            } while (System.nanoTime() < deadline);
            return null;
        } catch (IOException e) {
            throw new XenException("xenstore: " + e.getMessage(), "EIO");
        }
    }

    @Override
    public void close() {
        t.close();
    }
}
