package io.uniclick.elements.classifier;

import io.uniclick.core.packet.Packet;

/**
 * Where the header spaces a classifier test addresses begin in a packet. A base of -1 means the
 * space is absent: every test in it takes its short-packet branch. Used by the interpreter and by
 * generated classifiers alike, so that both agree exactly.
 */
final class Spaces {
    private Spaces() {
    }

    /**
     * Network header offset from the data start. Without the annotation the data start is taken as
     * the IP header (as after Strip(14) without CheckIPHeader/MarkIPHeader; Click would crash).
     */
    public static int netBase(Packet p) {
        int b = p.hasNetworkHeader() ? p.networkHeaderOffset() : 0;
        return b >= 0 && b <= p.length() ? b : -1;
    }

    /**
     * Transport header offset: the annotation when the network header is annotated, else the IP
     * header length read from the first byte (as MarkIPHeader would compute it).
     */
    public static int transpBase(Packet p) {
        int len = p.length();
        int b;
        if (p.hasNetworkHeader()) {
            b = p.transportHeaderOffset();
        } else {
            b = len > 0 ? (p.u8(0) & 15) << 2 : -1;
        }
        return b >= 0 && b <= len ? b : -1;
    }

    /** MAC header offset, or -1 when unset or before the data start. */
    public static int macBase(Packet p) {
        int b = p.macHeaderOffset();
        return b >= 0 && b <= p.length() ? b : -1;
    }

    /** Reads a big-endian field of 1 to 4 bytes; the caller has checked the bytes are there. */
    public static int read(Packet p, int at, int width) {
        return switch (width) {
            case 1 -> p.u8(at);
            case 2 -> p.u16(at);
            case 3 -> p.u16(at) << 8 | p.u8(at + 2);
            default -> p.i32(at);
        };
    }
}
