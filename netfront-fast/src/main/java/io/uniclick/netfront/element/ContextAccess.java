package io.uniclick.netfront.element;

import io.uniclick.core.element.Element;

/** Reaches an element's context from helpers in this package. */
final class ContextAccess {
    private ContextAccess() {
    }

    static java.io.PrintStream errors(Element e) {
        if (e instanceof FromNetFront f) {
            return f.errors();
        }
        if (e instanceof ToNetFront t) {
            return t.errors();
        }
        return System.err;
    }
}
