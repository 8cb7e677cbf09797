package io.uniclick.elements.aqm;

import io.uniclick.core.element.ElementInfo;

/** Lets pulled packets through at no more than a byte rate (Click's BandwidthShaper). */
@ElementInfo(name = "BandwidthShaper", ports = "1/1", processing = "l/l",
        synopsis = "BandwidthShaper(RATE, *keywords* BURST_DURATION, BURST_SIZE)",
        description = "A pull element that passes at most RATE bytes per second (RATE is a bandwidth: 10Mbps, 1MBps; plain "
                + "numbers are bytes per second). It passes packets while its byte bucket is positive; the packet that "
                + "overdraws it is still passed and the debt is paid back before the next one, so the long-run rate is "
                + "exact. Pullers downstream sleep while it is in debt and are woken by a timer.",
        keywords = {"RATE: bandwidth", "BURST_DURATION: time worth of bytes the bucket holds (default 1ms)",
                "BURST_SIZE: bucket size in bytes (alias BURST_BYTES; exclusive with BURST_DURATION)"},
        handlers = {"rate (rw): RATE, read as bytes per second with a Bps suffix", "count (r): packets passed"},
        example = "Queue -> BandwidthShaper(1Mbps) -> ToDevice(eth0);",
        notes = "Pulls one packet at a time from upstream (it cannot know the next packet's length beforehand).")
public final class BandwidthShaper extends ShaperBase {
    /** A byte-rate shaper. */
    public BandwidthShaper() {
        super(true);
    }
}
