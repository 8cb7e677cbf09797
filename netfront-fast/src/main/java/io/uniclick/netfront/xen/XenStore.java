package io.uniclick.netfront.xen;

import java.util.List;

/**
 * A xenstore connection speaking the {@code xs_wire} protocol (spec §7.5). {@link XsClient} is the one
 * implementation; it runs over {@code /dev/xen/xenbus} in a domU or over the emulated store's Unix
 * socket, so the same code talks to both. Control path only (calls block for the reply).
 */
public interface XenStore extends AutoCloseable {
    /** Transaction id meaning "no transaction". */
    int NO_TX = 0;

    /** Reads a value; null if the path does not exist. */
    String read(int tx, String path) throws XenException;

    /** Writes a value. */
    void write(int tx, String path, String value) throws XenException;

    /** Lists children; empty if the path does not exist. */
    List<String> directory(int tx, String path) throws XenException;

    /** Removes a path and its children (no error if absent). */
    void rm(int tx, String path) throws XenException;

    /** Starts a transaction; returns its id. */
    int transactionStart() throws XenException;

    /** Ends a transaction; false if it must be redone ({@code EAGAIN}). */
    boolean transactionEnd(int tx, boolean commit) throws XenException;

    /** Registers a watch (it fires once at once). */
    void watch(String path, String token) throws XenException;

    /** Removes a watch. */
    void unwatch(String path, String token) throws XenException;

    /** The next watch event ({@code [path, token]}), waiting up to {@code timeoutMillis}; null if none. */
    String[] nextWatchEvent(long timeoutMillis) throws XenException;

    /** Reads a value outside transactions. */
    default String read(String path) throws XenException {
        return read(NO_TX, path);
    }

    /** Writes a value outside transactions. */
    default void write(String path, String value) throws XenException {
        write(NO_TX, path, value);
    }

    /** Closes the connection. */
    @Override
    void close();
}
