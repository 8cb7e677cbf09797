package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/** Sends every packet to one output chosen by a handler (Click's Switch). */
@ElementInfo(name = "Switch", ports = "1/-", processing = "h/h",
        synopsis = "Switch([OUTPUT])",
        description = "Pushes every packet to output OUTPUT (default 0). A negative OUTPUT drops the packets. The switch "
                + "handler changes the output at run time; writing a value that is not a valid output drops packets.",
        keywords = {"OUTPUT: the output, or negative to drop (default 0)"},
        handlers = {"switch (rw): the current output (-1 = dropping)", "config (r): same as switch"},
        example = "s :: Switch(0); s[0] -> Queue -> ToDevice(eth0); s[1] -> Discard;")
public final class Switch extends Element {
    private volatile int out;

    @Override
    public void configure(Args a) throws ConfigException {
        int o = a.positional("OUTPUT", ArgTypes.INT32, 0);
        a.complete();
        if (o >= noutputs()) {
            throw new ConfigException("output must be < " + noutputs());
        }
        out = o;
    }

    @Override
    public void push(int port, PacketBatch b) {
        final int o = out;
        if (o >= 0 && o < output.length) {
            output[o].push(b);
        } else {
            b.killAll();
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("switch", () -> Integer.toString(out), v -> {
            int o;
            try {
                o = HandlerValues.parse(ArgTypes.INT32, v);
            } catch (io.uniclick.core.handler.HandlerException e) {
                throw new io.uniclick.core.handler.HandlerException("Switch output must be integer");
            }
            out = o >= noutputs() ? -1 : o;
        });
        h.read("config", () -> Integer.toString(out));
    }
}
