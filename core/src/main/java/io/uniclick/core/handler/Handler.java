package io.uniclick.core.handler;

/**
 * A named read and/or write entry point of an element or of the router (Click's handlers).
 *
 * @param name     handler name, e.g. {@code count}
 * @param reader   read function (null if not readable); it receives the parameter of a
 *                 read-with-parameter call, or "" for plain reads
 * @param writer   write function (null if not writable)
 * @param readParam whether the read takes a parameter (Click's read-with-parameters)
 * @param hidden   hidden from listings (Click's private handlers)
 */
public record Handler(String name, Reader reader, Writer writer, boolean readParam, boolean hidden) {
    /** A read function. */
    @FunctionalInterface
    public interface Reader {
        /** Returns the handler's value. */
        String read(String param) throws HandlerException;
    }

    /** A write function. */
    @FunctionalInterface
    public interface Writer {
        /** Acts on the written value. */
        void write(String value) throws HandlerException;
    }

    /** Whether the handler can be read. */
    public boolean readable() {
        return reader != null;
    }

    /** Whether the handler can be written. */
    public boolean writable() {
        return writer != null;
    }
}
