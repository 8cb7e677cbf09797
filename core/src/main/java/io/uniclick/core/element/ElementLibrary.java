package io.uniclick.core.element;

import java.util.List;

/**
 * A set of element classes, found through {@link java.util.ServiceLoader}: uniclick's own library
 * and any user jar on the class path (declare the implementation in
 * {@code META-INF/services/io.uniclick.core.element.ElementLibrary}).
 */
public interface ElementLibrary {
    /** The element classes, each annotated with {@link ElementInfo} and with a public no-argument constructor. */
    List<Class<? extends Element>> elementClasses();
}
