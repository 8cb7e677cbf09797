package io.uniclick.elements.aqm;

import io.uniclick.core.element.ElementInfo;

/** Lets pulled packets through at no more than a packet rate (Click's Shaper). */
@ElementInfo(name = "Shaper", ports = "1/1", processing = "l/l",
        synopsis = "Shaper(RATE, *keywords* BURST_DURATION, BURST_SIZE)",
        description = "A pull element that passes at most RATE packets per second: a pull returns only as many packets as "
                + "its token bucket allows, and nothing when it is out of tokens. The bucket holds 1 ms worth of tokens "
                + "by default (at least 1), so the output is smooth. Pullers downstream (Unqueue, ToDevice, pull Discard) "
                + "sleep while it has no tokens and are woken by a timer when the next token is due, or by the queues "
                + "upstream when packets arrive.",
        keywords = {"RATE: packets per second", "BURST_DURATION: time worth of tokens the bucket holds (default 1ms)",
                "BURST_SIZE: bucket size in packets (exclusive with BURST_DURATION)"},
        handlers = {"rate (rw): RATE", "count (r): packets passed"},
        example = "Queue -> Shaper(1000) -> ToDevice(eth0);",
        notes = "Click's Shaper spaces packets with a gap rate; this one uses an exact token bucket of BURST_DURATION (an "
                + "added keyword), which gives the same long-run rate. The count handler is an addition.")
public final class Shaper extends ShaperBase {
    /** A packet-rate shaper. */
    public Shaper() {
        super(false);
    }
}
