package io.uniclick.core.config;

/** A value that does not parse as its argument type; the message is Click's wording without the keyword prefix. */
public final class ArgException extends Exception {
    /** E.g. {@code "invalid number"}. */
    public ArgException(String message) {
        super(message, null, false, false);
    }
}
