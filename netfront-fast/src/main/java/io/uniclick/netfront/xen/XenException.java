package io.uniclick.netfront.xen;

import java.io.IOException;

/** A failed Xen operation (setup or control path only; the data path never throws). */
public class XenException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String errno;

    /** An error with a message and an errno name (e.g. {@code ENOENT}, or null). */
    public XenException(String message, String errno) {
        super(message);
        this.errno = errno;
    }

    /** An error with a message. */
    public XenException(String message) {
        this(message, null);
    }

    /** The errno name from xenstore or the kernel, or null. */
    public String errno() {
        return errno;
    }
}
