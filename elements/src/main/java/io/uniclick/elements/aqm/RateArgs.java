package io.uniclick.elements.aqm;

import io.uniclick.core.runtime.TokenBucket;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;

/** The RATE / BURST_DURATION / BURST_SIZE arguments of token-bucket elements. Not an element. */
final class RateArgs {
    long rate;
    long burstDuration;
    long burstSize;
    boolean fromDuration;

    /** Reads RATE (packets or, with {@code bytes}, a bandwidth), BURST_DURATION and BURST_SIZE (or BURST_BYTES). */
    static RateArgs read(Args a, boolean bytes, long defaultDurationNs) throws ConfigException {
        RateArgs r = new RateArgs();
        Long rate = a.mandatoryPositional("RATE", bytes ? ArgTypes.BANDWIDTH : ArgTypes.COUNT);
        boolean hasDur = a.has("BURST_DURATION");
        String sizeKw = bytes && a.has("BURST_BYTES") ? "BURST_BYTES" : "BURST_SIZE";
        boolean hasSize = a.has(sizeKw);
        r.burstDuration = a.keyword("BURST_DURATION", ArgTypes.TIME, defaultDurationNs);
        r.burstSize = a.keyword(sizeKw, ArgTypes.UNSIGNED, 0L);
        if (rate != null && rate < 0) {
            a.error("RATE", "out of range, bound 0");
        }
        if (hasDur && hasSize) {
            a.error(null, "BURST_DURATION and " + sizeKw + " are mutually exclusive");
        }
        r.rate = rate == null ? 0 : rate;
        r.fromDuration = !hasSize;
        return r;
    }

    /** TokenBucket size in tokens for the current rate. */
    long tokens() {
        if (!fromDuration) {
            return Math.max(1, burstSize);
        }
        double t = (double) rate * burstDuration / 1e9;
        return Math.max(1, t >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) t);
    }

    /** Formats a rate for the rate handler. */
    static String unparse(long rate, boolean bytes) {
        return bytes ? rate + "Bps" : Long.toString(rate);
    }

    /** Parses a rate written to the rate handler. */
    static long parse(String v, boolean bytes) throws io.uniclick.core.handler.HandlerException {
        long r = io.uniclick.core.handler.HandlerValues.parse(bytes ? ArgTypes.BANDWIDTH : ArgTypes.COUNT, v);
        if (r < 0) {
            throw new io.uniclick.core.handler.HandlerException("RATE: out of range, bound 0");
        }
        return r;
    }
}
