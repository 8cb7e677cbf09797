package io.uniclick.core.handler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The handlers of one element (or the global ones), in registration order. */
public final class Handlers {
    private final Map<String, Handler> byName = new LinkedHashMap<>();

    /** Adds or replaces a handler. */
    public Handlers add(Handler h) {
        Handler old = byName.get(h.name());
        if (old != null) {
            // a read and a write registered separately under one name become one read/write handler
            h = new Handler(h.name(), h.reader() != null ? h.reader() : old.reader(),
                    h.writer() != null ? h.writer() : old.writer(), h.readParam() || old.readParam(), h.hidden());
        }
        byName.put(h.name(), h);
        return this;
    }

    /** A read handler returning {@code value.get()}. */
    public Handlers read(String name, Supplier<String> value) {
        return add(new Handler(name, p -> value.get(), null, false, false));
    }

    /** A read handler printing a number. */
    public Handlers readLong(String name, LongSupplier value) {
        return add(new Handler(name, p -> Long.toString(value.getAsLong()), null, false, false));
    }

    /** A read handler that takes a parameter. */
    public Handlers readParam(String name, Handler.Reader reader) {
        return add(new Handler(name, reader, null, true, false));
    }

    /** A write handler. */
    public Handlers write(String name, Handler.Writer writer) {
        return add(new Handler(name, null, writer, false, false));
    }

    /** A read/write handler. */
    public Handlers readWrite(String name, Supplier<String> value, Handler.Writer writer) {
        return add(new Handler(name, p -> value.get(), writer, false, false));
    }

    /** The handler called {@code name}, or null. */
    public Handler get(String name) {
        return byName.get(name);
    }

    /** All handlers. */
    public Collection<Handler> all() {
        return byName.values();
    }

    /** Names, in order. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
