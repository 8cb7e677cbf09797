package io.uniclick.benchmarks;

import io.uniclick.bench.PipelineHarness;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.Task;
import io.uniclick.dsl.compile.RouterCompiler;
import io.uniclick.netfront.emu.EmulatedNetback;
import io.uniclick.netfront.emu.EmulatedXenMemory;
import io.uniclick.netfront.emu.EmulatedXenStore;
import io.uniclick.netfront.emu.GeneratorBridge;
import io.uniclick.netfront.emu.PcapBridge;
import io.uniclick.netfront.front.NetFronts;
import io.uniclick.netfront.front.XenEnvironment;
import io.uniclick.netfront.xen.XsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * RX → firewall → TX through emulated vifs: the shared firewall workload's rules in
 * <pre>
 *   FromNetFront(0) -> Strip(14) -> CheckIPHeader -> IPFilter(rules of shared/workloads/firewall.click)
 *     -> Unstrip(14) -> ToNetFront(1)
 * </pre>
 * compiled and run on the JMH thread, against an in-process emulated netback on its own thread
 * (busy polling) whose vif 0 replays the shared trace (2,000,000 60-byte IPv4 TCP/UDP/ICMP frames,
 * 10,000 flows, gen_trace.py defaults) in a loop and whose vif 1 discards and counts. One operation
 * = one frame forwarded (queued by ToNetFront to the backend), so the score is ns per forwarded
 * frame; the teardown prints the frames received, forwarded, dropped at TX and counted by the
 * backend. 14.88 Mpps = 67.2 ns/frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NetfrontFirewallBenchmark {
    /** Forwarded frames per invocation. */
    public static final int FRAMES = 65_536;

    /** Frames FromNetFront takes per task run. */
    @Param({"64"})
    public int burst;

    private Path dir;
    private Path shm;
    private EmulatedXenStore store;
    private EmulatedNetback netback;
    private GeneratorBridge sink;
    private PipelineHarness harness;
    private Task[] tasks;
    private PacketCounting forwarded;
    private String socket;

    /** The IPFilter arguments of the shared firewall workload (its text between the parentheses). */
    static String firewallRules() throws IOException {
        String text = Files.readString(Workloads.config("firewall"));
        int start = text.indexOf("IPFilter(");
        if (start < 0) {
            throw new IOException("no IPFilter in " + Workloads.config("firewall"));
        }
        int open = start + "IPFilter(".length();
        int depth = 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(open, i);
            }
        }
        throw new IOException("unbalanced IPFilter( in " + Workloads.config("firewall"));
    }

    /** Starts the emulated netback (vif 0: the trace, vif 1: a counting sink) and compiles the firewall against it. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path trace = Workloads.trace(2_000_000, "");
        String rules = firewallRules();
        dir = Files.createTempDirectory("netfront-firewall");
        shm = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm", "uniclick-fwbench-" + ProcessHandle.current().pid()) : dir.resolve("mem");
        try {
            store = new EmulatedXenStore();
            store.listen(dir.resolve("xenstored.sock"), 0);
            store.listen(dir.resolve("xenbus-1.sock"), 1);
            EmulatedXenMemory mem = EmulatedXenMemory.create(shm, 2048, 1);
            netback = new EmulatedNetback(XsClient.connect(dir.resolve("xenstored.sock")), mem, 0);
            sink = new GeneratorBridge(60, false); // no credits: never sends, counts what it gets
            netback.createVif(0, new byte[] {0x00, 0x16, 0x3e, 0x00, 0x00, 0x01}, new PcapBridge(trace, 0, null));
            netback.createVif(1, new byte[] {0x00, 0x16, 0x3e, 0x00, 0x00, 0x02}, sink);
            netback.setBusyPoll(true);
            netback.start();
            socket = dir.resolve("xenbus-1.sock").toString();
            System.setProperty(XenEnvironment.PROPERTY, socket);
            String config = "rx :: FromNetFront(0, BURST " + burst + ")\n"
                    + "  -> Strip(14) -> CheckIPHeader\n"
                    + "  -> IPFilter(" + rules + ")\n"
                    + "  -> Unstrip(14)\n"
                    + "  -> tx :: ToNetFront(1);\n";
            Path file = dir.resolve("netfront-firewall.click");
            Files.writeString(file, config);
            harness = PipelineHarness.open(config, file.toString(), Map.of(), RouterCompiler.Linking.GENERATED, 1, "tx");
            tasks = harness.router().threads()[0].tasks().toArray(new Task[0]);
            forwarded = (PacketCounting) harness.router().element("tx");
        } catch (Exception | Error e) {
            release();
            throw e;
        }
    }

    /** Prints what crossed, stops the router and the backend. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            var r = harness.router();
            System.out.printf("%nnetfront firewall: received %s, forwarded %s, dropped at TX %s, backend vif 1 got %d, violations vif 0 %s vif 1 %s%n",
                    r.readHandler(null, "rx.count", null), r.readHandler(null, "tx.count", null), r.readHandler(null, "tx.dropped", null),
                    sink.received(), r.readHandler(null, "rx.violations", null), r.readHandler(null, "tx.violations", null));
        } finally {
            release();
        }
    }

    private void release() throws IOException {
        if (harness != null) {
            harness.close();
            harness = null;
        }
        if (netback != null) {
            netback.close();
            netback = null;
        }
        if (socket != null) {
            NetFronts.forgetEnvironment(socket);
            System.clearProperty(XenEnvironment.PROPERTY);
            socket = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        Files.deleteIfExists(shm);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Forwards {@link #FRAMES} frames. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long forward() {
        return run(FRAMES);
    }

    /**
     * Runs the router's tasks until {@code frames} more frames were forwarded. Unlike
     * {@link PipelineHarness#run}, whose sources live in this thread, the frames come from the
     * backend's thread: waiting for it spins, then yields (the backend may be descheduled on a
     * loaded machine), and gives up only after 10 s without progress.
     */
    private long run(long frames) {
        final Task[] ts = tasks;
        final PacketCounting m = forwarded;
        final long start = m.count();
        final long target = start + frames;
        long idle = 0;
        long stuckSince = 0;
        long c;
        while ((c = m.count()) - target < 0) {
            int work = 0;
            for (Task t : ts) {
                if (t.scheduled()) {
                    work += t.doWork();
                }
            }
            if (work != 0) {
                idle = 0;
            } else if (++idle < 256) {
                Thread.onSpinWait();
            } else {
                if ((idle & 1023) == 0) {
                    long now = System.nanoTime();
                    if (stuckSince == 0 || idle == 1024) {
                        stuckSince = now;
                    } else if (now - stuckSince > 10_000_000_000L) {
                        throw new IllegalStateException("no frame for 10 s (forwarded " + (c - start) + " of " + frames + ")");
                    }
                }
                Thread.yield();
            }
        }
        return c - start;
    }
}
