package io.uniclick.elements.classifier;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Classifier, IPClassifier and IPFilter, compiled to decision trees and bytecode. */
public final class ClassifierLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(Classifier.class, IPClassifier.class, IPFilter.class);
    }
}
