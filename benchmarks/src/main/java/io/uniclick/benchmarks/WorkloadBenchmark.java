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
 * The shared workloads (shared/workloads/*.click) on one core, trace in memory, generated glue
 * against generic linking. One operation = one packet produced by the source (read from the trace,
 * whatever then happens to it), so the score is ns/packet;
 * {@code -prof gc} gives bytes per packet. {@code flows} picks the trace: 10,000 or 1,000,000
 * distinct flows (gen_trace.py --flows). Six warm-up seconds: on these 2-core machines the fused
 * rewriter pipelines were still being recompiled in the third.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkloadBenchmark {
    /** Packets per invocation. */
    public static final int PACKETS = 65_536;

    /** Workload name (shared/workloads/NAME.click). */
    @Param({"null", "replay", "firewall", "firewall-200", "nat", "loadbalancer", "router"})
    public String workload;
    /** Distinct flows in the trace. */
    @Param({"10000"})
    public int flows;
    /** FUSED chains, GENERATED glue only, or GENERIC ports. */
    @Param({"FUSED", "GENERATED", "GENERIC"})
    public String linking;

    private PipelineHarness harness;

    /** Compiles the workload over the 2,000,000-packet trace. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        String extra = flows == 10_000 ? "" : "--flows " + flows;
        Map<String, String> defines = Map.of("TRACE", Workloads.trace(2_000_000, extra).toString());
        harness = PipelineHarness.openFile(Workloads.config(workload), defines, RouterCompiler.Linking.valueOf(linking), 1, PipelineHarness.SOURCE);
    }

    /** Releases the router. */
    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    /** Runs {@link #PACKETS} packets. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long run() {
        return harness.run(PACKETS);
    }
}
