package io.uniclick.core.element;

import io.uniclick.core.packet.Packet;

/**
 * An element that, packet by packet, picks one of its outputs (a classifier, a route lookup, a hash
 * switch) without keeping the packet. The router compiler fuses such an element into the loop of the
 * {@link SimpleAction} chain in front of it: each packet goes through the chain, then {@link #route},
 * then straight on through the chain behind the chosen output. Outputs whose paths meet again (a
 * router's per-interface branches that all end at one counter) stay in the same loop; the others
 * collect per-output batches that are pushed once at the end.
 *
 * <p>An implementing element keeps its own batch {@code push}, with exactly the semantics of calling
 * {@link #route} on each packet in order, sending it to that output, and then {@link #routesDone}.
 */
public interface SwitchAction {
    /**
     * Processes one packet arriving on input 0: returns the output it goes to, or -1 if the element
     * took it (killed it and counted the drop, or kept it).
     */
    int route(Packet p);

    /** Called once after a fused batch went through (per-batch bookkeeping). */
    default void routesDone() {
    }

    /** Whether this element, as configured and wired, may be fused as a switch (checked after initialization). */
    default boolean routeFusable() {
        return true;
    }
}
