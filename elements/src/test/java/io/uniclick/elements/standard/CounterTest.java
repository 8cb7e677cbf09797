package io.uniclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CounterTest {
    @Test
    void countsPacketsAndBytesFromAFiniteSource() {
        TestRouter t = TestRouter.run("InfiniteSource(LENGTH 60, LIMIT 1000, STOP true) -> c :: Counter -> Discard;", Duration.ofSeconds(20));
        assertEquals(1000, t.readLong("c.count"));
        assertEquals(60_000, t.readLong("c.byte_count"));
    }

    @Test
    void countCallWritesTheHandlerWhenTheCountIsReached() {
        TestRouter t = TestRouter.run("s :: InfiniteSource(LENGTH 60, LIMIT 100, BURST 1) -> c :: Counter(COUNT_CALL 10 stop) -> Discard;",
                Duration.ofSeconds(10));
        assertEquals(10, t.readLong("c.count"));
    }

    @Test
    void badKeywordValueIsReportedWithTheKeyword() {
        TestRouter t = TestRouter.compile("InfiniteSource(LIMIT xx) -> Counter -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("config:1: While configuring 'InfiniteSource@1 :: InfiniteSource':"), t.errors());
        assertTrue(t.errors().contains("  LIMIT: invalid number"), t.errors());
    }
}
