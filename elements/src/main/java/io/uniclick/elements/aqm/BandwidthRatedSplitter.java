package io.uniclick.elements.aqm;

import io.uniclick.core.element.ElementInfo;

/** Splits off the packets beyond a byte rate (Click's BandwidthRatedSplitter). */
@ElementInfo(name = "BandwidthRatedSplitter", ports = "1/1-2", processing = "h/h",
        synopsis = "BandwidthRatedSplitter(RATE, *keywords* BURST_DURATION, BURST_SIZE)",
        description = "Pushes packets to output 0 as long as their bytes stay within RATE (a bandwidth such as 10Mbps or "
                + "1MBps; plain numbers are bytes per second) and the rest to output 1 (dropped when output 1 does not "
                + "exist). A packet goes to output 0 only if the token bucket holds at least its length in bytes. The bucket "
                + "holds RATE x BURST_DURATION bytes (20 ms by default) or BURST_SIZE bytes, and starts full.",
        keywords = {"RATE: bandwidth", "BURST_DURATION: time worth of tokens the bucket holds (default 20ms)",
                "BURST_SIZE: bucket size in bytes (alias BURST_BYTES; exclusive with BURST_DURATION)"},
        handlers = {"rate (rw): RATE, read as bytes per second with a Bps suffix", "excess (r): packets sent to output 1 or dropped"},
        example = "brs :: BandwidthRatedSplitter(10Mbps); brs[1] -> Discard;",
        notes = "The excess handler is an addition. A bucket smaller than a packet never passes that packet: give BURST_SIZE "
                + "at least the MTU at low rates.")
public final class BandwidthRatedSplitter extends RatedSplitterBase {
    /** A byte-rate splitter. */
    public BandwidthRatedSplitter() {
        super(true);
    }
}
