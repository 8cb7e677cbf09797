package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;

/** Duplicates packets to every output (Click's Tee). */
@ElementInfo(name = "Tee", ports = "1/1-", processing = "h/h",
        synopsis = "Tee([N])",
        description = "Pushes each packet to output 0 and a copy of it to each other output. N, if given, must equal the "
                + "number of outputs. All copies are made before anything is pushed, so downstream changes to one copy "
                + "never show in another.",
        keywords = {"N: number of outputs (checked)"},
        handlers = {"drops (r): copies the packet pool could not supply"},
        example = "t :: Tee; t[0] -> Queue -> ToDevice(eth0); t[1] -> ToDump(x.pcap);",
        notes = "Copies are full copies from the packet pool (Click shares the data of clones). The original goes to "
                + "output 0 (Click: the last output); outputs are pushed in order 0, 1, ...")
public final class Tee extends Element {
    private PacketBatch[] copies;
    private PacketPool pool;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        int n = a.positional("N", ArgTypes.UINT32, noutputs());
        a.complete();
        if (n != noutputs()) {
            throw new ConfigException(noutputs() + " outputs implies " + noutputs() + " arms");
        }
    }

    @Override
    public void initialize() {
        pool = context.pool(this);
        copies = new PacketBatch[noutputs()];
        for (int i = 1; i < copies.length; i++) {
            copies[i] = new PacketBatch();
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        final PacketBatch[] cs = copies;
        final int nout = cs.length;
        final PacketPool pl = pool;
        int done = 0;
        final int n = b.size();
        while (done < n) {
            int end = n;
            for (int o = 1; o < nout; o++) {
                PacketBatch c = cs[o];
                int cap = c.capacity();
                if (end - done > cap) {
                    end = done + cap;
                }
            }
            for (int o = 1; o < nout; o++) {
                PacketBatch c = cs[o];
                for (int i = done; i < end; i++) {
                    Packet p = b.get(i);
                    Packet q = pl.allocate(p.headroom(), p.length());
                    if (q == null) {
                        drops++;
                    } else if (q.copyContentsFrom(p)) {
                        c.add(q);
                    } else {
                        q.kill();
                        drops++;
                    }
                }
            }
            if (done == 0 && end == n) {
                output[0].push(b);
            } else {
                pushSlice(b, done, end);
            }
            for (int o = 1; o < nout; o++) {
                PacketBatch c = cs[o];
                if (!c.isEmpty()) {
                    output[o].push(c);
                    c.clear();
                }
            }
            done = end;
        }
    }

    private PacketBatch slice;

    /** Rare path: a pushed batch larger than our copy batches. */
    private void pushSlice(PacketBatch b, int from, int to) {
        if (slice == null || slice.capacity() < to - from) {
            slice = new PacketBatch(b.capacity());
        }
        slice.clear();
        for (int i = from; i < to; i++) {
            slice.add(b.get(i));
        }
        output[0].push(slice);
        slice.clear();
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
    }
}
