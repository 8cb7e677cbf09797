package io.uniclick.elements.aqm;

import io.uniclick.core.runtime.TokenBucket;
import io.uniclick.core.element.Listeners;
import io.uniclick.core.element.UpstreamNotifiers;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.EmptyNotifier;
import io.uniclick.core.element.Task;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/**
 * Shaper and BandwidthShaper: a pull-through token bucket. It is an {@link EmptyNotifier}: "empty"
 * when it has no tokens or everything upstream is empty. Pullers downstream register with it; it
 * forwards them to the notifiers upstream (which wake them when packets arrive) and wakes them
 * itself from a timer when the next token is due, so a Shaper out of tokens never makes its
 * puller spin.
 */
abstract class ShaperBase extends Element implements EmptyNotifier {
    private final boolean bytes;
    private final TokenBucket tb = new TokenBucket();
    private RateArgs args;
    private UpstreamNotifiers upstream;
    private Task[] listeners = Listeners.NONE;
    private Timer timer;
    private PacketBatch out;
    private long count;

    ShaperBase(boolean bytes) {
        this.bytes = bytes;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        args = RateArgs.read(a, bytes, 1_000_000L);
        a.complete();
        tb.assign(args.rate, args.tokens());
    }

    @Override
    public void initialize() {
        tb.fill(context.now());
        upstream = new UpstreamNotifiers(this, 0);
        out = new PacketBatch();
        timer = new Timer() {
            @Override
            public void run() {
                Listeners.wake(listeners);
            }
        };
    }

    /** Refills; when no packet may pass now, arms the timer for when one may and returns false. */
    private boolean tokens(long now) {
        final TokenBucket t = tb;
        t.refill(now);
        if (bytes ? t.positive() : t.available() > 0) {
            return true;
        }
        if (!timer.scheduled()) {
            long wait = bytes ? t.timeUntilPositive() : t.timeUntil(1);
            if (wait != Long.MAX_VALUE) {
                context.schedule(this, timer, now + Math.max(1, wait));
            }
        }
        return false;
    }

    @Override
    public PacketBatch pull(int port, int max) {
        if (!tokens(context.now())) {
            return null;
        }
        final TokenBucket t = tb;
        if (!bytes) {
            int want = (int) Math.min(max, t.available());
            PacketBatch b = input[0].pull(want);
            if (b != null) {
                int n = b.size();
                t.remove(n);
                count += n;
            }
            return b;
        }
        final PacketBatch o = out;
        o.clear();
        while (o.size() < max && t.positive()) {
            PacketBatch b = input[0].pull(1);
            if (b == null || b.isEmpty()) {
                break;
            }
            for (int i = 0, n = b.size(); i < n; i++) {
                Packet p = b.get(i);
                t.remove(p.length());
                o.add(p);
            }
        }
        count += o.size();
        return o;
    }

    @Override
    public boolean isEmpty() {
        if (!tokens(context.now())) {
            return true;
        }
        return upstream.allEmpty();
    }

    @Override
    public void addListener(Task t) {
        listeners = Listeners.append(listeners, t);
        upstream.addListener(t);
    }

    @Override
    public void cleanup() {
        if (timer != null && timer.scheduled()) {
            context.unschedule(this, timer);
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("rate", () -> RateArgs.unparse(tb.rate(), bytes), v -> {
            args.rate = RateArgs.parse(v, bytes);
            tb.assign(args.rate, args.tokens());
            Listeners.wake(listeners);
        });
        h.readLong("count", () -> count);
    }
}
