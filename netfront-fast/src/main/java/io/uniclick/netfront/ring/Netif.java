package io.uniclick.netfront.ring;

/**
 * Constants of Xen's PV network protocol ({@code xen/include/public/io/netif.h} and {@code ring.h}):
 * flag bits, response statuses, extra-info types, ring geometry. See spec §1.
 */
public final class Netif {
    private Netif() {
    }

    /** Page size of every granted page, whatever the guest kernel uses. */
    public static final int PAGE_SIZE = 4096;
    /** Slots of the TX and RX rings (both 256). */
    public static final int RING_SIZE = 256;
    /** Mask turning a free-running index into a slot. */
    public static final int RING_MASK = RING_SIZE - 1;
    /** Byte offset of the first slot in a shared ring page. */
    public static final int RING_HEADER = 64;
    /** Offset of {@code req_prod}. */
    public static final long REQ_PROD = 0;
    /** Offset of {@code req_event}. */
    public static final long REQ_EVENT = 4;
    /** Offset of {@code rsp_prod}. */
    public static final long RSP_PROD = 8;
    /** Offset of {@code rsp_event}. */
    public static final long RSP_EVENT = 12;
    /** Size of a TX ring slot (union of a 12-byte request and a 4-byte response). */
    public static final int TX_SLOT = 12;
    /** Size of an RX ring slot (8-byte request and response). */
    public static final int RX_SLOT = 8;

    /** TX: checksum blank (protocol-level partial checksum). */
    public static final int NETTXF_CSUM_BLANK = 0x01;
    /** TX: data validated. */
    public static final int NETTXF_DATA_VALIDATED = 0x02;
    /** TX: another data slot follows. */
    public static final int NETTXF_MORE_DATA = 0x04;
    /** TX: extra-info slots follow this one. */
    public static final int NETTXF_EXTRA_INFO = 0x08;
    /** RX: data validated (note: swapped with TX). */
    public static final int NETRXF_DATA_VALIDATED = 0x01;
    /** RX: checksum blank (note: swapped with TX). */
    public static final int NETRXF_CSUM_BLANK = 0x02;
    /** RX: another data slot follows. */
    public static final int NETRXF_MORE_DATA = 0x04;
    /** RX: extra-info slots follow. */
    public static final int NETRXF_EXTRA_INFO = 0x08;
    /** RX: deprecated GSO prefix slot. */
    public static final int NETRXF_GSO_PREFIX = 0x10;

    /** Response: no response (the slot held an extra). */
    public static final int NETIF_RSP_NULL = 1;
    /** Response: OK. */
    public static final int NETIF_RSP_OKAY = 0;
    /** Response: error. */
    public static final int NETIF_RSP_ERROR = -1;
    /** Response: dropped. */
    public static final int NETIF_RSP_DROPPED = -2;

    /** Extra-info flag: another extra follows. */
    public static final int EXTRA_FLAG_MORE = 0x01;
    /** Extra type NONE (invalid on the wire). */
    public static final int EXTRA_TYPE_NONE = 0;
    /** Extra type GSO. */
    public static final int EXTRA_TYPE_GSO = 1;
    /** Extra type multicast add. */
    public static final int EXTRA_TYPE_MCAST_ADD = 2;
    /** Extra type multicast delete. */
    public static final int EXTRA_TYPE_MCAST_DEL = 3;
    /** Extra type hash. */
    public static final int EXTRA_TYPE_HASH = 4;
    /** Extra type XDP (Linux only). */
    public static final int EXTRA_TYPE_XDP = 5;
    /** One past the largest extra type Linux knows. */
    public static final int EXTRA_TYPE_MAX = 6;
    /** GSO type TCPv4. */
    public static final int GSO_TYPE_TCPV4 = 1;
    /** GSO type TCPv6. */
    public static final int GSO_TYPE_TCPV6 = 2;

    /** Data slots every backend accepts per packet. */
    public static final int NR_SLOTS_MIN = 18;
    /** Follow-on slots beyond which Linux netback disables the interface. */
    public static final int FATAL_SKB_SLOTS = 20;
    /** Largest packet. */
    public static final int MAX_TX_SIZE = 0xFFFF;
    /** Ethernet header length, minimum first-slot size. */
    public static final int ETH_HLEN = 14;

    /** Grant status: OK. */
    public static final int GNTST_OKAY = 0;
    /** Grant status: general error. */
    public static final int GNTST_GENERAL_ERROR = -1;
    /** Grant status: bad domain. */
    public static final int GNTST_BAD_DOMAIN = -2;
    /** Grant status: bad grant reference. */
    public static final int GNTST_BAD_GNTREF = -3;
    /** Grant status: permission denied. */
    public static final int GNTST_PERMISSION_DENIED = -8;
    /** Grant status: bad copy argument. */
    public static final int GNTST_BAD_COPY_ARG = -10;

    /** Slot byte offset of free-running TX index {@code idx}. */
    public static long txSlot(int idx) {
        return RING_HEADER + (long) TX_SLOT * (idx & RING_MASK);
    }

    /** Slot byte offset of free-running RX index {@code idx}. */
    public static long rxSlot(int idx) {
        return RING_HEADER + (long) RX_SLOT * (idx & RING_MASK);
    }

    /** Click-style name of a response status. */
    public static String statusName(int status) {
        return switch (status) {
            case NETIF_RSP_NULL -> "NULL";
            case NETIF_RSP_OKAY -> "OKAY";
            case NETIF_RSP_ERROR -> "ERROR";
            case NETIF_RSP_DROPPED -> "DROPPED";
            default -> Integer.toString(status);
        };
    }
}
