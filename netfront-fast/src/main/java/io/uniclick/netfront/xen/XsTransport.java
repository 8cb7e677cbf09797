package io.uniclick.netfront.xen;

import java.io.IOException;

/** A byte stream to xenstore: the emulated store's Unix socket or {@code /dev/xen/xenbus}. */
public interface XsTransport extends AutoCloseable {
    /** Writes one whole message. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Reads up to {@code len} bytes, waiting at most {@code timeoutMillis}; 0 on timeout; throws at end of stream. */
    int read(byte[] b, int off, int len, long timeoutMillis) throws IOException;

    /** Closes the stream. */
    @Override
    void close();
}
