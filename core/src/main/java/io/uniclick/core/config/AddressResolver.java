package io.uniclick.core.config;

/**
 * Resolves AddressInfo names (Click §A.8) while arguments are parsed: {@code NAME}, or with a
 * suffix forcing the kind ({@code NAME:ip}, {@code :ipnet}, {@code :eth}, {@code :bcast}, {@code :gw}).
 */
public interface AddressResolver {
    /** The kinds an argument may ask for. */
    enum Kind {
        /** An IPv4 address. */
        IPV4,
        /** An IPv4 prefix. */
        IPV4_PREFIX,
        /** An Ethernet address. */
        ETHER
    }

    /** The address text for {@code name} as {@code kind} (e.g. "10.0.0.1", "10.0.0.0/8", "00:11:22:33:44:55"), or null. */
    String resolve(String name, Kind kind);
}
