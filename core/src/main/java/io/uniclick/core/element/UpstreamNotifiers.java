package io.uniclick.core.element;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The empty notifiers upstream of one pull input (through pull-through elements, stopping at the
 * first notifier on each path): what lets a puller ({@link PullTask}) sleep while they are all empty,
 * and lets pull-through elements that hold state (Shaper, PullSwitch, DRRSched) be notifiers
 * themselves, forwarding listeners upstream and answering {@link #allEmpty()}.
 */
public final class UpstreamNotifiers {
    private static final EmptyNotifier[] NONE = new EmptyNotifier[0];

    private EmptyNotifier[] notifiers = NONE;
    /** Whether some path reaches a pull source without a notifier (then we can never say "empty"). */
    private boolean unknown;
    /** Whether the input is unconnected (never gives anything). */
    private boolean discovered;
    private final Element owner;
    private final int port;

    /** For {@code owner}'s input {@code port}; the search runs on first use, after wiring. */
    public UpstreamNotifiers(Element owner, int port) {
        this.owner = owner;
        this.port = port;
    }

    /** Walks upstream once (lazily, after the router is wired). */
    public void discover() {
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
    public boolean allEmpty() {
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
    public boolean canSleep() {
        discover();
        return !unknown;
    }

    /** Registers {@code t} with every notifier upstream. */
    public void addListener(Task t) {
        discover();
        for (EmptyNotifier n : notifiers) {
            n.addListener(t);
        }
    }
}
