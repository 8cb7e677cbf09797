package io.uniclick.core.element;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * An element whose push on input 0 is, packet by packet, "change the packet, then emit it on output 0 or
 * take it" (Click's {@code simple_action}). The router compiler fuses a push path through such
 * elements into one generated loop that calls each element's {@link #action} in turn on every packet
 * and pushes the survivors on as one batch, instead of one batch loop per element.
 *
 * <p>An implementing element keeps its own batch {@code push}/{@code pull} (used when it is not
 * fused) and must give them exactly the semantics of calling {@link #action} on each packet in order
 * and then {@link #actionsDone}. Counters and handlers are updated by {@code action} itself.
 */
public interface SimpleAction {
    /**
     * Processes one packet arriving on input 0. Returns true if the packet goes on to output 0; false
     * if the element took it (killed it, kept it, or queued it for another output).
     */
    boolean action(Packet p);

    /**
     * Called once after a fused batch went through: pushes what {@link #action} queued for outputs
     * other than 0 and does per-batch bookkeeping (handler calls, notifications).
     */
    default void actionsDone() {
    }

    /**
     * Whether this element, as configured and wired, may be fused (checked after initialization);
     * e.g. a classifier only when it has a single output.
     */
    default boolean fusable() {
        return true;
    }

    /**
     * An element's own batch loop: runs {@code a}'s action on every packet of {@code b}, keeps the
     * ones that go on (in order, compacted to the front) and returns how many. Small enough to be
     * inlined into each element's {@code push}/{@code pull}, where the element's exact type makes the
     * {@code action} call direct.
     */
    static int applyTo(SimpleAction a, PacketBatch b) {
        final int n = b.size();
        int k = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (a.action(p)) {
                if (k != i) { // nothing dropped so far: the packet is already in place
                    b.set(k, p);
                }
                k++;
            }
        }
        b.truncate(k);
        return k;
    }

    /**
     * An element's whole batch {@code push}: {@link #applyTo}, the survivors to {@code out}, then
     * {@link #actionsDone}. Static, so that it is inlined into each element's own one-line
     * {@code push}, where the element's exact type keeps the {@code action} call direct (one shared
     * {@code push} in a base class would see every element's type at one call site).
     */
    static void push(SimpleAction a, PacketBatch b, Port out) {
        if (applyTo(a, b) > 0) {
            out.push(b);
        }
        a.actionsDone();
    }

    /** An element's whole batch {@code pull} over the batch its input gave (null: nothing). */
    static PacketBatch pull(SimpleAction a, PacketBatch b) {
        if (b != null) {
            applyTo(a, b);
            a.actionsDone();
        }
        return b;
    }
}
