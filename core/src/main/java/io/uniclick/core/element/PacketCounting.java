package io.uniclick.core.element;

/** An element that counts the packets it handled (Counter, sources, sinks); read without allocating. */
public interface PacketCounting {
    /** Packets counted so far. */
    long count();
}
