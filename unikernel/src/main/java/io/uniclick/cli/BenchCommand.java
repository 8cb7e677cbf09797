package io.uniclick.cli;

import io.uniclick.bench.ConfigBenchmark;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code uniclick bench CONFIG [NAME=value…]}: a configuration under JMH; packets/s, ns/packet, B/packet. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a configuration under JMH (steady state, sources restarted when they finish) and print "
                + "packets/s, ns/packet and bytes allocated per packet.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG")
    Path config;
    @Parameters(index = "1..*", paramLabel = "NAME=value")
    List<String> defines = new ArrayList<>();
    @Option(names = "--meter", paramLabel = "ELEMENT", description = "Element whose count handler counts packets (default c).")
    String meter = "c";
    @Option(names = "--linking", paramLabel = "MODE", description = "FUSED (default: generated glue, simple-action chains fused), GENERATED (per-connection glue only) or GENERIC.")
    String linking = "FUSED";
    @Option(names = {"-j", "--threads"}, paramLabel = "N")
    int threads = 1;
    @Option(names = "--forks", paramLabel = "N")
    int forks = 1;
    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up iterations of 1 s (default 3).")
    int warmup = 3;
    @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations of 1 s (default 5).")
    int iterations = 5;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(config)) {
            System.err.println("uniclick bench: " + config + ": No such file or directory");
            return 1;
        }
        List<String> jvm = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include(ConfigBenchmark.class.getName() + ".packets")
                .param("config", config.toAbsolutePath().toString())
                .param("defines", String.join(" ", defines))
                .param("linking", linking.toUpperCase())
                .param("meter", meter)
                .param("threads", Integer.toString(threads))
                .forks(forks)
                .warmupIterations(warmup).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .jvmArgs(jvm.toArray(new String[0]))
                .addProfiler(GCProfiler.class);
        Collection<RunResult> results = new Runner(ob.build()).run();
        for (RunResult rr : results) {
            Result<?> primary = rr.getPrimaryResult();
            double ns = primary.getScore();
            Result<?> alloc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
            System.out.printf("%n%s %s%n", config, String.join(" ", defines));
            System.out.printf("  %.2f Mpps  (%.2f ns/packet ± %.2f)%n", 1e3 / ns, ns, primary.getScoreError());
            if (alloc != null) {
                System.out.printf("  %.3f bytes allocated per packet%n", alloc.getScore());
            }
        }
        return 0;
    }
}
