package io.uniclick.core.element;

/**
 * A source that can start over from the beginning (InfiniteSource's count, FromDump's first
 * record). Benchmarks use it to run a finite configuration for as long as they measure.
 */
public interface Restartable {
    /** Starts over and reschedules the source's task. */
    void restart();
}
