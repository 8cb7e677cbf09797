package io.uniclick.elements;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** uniclick's own element classes. */
public final class StandardLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(
                io.uniclick.elements.standard.InfiniteSource.class,
                io.uniclick.elements.standard.Counter.class,
                io.uniclick.elements.standard.Discard.class,
                io.uniclick.elements.analysis.FromDump.class,
                io.uniclick.elements.analysis.ToDump.class,
                io.uniclick.elements.threads.StaticThreadSched.class,
                io.uniclick.elements.threads.ThreadSafeQueue.class,
                io.uniclick.elements.threads.Pipeliner.class);
    }
}
