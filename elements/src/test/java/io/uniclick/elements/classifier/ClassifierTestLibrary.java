package io.uniclick.elements.classifier;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Test-only elements of the classifier tests. */
public final class ClassifierTestLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(TestMarkIPHeader.class);
    }
}
