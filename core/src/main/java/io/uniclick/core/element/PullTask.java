package io.uniclick.core.element;

import io.uniclick.core.packet.PacketBatch;

/**
 * The task of a pull-to-push element or pull sink: pulls up to a burst from one input and hands
 * the batch to {@link #consume}. It finds the {@link EmptyNotifier}s upstream ({@link UpstreamNotifiers})
 * and sleeps while all of them are empty; without any, it keeps polling.
 */
public abstract class PullTask extends Task {
    private final int port;
    private int burst;
    private UpstreamNotifiers upstream;
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
        if (upstream == null) {
            upstream = new UpstreamNotifiers(owner(), port);
            canSleep = upstream.canSleep();
            if (canSleep) {
                upstream.addListener(this);
            }
        }
        int want = allowance(burst);
        if (want <= 0) {
            return 0;
        }
        PacketBatch b = owner().input(port).pull(want);
        if (b != null && !b.isEmpty()) {
            return consume(b);
        }
        if (canSleep && upstream.allEmpty()) {
            unschedule();
            if (!upstream.allEmpty()) {
                reschedule(); // a packet arrived between the check and the sleep
            }
        }
        return 0;
    }
}
