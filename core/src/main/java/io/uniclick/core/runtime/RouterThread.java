package io.uniclick.core.runtime;

import io.uniclick.core.element.Task;
import io.uniclick.core.element.TimerQueue;
import io.uniclick.core.packet.PacketPool;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * One driver thread (Click's RouterThread): runs its scheduled tasks round-robin, fires its
 * timers, and backs off with an idle strategy when nothing did work.
 */
public final class RouterThread implements Runnable {
    private final Router router;
    private final int index;
    private final PacketPool pool;
    private final TimerQueue timers = new TimerQueue();
    private final List<Task> taskList = new ArrayList<>();
    private Task[] tasks = new Task[0];
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 200_000);
    private static final ThreadLocal<int[]> CURRENT = ThreadLocal.withInitial(() -> new int[] {0});

    RouterThread(Router router, int index) {
        this.router = router;
        this.index = index;
        this.pool = new PacketPool();
    }

    /** Thread index (0 = the main thread). */
    public int index() {
        return index;
    }

    /** This thread's packet pool. */
    public PacketPool pool() {
        return pool;
    }

    /** This thread's timers (touch only from this thread, or before the router runs). */
    public TimerQueue timers() {
        return timers;
    }

    void addTask(Task t) {
        taskList.add(t);
        tasks = taskList.toArray(new Task[0]);
    }

    /** The tasks placed on this thread. */
    public List<Task> tasks() {
        return List.copyOf(taskList);
    }

    /** Index of the driver thread running the caller (0 for threads that are not driver threads). */
    public static int currentIndex() {
        return CURRENT.get()[0];
    }

    void bind(Thread t) {
        pool.bindOwner(t);
    }

    /** Runs until the router stops. */
    @Override
    public void run() {
        bind(Thread.currentThread());
        CURRENT.get()[0] = index;
        final Router r = router;
        final Clock clock = r.clock();
        final boolean sim = clock.isSimulated();
        final TimerQueue tq = timers;
        final IdleStrategy idl = idle;
        while (!r.stopped()) {
            final Task[] ts = tasks;
            int work = 0;
            for (Task t : ts) {
                if (t.scheduled()) {
                    work += t.doWork();
                }
            }
            if (!tq.isEmpty()) {
                long next = tq.nextExpiry();
                long now = clock.now();
                if (next <= now) {
                    work += tq.runExpired(now);
                } else if (sim && work == 0 && !anyScheduled(ts)) {
                    clock.advanceTo(next);
                    work += tq.runExpired(clock.now());
                }
            }
            if (work > 0) {
                idl.reset();
            } else {
                idl.idle();
            }
        }
    }

    private static boolean anyScheduled(Task[] ts) {
        for (Task t : ts) {
            if (t.scheduled()) {
                return true;
            }
        }
        return false;
    }


}
