package io.uniclick.core.runtime;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.Element;
import java.util.HashMap;
import java.util.Map;

/**
 * AddressInfo names of a router (Click §A.8). AddressInfo elements add entries while configuring
 * (they configure first); other elements' address arguments resolve names through it. Names are
 * scoped to compounds: {@code a/b/NAME} is found first from an element inside {@code a/b}.
 */
public final class AddressTable {
    /** What one name stands for; unset parts are null. */
    public record Entry(Integer ip, int[] prefix, byte[] ether) {
    }

    private final Map<String, Entry> names = new HashMap<>();

    /** Adds or replaces {@code name} (already prefixed with the declaring element's compound path). */
    public void put(String scopedName, Entry e) {
        names.put(scopedName, e);
    }

    /** The entry for {@code name} seen from {@code from}, or null. */
    public Entry find(Element from, String name) {
        String prefix = from == null ? "" : from.name();
        int slash;
        while ((slash = prefix.lastIndexOf('/')) >= 0) {
            prefix = prefix.substring(0, slash);
            Entry e = names.get(prefix + "/" + name);
            if (e != null) {
                return e;
            }
        }
        return names.get(name);
    }

    /** Resolves {@code NAME[:suffix]} to address text for argument parsing, or null. */
    public String resolve(Element from, String text, AddressResolver.Kind kind) {
        String name = text;
        String suffix = "";
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.substring(colon + 1).matches("ip|ipnet|eth|bcast|gw|ip6|ip6net")) {
            name = text.substring(0, colon);
            suffix = text.substring(colon + 1);
        }
        Entry e = find(from, name);
        if (e == null) {
            return null;
        }
        switch (suffix) {
            case "eth" -> {
                return e.ether() == null ? null : ether(e.ether());
            }
            case "ipnet" -> {
                return e.prefix() == null ? null : prefix(e.prefix());
            }
            case "bcast" -> {
                return e.prefix() == null ? null : ArgTypes.formatIPv4(e.prefix()[0] | ~e.prefix()[1]);
            }
            case "gw" -> {
                return e.prefix() == null ? null : ArgTypes.formatIPv4(e.prefix()[0] | 1);
            }
            case "ip" -> {
                return e.ip() == null ? null : ArgTypes.formatIPv4(e.ip());
            }
            default -> {
                return switch (kind) {
                    case ETHER -> e.ether() == null ? null : ether(e.ether());
                    case IPV4 -> e.ip() != null ? ArgTypes.formatIPv4(e.ip()) : null;
                    case IPV4_PREFIX -> e.ip() != null && e.prefix() != null
                            ? ArgTypes.formatIPv4(e.ip()) + "/" + ArgTypes.formatIPv4(e.prefix()[1])
                            : e.prefix() != null ? prefix(e.prefix()) : e.ip() != null ? ArgTypes.formatIPv4(e.ip()) : null;
                };
            }
        }
    }

    private static String prefix(int[] p) {
        return ArgTypes.formatIPv4(p[0]) + "/" + Integer.bitCount(p[1]);
    }

    private static String ether(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
