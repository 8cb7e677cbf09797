package io.uniclick.elements.standard;

import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.FullNotifier;

/** A FIFO queue with empty and full notification (Click's Queue, alias FullNoteQueue; NotifierQueue maps here). */
@ElementInfo(name = "Queue", aliases = {"NotifierQueue", "FullNoteQueue"}, ports = "1/1-2", processing = "h/lh",
        synopsis = "Queue([CAPACITY])",
        description = "Stores packets pushed to its input in a first-in-first-out queue and hands them out when output 0 is "
                + "pulled. Holds at most CAPACITY packets (default 1000); packets arriving when it is full are dropped, or "
                + "pushed to output 1 if that is connected. The first drop prints 'NAME :: CLASS: overflow'. "
                + "Pullers downstream (Unqueue, ToDevice, pull Discard, ...) sleep while it is empty and are woken when a "
                + "packet arrives; full listeners are woken when it stops being full.",
        handlers = {"length (r): packets queued", "highwater_length (r): most packets queued since reset_counts",
                "capacity (rw): the capacity; shrinking kills the packets beyond it", "drops (r): packets dropped",
                "reset_counts (w): zero drops and highwater_length", "reset (w): drop every queued packet (to output 1 if connected)"},
        example = "InfiniteSource(LIMIT 1000, STOP true) -> q :: Queue(100) -> Unqueue -> Discard;",
        notes = "NotifierQueue and FullNoteQueue are aliases. Push sources (InfiniteSource, FromDump) whose every "
                + "downstream path ends in a full Queue sleep until it has room. Not thread-safe: use ThreadSafeQueue between threads.")
public final class Queue extends QueueBase implements FullNotifier {
    /** A queue with empty and full notification. */
    public Queue() {
        super(true);
    }
}
