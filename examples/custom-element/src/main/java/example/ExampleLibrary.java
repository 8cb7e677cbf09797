package example;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Tells uniclick which element classes this jar provides (listed in META-INF/services). */
public final class ExampleLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(SizeHistogram.class);
    }
}
