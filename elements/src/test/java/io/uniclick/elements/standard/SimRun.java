package io.uniclick.elements.standard;

import io.uniclick.core.element.Task;
import io.uniclick.core.runtime.Router;
import io.uniclick.elements.TestRouter;
import java.time.Duration;
import java.util.Map;

/** Helpers for the tests of this package. */
final class SimRun {
    private SimRun() {
    }

    /** Compiles on the simulated clock and runs to the end. */
    static TestRouter sim(String config) {
        return TestRouter.compile(config, Map.of(), true, 1).runToEnd(Duration.ofSeconds(20));
    }

    /** Compiles on the simulated clock without running. */
    static TestRouter simCompiled(String config) {
        TestRouter t = TestRouter.compile(config, Map.of(), true, 1);
        if (t.router == null) {
            throw new AssertionError("configuration failed:\n" + t.errors());
        }
        return t;
    }

    /** Runs a router until it stops, without cleanup, so it can be resumed. */
    static void runRaw(Router r, Duration timeout) {
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

    /** The task owned by element {@code name}. */
    static Task taskOf(TestRouter t, String name) {
        for (var th : t.router.threads()) {
            for (Task k : th.tasks()) {
                if (k.owner().name().equals(name)) {
                    return k;
                }
            }
        }
        throw new AssertionError("no task for " + name);
    }
}
