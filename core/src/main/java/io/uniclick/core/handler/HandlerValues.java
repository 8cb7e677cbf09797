package io.uniclick.core.handler;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgType;

/** Parsing of values written to handlers, with Click's argument types. */
public final class HandlerValues {
    private HandlerValues() {
    }

    /** Parses {@code value} as {@code type}, turning a parse failure into a handler error. */
    public static <T> T parse(ArgType<T> type, String value) throws HandlerException {
        try {
            return type.parse(value.trim());
        } catch (ArgException e) {
            throw new HandlerException(e.getMessage());
        }
    }
}
