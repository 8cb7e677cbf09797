package io.uniclick.core.element;

import io.uniclick.core.packet.PacketBatch;

/**
 * One end of a connection as seen by the element that uses it: an output it pushes into, or an
 * input it pulls from. The compiler links each connection either with a generated glue subclass
 * that calls the concrete downstream (or upstream) element with the port number as a constant, or
 * with {@link GenericPort}.
 */
public abstract class Port {
    /** For subclasses (generated glue and {@link GenericPort}). */
    protected Port() {
    }

    /** Pushes a batch to the element at the other end; returns after every packet was handled. */
    public abstract void push(PacketBatch batch);

    /** Pulls up to {@code max} packets from the element at the other end; null or empty when none. */
    public abstract PacketBatch pull(int max);

    /** The element at the other end. */
    public abstract Element peer();

    /** The port number at the other end. */
    public abstract int peerPort();

    /** A port for unconnected optional ports: pushes kill the packets, pulls return nothing. */
    public static final Port UNCONNECTED = new Port() {
        @Override
        public void push(PacketBatch batch) {
            batch.killAll();
        }

        @Override
        public PacketBatch pull(int max) {
            return null;
        }

        @Override
        public Element peer() {
            return null;
        }

        @Override
        public int peerPort() {
            return -1;
        }
    };
}
