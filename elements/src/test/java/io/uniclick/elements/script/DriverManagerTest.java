package io.uniclick.elements.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverManagerTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void waitsForTwoSourcesBeforeStopping() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 100, STOP true) -> a :: Counter -> Discard;"
                + "InfiniteSource(LIMIT 100000, STOP true) -> b :: Counter -> Discard;"
                + "DriverManager(pause, pause, stop);", T);
        assertEquals(100, t.readLong("a.count"));
        assertEquals(100000, t.readLong("b.count"));
    }

    @Test
    void waitStopCountsEvents() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 10, STOP true) -> a :: Counter -> Discard;"
                + "InfiniteSource(LIMIT 50000, STOP true) -> b :: Counter -> Discard;"
                + "DriverManager(wait_stop 2);", T);
        assertEquals(50000, t.readLong("b.count"));
    }

    @Test
    void readsCounterAfterTheStopEvent() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 1000, STOP true) -> c :: Counter -> Discard;"
                + "DriverManager(wait_stop, read c.count, stop);", T);
        assertEquals("c.count:\n1000\n", t.printed());
    }

    @Test
    void emptyDriverManagerStopsOnFirstEvent() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 10, STOP true) -> c :: Counter -> Discard; DriverManager;", T);
        assertEquals(10, t.readLong("c.count"));
    }

    @Test
    void driverScriptRunsInstructionsBetweenEvents() {
        TestRouter t = TestRouter.compile("s :: InfiniteSource(LIMIT 20, STOP true) -> c :: Counter -> Discard;"
                + "DriverManager(pause, print $(c.count), write s.reset, write s.limit 30, pause, print $(c.count), wait 1s, print \"done\");",
                Map.of(), true, 1);
        t.runToEnd(T);
        assertEquals("20\n50\ndone\n", t.printed());
    }

    @Test
    void scriptStopIsInterceptedByTheDriver() {
        TestRouter t = TestRouter.run("Script(wait 5ms, stop); Script(wait 10ms, stop); DriverManager(pause, print \"one\", pause, print \"two\");", T);
        assertEquals("one\ntwo\n", t.printed());
    }

    @Test
    void scriptTypeDriverActsAsDriverManager() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 10, STOP true) -> Discard; InfiniteSource(LIMIT 20, STOP true) -> Discard;"
                + "Script(TYPE DRIVER, pause, print \"first\", pause, print \"second\");", T);
        assertEquals("first\nsecond\n", t.printed());
    }

    @Test
    void onlyOneDriverScript() {
        TestRouter t = TestRouter.compile("DriverManager(stop); Script(TYPE DRIVER, stop);");
        assertTrue(t.errors().contains("router has more than one driver script"), t.errors());
    }

    @Test
    void stopEventsFromAnotherThreadAreHandedOver() {
        TestRouter t = TestRouter.compile("DriverManager(pause 3, print \"got3\");");
        Thread th = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(20);
                    t.write("stop", "");
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.runToEnd(T);
        th.interrupt();
        assertEquals("got3\n", t.printed());
    }
}
