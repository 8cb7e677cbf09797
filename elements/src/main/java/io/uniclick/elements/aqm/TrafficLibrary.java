package io.uniclick.elements.aqm;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Spreading, sampling, shaping and scheduling elements, and IP summary dumps. */
public final class TrafficLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of();
    }
}
