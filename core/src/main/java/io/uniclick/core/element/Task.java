package io.uniclick.core.element;

/**
 * A cooperative unit of work run by a driver thread (Click's Task). {@link #doWork()} returns how
 * much it did (0 = nothing); a task that has nothing to do may unschedule itself and be woken by a
 * notifier or timer.
 */
public abstract class Task {
    private final Element owner;
    volatile boolean scheduled = true;
    private int homeThread;
    private Runnable wakeHook;

    /** A task owned by {@code owner}. */
    protected Task(Element owner) {
        this.owner = owner;
    }

    /** Runs once; returns the amount of work done. */
    public abstract int doWork();

    /** The element the task belongs to. */
    public Element owner() {
        return owner;
    }

    /** Whether the driver runs this task. */
    public boolean scheduled() {
        return scheduled;
    }

    /** Stops running the task until {@link #reschedule()}. */
    public void unschedule() {
        scheduled = false;
    }

    /** Runs the task again (safe from any thread). */
    public void reschedule() {
        if (!scheduled) {
            scheduled = true;
            Runnable h = wakeHook;
            if (h != null) {
                h.run();
            }
        }
    }

    /** Index of the thread that runs the task. */
    public int homeThread() {
        return homeThread;
    }

    /** Places the task on a thread (before the router runs). */
    public void setHomeThread(int t) {
        homeThread = t;
    }

    /** Called by the driver: how to wake the home thread when rescheduled. */
    public void setWakeHook(Runnable hook) {
        wakeHook = hook;
    }
}
