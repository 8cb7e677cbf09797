package io.uniclick.netfront.host;

import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.compile.RouterCompiler;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test support: shell commands with timeouts, namespace set-up, and an in-process router. */
final class Host {
    static final ElementRegistry REGISTRY = ElementRegistry.load(Host.class.getClassLoader());

    private Host() {
    }

    /** Result of a command. */
    record Result(int rc, String out) {
        boolean ok() {
            return rc == 0;
        }
    }

    static boolean isRoot() {
        try {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        } catch (IOException e) {
            return false;
        }
    }

    static boolean have(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Runs {@code sh -c cmd}, killing it after {@code timeoutMs}; rc 124 on timeout. */
    static Result sh(String cmd, long timeoutMs) {
        try {
            File out = File.createTempFile("uc-host", ".out");
            try {
                Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).redirectOutput(out).start();
                if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    return new Result(124, Files.readString(out.toPath()));
                }
                return new Result(p.exitValue(), Files.readString(out.toPath()));
            } finally {
                out.delete();
            }
        } catch (IOException e) {
            return new Result(127, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    static Result sh(String cmd) {
        return sh(cmd, 20_000);
    }

    /** Starts a background command; the caller destroys it. */
    static Process spawn(String cmd) throws IOException {
        return new ProcessBuilder("sh", "-c", "exec " + cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static void kill(Process p) {
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Two namespaces {@code nsA}, {@code nsB}, each holding one end of a veth pair whose other end
     * ({@code devA}, {@code devB}) stays in this namespace, up, without addresses or IPv6.
     * {@code nsA} gets {@code 10.199.0.1/24} on {@code a0}, {@code nsB} {@code 10.199.0.2/24} on {@code b0}.
     */
    static final class Pair implements AutoCloseable {
        final String nsA;
        final String nsB;
        final String devA;
        final String devB;
        final List<Process> procs = new ArrayList<>();

        Pair(String nsA, String nsB, String devA, String devB) {
            this.nsA = nsA;
            this.nsB = nsB;
            this.devA = devA;
            this.devB = devB;
            close();
            String[] cmds = {
                "ip netns add " + nsA, "ip netns add " + nsB,
                "ip link add " + devA + " type veth peer name a0 netns " + nsA,
                "ip link add " + devB + " type veth peer name b0 netns " + nsB,
                "sysctl -qw net.ipv6.conf." + devA + ".disable_ipv6=1",
                "sysctl -qw net.ipv6.conf." + devB + ".disable_ipv6=1",
                "ip link set " + devA + " up", "ip link set " + devB + " up",
                "ip netns exec " + nsA + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1",
                "ip netns exec " + nsB + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1",
                "ip netns exec " + nsA + " ip addr add 10.199.0.1/24 dev a0",
                "ip netns exec " + nsB + " ip addr add 10.199.0.2/24 dev b0",
                "ip netns exec " + nsA + " ip link set a0 up", "ip netns exec " + nsA + " ip link set lo up",
                "ip netns exec " + nsB + " ip link set b0 up", "ip netns exec " + nsB + " ip link set lo up",
            };
            for (String c : cmds) {
                Result r = sh(c);
                if (!r.ok()) {
                    close();
                    throw new IllegalStateException(c + ": " + r.out());
                }
            }
            // The hosts' TCP would otherwise hand 64 KiB TSO/GSO segments to the veth, which a packet socket
            // sees as one oversized frame. Checksum offload stays on: FromDevice completes those checksums.
            if (have("ethtool")) {
                sh("ip netns exec " + nsA + " ethtool -K a0 tso off gso off gro off");
                sh("ip netns exec " + nsB + " ethtool -K b0 tso off gso off gro off");
            }
        }

        Result inA(String cmd, long timeoutMs) {
            return sh("ip netns exec " + nsA + " " + cmd, timeoutMs);
        }

        Result inB(String cmd, long timeoutMs) {
            return sh("ip netns exec " + nsB + " " + cmd, timeoutMs);
        }

        Process spawnInB(String cmd) throws IOException {
            Process p = spawn("ip netns exec " + nsB + " " + cmd);
            procs.add(p);
            return p;
        }

        @Override
        public void close() {
            for (Process p : procs) {
                kill(p);
            }
            procs.clear();
            sh("ip link del " + devA + " 2>/dev/null; ip link del " + devB + " 2>/dev/null; ip netns del " + nsA
                    + " 2>/dev/null; ip netns del " + nsB + " 2>/dev/null; true");
        }
    }

    /** A router compiled from {@code config} and running on its own thread until {@link #close}. */
    static final class Running implements AutoCloseable {
        final Router router;
        final Diagnostics diagnostics = new Diagnostics();
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        private final Thread thread;

        Running(String config, Map<String, String> defines) {
            PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
            RouterCompiler.Options opt = new RouterCompiler.Options(1, Clock.real(), RouterCompiler.Linking.GENERATED, ps);
            router = RouterCompiler.compile(config, "config", defines, REGISTRY, opt, diagnostics, List.of());
            if (router == null) {
                throw new AssertionError("configuration failed:\n" + diagnostics);
            }
            thread = Thread.ofPlatform().name("uniclick-test-router").start(router::run);
        }

        long read(String h) {
            try {
                return Long.parseLong(router.readHandler(null, h, "").trim());
            } catch (Exception e) {
                throw new AssertionError(h + ": " + e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            router.stop();
            thread.join(10_000);
            router.cleanup();
        }
    }

    static Router compileOnly(String config, Diagnostics d) {
        RouterCompiler.Options opt = new RouterCompiler.Options(1, Clock.real(), RouterCompiler.Linking.GENERATED,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return RouterCompiler.compile(config, "config", Map.of(), REGISTRY, opt, d, List.of());
    }
}
