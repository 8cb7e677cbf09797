package io.uniclick.elements.aqm;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** Spreading, sampling, shaping and scheduling elements, and IP summary dumps. */
public final class TrafficLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(
                HashSwitch.class,
                RandomSwitch.class,
                RandomSample.class,
                CheckLength.class,
                RatedSplitter.class,
                BandwidthRatedSplitter.class,
                Meter.class,
                BandwidthMeter.class,
                Shaper.class,
                BandwidthShaper.class,
                RoundRobinSched.class,
                PrioSched.class,
                PullSwitch.class,
                StaticPullSwitch.class,
                DRRSched.class,
                StrideSched.class,
                FromIPSummaryDump.class,
                ToIPSummaryDump.class);
    }
}
