package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import java.util.List;

/** Meter and BandwidthMeter: the whole stream goes to the output of the current rate band. */
abstract class MeterBase extends Element {
    private final boolean bytes;
    private final RateEwma rate = new RateEwma();
    private long[] meters = new long[0];

    MeterBase(boolean bytes) {
        this.bytes = bytes;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> rest = a.rest();
        a.complete();
        if (rest.isEmpty()) {
            throw new ConfigException("too few arguments to " + className() + "(" + (bytes ? "bandwidth" : "int") + ", ...)");
        }
        long[] v = new long[rest.size()];
        long max = Long.MAX_VALUE >> (RateEwma.SCALE + 1);
        for (int i = 0; i < v.length; i++) {
            long r;
            try {
                r = bytes ? ArgTypes.BANDWIDTH.parse(rest.get(i)) : ArgTypes.COUNT.parse(rest.get(i));
            } catch (ArgException e) {
                throw new ConfigException("argument " + (i + 1) + " should be " + (bytes ? "bandwidth" : "int") + " (rate)");
            }
            if (r <= 0 && !bytes) {
                throw new ConfigException("argument " + (i + 1) + " (rate) must be > 0");
            }
            if (i > 0 && r <= v[i - 1]) {
                throw new ConfigException("rate " + (i + 1) + " must be > rate " + i);
            }
            if (r > max) {
                throw new ConfigException("rate " + (i + 1) + " too large (max " + max + ")");
            }
            v[i] = r;
        }
        if (noutputs() != v.length + 1) {
            throw new ConfigException("need " + (v.length + 1) + " outputs for " + v.length + " rates, have " + noutputs());
        }
        meters = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            meters[i] = RateEwma.scaled(v[i]);
        }
    }

    @Override
    public void initialize() {
        rate.start(context.now());
    }

    @Override
    public void push(int port, PacketBatch b) {
        final RateEwma r = rate;
        final long now = context.now();
        r.update(now, bytes ? b.byteCount() : b.size());
        long avg = r.average(now);
        final long[] ms = meters;
        int o = ms.length;
        for (int i = 0; i < ms.length; i++) {
            if (avg < ms[i]) {
                o = i;
                break;
            }
        }
        output[o].push(b);
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("rate", () -> RateEwma.unparse(rate.average(context.now())));
        h.read("meters", () -> {
            StringBuilder sb = new StringBuilder();
            for (long m : meters) {
                sb.append(RateEwma.unparse(m)).append('\n');
            }
            return sb.toString();
        });
    }
}
