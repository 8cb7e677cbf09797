package io.uniclick.core.handler;

/** A handler call failed; the message is shown to the caller (ControlSocket 520, Script, -h). */
public final class HandlerException extends Exception {
    /** With a Click-style message. */
    public HandlerException(String message) {
        super(message, null, false, false);
    }
}
