package io.uniclick.core.element;

import java.util.List;

/** An element that places other elements on driver threads (StaticThreadSched), asked after configuration. */
public interface ThreadScheduler {
    /** Sets the home thread of elements among {@code all}; errors are returned as messages. */
    List<String> assignThreads(List<Element> all, int nthreads);
}
