package io.uniclick.elements.standard;

import io.uniclick.core.element.OutputBatches;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;

/** Sends each packet to the output named by its paint annotation (Click's PaintSwitch). */
@ElementInfo(name = "PaintSwitch", ports = "1/-", processing = "h/h",
        synopsis = "PaintSwitch([ANNO])",
        description = "Pushes each packet to the output numbered by its paint annotation (or the one-byte annotation at "
                + "ANNO). Paint 255 sends a copy to every output (the original to the last). A packet whose paint is not an "
                + "output is dropped.",
        keywords = {"ANNO: annotation offset 0..47 or name (default PAINT)"},
        handlers = {"drops (r): packets dropped for a paint beyond the outputs, or copies the pool could not supply"},
        example = "ps :: PaintSwitch; ps[0] -> Discard; ps[1] -> Print(one) -> Discard;",
        notes = "Per-output batches are pushed after the whole input batch is sorted, in output order.")
public final class PaintSwitch extends Element {
    private int anno = Packet.PAINT_ANNO_OFFSET;
    private OutputBatches split;
    private PacketPool pool;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        anno = a.positional("ANNO", Annos.ANNO8, Packet.PAINT_ANNO_OFFSET);
        a.complete();
    }

    @Override
    public void initialize() {
        split = new OutputBatches(output);
        pool = context.pool(this);
    }

    @Override
    public void push(int port, PacketBatch b) {
        final OutputBatches s = split;
        final int off = anno;
        final int nout = output.length;
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            int o = p.anno8(off);
            if (o < nout) {
                s.add(o, p);
            } else if (o == 255 && nout > 0) {
                for (int j = 0; j < nout - 1; j++) {
                    Packet q = pool.allocate(p.headroom(), p.length());
                    if (q != null && q.copyContentsFrom(p)) {
                        s.add(j, q);
                    } else {
                        if (q != null) {
                            q.kill();
                        }
                        drops++;
                    }
                }
                s.add(nout - 1, p);
            } else {
                drops++;
                p.kill();
            }
        }
        b.clear();
        s.flush();
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
    }
}
