package io.uniclick.bench;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.Restartable;
import io.uniclick.core.element.Task;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.core.runtime.RouterThread;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.compile.RouterCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives a compiled configuration for benchmarks: thread 0's tasks are run by the caller, packet by
 * packet budget, and sources that finish (LIMIT, end of trace) are restarted, so a finite
 * configuration runs for as long as JMH measures. Other threads (with {@code -j}) run for real.
 */
public final class PipelineHarness implements AutoCloseable {
    private final Router router;
    private final Task[] tasks;
    private final Restartable[] sources;
    private final Task[] sourceTasks;
    private final PacketMeter meter;
    private final List<Thread> others = new ArrayList<>();

    /** Meter name meaning "the first source": packets read or generated. */
    public static final String SOURCE = "source";

    private static Element firstSource(Router r) {
        for (Element e : r.elements()) {
            if (e instanceof Restartable && e instanceof PacketCounting) {
                return e;
            }
        }
        return null;
    }

    /** Counts packets at the configuration's measuring point. */
    public interface PacketMeter {
        /** Packets counted so far. */
        long count();
    }

    private PipelineHarness(Router router, PacketMeter meter) {
        this.router = router;
        // Sources are restarted instead of stopping the driver, so stop events are ignored.
        router.setStopListener(() -> { });
        this.meter = meter;
        RouterThread[] threads = router.threads();
        this.tasks = threads[0].tasks().toArray(new Task[0]);
        List<Restartable> rs = new ArrayList<>();
        List<Task> rt = new ArrayList<>();
        for (Task t : tasks) {
            if (t.owner() instanceof Restartable r) {
                rs.add(r);
                rt.add(t);
            }
        }
        this.sources = rs.toArray(new Restartable[0]);
        this.sourceTasks = rt.toArray(new Task[0]);
    }

    /**
     * Compiles {@code configText}; the meter is element {@code meterElement}'s packet count (the
     * workloads' {@code c :: Counter}), or {@link #SOURCE} for the packets the first source produced.
     */
    public static PipelineHarness open(String configText, String fileName, Map<String, String> defines, RouterCompiler.Linking linking,
                                       int threads, String meterElement) {
        ElementRegistry reg = ElementRegistry.load(PipelineHarness.class.getClassLoader());
        Diagnostics d = new Diagnostics();
        RouterCompiler.Options opt = new RouterCompiler.Options(threads, Clock.real(), linking, System.err);
        Router r = RouterCompiler.compile(configText, fileName, defines, reg, opt, d, List.of(Path.of(fileName).toAbsolutePath().getParent()));
        if (r == null) {
            throw new IllegalArgumentException("configuration failed:\n" + d);
        }
        Element m = meterElement.equals(SOURCE) ? firstSource(r) : r.element(meterElement);
        if (m == null) {
            throw new IllegalArgumentException("no element '" + meterElement + "' to count packets at");
        }
        if (!(m instanceof PacketCounting pc)) {
            throw new IllegalArgumentException("'" + m.declaration() + "' does not count packets");
        }
        return new PipelineHarness(r, pc::count);
    }

    /** Reads a configuration file. */
    public static PipelineHarness openFile(Path config, Map<String, String> defines, RouterCompiler.Linking linking, int threads, String meter)
            throws IOException {
        return open(Files.readString(config), config.toString(), defines, linking, threads, meter);
    }

    /** Starts driver threads 1..N-1 (for multi-thread configurations). */
    public void startOtherThreads() {
        RouterThread[] threads = router.threads();
        for (int i = 1; i < threads.length; i++) {
            Thread t = new Thread(threads[i], "uniclick-bench-" + i);
            t.setDaemon(true);
            t.start();
            others.add(t);
        }
    }

    /** Runs thread 0's tasks until at least {@code packets} more packets were counted; returns how many were. */
    public long run(long packets) {
        final PacketMeter m = meter;
        final Task[] ts = tasks;
        long last = m.count();
        long done = 0;
        int idle = 0;
        while (done < packets) {
            int work = 0;
            for (Task t : ts) {
                if (t.scheduled()) {
                    work += t.doWork();
                }
            }
            long c = m.count();
            if (c > last) {
                done += c - last;
            }
            last = c; // a restarted source may start its count again from 0
            if (work == 0) {
                restartFinishedSources();
                last = m.count();
                if (++idle > 1_000_000) {
                    throw new IllegalStateException("pipeline made no progress (counted " + done + " of " + packets + ")");
                }
                Thread.onSpinWait();
            } else {
                idle = 0;
            }
        }
        return done;
    }

    private void restartFinishedSources() {
        for (int i = 0; i < sources.length; i++) {
            if (!sourceTasks[i].scheduled()) {
                sources[i].restart();
            }
        }
    }

    /** The router. */
    public Router router() {
        return router;
    }

    /** Packets counted so far. */
    public long count() {
        return meter.count();
    }

    @Override
    public void close() {
        router.stop();
        for (Thread t : others) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        router.cleanup();
    }

    /** Parses {@code NAME=value} words. */
    public static Map<String, String> defines(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec != null) {
            for (String w : spec.trim().split("\\s+")) {
                int eq = w.indexOf('=');
                if (eq > 0) {
                    m.put(w.substring(0, eq), w.substring(eq + 1));
                }
            }
        }
        return m;
    }
}
