package io.uniclick.core.element;

import io.uniclick.core.packet.PacketBatch;

/**
 * Plain linking: one class for every connection, so the call to the peer is a virtual call
 * shared by all connections (what the generated glue avoids). Kept for comparison and as the
 * fallback when glue cannot be generated.
 */
public final class GenericPort extends Port {
    private final Element peer;
    private final int peerPort;

    /** Links to {@code peer}'s port {@code peerPort}. */
    public GenericPort(Element peer, int peerPort) {
        this.peer = peer;
        this.peerPort = peerPort;
    }

    @Override
    public void push(PacketBatch batch) {
        peer.push(peerPort, batch);
    }

    @Override
    public PacketBatch pull(int max) {
        return peer.pull(peerPort, max);
    }

    @Override
    public Element peer() {
        return peer;
    }

    @Override
    public int peerPort() {
        return peerPort;
    }
}
