package io.uniclick.netfront.front;

/**
 * Kinds of backend misbehaviour the frontend detects (spec §6), each counted separately. Kinds
 * marked "breaks" stop the vif (state → Closing) and force a reconnect; the others drop the packet
 * and recycle its buffers.
 */
public final class Violation {
    private Violation() {
    }

    /** RX {@code rsp_prod} beyond what was posted (breaks). */
    public static final int RX_PROD_OVERFLOW = 0;
    /** RX {@code rsp_prod} moved backwards (breaks). */
    public static final int RX_PROD_BACKWARDS = 1;
    /** RX response id is not the slot's buffer (breaks). */
    public static final int RX_BAD_ID = 2;
    /** RX status negative (a NETIF_RSP_* or GNTST_* error). */
    public static final int RX_ERROR_STATUS = 3;
    /** RX offset + status beyond the page. */
    public static final int RX_BAD_OFFSET = 4;
    /** RX packet empty or shorter than an Ethernet header. */
    public static final int RX_RUNT = 5;
    /** RX more_data / extra_info chain although none was negotiated (dropped). */
    public static final int RX_UNNEGOTIATED_CHAIN = 6;
    /** RX chain running past the producer snapshot (breaks). */
    public static final int RX_CHAIN_UNTERMINATED = 7;
    /** RX chain longer than 19 slots (breaks). */
    public static final int RX_TOO_MANY_SLOTS = 8;
    /** RX extra of an invalid type or with bad GSO fields (breaks). */
    public static final int RX_BAD_EXTRA = 9;
    /** TX {@code rsp_prod} beyond the requests outstanding (breaks). */
    public static final int TX_PROD_OVERFLOW = 10;
    /** TX {@code rsp_prod} moved backwards (breaks). */
    public static final int TX_PROD_BACKWARDS = 11;
    /** TX response id ≥ 256 (breaks). */
    public static final int TX_BAD_ID = 12;
    /** TX response id not outstanding: duplicate or stale (breaks). */
    public static final int TX_ID_NOT_PENDING = 13;
    /** TX status outside OKAY/ERROR/DROPPED (treated as an error). */
    public static final int TX_BAD_STATUS = 14;
    /** TX NULL response although no extras were sent (breaks). */
    public static final int TX_UNEXPECTED_NULL = 15;
    /** A xenstore value from the backend that does not parse (ignored or clamped). */
    public static final int XS_BAD_VALUE = 16;
    /** The backend left Connected while we were connected. */
    public static final int BACKEND_DISCONNECTED = 17;
    /** Number of kinds. */
    public static final int COUNT = 18;

    private static final String[] NAMES = {"rx_prod_overflow", "rx_prod_backwards", "rx_bad_id", "rx_error_status",
        "rx_bad_offset", "rx_runt", "rx_unnegotiated_chain", "rx_chain_unterminated", "rx_too_many_slots", "rx_bad_extra",
        "tx_prod_overflow", "tx_prod_backwards", "tx_bad_id", "tx_id_not_pending", "tx_bad_status", "tx_unexpected_null",
        "xs_bad_value", "backend_disconnected"};

    /** The handler name of a kind. */
    public static String name(int kind) {
        return NAMES[kind];
    }
}
