package io.uniclick.elements.aqm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Click's RateEWMA: an exponentially weighted moving average of a count per epoch, with Click's
 * parameters (epochs are 1 ms jiffies, stability shift 4 so each epoch weighs 1/16, 10 fraction
 * bits, and Click's rounding compensation). The count of an epoch enters the average when a later
 * epoch begins; empty epochs in between decay it. Not an element.
 */
final class RateEwma {
    static final int SCALE = 10;
    static final int STABILITY = 4;
    static final long FREQ = 1000;
    static final long EPOCH_NS = 1_000_000_000L / FREQ;
    private static final long COMPENSATION = 1L << (STABILITY - 1);

    private long avg;
    private long count;
    private long epoch = Long.MIN_VALUE;

    /** Starts measuring at {@code now}. */
    void start(long now) {
        avg = 0;
        count = 0;
        epoch = now / EPOCH_NS;
    }

    /** Adds {@code delta} at time {@code now}. */
    void update(long now, long delta) {
        long e = now / EPOCH_NS;
        if (e != epoch) {
            advance(e);
        }
        count += delta;
    }

    private void advance(long e) {
        long jj = e - epoch;
        epoch = e;
        if (jj <= 0) {
            return;
        }
        avg = step(avg, count);
        count = 0;
        long fixed = COMPENSATION; // the value repeated zeros converge to
        for (long i = 1; i < jj; i++) {
            long next = step(avg, 0);
            if (next == avg || avg <= fixed) {
                break;
            }
            avg = next;
        }
    }

    private static long step(long avg, long x) {
        long xs = (x << SCALE) + COMPENSATION;
        return avg + ((xs - avg) >> STABILITY);
    }

    /** The average in scaled units per epoch (as Click's {@code average()}), brought up to {@code now}. */
    long average(long now) {
        long e = now / EPOCH_NS;
        if (e != epoch) {
            advance(e);
        }
        return avg;
    }

    /** Converts a per-second rate to the scaled per-epoch units {@link #average} uses. */
    static long scaled(long perSecond) {
        return (perSecond << SCALE) / FREQ;
    }

    /** A scaled per-epoch value as a per-second rate, as Click prints it. */
    static String unparse(long scaledValue) {
        BigDecimal v = new BigDecimal(scaledValue * FREQ).divide(new BigDecimal(1L << SCALE));
        return v.setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
