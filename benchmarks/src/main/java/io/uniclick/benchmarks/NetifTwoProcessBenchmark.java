package io.uniclick.benchmarks;

import io.uniclick.netfront.bench.NetifTwoProcess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The poll-mode netfront (this JMH fork) against the emulated netback in a child JVM started by
 * {@code @Setup} ({@code EmulatedNetback DIR --generate 60 --busy-poll 1}: a generator and a discarding sink, so
 * the backend is not the bottleneck) and stopped by {@code @TearDown}: 60-byte frames cross two
 * processes through the rings, grant pages and event channels of the {@code /dev/shm} guest-memory
 * file. One operation = one frame; 14.88 Mpps = 67.2 ns/frame. {@code -prof gc} counts only this
 * process's allocation; the child's JVM options can be given with
 * {@code -jvmArgsAppend -Duniclick.netback.jvmArgs=...}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NetifTwoProcessBenchmark {
    /** Frames per invocation. */
    public static final int FRAMES = 16_384;

    private NetifTwoProcess link;

    /** Starts the netback process and connects a vif. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        link = new NetifTwoProcess();
    }

    /** Disconnects and stops the netback process. */
    @TearDown(Level.Trial)
    public void tearDown() {
        link.close();
    }

    /** Frontend → backend process. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int tx() {
        return link.txBatch(FRAMES);
    }

    /** Backend process → frontend. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int rx() {
        return link.rxBatch(FRAMES);
    }
}
