package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgType;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.packet.Packet;
import java.util.Locale;

/** Click's AnnoArg(size): an annotation offset by name or number that leaves room for {@code size} bytes. Not an element. */
final class AnnoArg {
    private AnnoArg() {
    }

    static ArgType<Integer> of(int size) {
        return t -> {
            String s = ConfigText.unquote(t).trim();
            String u = s.toUpperCase(Locale.ROOT);
            if (u.endsWith("_ANNO")) {
                u = u.substring(0, u.length() - 5);
            }
            int off = switch (u) {
                case "DST_IP" -> Packet.DST_IP_ANNO_OFFSET;
                case "PAINT" -> Packet.PAINT_ANNO_OFFSET;
                case "ICMP_PARAMPROB" -> IPAnnos.ICMP_PARAMPROB_ANNO_OFFSET;
                case "FIX_IP_SRC" -> IPAnnos.FIX_IP_SRC_ANNO_OFFSET;
                case "AGGREGATE", "MISC_IP" -> IPAnnos.AGGREGATE_ANNO_OFFSET;
                default -> {
                    long v;
                    try {
                        v = ArgTypes.parseInteger(s);
                    } catch (ArgException e) {
                        throw new ArgException("expected annotation");
                    }
                    if (v < 0 || v + size > Packet.ANNO_SIZE) {
                        throw new ArgException("out of range, bound " + (Packet.ANNO_SIZE - size));
                    }
                    yield (int) v;
                }
            };
            if (off + size > Packet.ANNO_SIZE) {
                throw new ArgException("annotation too small");
            }
            return off;
        };
    }
}
