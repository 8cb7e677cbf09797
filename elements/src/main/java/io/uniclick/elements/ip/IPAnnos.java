package io.uniclick.elements.ip;

import io.uniclick.core.packet.Packet;

/**
 * Annotation offsets the IPv4 path uses in Click's 48-byte user annotation area, with Click's
 * offsets ({@code packet_anno.hh}), plus the packet-type annotation. Not an element.
 *
 * <p>The link-level packet type (host, broadcast, multicast, …) is a field of {@link Packet}
 * outside the user area, as in Click; the constants here mirror {@link Packet}'s.
 */
public final class IPAnnos {
    private IPAnnos() {
    }

    /** Click's ICMP_PARAMPROB_ANNO_OFFSET: the parameter-problem pointer for ICMPError. */
    public static final int ICMP_PARAMPROB_ANNO_OFFSET = 17;
    /** Click's FIX_IP_SRC_ANNO_OFFSET: set by ICMPError, read by FixIPSrc. */
    public static final int FIX_IP_SRC_ANNO_OFFSET = 19;
    /** Click's AGGREGATE_ANNO_OFFSET (4 bytes). */
    public static final int AGGREGATE_ANNO_OFFSET = 20;

    /** Packet types, Click's {@code Packet::PacketType}. */
    public static final int HOST = Packet.HOST;
    /** Link-level broadcast. */
    public static final int BROADCAST = Packet.BROADCAST;
    /** Link-level multicast. */
    public static final int MULTICAST = Packet.MULTICAST;
    /** For another host. */
    public static final int OTHERHOST = Packet.OTHERHOST;
    /** Outgoing. */
    public static final int OUTGOING = Packet.OUTGOING;
    /** Loopback. */
    public static final int LOOPBACK = Packet.LOOPBACK;
    /** Fast route. */
    public static final int FASTROUTE = Packet.FASTROUTE;

    /** The packet-type annotation. */
    public static int packetType(Packet p) {
        return p.packetType();
    }

    /** Sets the packet-type annotation. */
    public static void setPacketType(Packet p, int type) {
        p.setPacketType(type);
    }
}
