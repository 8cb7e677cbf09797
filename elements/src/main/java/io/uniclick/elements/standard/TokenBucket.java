package io.uniclick.elements.standard;

/**
 * A token bucket on the router clock with exact integer arithmetic: tokens are kept in units of
 * 1e-9 token, {@code rate} tokens per second add {@code rate} units per nanosecond. Not an element.
 */
final class TokenBucket {
    static final long UNIT = 1_000_000_000L;

    private long rate;
    private long capacity;
    private long units;
    private long last;

    /** Sets the rate (tokens per second) and the bucket size in tokens (at least 1); keeps the fill level, clamped. */
    void assign(long ratePerSec, long burstTokens) {
        rate = Math.max(0, ratePerSec);
        long b = Math.max(1, burstTokens);
        capacity = b > Long.MAX_VALUE / UNIT ? Long.MAX_VALUE : b * UNIT;
        if (units > capacity) {
            units = capacity;
        }
    }

    /** Sets the content to {@code tokens} at time {@code now}. */
    void set(long tokens, long now) {
        long u = tokens > Long.MAX_VALUE / UNIT ? Long.MAX_VALUE : tokens * UNIT;
        units = Math.min(u, capacity);
        last = now;
    }

    /** Adds the tokens earned since the last refill. */
    void refill(long now) {
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
        if (dt >= room / r + 1) {
            units = capacity;
        } else {
            units += dt * r;
        }
    }

    /** Whole tokens available. */
    long available() {
        return units / UNIT;
    }

    /** Removes {@code n} tokens if present. */
    boolean removeIf(long n) {
        long c = n * UNIT;
        if (units >= c) {
            units -= c;
            return true;
        }
        return false;
    }

    /** Removes {@code n} tokens, which the caller checked are there. */
    void remove(long n) {
        units -= n * UNIT;
    }

    /** Nanoseconds until {@code n} tokens are present (Long.MAX_VALUE at rate 0). */
    long timeUntil(long n) {
        long need = n * UNIT - units;
        if (need <= 0) {
            return 0;
        }
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        return (need + rate - 1) / rate;
    }

    /** Tokens per second. */
    long rate() {
        return rate;
    }

    /** Bucket size in tokens. */
    long burst() {
        return capacity / UNIT;
    }
}
