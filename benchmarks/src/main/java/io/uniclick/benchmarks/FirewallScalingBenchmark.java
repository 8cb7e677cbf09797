package io.uniclick.benchmarks;

import io.uniclick.bench.PipelineHarness;
import io.uniclick.dsl.compile.RouterCompiler;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The firewall of shared/workloads/firewall.click with N rules of the firewall-200 kind
 * ({@code allow|deny src net 10.A.B.0/24 && tcp|udp && dst port P}, then
 * {@code allow tcp && dst port 443, deny all}), to show how the cost grows with the rule count.
 * One operation = one packet read from the trace (allowed or not).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirewallScalingBenchmark {
    /** Packets per invocation. */
    public static final int PACKETS = 65_536;

    /** Number of generated rules. */
    @Param({"1", "10", "100", "1000", "10000"})
    public int rules;

    private PipelineHarness harness;

    /** A deterministic rule list of {@code n} rules. */
    static String rules(int n) {
        SplittableRandom r = new SplittableRandom(n);
        int[] ports = {22, 53, 80, 123, 443, 8080};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int port = r.nextInt(10) == 0 ? 1024 + r.nextInt(64000) : ports[r.nextInt(ports.length)];
            sb.append(r.nextInt(4) == 0 ? "deny" : "allow").append(" src net 10.").append(r.nextInt(256)).append('.')
                    .append(r.nextInt(256)).append(".0/24 && ").append(r.nextBoolean() ? "tcp" : "udp").append(" && dst port ")
                    .append(port).append(",\n");
        }
        return sb.append("allow tcp && dst port 443,\ndeny all").toString();
    }

    /** Compiles the firewall over the 2,000,000-packet trace. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        String config = "FromDump($TRACE, STOP true, TIMING false) -> Strip(14) -> CheckIPHeader -> IPFilter(" + rules(rules)
                + ") -> Unstrip(14) -> Discard;\n";
        Map<String, String> defines = Map.of("TRACE", Workloads.trace(2_000_000, "").toString());
        harness = PipelineHarness.open(config, "firewall-" + rules + ".click", defines, RouterCompiler.Linking.FUSED, 1, PipelineHarness.SOURCE);
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
