package io.uniclick.core.element;

import io.uniclick.core.packet.Packet;

/**
 * A {@link SimpleAction} that only decides whether a packet goes on (a one-output classifier, a
 * firewall's IPFilter). Fused, such an element splits the loop: the packets are first sorted into
 * those that pass and those that do not, by arithmetic on the verdict rather than a branch (which
 * random traffic would mispredict about as often as it drops), then the rejected ones are taken and
 * the rest of the chain runs over the survivors.
 *
 * <p>{@code action(p)} must equal: {@code verdict(p) == 1}, and otherwise {@code reject(p)} then false.
 */
public interface FilterAction extends SimpleAction {
    /** 1 if the packet goes on to output 0, 0 if not; changes nothing. */
    int verdict(Packet p);

    /** Takes a packet whose verdict was 0: kills it and counts it, as {@link #action} would have. */
    void reject(Packet p);
}
