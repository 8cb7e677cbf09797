package io.uniclick.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Compares builds of uniclick in one process: each benchmarks jar is loaded by its own class loader
 * and compiles the same configuration, and their runs alternate (in a rotating order) over the same
 * trace, timed in thread CPU time. Prints, per build, its ns/packet and its time relative to the
 * first build, round by round.
 *
 * <p>Why: the virtual machines this project is measured on change speed by up to 2x from one minute
 * to the next, so two JMH runs taken minutes apart compare the host's moods, not the code. Runs
 * interleaved every few milliseconds see the same host, and the ratio of each round is stable to a
 * few per cent even when the absolute times are not. JMH stays the tool for the figures themselves;
 * this one decides whether a change helps.
 *
 * <pre>
 * java $FLAGS -cp benchmarks/target/benchmarks.jar io.uniclick.benchmarks.SameProcessComparison \
 *     WORKLOAD ROUNDS TRACE A.jar B.jar [A.jar ...]
 * </pre>
 * WORKLOAD names {@code shared/workloads/WORKLOAD.click} or is a path. Give the first jar again at
 * the end to see how far two copies of the same build differ (the comparison's own noise).
 */
public final class SameProcessComparison {
    private static final long PACKETS_PER_RUN = 500_000;
    private static final int WARMUP_RUNS = 20;

    private SameProcessComparison() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SameProcessComparison WORKLOAD ROUNDS TRACE JAR...");
            System.exit(1);
        }
        Path config = args[0].contains("/") ? Path.of(args[0]) : Workloads.config(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Map<String, String> defines = Map.of("TRACE", args[2]);
        int builds = args.length - 3;
        Object[] harness = new Object[builds];
        Method[] run = new Method[builds];
        for (int v = 0; v < builds; v++) {
            Path jar = Path.of(args[v + 3]);
            if (!Files.isRegularFile(jar)) {
                System.err.println("SameProcessComparison: " + jar + ": no such file");
                System.exit(1);
            }
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> harnessClass = Class.forName("io.uniclick.bench.PipelineHarness", true, loader);
            Class<?> linking = Class.forName("io.uniclick.dsl.compile.RouterCompiler$Linking", true, loader);
            Method open = null;
            for (Method m : harnessClass.getMethods()) {
                if (m.getName().equals("openFile") && m.getParameterCount() == 5) {
                    open = m;
                }
            }
            harness[v] = open.invoke(null, config, defines, linking.getField("FUSED").get(null), 1,
                    harnessClass.getField("SOURCE").get(null));
            run[v] = harnessClass.getMethod("run", long.class);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP_RUNS; i++) {
            for (int v = 0; v < builds; v++) {
                run[v].invoke(harness[v], PACKETS_PER_RUN);
            }
        }
        double[][] ns = new double[builds][rounds];
        double[][] ratio = new double[builds][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < builds; k++) {
                int v = (k + r) % builds;
                long t0 = mx.getCurrentThreadCpuTime();
                run[v].invoke(harness[v], PACKETS_PER_RUN);
                ns[v][r] = (mx.getCurrentThreadCpuTime() - t0) / (double) PACKETS_PER_RUN;
            }
            for (int v = 0; v < builds; v++) {
                ratio[v][r] = ns[v][r] / ns[0][r];
            }
        }
        for (int v = 0; v < builds; v++) {
            double[] t = ns[v].clone();
            double[] q = ratio[v].clone();
            Arrays.sort(t);
            Arrays.sort(q);
            System.out.printf("%s  %s  ns/packet min %.1f median %.1f  |  relative to the first: median %.3f (quartiles %.3f-%.3f)%n",
                    args[0], args[v + 3], t[0], t[rounds / 2], q[rounds / 2], q[rounds / 4], q[3 * rounds / 4]);
        }
    }
}
