package io.uniclick.elements.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Element;
import io.uniclick.elements.TestRouter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadHandoffTest {
    @Test
    void pipelinerMovesEveryPacketToItsHomeThread() {
        TestRouter t = TestRouter.compile("""
                s :: InfiniteSource(LENGTH 60, LIMIT 200000, BLOCKING)
                """.replace(", BLOCKING", "") + """
                  -> p :: Pipeliner(BLOCKING true) -> c :: Counter(COUNT_CALL 200000 stop) -> Discard;
                StaticThreadSched(s 0, p 1);
                """, Map.of(), false, 2);
        assertNotNull(t.router, t.errors());
        t.runToEnd(Duration.ofSeconds(30));
        assertEquals(200000, t.readLong("c.count"));
        assertEquals(200000, t.readLong("p.count"));
        assertEquals(0, t.readLong("p.dropped"));
        Element p = t.router.element("p");
        assertEquals(1, p.homeThread());
    }

    @Test
    void threadSafeQueueFeedsAPullerOnAnotherThread() {
        TestRouter t = TestRouter.compile("""
                s :: InfiniteSource(LENGTH 60, LIMIT 100000)
                  -> q :: ThreadSafeQueue(100000) -> d :: Discard;
                c :: Counter;
                Idle -> c -> Idle;
                StaticThreadSched(s 0, d 1);
                """, Map.of(), false, 2);
        assertNotNull(t.router, t.errors());
        Thread stopper = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (t.readLong("d.count") < 100000) {
                    Thread.sleep(5);
                }
                t.router.stop();
            } catch (InterruptedException ignored) {
                // test ends
            }
        });
        t.runToEnd(Duration.ofSeconds(30));
        stopper.interrupt();
        assertEquals(100000, t.readLong("d.count"));
        assertEquals(0, t.readLong("q.drops"));
    }

    @Test
    void staticThreadSchedRejectsUnknownElements() {
        TestRouter t = TestRouter.compile("InfiniteSource -> Discard; StaticThreadSched(nosuch 1);", Map.of(), false, 2);
        assertNull(t.router);
        assertTrue(t.errors().contains("'nosuch' does not name an element"), t.errors());
    }
}
