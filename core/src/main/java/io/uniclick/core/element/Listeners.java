package io.uniclick.core.element;

import java.util.Arrays;

/** Arrays of tasks to wake (notifier listeners): appended to at initialization, walked without allocation. */
public final class Listeners {
    /** No listeners. */
    public static final Task[] NONE = new Task[0];

    private Listeners() {
    }

    /** Appends {@code t} to a listener array unless present. */
    public static Task[] append(Task[] a, Task t) {
        for (Task x : a) {
            if (x == t) {
                return a;
            }
        }
        Task[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = t;
        return b;
    }

    /** Reschedules every task. */
    public static void wake(Task[] ts) {
        for (int i = 0; i < ts.length; i++) {
            ts[i].reschedule();
        }
    }
}
