package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import java.math.BigDecimal;
import java.math.MathContext;

/** Counts packets and reports the average rate between the first and the last packet (Click's AverageCounter). */
@ElementInfo(name = "AverageCounter", ports = "1/1", processing = "a/a",
        synopsis = "AverageCounter([IGNORE])",
        description = "Passes packets unchanged, counting packets and bytes. The rates are the counts divided by the time "
                + "from the first packet to the last one, minus IGNORE; packets arriving in the first IGNORE seconds after "
                + "the first packet are not counted.",
        keywords = {"IGNORE: time after the first packet during which packets are not counted (default 0)"},
        handlers = {"count (r): packets", "byte_count (r): bytes", "rate (r): packets per second",
                "byte_rate (r): bytes per second", "reset (w): forget everything"},
        example = "FromDump(x.pcap) -> AverageCounter -> Discard;",
        notes = "Times are measured on the router clock in nanoseconds (Click: jiffies); as in Click the elapsed time is "
                + "at least 1 ms when computing rates. IGNORE may be fractional. Rates print like C's %.12g.")
public final class AverageCounter extends Element {
    private long ignore;
    private long count;
    private long byteCount;
    private long first;
    private long last;
    private boolean started;

    @Override
    public void configure(Args a) throws ConfigException {
        ignore = a.positional("IGNORE", ArgTypes.TIME, 0L);
        a.complete();
    }

    private void account(PacketBatch b) {
        long now = context.now();
        if (!started) {
            started = true;
            first = now;
        }
        if (now - first >= ignore) {
            count += b.size();
            byteCount += b.byteCount();
        }
        last = now;
    }

    @Override
    public void push(int port, PacketBatch b) {
        account(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null && !b.isEmpty()) {
            account(b);
        }
        return b;
    }

    private String rate(long n) {
        long d = last - first - ignore;
        if (d < 1_000_000L) {
            d = 1_000_000L;
        }
        return formatG12(n * 1e9 / d);
    }

    /** C's {@code %.12g}. */
    static String formatG12(double x) {
        if (x == 0) {
            return "0";
        }
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        BigDecimal v = new BigDecimal(x).round(new MathContext(12));
        int exp = v.precision() - v.scale() - 1;
        if (exp < -4 || exp >= 12) {
            BigDecimal mant = v.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            String e = Integer.toString(Math.abs(exp));
            return m + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        v = v.stripTrailingZeros();
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        return v.toPlainString();
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.readLong("byte_count", () -> byteCount);
        h.read("rate", () -> rate(count));
        h.read("byte_rate", () -> rate(byteCount));
        h.write("reset", v -> {
            count = 0;
            byteCount = 0;
            first = 0;
            last = 0;
            started = false;
        });
    }
}
