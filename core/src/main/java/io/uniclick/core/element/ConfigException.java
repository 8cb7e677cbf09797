package io.uniclick.core.element;

import java.util.List;

/** A configuration or initialization failure of one element, with one or more Click-style messages. */
public final class ConfigException extends Exception {
    private final List<String> messages;

    /** One message. */
    public ConfigException(String message) {
        this(List.of(message));
    }

    /** Several messages, reported in order. */
    public ConfigException(List<String> messages) {
        super(String.join("\n", messages), null, false, false);
        this.messages = List.copyOf(messages);
    }

    /** The messages, e.g. {@code "CAPACITY: invalid number"}. */
    public List<String> messages() {
        return messages;
    }
}
