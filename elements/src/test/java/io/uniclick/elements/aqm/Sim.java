package io.uniclick.elements.aqm;

import io.uniclick.core.runtime.Router;
import io.uniclick.elements.TestRouter;
import java.time.Duration;
import java.util.Map;

/** Helpers for the tests of this package. */
final class Sim {
    private Sim() {
    }

    /** Compiles on the simulated clock; fails on configuration errors. */
    static TestRouter compiled(String config) {
        TestRouter t = TestRouter.compile(config, Map.of(), true, 1);
        if (t.router == null) {
            throw new AssertionError("configuration failed:\n" + t.errors());
        }
        return t;
    }

    /** Compiles on the simulated clock and runs until it stops, without cleanup. */
    static TestRouter run(String config) {
        TestRouter t = compiled(config);
        runRaw(t.router);
        return t;
    }

    /** Runs until the router stops (fails after 20 s of real time: a spinning task would crawl the virtual clock). */
    static void runRaw(Router r) {
        Duration timeout = Duration.ofSeconds(20);
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(timeout.toMillis());
                r.stop();
            } catch (InterruptedException ignored) {
                // done
            }
        });
        long t0 = System.nanoTime();
        r.run();
        watchdog.interrupt();
        if (System.nanoTime() - t0 >= timeout.toNanos()) {
            throw new AssertionError("router did not stop within " + timeout);
        }
    }

    /** The configuration error text of a configuration that must fail. */
    static String configError(String config) {
        TestRouter t = TestRouter.compile(config);
        if (t.router != null) {
            throw new AssertionError("configuration should fail: " + config);
        }
        return t.errors();
    }
}
