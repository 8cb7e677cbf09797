package io.uniclick.core.runtime;

/**
 * A token bucket on the router clock with exact integer arithmetic: tokens are kept in units of
 * 1e-9 token, so {@code rate} tokens per second add {@code rate} units per nanosecond. The content
 * may go negative (debt) when a caller removes more than there is, which byte-rated elements use
 * for the last packet of a burst. Used by the rated sources, unqueues, splitters and shapers.
 */
public final class TokenBucket {
    /** Units per token. */
    public static final long UNIT = 1_000_000_000L;

    private long rate;
    private long capacity;
    private long units;
    private long last;

    /** Sets the rate (tokens per second) and the size in tokens (at least 1); keeps the content, clamped. */
    public void assign(long ratePerSec, long burstTokens) {
        rate = Math.max(0, ratePerSec);
        long b = Math.max(1, burstTokens);
        capacity = b > Long.MAX_VALUE / UNIT ? Long.MAX_VALUE : b * UNIT;
        if (units > capacity) {
            units = capacity;
        }
    }

    /** Sets the content to {@code tokens} at time {@code now}. */
    public void set(long tokens, long now) {
        long u = tokens > Long.MAX_VALUE / UNIT ? Long.MAX_VALUE : tokens * UNIT;
        units = Math.min(u, capacity);
        last = now;
    }

    /** Fills the bucket at time {@code now}. */
    public void fill(long now) {
        units = capacity;
        last = now;
    }

    /** Adds the tokens earned since the last refill. */
    public void refill(long now) {
        long dt = now - last;
        if (dt <= 0) {
            return;
        }
        last = now;
        long r = rate;
        if (r == 0) {
            return;
        }
        long room = capacity - units;
        if (room <= 0) {
            return;
        }
        if (dt >= room / r + 1) {
            units = capacity;
        } else {
            units += dt * r;
        }
    }

    /** Whole tokens available (0 when in debt). */
    public long available() {
        return units <= 0 ? 0 : units / UNIT;
    }

    /** Whether the content is positive (any fraction of a token). */
    public boolean positive() {
        return units > 0;
    }

    /** Removes {@code n} tokens if that many are present. */
    public boolean removeIf(long n) {
        long c = n * UNIT;
        if (units >= c) {
            units -= c;
            return true;
        }
        return false;
    }

    /** Removes {@code n} tokens, possibly going into debt. */
    public void remove(long n) {
        units -= n * UNIT;
    }

    /** Nanoseconds until {@code n} whole tokens are present (Long.MAX_VALUE at rate 0). */
    public long timeUntil(long n) {
        long need = n * UNIT - units;
        if (need <= 0) {
            return 0;
        }
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        return (need + rate - 1) / rate;
    }

    /** Nanoseconds until the content is positive. */
    public long timeUntilPositive() {
        if (units > 0) {
            return 0;
        }
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        return (-units) / rate + 1;
    }

    /** Tokens per second. */
    public long rate() {
        return rate;
    }

    /** Bucket size in tokens. */
    public long burst() {
        return capacity / UNIT;
    }
}
