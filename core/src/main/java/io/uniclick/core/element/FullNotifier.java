package io.uniclick.core.element;

/**
 * An element that can say it has no room (Click's full notifier, e.g. Queue), so that sources
 * upstream sleep instead of producing packets that would be dropped, and are woken when room appears.
 */
public interface FullNotifier {
    /** Whether a push would now drop. */
    boolean isFull();

    /** Wakes {@code t} whenever this notifier stops being full. */
    void addFullListener(Task t);
}
