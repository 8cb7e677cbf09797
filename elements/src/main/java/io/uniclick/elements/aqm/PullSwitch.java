package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;

/** Pulls from one input chosen by a handler (Click's PullSwitch). */
@ElementInfo(name = "PullSwitch", ports = "-/1", processing = "l/l",
        synopsis = "PullSwitch([INPUT])",
        description = "Each pull on its output pulls from input INPUT (default 0). A negative INPUT, or one beyond the "
                + "inputs, gives nothing. The switch handler changes the input at run time. Pullers downstream sleep while "
                + "the selected input's queues are empty, whatever waits at the other inputs.",
        keywords = {"INPUT: the input pulled from, or -1 for none (default 0)"},
        handlers = {"switch (rw): the selected input (-1 = none)", "config (r): same as switch"},
        example = "ps :: PullSwitch(0); q0 -> [0]ps; q1 -> [1]ps; ps -> ToDevice(eth0);")
public final class PullSwitch extends PullSwitchBase {
    @Override
    public void configure(Args a) throws ConfigException {
        int s = a.positional("INPUT", ArgTypes.INT32, 0);
        a.complete();
        selected = s >= ninputs() ? -1 : s;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("switch", () -> Integer.toString(selected), v -> {
            int s;
            try {
                s = HandlerValues.parse(ArgTypes.INT32, v);
            } catch (HandlerException e) {
                throw new HandlerException("PullSwitch input must be integer");
            }
            selected = s >= ninputs() || s < 0 ? -1 : s;
            changed();
        });
        h.read("config", () -> Integer.toString(selected));
    }
}
