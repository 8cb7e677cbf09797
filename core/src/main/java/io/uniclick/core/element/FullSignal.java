package io.uniclick.core.element;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a push source learns about the queues downstream of one output: if every push path from it
 * ends in a {@link FullNotifier}, the source may sleep while all of them are full. Any path that
 * ends elsewhere (a Discard, a device) means the source never sleeps on this account.
 */
public final class FullSignal {
    private static final FullNotifier[] NONE = new FullNotifier[0];
    private final FullNotifier[] notifiers;

    private FullSignal(FullNotifier[] n) {
        this.notifiers = n;
    }

    /** Searches downstream of {@code e}'s output {@code port} and registers {@code task} with what it finds. */
    public static FullSignal downstream(Element e, int port, Task task) {
        Map<FullNotifier, Boolean> found = new IdentityHashMap<>();
        boolean[] open = {false};
        walk(e.output(port), found, open, new IdentityHashMap<>());
        if (open[0] || found.isEmpty()) {
            return new FullSignal(NONE);
        }
        List<FullNotifier> list = new ArrayList<>(found.keySet());
        for (FullNotifier n : list) {
            n.addFullListener(task);
        }
        return new FullSignal(list.toArray(new FullNotifier[0]));
    }

    private static void walk(Port p, Map<FullNotifier, Boolean> found, boolean[] open, Map<Element, Boolean> seen) {
        Element peer = p.peer();
        if (peer == null) {
            return;
        }
        if (peer instanceof FullNotifier n) {
            found.put(n, Boolean.TRUE);
            return;
        }
        if (seen.put(peer, Boolean.TRUE) != null) {
            return;
        }
        boolean any = false;
        for (int i = 0; i < peer.noutputs(); i++) {
            if (peer.outputIsPush(i) && peer.outputConnected(i)) {
                any = true;
                walk(peer.output(i), found, open, seen);
            }
        }
        if (!any) {
            open[0] = true;
        }
    }

    /** Whether every queue downstream is full (false when the source must never sleep). */
    public boolean allFull() {
        FullNotifier[] ns = notifiers;
        if (ns.length == 0) {
            return false;
        }
        for (FullNotifier n : ns) {
            if (!n.isFull()) {
                return false;
            }
        }
        return true;
    }

    /** Sleeps {@code task} if everything downstream is full; returns whether it went to sleep. */
    public boolean sleepIfFull(Task task) {
        if (!allFull()) {
            return false;
        }
        task.unschedule();
        if (!allFull()) {
            task.reschedule(); // room appeared between the check and the sleep
            return false;
        }
        return true;
    }
}
