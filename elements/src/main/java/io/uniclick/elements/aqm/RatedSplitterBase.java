package io.uniclick.elements.aqm;

import io.uniclick.core.runtime.TokenBucket;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** RatedSplitter and BandwidthRatedSplitter: a token bucket decides between output 0 and output 1. */
abstract class RatedSplitterBase extends Element {
    private final boolean bytes;
    private final TokenBucket tb = new TokenBucket();
    private RateArgs args;
    private PacketBatch excess;
    private boolean excessPort;
    private long excessCount;

    RatedSplitterBase(boolean bytes) {
        this.bytes = bytes;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        args = RateArgs.read(a, bytes, 20_000_000L);
        a.complete();
        tb.assign(args.rate, args.tokens());
    }

    @Override
    public void initialize() {
        tb.fill(context.now());
        excess = new PacketBatch();
        excessPort = noutputs() > 1 && outputConnected(1);
    }

    @Override
    public void push(int port, PacketBatch b) {
        final TokenBucket t = tb;
        t.refill(context.now());
        final PacketBatch x = excess;
        final boolean byteMode = bytes;
        int kept = 0;
        final int n = b.size();
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if (t.removeIf(byteMode ? p.length() : 1)) {
                b.set(kept++, p);
            } else if (excessPort) {
                if (x.isFull()) {
                    output[1].push(x);
                    x.clear();
                }
                x.add(p);
            } else {
                p.kill();
            }
        }
        excessCount += n - kept;
        b.setSize(kept);
        if (kept > 0) {
            output[0].push(b);
        }
        if (!x.isEmpty()) {
            output[1].push(x);
            x.clear();
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("rate", () -> RateArgs.unparse(tb.rate(), bytes), v -> {
            args.rate = RateArgs.parse(v, bytes);
            tb.assign(args.rate, args.tokens());
        });
        h.readLong("excess", () -> excessCount);
    }
}
