package io.uniclick.dsl;

/** What the parser needs to know about primitive element classes (filled from the element registry). */
@FunctionalInterface
public interface ClassCatalog {
    boolean isPrimitiveClass(String className);
}
