package io.uniclick.netfront.emu;

import io.uniclick.netfront.xen.XsWire;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory xenstore (the emulated {@code xenstored}) serving the {@code xs_wire} protocol on
 * Unix-domain sockets, one socket per client domain: {@code dom0} for the backend and toolstack,
 * and e.g. {@code xenbus-1.sock} standing for {@code /dev/xen/xenbus} inside guest 1 (relative paths
 * resolve under {@code /local/domain/<domid>}). Supports read, write, mkdir, rm, directory, watches
 * (fired once on registration), transactions (with optional injected {@code EAGAIN} on commit) and
 * {@code GET_DOMAIN_PATH}. Permissions are not modelled.
 */
public final class EmulatedXenStore implements AutoCloseable {
    private final TreeMap<String, String> tree = new TreeMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Map<Integer, Map<String, String>> txs = new HashMap<>();
    private final List<ServerSocketChannel> servers = new CopyOnWriteArrayList<>();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private volatile double eagainRate;
    private int nextTx = 1;
    private volatile boolean closed;

    private record Watch(Conn conn, String path, String token) {
    }

    /** An empty store. */
    public EmulatedXenStore() {
        tree.put("/local", "");
        tree.put("/local/domain", "");
    }

    /** Probability that a transaction commit answers {@code EAGAIN} (to exercise retries). */
    public void setEagainRate(double p) {
        eagainRate = p;
    }

    // ---- direct API (in-process toolstack, tests) ----------------------------------------------

    /** Reads a value (null if absent). */
    public synchronized String read(String path) {
        return tree.get(norm(path));
    }

    /** Writes a value and fires watches. */
    public synchronized void write(String path, String value) {
        doWrite(norm(path), value);
    }

    /** Removes a subtree and fires watches. */
    public synchronized void rm(String path) {
        doRm(norm(path));
    }

    /** Lists children. */
    public synchronized List<String> directory(String path) {
        return children(norm(path), null);
    }

    private static String norm(String p) {
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private void doWrite(String path, String value) {
        String parent = path;
        int i;
        while ((i = parent.lastIndexOf('/')) > 0) {
            parent = parent.substring(0, i);
            tree.putIfAbsent(parent, "");
        }
        tree.put(path, value);
        fire(path);
    }

    private void doRm(String path) {
        tree.remove(path);
        tree.subMap(path + "/", path + "0").clear(); // '0' follows '/' in ASCII
        fire(path);
    }

    private List<String> children(String path, Map<String, String> tx) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        String pre = path.equals("/") ? "/" : path + "/";
        for (String k : tree.subMap(pre, pre.substring(0, pre.length() - 1) + "0").keySet()) {
            if (tx != null && tx.containsKey(k) && tx.get(k) == null) {
                continue;
            }
            String rest = k.substring(pre.length());
            int s = rest.indexOf('/');
            out.add(s < 0 ? rest : rest.substring(0, s));
        }
        if (tx != null) {
            for (Map.Entry<String, String> e : tx.entrySet()) {
                if (e.getValue() != null && e.getKey().startsWith(pre)) {
                    String rest = e.getKey().substring(pre.length());
                    int s = rest.indexOf('/');
                    out.add(s < 0 ? rest : rest.substring(0, s));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private void fire(String changed) {
        for (Watch w : watches) {
            if (changed.equals(w.path) || changed.startsWith(w.path + "/") || w.path.startsWith(changed + "/")) {
                w.conn.event(changed.startsWith(w.path) ? changed : w.path, w.token);
            }
        }
    }

    // ---- sockets ----------------------------------------------------------------------------------

    /** Serves clients of domain {@code domid} on a new Unix socket at {@code socket}. */
    public void listen(Path socket, int domid) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        servers.add(s);
        Thread.ofPlatform().daemon().name("xenstored-accept-" + domid).start(() -> {
            while (!closed) {
                try {
                    SocketChannel c = s.accept();
                    Conn conn = new Conn(c, domid);
                    conns.add(conn);
                    Thread.ofPlatform().daemon().name("xenstored-conn-" + domid).start(conn::serve);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocketChannel s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        for (Conn c : conns) {
            c.close();
        }
    }

    private final class Conn {
        private final SocketChannel ch;
        private final int domid;

        Conn(SocketChannel ch, int domid) {
            this.ch = ch;
            this.domid = domid;
        }

        void close() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
            watches.removeIf(w -> w.conn == this);
        }

        synchronized void send(int type, int reqId, int txId, byte[] payload) {
            try {
                ByteBuffer b = ByteBuffer.wrap(XsWire.message(type, reqId, txId, payload));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            } catch (IOException e) {
                close();
            }
        }

        void event(String path, String token) {
            send(XsWire.XS_WATCH_EVENT, 0, 0, XsWire.strings(false, path, token));
        }

        private String abs(String p) {
            return norm(p.startsWith("/") ? p : "/local/domain/" + domid + "/" + p);
        }

        void serve() {
            byte[] hdr = new byte[XsWire.HEADER];
            try {
                while (!closed) {
                    readFully(hdr);
                    int type = XsWire.getInt(hdr, 0);
                    int reqId = XsWire.getInt(hdr, 4);
                    int tx = XsWire.getInt(hdr, 8);
                    int len = XsWire.getInt(hdr, 12);
                    if (len < 0 || len > XsWire.PAYLOAD_MAX) {
                        break; // like xenstored: kill the connection
                    }
                    byte[] body = new byte[len];
                    readFully(body);
                    handle(type, reqId, tx, body);
                }
            } catch (IOException | RuntimeException e) {
                // connection gone or garbage: drop it
            }
            conns.remove(this);
            close();
        }

        private void readFully(byte[] b) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b);
            while (bb.hasRemaining()) {
                if (ch.read(bb) < 0) {
                    throw new IOException("eof");
                }
            }
        }

        private void ok(int type, int reqId, int tx) {
            send(type, reqId, tx, new byte[] {'O', 'K', 0});
        }

        private void error(int reqId, int tx, String err) {
            send(XsWire.XS_ERROR, reqId, tx, XsWire.strings(false, err));
        }

        private void handle(int type, int reqId, int tx, byte[] body) {
            List<String> a = XsWire.split(body, 0, body.length);
            Watch fireNow = null;
            synchronized (EmulatedXenStore.this) {
                Map<String, String> t = null;
                if (tx != 0) {
                    t = txs.get(tx);
                    if (t == null) {
                        error(reqId, tx, "ENOENT");
                        return;
                    }
                }
                switch (type) {
                    case XsWire.XS_READ -> {
                        if (a.isEmpty()) {
                            error(reqId, tx, "EINVAL");
                            return;
                        }
                        String p = abs(a.get(0));
                        String v = t != null && t.containsKey(p) ? t.get(p) : tree.get(p);
                        if (v == null) {
                            error(reqId, tx, "ENOENT");
                        } else {
                            send(type, reqId, tx, v.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    case XsWire.XS_WRITE -> {
                        int z = indexOfNul(body);
                        if (z < 0) {
                            error(reqId, tx, "EINVAL");
                            return;
                        }
                        String p = abs(new String(body, 0, z, StandardCharsets.UTF_8));
                        String v = new String(body, z + 1, body.length - z - 1, StandardCharsets.UTF_8);
                        if (t != null) {
                            t.put(p, v);
                        } else {
                            doWrite(p, v);
                        }
                        ok(type, reqId, tx);
                    }
                    case XsWire.XS_MKDIR -> {
                        String p = abs(a.isEmpty() ? "" : a.get(0));
                        if (!tree.containsKey(p)) {
                            if (t != null) {
                                t.put(p, "");
                            } else {
                                doWrite(p, "");
                            }
                        }
                        ok(type, reqId, tx);
                    }
                    case XsWire.XS_RM -> {
                        String p = abs(a.isEmpty() ? "" : a.get(0));
                        if (!tree.containsKey(p) && (t == null || t.get(p) == null)) {
                            error(reqId, tx, "ENOENT");
                            return;
                        }
                        if (t != null) {
                            t.put(p, null);
                        } else {
                            doRm(p);
                        }
                        ok(type, reqId, tx);
                    }
                    case XsWire.XS_DIRECTORY -> {
                        String p = abs(a.isEmpty() ? "" : a.get(0));
                        if (!tree.containsKey(p) && (t == null || t.get(p) == null)) {
                            error(reqId, tx, "ENOENT");
                            return;
                        }
                        List<String> kids = children(p, t);
                        send(type, reqId, tx, kids.isEmpty() ? new byte[0] : XsWire.strings(false, kids.toArray(new String[0])));
                    }
                    case XsWire.XS_WATCH -> {
                        if (a.size() < 2) {
                            error(reqId, tx, "EINVAL");
                            return;
                        }
                        Watch w = new Watch(this, abs(a.get(0)), a.get(1));
                        watches.add(w);
                        ok(type, reqId, tx);
                        fireNow = w;
                    }
                    case XsWire.XS_UNWATCH -> {
                        if (a.size() < 2) {
                            error(reqId, tx, "EINVAL");
                            return;
                        }
                        String p = abs(a.get(0));
                        watches.removeIf(w -> w.conn == this && w.path.equals(p) && w.token.equals(a.get(1)));
                        ok(type, reqId, tx);
                    }
                    case XsWire.XS_TRANSACTION_START -> {
                        int id = nextTx++;
                        txs.put(id, new HashMap<>());
                        send(type, reqId, 0, XsWire.strings(false, Integer.toString(id)));
                    }
                    case XsWire.XS_TRANSACTION_END -> {
                        Map<String, String> done = txs.remove(tx);
                        if (done == null) {
                            error(reqId, tx, "ENOENT");
                            return;
                        }
                        boolean commit = !a.isEmpty() && a.get(0).equals("T");
                        if (commit && eagainRate > 0 && random.nextDouble() < eagainRate) {
                            error(reqId, tx, "EAGAIN");
                            return;
                        }
                        if (commit) {
                            for (Iterator<Map.Entry<String, String>> it = done.entrySet().iterator(); it.hasNext();) {
                                Map.Entry<String, String> e = it.next();
                                if (e.getValue() == null) {
                                    doRm(e.getKey());
                                } else {
                                    doWrite(e.getKey(), e.getValue());
                                }
                            }
                        }
                        ok(type, reqId, tx);
                    }
                    case XsWire.XS_GET_DOMAIN_PATH -> send(type, reqId, tx,
                            XsWire.strings(false, "/local/domain/" + (a.isEmpty() ? "" : a.get(0))));
                    default -> error(reqId, tx, "EINVAL");
                }
            }
            if (fireNow != null) {
                event(fireNow.path, fireNow.token);
            }
        }

        private static int indexOfNul(byte[] b) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    return i;
                }
            }
            return -1;
        }
    }
}
