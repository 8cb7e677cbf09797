package io.uniclick.core.element;

import io.uniclick.core.packet.PacketBatch;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task of a pull-to-push element or pull sink: pulls up to a burst from one input and hands
 * the batch to {@link #consume}. It finds the {@link EmptyNotifier}s upstream (through pull-through
 * elements) and sleeps while all of them are empty; without any, it keeps polling.
 */
public abstract class PullTask extends Task {
    private final int port;
    private int burst;
    private EmptyNotifier[] notifiers;
    private boolean canSleep;

    /** A task pulling {@code burst} packets at a time from {@code owner}'s input {@code port}. */
    protected PullTask(Element owner, int port, int burst) {
        super(owner);
        this.port = port;
        this.burst = burst;
    }

    /** Deals with every packet of a non-empty batch; returns the work done. */
    protected abstract int consume(PacketBatch b);

    /** Changes the burst. */
    public void setBurst(int burst) {
        this.burst = burst;
    }

    /** How many packets may be pulled now (rate limiters override); 0 means "not now". */
    protected int allowance(int burst) {
        return burst;
    }

    @Override
    public int doWork() {
        if (notifiers == null) {
            discover();
        }
        int want = allowance(burst);
        if (want <= 0) {
            return 0;
        }
        PacketBatch b = owner().input(port).pull(want);
        if (b != null && !b.isEmpty()) {
            return consume(b);
        }
        if (canSleep && allEmpty()) {
            unschedule();
            if (!allEmpty()) {
                reschedule(); // a packet arrived between the check and the sleep
            }
        }
        return 0;
    }

    private boolean allEmpty() {
        for (EmptyNotifier n : notifiers) {
            if (!n.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void discover() {
        Map<EmptyNotifier, Boolean> found = new IdentityHashMap<>();
        boolean[] unknown = {false};
        walk(owner().input(port), found, unknown, new IdentityHashMap<>());
        List<EmptyNotifier> list = new ArrayList<>(found.keySet());
        notifiers = list.toArray(new EmptyNotifier[0]);
        canSleep = !unknown[0] && !list.isEmpty();
        if (canSleep) {
            for (EmptyNotifier n : notifiers) {
                n.addListener(this);
            }
        }
    }

    private static void walk(Port p, Map<EmptyNotifier, Boolean> found, boolean[] unknown, Map<Element, Boolean> seen) {
        Element e = p.peer();
        if (e == null) {
            return; // unconnected: never gives anything
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
            unknown[0] = true; // a pull source (e.g. InfiniteSource in pull mode): always poll
        }
    }
}
