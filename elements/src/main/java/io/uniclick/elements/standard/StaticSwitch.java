package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.PacketBatch;

/** Sends every packet to one fixed output (Click's StaticSwitch). */
@ElementInfo(name = "StaticSwitch", ports = "1/-", processing = "h/h",
        synopsis = "StaticSwitch(OUTPUT)",
        description = "Pushes every packet to output OUTPUT. A negative OUTPUT, or one that is not an output, drops them. "
                + "Unlike Switch it cannot change, so click-undead-style tools may remove it.",
        keywords = {"OUTPUT: the output"},
        example = "StaticSwitch(1)[1] -> Discard;",
        notes = "As in Click's source, an OUTPUT beyond the last output is accepted and drops the packets (the spec's "
                + "'output must be < N' applies to Switch).")
public final class StaticSwitch extends Element {
    private int out;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer o = a.mandatoryPositional("OUTPUT", ArgTypes.INT32);
        a.complete();
        out = o == null || o >= noutputs() ? -1 : o;
    }

    @Override
    public void push(int port, PacketBatch b) {
        final int o = out;
        if (o >= 0) {
            output[o].push(b);
        } else {
            b.killAll();
        }
    }
}
