package io.uniclick.netfront.bench;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.front.NetFront;

/**
 * Moves 60-byte frames through one connected {@link NetFront} as fast as it takes them: the frontend
 * side of the netif benchmarks, whatever the backend is (a thread, another process). Allocates
 * nothing after construction; call it from one thread.
 *
 * <p>Waiting for the backend spins briefly and then yields the CPU: on a machine with fewer free
 * cores than busy threads, a spinning frontend would otherwise burn the time slice its backend
 * needs.
 */
public final class FrontDriver {
    /** Spins before the waiting side starts yielding. */
    static final int SPINS = 256;
    /** Waits (spins + yields) without progress after which a batch gives up. */
    static final long GIVE_UP = 50_000_000L;
    private static final byte[] FRAME = new byte[60];

    static {
        byte[] h = {0x00, 0x16, 0x3e, 0x00, 0x00, 0x02, 0x00, 0x16, 0x3e, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0, 0, 46};
        System.arraycopy(h, 0, FRAME, 0, h.length);
    }

    private final NetFront front;
    private final PacketPool pool;
    private final PacketBatch batch = new PacketBatch();

    /** A driver for {@code front}, with its own packet pool (owned by the constructing thread). */
    public FrontDriver(NetFront front) {
        this.front = front;
        this.pool = new PacketPool(2048, 4096, null);
    }

    /** The frontend. */
    public NetFront front() {
        return front;
    }

    /** Waits a little for the peer: spins first, then yields; false when it is time to give up. */
    static boolean idle(long idle) {
        if (idle > GIVE_UP) {
            return false;
        }
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return true;
    }

    /** Sends {@code n} 60-byte frames (waiting for ring room as needed); returns frames sent. */
    public int txBatch(int n) {
        final PacketBatch b = batch;
        final PacketPool p = pool;
        final NetFront f = front;
        int sent = 0;
        long idle = 0;
        while (sent < n) {
            int room = Math.min(f.txRoom(), Math.min(n - sent, PacketBatch.MAX_SIZE));
            if (room <= 0) {
                if (!idle(++idle) || !f.connected()) {
                    break;
                }
                continue;
            }
            idle = 0;
            for (int i = 0; i < room; i++) {
                Packet q = p.allocate(0, 60);
                if (q == null) {
                    break;
                }
                q.copyFrom(FRAME, 0, 0, 60);
                b.add(q);
            }
            sent += f.transmit(b);
        }
        return sent;
    }

    /** Receives {@code n} frames (the backend must be supplying them); returns frames received. */
    public int rxBatch(int n) {
        final PacketBatch b = batch;
        final PacketPool p = pool;
        final NetFront f = front;
        int got = 0;
        long idle = 0;
        while (got < n) {
            int k = f.receive(b, Math.min(PacketBatch.MAX_SIZE, n - got), p);
            if (k == 0) {
                if (!idle(++idle) || !f.connected()) {
                    break;
                }
                continue;
            }
            idle = 0;
            b.killAll();
            got += k;
        }
        return got;
    }
}
