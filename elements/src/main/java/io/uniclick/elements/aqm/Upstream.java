package io.uniclick.elements.aqm;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Port;
import io.uniclick.core.element.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The empty notifiers upstream of one pull input, found the way {@link io.uniclick.core.element.PullTask}
 * finds them (through pull-through elements, stopping at the first notifier on each path). Lets
 * pull-through elements that hold state (Shaper, PullSwitch, DRRSched) be notifiers themselves:
 * they forward listeners upstream and answer {@link #allEmpty()}. Not an element.
 */
final class Upstream {
    private static final EmptyNotifier[] NONE = new EmptyNotifier[0];
    private static final Task[] NO_TASKS = new Task[0];

    private EmptyNotifier[] notifiers = NONE;
    /** Whether some path reaches a pull source without a notifier (then we can never say "empty"). */
    private boolean unknown;
    /** Whether the input is unconnected (never gives anything). */
    private boolean discovered;
    private final Element owner;
    private final int port;

    Upstream(Element owner, int port) {
        this.owner = owner;
        this.port = port;
    }

    /** Walks upstream once (lazily, after the router is wired). */
    void discover() {
        if (discovered) {
            return;
        }
        discovered = true;
        Map<EmptyNotifier, Boolean> found = new IdentityHashMap<>();
        boolean[] unk = {false};
        Map<Element, Boolean> seen = new IdentityHashMap<>();
        seen.put(owner, Boolean.TRUE);
        walk(owner.input(port), found, unk, seen);
        List<EmptyNotifier> list = new ArrayList<>(found.keySet());
        notifiers = list.toArray(NONE);
        unknown = unk[0];
    }

    private static void walk(Port p, Map<EmptyNotifier, Boolean> found, boolean[] unknown, Map<Element, Boolean> seen) {
        Element e = p.peer();
        if (e == null) {
            return;
        }
        if (e instanceof EmptyNotifier n) {
            found.put(n, Boolean.TRUE);
            return;
        }
        if (seen.put(e, Boolean.TRUE) != null) {
            return;
        }
        boolean any = false;
        for (int i = 0; i < e.ninputs(); i++) {
            if (!e.inputIsPush(i)) {
                any = true;
                walk(e.input(i), found, unknown, seen);
            }
        }
        if (!any) {
            unknown[0] = true;
        }
    }

    /** Whether every notifier upstream is empty (false if some path has no notifier). */
    boolean allEmpty() {
        if (!discovered) {
            discover();
        }
        if (unknown) {
            return false;
        }
        final EmptyNotifier[] ns = notifiers;
        for (int i = 0; i < ns.length; i++) {
            if (!ns[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether pullers may sleep on this input (every path ends at a notifier or nowhere). */
    boolean canSleep() {
        discover();
        return !unknown;
    }

    /** Registers {@code t} with every notifier upstream. */
    void addListener(Task t) {
        discover();
        for (EmptyNotifier n : notifiers) {
            n.addListener(t);
        }
    }

    /** Appends {@code t} to a listener array unless present. */
    static Task[] append(Task[] a, Task t) {
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
    static void wake(Task[] ts) {
        for (int i = 0; i < ts.length; i++) {
            ts[i].reschedule();
        }
    }

    static Task[] noTasks() {
        return NO_TASKS;
    }
}
