package io.uniclick.bench;

import io.uniclick.dsl.compile.RouterCompiler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Any configuration under JMH (what {@code uniclick bench} runs): one operation is one packet
 * counted at the meter element, so the score is nanoseconds per packet and {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is bytes allocated per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConfigBenchmark {
    /** Packets per benchmark invocation. */
    public static final int PACKETS = 65_536;

    /** Configuration file. */
    @Param("")
    public String config;
    /** {@code NAME=value} definitions, space separated. */
    @Param("")
    public String defines;
    /** Linking mode. */
    @Param("FUSED")
    public String linking;
    /** Element whose count is the packet meter. */
    @Param("c")
    public String meter;
    /** Driver threads. */
    @Param("1")
    public int threads;

    private PipelineHarness harness;

    /** Compiles the configuration and starts extra threads. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        harness = PipelineHarness.openFile(Path.of(config), PipelineHarness.defines(defines), RouterCompiler.Linking.valueOf(linking), threads, meter);
        harness.startOtherThreads();
    }

    /** Stops the router. */
    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    /** Runs {@link #PACKETS} packets through the configuration. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long packets() {
        return harness.run(PACKETS);
    }
}
