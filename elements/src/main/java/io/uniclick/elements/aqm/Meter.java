package io.uniclick.elements.aqm;

import io.uniclick.core.element.ElementInfo;

/** Sends the stream to an output chosen by its packet rate (Click's Meter). */
@ElementInfo(name = "Meter", ports = "1/2-", processing = "h/h",
        synopsis = "Meter(RATE1, ..., RATEn)",
        description = "Measures the arrival rate in packets per second with Click's exponentially weighted moving average "
                + "(1 ms epochs, each weighing 1/16) and pushes every packet to the output of the current rate band: output "
                + "0 below RATE1, output i between RATEi and RATEi+1, output n at or above RATEn. There must be n+1 outputs "
                + "and the rates must increase. The entire stream switches outputs together; use RatedSplitter to split "
                + "off only the excess.",
        handlers = {"rate (r): the measured rate, packets per second", "meters (r): the configured rates, one per line"},
        example = "m :: Meter(10000); m[0] -> Queue -> ToDevice(eth0); m[1] -> Discard;",
        notes = "A pushed batch is measured as a whole (all its packets arrive at one instant) and goes to one output; the "
                + "average changes only at epoch boundaries, as in Click.")
public final class Meter extends MeterBase {
    /** A packet-rate meter. */
    public Meter() {
        super(false);
    }
}
