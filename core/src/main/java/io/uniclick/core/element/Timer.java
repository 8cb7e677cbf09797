package io.uniclick.core.element;

/** A one-shot timer run on a driver thread at an absolute time (Click's Timer). */
public abstract class Timer {
    long expiry = Long.MAX_VALUE;
    int heapIndex = -1;

    /** For subclasses. */
    protected Timer() {
    }

    /** Called on the driver thread when the timer fires. */
    public abstract void run();

    /** Whether the timer is armed. */
    public boolean scheduled() {
        return heapIndex >= 0;
    }

    /** The absolute expiry in clock nanoseconds. */
    public long expiry() {
        return expiry;
    }
}
