package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** The IPv4 path: header checks, TTL, checksums, encapsulation, fragments, ICMP. */
public final class IPLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of();
    }
}
