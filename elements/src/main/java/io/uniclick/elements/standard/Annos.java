package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgType;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.packet.Packet;
import java.util.Locale;

/** Click's AnnoArg for one-byte annotations: an offset into the user annotation area or a name. Not an element. */
final class Annos {
    private Annos() {
    }

    /** One-byte annotation: {@code PAINT}, {@code DST_IP}… or a number 0..47. */
    static final ArgType<Integer> ANNO8 = t -> {
        String s = ConfigText.unquote(t).trim();
        switch (s.toUpperCase(Locale.ROOT)) {
            case "PAINT", "PAINT_ANNO" -> {
                return Packet.PAINT_ANNO_OFFSET;
            }
            case "DST_IP", "DST_IP_ANNO" -> {
                return Packet.DST_IP_ANNO_OFFSET;
            }
            default -> {
                long v;
                try {
                    v = ArgTypes.parseInteger(s);
                } catch (ArgException e) {
                    throw new ArgException("expected annotation");
                }
                if (v < 0 || v >= Packet.ANNO_SIZE) {
                    throw new ArgException("out of range, bound " + (Packet.ANNO_SIZE - 1));
                }
                return (int) v;
            }
        }
    };

    /** A byte value 0..255. */
    static final ArgType<Integer> BYTE = t -> {
        long v = ArgTypes.parseInteger(t);
        if (v < 0) {
            throw new ArgException("out of range, bound 0");
        }
        if (v > 255) {
            throw new ArgException("out of range, bound 255");
        }
        return (int) v;
    };
}
