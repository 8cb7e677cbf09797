package io.uniclick.netfront.xen;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** xenstore over a Unix-domain socket (the emulated store, or a real {@code xenstored} socket in dom0). */
public final class UnixSocketTransport implements XsTransport {
    private final SocketChannel ch;
    private final Selector selector;

    /** Connects to {@code socket}. */
    public UnixSocketTransport(Path socket) throws XenException {
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            throw new XenException("cannot connect to xenstore socket " + socket + ": " + e.getMessage());
        }
    }

    private byte[] readArray;
    private ByteBuffer readBuffer;

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) {
            if (ch.write(bb) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutMillis) throws IOException {
        ByteBuffer bb = readBuffer;
        if (bb == null || readArray != b) {
            bb = ByteBuffer.wrap(b);
            readBuffer = bb;
            readArray = b;
        }
        bb.limit(off + len).position(off); // reused: a poll that finds nothing allocates nothing
        int n = ch.read(bb);
        if (n == 0 && timeoutMillis > 0) {
            selector.select(timeoutMillis);
            selector.selectedKeys().clear();
            n = ch.read(bb);
        }
        if (n < 0) {
            throw new EOFException("xenstore connection closed");
        }
        return n;
    }

    @Override
    public void close() {
        try {
            selector.close();
            ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
