package io.uniclick.elements.standard;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Sets a one-byte annotation, by default the paint annotation (Click's Paint). */
@ElementInfo(name = "Paint", ports = "1/1", processing = "a/a",
        synopsis = "Paint(COLOR [, ANNO])",
        description = "Sets each packet's paint annotation (or the one-byte annotation at offset ANNO) to COLOR, 0..255.",
        keywords = {"COLOR: the value, 0..255", "ANNO: annotation offset 0..47 or name (default PAINT, offset 16)"},
        handlers = {"color (rw)"},
        example = "FromDevice(eth0) -> Paint(1) -> ...; ... -> ps :: PaintSwitch;")
public final class Paint extends Element {
    private volatile int color;
    private int anno;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer c = a.mandatoryPositional("COLOR", Annos.BYTE);
        anno = a.positional("ANNO", Annos.ANNO8, Packet.PAINT_ANNO_OFFSET);
        a.complete();
        color = c == null ? 0 : c;
    }

    private void paint(PacketBatch b) {
        final int c = color;
        final int off = anno;
        for (int i = 0, n = b.size(); i < n; i++) {
            b.get(i).setAnno8(off, c);
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        paint(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            paint(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("color", () -> Integer.toString(color), v -> color = HandlerValues.parse(Annos.BYTE, v));
    }
}
