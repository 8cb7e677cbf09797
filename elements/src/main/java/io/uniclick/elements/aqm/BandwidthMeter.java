package io.uniclick.elements.aqm;

import io.uniclick.core.element.ElementInfo;

/** Sends the stream to an output chosen by its byte rate (Click's BandwidthMeter). */
@ElementInfo(name = "BandwidthMeter", ports = "1/2-", processing = "h/h",
        synopsis = "BandwidthMeter(RATE1, ..., RATEn)",
        description = "Like Meter, but measures bytes per second; each RATE is a bandwidth such as 384kbps or 20kBps (plain "
                + "numbers are bytes per second). Output 0 below RATE1, output n at or above RATEn.",
        handlers = {"rate (r): the measured rate, bytes per second", "meters (r): the configured rates in bytes per second"},
        example = "m :: BandwidthMeter(20kBps); m[1] -> Discard;",
        notes = "A pushed batch is measured as a whole and goes to one output.")
public final class BandwidthMeter extends MeterBase {
    /** A byte-rate meter. */
    public BandwidthMeter() {
        super(true);
    }
}
