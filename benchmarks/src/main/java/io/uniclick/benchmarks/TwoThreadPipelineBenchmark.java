package io.uniclick.benchmarks;

import io.uniclick.bench.PipelineHarness;
import io.uniclick.dsl.compile.RouterCompiler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two driver threads: thread 0 reads the trace (or generates packets) and hands batches to a
 * Pipeliner placed on thread 1, which counts and frees them; freed packets travel back to thread
 * 0's pool through its return ring. One operation = one packet counted on thread 1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TwoThreadPipelineBenchmark {
    /** Packets per invocation. */
    public static final int PACKETS = 65_536;

    /** Source: "replay" (FromDump over the trace) or "null" (InfiniteSource). */
    @Param({"replay", "null"})
    public String source;

    private PipelineHarness harness;

    /** Compiles the two-thread configuration and starts thread 1. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        String src = source.equals("replay") ? "FromDump($TRACE, STOP true, TIMING false)" : "InfiniteSource(LENGTH 60)";
        String config = "s :: " + src + " -> p :: Pipeliner(BLOCKING true) -> c :: Counter -> Discard;\n"
                + "StaticThreadSched(s 0, p 1);\n";
        Map<String, String> defines = Map.of("TRACE", Workloads.trace(2_000_000, "").toString());
        harness = PipelineHarness.open(config, "pipeline.click", defines, RouterCompiler.Linking.FUSED, 2, "c");
        harness.startOtherThreads();
    }

    /** Stops both threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    /** Moves {@link #PACKETS} packets across the threads. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long run() {
        return harness.run(PACKETS);
    }
}
