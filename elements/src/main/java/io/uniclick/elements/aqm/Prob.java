package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Probabilities in Click's 28-bit fixed point (RandomSample, FromIPSummaryDump's SAMPLE). Not an element. */
final class Prob {
    static final int SHIFT = 28;
    static final int ONE = 1 << SHIFT;
    static final int MASK = ONE - 1;

    private Prob() {
    }

    /** Parses a real in [0, 1] into fixed point; throws with Click-like messages. */
    static int parse(String text) throws ArgException {
        double d = ArgTypes.REAL.parse(text);
        if (d < 0) {
            throw new ArgException("out of range, bound 0");
        }
        if (d > 1) {
            throw new ArgException("out of range, bound 1");
        }
        return (int) Math.round(d * ONE);
    }

    /** The shortest decimal that reads back as the same fixed-point value (Click's cp_unparse_real2). */
    static String format(int fixed) {
        if (fixed >= ONE) {
            return "1";
        }
        if (fixed <= 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(fixed).divide(new BigDecimal(ONE));
        for (int digits = 1; digits <= 10; digits++) {
            BigDecimal r = exact.setScale(digits, RoundingMode.HALF_EVEN);
            if (Math.round(r.doubleValue() * ONE) == fixed) {
                return r.stripTrailingZeros().toPlainString();
            }
        }
        return exact.stripTrailingZeros().toPlainString();
    }
}
