package example;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/**
 * Counts packets per length bucket and passes them on unchanged: a user's own element.
 * Everything uniclick needs is in the class: ports and processing in {@link ElementInfo},
 * arguments through {@link Args}, handlers in {@link #addHandlers}, documentation for
 * {@code uniclick doc SizeHistogram}.
 */
@ElementInfo(name = "SizeHistogram", ports = "1/1", processing = "a/a",
        synopsis = "SizeHistogram([BUCKET, *keywords* BUCKETS])",
        description = "Counts packets by length in buckets of BUCKET bytes (the last bucket takes everything longer) "
                + "and passes them on unchanged.",
        keywords = {"BUCKET: bucket width in bytes (default 128)", "BUCKETS: number of buckets (default 12)"},
        handlers = {"histogram (r): one line per non-empty bucket, 'LOW-HIGH COUNT'", "reset (w): zero the counts"},
        example = "FromDump(trace.pcap, STOP true) -> h :: SizeHistogram(256) -> Discard;")
public final class SizeHistogram extends Element {
    private int bucket;
    private long[] counts;

    @Override
    public void configure(Args a) throws ConfigException {
        bucket = a.positional("BUCKET", ArgTypes.UINT32, 128);
        int n = a.keyword("BUCKETS", ArgTypes.UINT32, 12);
        if (bucket < 1) {
            a.error("BUCKET", "out of range, bound 1");
        }
        if (n < 1 || n > 1024) {
            a.error("BUCKETS", "out of range, bound 1024");
        }
        a.complete();
        counts = new long[n];
    }

    @Override
    public void push(int port, PacketBatch b) {
        count(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            count(b);
        }
        return b;
    }

    private void count(PacketBatch b) {
        final long[] c = counts;
        final int w = bucket;
        final int last = c.length - 1;
        for (int i = 0, n = b.size(); i < n; i++) {
            c[Math.min(b.get(i).length() / w, last)]++;
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("histogram", () -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    String high = i == counts.length - 1 ? "" : Integer.toString((i + 1) * bucket - 1);
                    sb.append(i * bucket).append('-').append(high).append(' ').append(counts[i]).append('\n');
                }
            }
            return sb.toString();
        });
        h.write("reset", v -> java.util.Arrays.fill(counts, 0));
    }
}
