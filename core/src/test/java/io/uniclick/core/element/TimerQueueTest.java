package io.uniclick.core.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
    private static Timer named(List<String> log, String name) {
        return new Timer() {
            @Override
            public void run() {
                log.add(name);
            }
        };
    }

    @Test
    void timersFireInExpiryOrderOnlyWhenDue() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        q.schedule(named(log, "c"), 30);
        q.schedule(named(log, "a"), 10);
        q.schedule(named(log, "b"), 20);
        assertEquals(10, q.nextExpiry());
        assertEquals(2, q.runExpired(25));
        assertEquals(List.of("a", "b"), log);
        assertEquals(1, q.runExpired(100));
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void rescheduledAndRemovedTimers() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        Timer a = named(log, "a");
        Timer b = named(log, "b");
        q.schedule(a, 10);
        q.schedule(b, 20);
        q.schedule(a, 30);
        q.remove(b);
        assertFalse(b.scheduled());
        q.runExpired(100);
        assertEquals(List.of("a"), log);
    }

    @Test
    void manyTimersStayOrdered() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        for (int i = 99; i >= 0; i--) {
            q.schedule(named(log, Integer.toString(i)), i);
        }
        q.runExpired(1000);
        for (int i = 0; i < 100; i++) {
            assertEquals(Integer.toString(i), log.get(i));
        }
    }
}
