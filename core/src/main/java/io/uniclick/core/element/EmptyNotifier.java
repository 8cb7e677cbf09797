package io.uniclick.core.element;

/**
 * An element that can say it has nothing to give (Click's empty notifier, e.g. a Queue), so that
 * pullers downstream sleep instead of spinning and are woken when packets arrive.
 */
public interface EmptyNotifier {
    /** Whether a pull would now return nothing. */
    boolean isEmpty();

    /** Wakes {@code t} whenever this notifier becomes non-empty. */
    void addListener(Task t);
}
