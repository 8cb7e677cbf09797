package io.uniclick.elements.iproute;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.Element;
import io.uniclick.core.packet.Packet;
import java.util.List;

/**
 * Address parsing and formatting shared by the routing, Ethernet and ARP elements (control path
 * only: these allocate). Also the VLAN annotation offset.
 */
public final class Net {
    private Net() {
    }

    /** Offset of the 16-bit VLAN TCI annotation, network order (Click's VLAN_TCI_ANNO_OFFSET). */
    public static final int VLAN_TCI_ANNO_OFFSET = 20;

    /** Dotted quad. */
    public static String ip(int a) {
        return ArgTypes.formatIPv4(a);
    }

    /** Prefix length of a contiguous mask, or -1. */
    public static int prefixLen(int mask) {
        int l = Integer.bitCount(mask);
        int m = l == 0 ? 0 : -1 << (32 - l);
        return m == mask ? l : -1;
    }

    /** Mask of a prefix length. */
    public static int maskOf(int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }

    /** Click's {@code unparse_with_mask}: {@code 10.0.0.0/8}, or {@code 10.0.0.0/255.0.255.0} for a noncontiguous mask. */
    public static String ipWithMask(int addr, int mask) {
        int l = prefixLen(mask);
        return ip(addr) + "/" + (l >= 0 ? Integer.toString(l) : ip(mask));
    }

    /** Click's EtherAddress unparse: upper-case, dash-separated. */
    public static String ether(long e) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (e >>> (8 * i)) & 0xFF;
            sb.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
            if (i > 0) {
                sb.append('-');
            }
        }
        return sb.toString();
    }

    /** Six bytes packed into the low 48 bits of a long, first byte most significant. */
    public static long etherToLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** Writes a packed Ethernet address at {@code off}. */
    public static void putEther(Packet p, int off, long e) {
        p.setU16(off, (int) (e >>> 32));
        p.setI32(off + 2, (int) e);
    }

    /** Reads an Ethernet address at {@code off} as a packed long. */
    public static long getEther(Packet p, int off) {
        return ((long) p.u16(off) << 32) | (p.i32(off + 2) & 0xFFFFFFFFL);
    }

    /** A resolver for handler-time parsing: names seen from {@code e}. */
    public static AddressResolver resolverFor(Element e, io.uniclick.core.element.ElementContext ctx) {
        return ctx == null ? null : (name, kind) -> ctx.addresses().resolve(e, name, kind);
    }

    private static boolean nameLike(String w) {
        return !w.isEmpty() && (Character.isLetter(w.charAt(0)) || w.charAt(0) == '_');
    }

    /** An IPv4 address or an AddressInfo name; null if neither. */
    public static Integer parseIp(String word, AddressResolver res) {
        String w = ConfigText.unquote(word).trim();
        int[] a = ArgTypes.parseIPv4(w, false);
        if (a != null) {
            return a[0];
        }
        if (res != null && nameLike(w)) {
            String r = res.resolve(w, AddressResolver.Kind.IPV4);
            if (r != null) {
                a = ArgTypes.parseIPv4(r.trim(), false);
                if (a != null) {
                    return a[0];
                }
            }
        }
        return null;
    }

    /** An Ethernet address or an AddressInfo name, packed; null if neither. */
    public static Long parseEther(String word, AddressResolver res) {
        String w = ConfigText.unquote(word).trim();
        try {
            return etherToLong(ArgTypes.ETHER.parse(w));
        } catch (Exception e) {
            // maybe a name
        }
        if (res != null && nameLike(w)) {
            String r = res.resolve(w, AddressResolver.Kind.ETHER);
            if (r != null) {
                try {
                    return etherToLong(ArgTypes.ETHER.parse(r));
                } catch (Exception e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A literal prefix {@code a.b.c.d/len}, {@code a.b/16} or {@code a.b.c.d/m.m.m.m}; the address is NOT masked. Null if malformed. */
    public static int[] parseLiteralPrefix(String s) {
        int slash = s.lastIndexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            return null;
        }
        int[] a = ArgTypes.parseIPv4(s.substring(0, slash), true);
        if (a == null) {
            return null;
        }
        String l = s.substring(slash + 1);
        int mask;
        if (l.indexOf('.') >= 0) {
            int[] m = ArgTypes.parseIPv4(l, false);
            if (m == null) {
                return null;
            }
            mask = m[0];
        } else {
            if (l.length() > 2 || !l.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int len = Integer.parseInt(l);
            if (len > 32) {
                return null;
            }
            mask = maskOf(len);
        }
        return new int[] {a[0], mask};
    }

    /**
     * Click's {@code IPPrefixArg(true)}: a prefix, a bare address (mask /32) or an AddressInfo
     * name (its address, preferred, as /32; else its prefix). The address is not masked. Null if none.
     */
    public static int[] parsePrefixOrAddress(String word, AddressResolver res) {
        String w = ConfigText.unquote(word).trim();
        int[] p = parseLiteralPrefix(w);
        if (p != null) {
            return p;
        }
        int[] a = ArgTypes.parseIPv4(w, false);
        if (a != null) {
            return new int[] {a[0], -1};
        }
        if (res != null && nameLike(w)) {
            String r = res.resolve(w, AddressResolver.Kind.IPV4);
            if (r != null) {
                a = ArgTypes.parseIPv4(r.trim(), false);
                if (a != null) {
                    return new int[] {a[0], -1};
                }
                p = parseLiteralPrefix(r.trim());
                if (p != null) {
                    return p;
                }
            }
            r = res.resolve(w, AddressResolver.Kind.IPV4_PREFIX);
            if (r != null) {
                p = parseLiteralPrefix(r.trim());
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Splits an argument into words. */
    public static List<String> words(String arg) {
        return ConfigText.splitWords(arg);
    }
}
