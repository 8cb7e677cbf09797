package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;

/** Pulls from one fixed input (Click's StaticPullSwitch). */
@ElementInfo(name = "StaticPullSwitch", ports = "-/1", processing = "l/l",
        synopsis = "StaticPullSwitch(INPUT)",
        description = "Each pull on its output pulls from input INPUT; a negative INPUT gives nothing. The other inputs are "
                + "never pulled. click-undead removes it.",
        keywords = {"INPUT: the input pulled from, or -1 for none"},
        example = "sps :: StaticPullSwitch(1); q0 -> [0]sps; q1 -> [1]sps; sps -> ToDevice(eth0);")
public final class StaticPullSwitch extends PullSwitchBase {
    @Override
    public void configure(Args a) throws ConfigException {
        Integer s = a.mandatoryPositional("INPUT", ArgTypes.INT32);
        a.complete();
        selected = s >= ninputs() ? -1 : s;
    }
}
