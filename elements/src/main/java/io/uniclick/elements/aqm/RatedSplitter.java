package io.uniclick.elements.aqm;

import io.uniclick.core.element.ElementInfo;

/** Splits off the packets beyond a packet rate (Click's RatedSplitter). */
@ElementInfo(name = "RatedSplitter", ports = "1/1-2", processing = "h/h",
        synopsis = "RatedSplitter(RATE, *keywords* BURST_DURATION, BURST_SIZE)",
        description = "Pushes packets to output 0 at up to RATE packets per second and the rest to output 1 (dropped when "
                + "output 1 does not exist). Unlike Meter, output 0 keeps receiving RATE packets per second however fast "
                + "the input is. A token bucket decides, holding RATE x BURST_DURATION tokens (20 ms by default, at least "
                + "1) or BURST_SIZE tokens; it starts full. Tokens are counted exactly in integer nanoseconds.",
        keywords = {"RATE: packets per second", "BURST_DURATION: time worth of tokens the bucket holds (default 20ms)",
                "BURST_SIZE: bucket size in packets (exclusive with BURST_DURATION)"},
        handlers = {"rate (rw): RATE", "excess (r): packets sent to output 1 or dropped"},
        example = "rs :: RatedSplitter(2000); rs[0] -> Queue -> ToDevice(eth0); rs[1] -> Discard;",
        notes = "The excess handler is an addition. The whole batch is split at the time it arrives.")
public final class RatedSplitter extends RatedSplitterBase {
    /** A packet-rate splitter. */
    public RatedSplitter() {
        super(false);
    }
}
