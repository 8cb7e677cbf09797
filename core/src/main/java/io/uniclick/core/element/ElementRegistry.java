package io.uniclick.core.element;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Element classes by Click class name (and alias), read from their {@link ElementInfo}. */
public final class ElementRegistry {
    /** One registered class. */
    public record Entry(String name, Class<? extends Element> type, ElementInfo info) {
    }

    private final Map<String, Entry> byName = new TreeMap<>();

    /** An empty registry. */
    public ElementRegistry() {
    }

    /** All libraries visible to {@code loader}. */
    public static ElementRegistry load(ClassLoader loader) {
        ElementRegistry r = new ElementRegistry();
        for (ElementLibrary lib : ServiceLoader.load(ElementLibrary.class, loader)) {
            for (Class<? extends Element> c : lib.elementClasses()) {
                r.register(c);
            }
        }
        return r;
    }

    /** Registers {@code c} under its name and aliases. */
    public void register(Class<? extends Element> c) {
        ElementInfo info = c.getAnnotation(ElementInfo.class);
        if (info == null) {
            throw new IllegalArgumentException(c.getName() + " has no @ElementInfo");
        }
        byName.put(info.name(), new Entry(info.name(), c, info));
        for (String a : info.aliases()) {
            byName.put(a, new Entry(a, c, info));
        }
    }

    /** The class called {@code name}, or null. */
    public Entry get(String name) {
        return byName.get(name);
    }

    /** Whether {@code name} is a known class. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** All names, sorted. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
