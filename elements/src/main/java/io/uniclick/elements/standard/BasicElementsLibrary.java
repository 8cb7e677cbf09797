package io.uniclick.elements.standard;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Sources, queues, switches and other basic elements of Click's standard group. */
public final class BasicElementsLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of();
    }
}
