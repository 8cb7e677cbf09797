package io.uniclick.elements.standard;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Sources, queues, switches and other basic elements of Click's standard group. */
public final class BasicElementsLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(
                Idle.class,
                SimpleQueue.class,
                Queue.class,
                Unqueue.class,
                RatedUnqueue.class,
                RatedSource.class,
                TimedSource.class,
                Tee.class,
                NullElement.class,
                Strip.class,
                Unstrip.class,
                Print.class,
                Paint.class,
                PaintSwitch.class,
                Switch.class,
                StaticSwitch.class,
                RoundRobinSwitch.class,
                AverageCounter.class);
    }
}
