package io.uniclick.elements.standard;

import io.uniclick.core.element.ElementInfo;

/** A FIFO queue at the push-to-pull boundary (Click's SimpleQueue). */
@ElementInfo(name = "SimpleQueue", ports = "1/1-2", processing = "h/lh",
        synopsis = "SimpleQueue([CAPACITY])",
        description = "Stores packets pushed to its input in a first-in-first-out queue and hands them out when output 0 is "
                + "pulled. Holds at most CAPACITY packets (default 1000); packets arriving when it is full are dropped, or "
                + "pushed to output 1 if that is connected. The first drop prints 'NAME :: CLASS: overflow'.",
        handlers = {"length (r): packets queued", "highwater_length (r): most packets queued since reset_counts",
                "capacity (rw): the capacity; shrinking kills the packets beyond it", "drops (r): packets dropped",
                "reset_counts (w): zero drops and highwater_length", "reset (w): drop every queued packet (to output 1 if connected)"},
        example = "FromDevice(eth0) -> SimpleQueue(200) -> ToDevice(eth1);",
        notes = "Unlike Click's SimpleQueue it is an empty notifier (one comparison per pushed batch), so pullers downstream "
                + "sleep while it is empty; it has no full notification. Not thread-safe: use ThreadSafeQueue between threads.")
public final class SimpleQueue extends QueueBase {
    /** A queue with empty notification only. */
    public SimpleQueue() {
        super(false);
    }
}
