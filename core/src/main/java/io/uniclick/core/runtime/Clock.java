package io.uniclick.core.runtime;

/**
 * Time for the router: real wall-clock nanoseconds, or Click's {@code --simtime} virtual clock,
 * which starts at a given second, advances one nanosecond per read and jumps to the next timer
 * when nothing else can run.
 */
public final class Clock {
    private final boolean simulated;
    private final long offset;
    private long virtual;

    private Clock(boolean simulated, long start) {
        this.simulated = simulated;
        this.offset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        this.virtual = start;
    }

    /** Wall-clock time. */
    public static Clock real() {
        return new Clock(false, 0);
    }

    /** Virtual time starting at {@code startNanos} (Click's default is 1000000000 s). */
    public static Clock simulated(long startNanos) {
        return new Clock(true, startNanos);
    }

    /** Whether this is the virtual clock. */
    public boolean isSimulated() {
        return simulated;
    }

    /** Now, in nanoseconds since the epoch. */
    public long now() {
        if (simulated) {
            synchronized (this) {
                return ++virtual;
            }
        }
        return offset + System.nanoTime();
    }

    /** Virtual clock only: moves time forward to {@code t} if it is in the future. */
    public synchronized void advanceTo(long t) {
        if (simulated && t > virtual) {
            virtual = t;
        }
    }

    /** Formats a nanosecond timestamp as Click does with nanosecond precision: {@code 1000000001.500000004}. */
    public static String format(long nanos) {
        long s = Math.floorDiv(nanos, 1_000_000_000L);
        long ns = Math.floorMod(nanos, 1_000_000_000L);
        return s + "." + String.format("%09d", ns);
    }

}
