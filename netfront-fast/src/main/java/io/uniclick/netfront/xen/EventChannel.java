package io.uniclick.netfront.xen;

/**
 * Interdomain event channels: {@code /dev/xen/evtchn} in a real domU ({@link EvtchnEventChannel}),
 * a doorbell counter per port in shared memory in emulation. {@link #notify} and {@link #pending}
 * are data-path calls: they never throw and never block.
 */
public interface EventChannel extends AutoCloseable {
    /** Allocates an unbound port that {@code remoteDomid} may bind (frontend side); returns the local port. */
    int bindUnboundPort(int remoteDomid) throws XenException;

    /** Binds to {@code remotePort} of {@code remoteDomid} (backend side); returns the local port. */
    int bindInterdomain(int remoteDomid, int remotePort) throws XenException;

    /** Sends an event to the peer of {@code port}; false if it could not be sent. */
    boolean notify(int port);

    /** Whether events arrived on {@code port} since the last call (consumes them; unmasks). */
    boolean pending(int port);

    /** Unbinds a port. */
    void unbind(int port);

    /** Closes the device. */
    @Override
    void close();
}
