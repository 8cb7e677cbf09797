package io.uniclick.elements.script;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Script, DriverManager and Message. */
public final class ScriptLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(Script.class, DriverManager.class, Message.class);
    }
}
