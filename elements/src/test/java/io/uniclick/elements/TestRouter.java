package io.uniclick.elements;

import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.compile.RouterCompiler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test support: compiles a configuration with the element library on the class path, runs it
 * until it stops (or a timeout), and gives access to handlers and to what elements printed.
 */
public final class TestRouter {
    private static final ElementRegistry REGISTRY = ElementRegistry.load(TestRouter.class.getClassLoader());

    /** The compiled router. */
    public final Router router;
    /** Compile diagnostics (errors and warnings). */
    public final Diagnostics diagnostics;
    private final ByteArrayOutputStream printed;

    private TestRouter(Router router, Diagnostics d, ByteArrayOutputStream printed) {
        this.router = router;
        this.diagnostics = d;
        this.printed = printed;
    }

    /** Compiles {@code config} (file name "config"); the router is null if it has errors. */
    public static TestRouter compile(String config) {
        return compile(config, Map.of(), false, 1);
    }

    /** Compiles with defines, optionally on the simulated clock, with {@code threads} threads. */
    public static TestRouter compile(String config, Map<String, String> defines, boolean simtime, int threads) {
        return compile(config, defines, simtime, threads, RouterCompiler.Linking.FUSED);
    }

    /** Compiles with an explicit linking mode. */
    public static TestRouter compile(String config, Map<String, String> defines, boolean simtime, int threads,
            RouterCompiler.Linking linking) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Diagnostics d = new Diagnostics();
        Clock clock = simtime ? Clock.simulated(1_000_000_000L * 1_000_000_000L) : Clock.real();
        RouterCompiler.Options opt = new RouterCompiler.Options(threads, clock, linking, ps);
        Router r = RouterCompiler.compile(config, "config", defines, REGISTRY, opt, d, List.of());
        if (r != null) {
            r.setOutput(ps);
        }
        return new TestRouter(r, d, out);
    }

    /** Compiles and runs to the end; fails if compilation fails or the router does not stop within {@code timeout}. */
    public static TestRouter run(String config, Duration timeout) {
        TestRouter t = compile(config);
        t.runToEnd(timeout);
        return t;
    }

    /** Runs until the router stops; throws AssertionError on compile errors or timeout. */
    public TestRouter runToEnd(Duration timeout) {
        if (router == null) {
            throw new AssertionError("configuration failed:\n" + diagnostics);
        }
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(timeout.toMillis());
                router.stop();
            } catch (InterruptedException ignored) {
                // finished in time
            }
        });
        long t0 = System.nanoTime();
        router.run();
        watchdog.interrupt();
        router.cleanup();
        if (System.nanoTime() - t0 >= timeout.toNanos()) {
            throw new AssertionError("router did not stop within " + timeout);
        }
        return this;
    }

    /** Reads {@code elem.handler} (or a global handler). */
    public String read(String handler) {
        try {
            return router.readHandler(null, handler, "");
        } catch (HandlerException e) {
            throw new AssertionError(handler + ": " + e.getMessage());
        }
    }

    /** Reads a handler holding an integer. */
    public long readLong(String handler) {
        return Long.parseLong(read(handler).trim());
    }

    /** Writes {@code elem.handler}. */
    public void write(String handler, String value) throws HandlerException {
        router.writeHandler(null, handler, value);
    }

    /** What elements printed (their error stream). */
    public String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Errors, one formatted diagnostic per line. */
    public String errors() {
        StringBuilder sb = new StringBuilder();
        diagnostics.all().forEach(x -> sb.append(x.format()).append('\n'));
        return sb.toString();
    }
}
