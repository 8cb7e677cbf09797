package io.uniclick.elements.aqm;

import io.uniclick.core.element.Listeners;
import io.uniclick.core.element.UpstreamNotifiers;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.packet.PacketBatch;

/**
 * PullSwitch and StaticPullSwitch: pulls come from one selected input. It is an {@link EmptyNotifier}
 * that is empty when the selected input's upstream is, so pullers do not spin on packets waiting at
 * inputs that are not selected.
 */
abstract class PullSwitchBase extends Element implements EmptyNotifier {
    /** The selected input, or -1 (nothing). */
    protected volatile int selected;
    private UpstreamNotifiers[] upstreams = new UpstreamNotifiers[0];
    private Task[] listeners = Listeners.NONE;

    @Override
    public void initialize() {
        upstreams = new UpstreamNotifiers[ninputs()];
        for (int i = 0; i < upstreams.length; i++) {
            upstreams[i] = new UpstreamNotifiers(this, i);
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        final int s = selected;
        if (s < 0 || s >= input.length) {
            return null;
        }
        return input[s].pull(max);
    }

    @Override
    public boolean isEmpty() {
        final int s = selected;
        if (s < 0 || s >= upstreams.length) {
            return true;
        }
        return upstreams[s].allEmpty();
    }

    @Override
    public void addListener(Task t) {
        listeners = Listeners.append(listeners, t);
        for (UpstreamNotifiers u : upstreams) {
            u.addListener(t);
        }
    }

    /** Wakes pullers after the selection changed. */
    protected void changed() {
        Listeners.wake(listeners);
    }
}
