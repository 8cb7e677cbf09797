package io.uniclick.configs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Plain-Java pcap reading and writing, and frame building, independent of uniclick's code. */
final class Pcap {
    private Pcap() {
    }

    /** The frames of a classic little- or big-endian pcap file (captured bytes). */
    static List<byte[]> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        List<byte[]> out = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int caplen = b.getInt(pos + 8);
            byte[] f = new byte[caplen];
            b.get(pos + 16, f);
            out.add(f);
            pos += 16 + caplen;
        }
        return out;
    }

    /** Writes frames as an Ethernet pcap, one millisecond apart. */
    static void write(Path file, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] f : frames) {
            size += 16 + f.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int i = 0;
        for (byte[] f : frames) {
            b.putInt(1_000_000 + i / 1000).putInt((i % 1000) * 1000).putInt(f.length).putInt(f.length).put(f);
            i++;
        }
        Files.write(file, b.array());
    }

    static String hex(byte[] f) {
        return HexFormat.of().formatHex(f);
    }

    // ---- field access ----------------------------------------------------------------------------

    static int u8(byte[] f, int off) {
        return f[off] & 0xFF;
    }

    static int u16(byte[] f, int off) {
        return (f[off] & 0xFF) << 8 | (f[off + 1] & 0xFF);
    }

    static int i32(byte[] f, int off) {
        return u16(f, off) << 16 | u16(f, off + 2);
    }

    static void set16(byte[] f, int off, int v) {
        f[off] = (byte) (v >> 8);
        f[off + 1] = (byte) v;
    }

    static void set32(byte[] f, int off, int v) {
        set16(f, off, v >>> 16);
        set16(f, off + 2, v);
    }

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    static byte[] mac(String colon) {
        return HexFormat.ofDelimiter(":").parseHex(colon);
    }

    /** One's-complement sum of f[off, off+len), not folded. */
    static long sum(byte[] f, int off, int len) {
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += u16(f, off + i);
        }
        if ((len & 1) != 0) {
            s += u8(f, off + len - 1) << 8;
        }
        return s;
    }

    static int fold(long s) {
        while ((s >> 16) != 0) {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return (int) s;
    }

    /** Whether the IPv4 header at 14 has a correct checksum. */
    static boolean ipChecksumOk(byte[] f) {
        int hl = (u8(f, 14) & 0xF) * 4;
        return fold(sum(f, 14, hl)) == 0xFFFF;
    }

    /** Whether the TCP/UDP/ICMP checksum of an IPv4 frame is correct (UDP checksum 0 counts as correct). */
    static boolean l4ChecksumOk(byte[] f) {
        int hl = (u8(f, 14) & 0xF) * 4;
        int th = 14 + hl;
        int tlen = u16(f, 16) - hl;
        int proto = u8(f, 23);
        if (proto == 1) {
            return fold(sum(f, th, tlen)) == 0xFFFF;
        }
        if (proto == 17 && u16(f, th + 6) == 0) {
            return true;
        }
        long s = sum(f, th, tlen) + sum(f, 26, 8) + proto + tlen;
        return fold(s) == 0xFFFF;
    }

    /** Recomputes the IP header checksum and the TCP/UDP/ICMP checksum of an IPv4 frame in place. */
    static byte[] fixChecksums(byte[] f) {
        int hl = (u8(f, 14) & 0xF) * 4;
        set16(f, 24, 0);
        set16(f, 24, ~fold(sum(f, 14, hl)) & 0xFFFF);
        int th = 14 + hl;
        int tlen = u16(f, 16) - hl;
        int proto = u8(f, 23);
        if (proto == 1) {
            set16(f, th + 2, 0);
            set16(f, th + 2, ~fold(sum(f, th, tlen)) & 0xFFFF);
        } else if (proto == 6 || proto == 17) {
            int co = proto == 6 ? th + 16 : th + 6;
            set16(f, co, 0);
            int c = ~fold(sum(f, th, tlen) + sum(f, 26, 8) + proto + tlen) & 0xFFFF;
            set16(f, co, proto == 17 && c == 0 ? 0xFFFF : c);
        }
        return f;
    }

    // ---- frame building --------------------------------------------------------------------------

    static final byte[] HOST_MAC = mac("02:00:00:00:10:01");
    static final byte[] ROUTER_MAC = mac("02:00:00:00:00:01");

    /** An Ethernet + IPv4 frame around an L4 header and payload, checksums computed. */
    static byte[] ipv4(int proto, int src, int dst, int ttl, byte[] l4) {
        byte[] f = new byte[14 + 20 + l4.length];
        System.arraycopy(ROUTER_MAC, 0, f, 0, 6);
        System.arraycopy(HOST_MAC, 0, f, 6, 6);
        set16(f, 12, 0x0800);
        f[14] = 0x45;
        set16(f, 16, 20 + l4.length);
        set16(f, 18, 0x1234);
        f[22] = (byte) ttl;
        f[23] = (byte) proto;
        set32(f, 26, src);
        set32(f, 30, dst);
        System.arraycopy(l4, 0, f, 34, l4.length);
        return fixChecksums(f);
    }

    static byte[] tcp(int src, int sport, int dst, int dport, int flags, int payload) {
        byte[] l4 = new byte[20 + payload];
        set16(l4, 0, sport);
        set16(l4, 2, dport);
        set32(l4, 4, 1000);
        l4[12] = 0x50;
        l4[13] = (byte) flags;
        set16(l4, 14, 8192);
        for (int i = 0; i < payload; i++) {
            l4[20 + i] = (byte) (i * 7 + sport);
        }
        return ipv4(6, src, dst, 64, l4);
    }

    static byte[] udp(int src, int sport, int dst, int dport, int payload) {
        byte[] l4 = new byte[8 + payload];
        set16(l4, 0, sport);
        set16(l4, 2, dport);
        set16(l4, 4, 8 + payload);
        for (int i = 0; i < payload; i++) {
            l4[8 + i] = (byte) (i * 3 + dport);
        }
        return ipv4(17, src, dst, 64, l4);
    }

    static byte[] icmpEcho(int src, int dst, int type, int id, int seq) {
        byte[] l4 = new byte[16];
        l4[0] = (byte) type;
        set16(l4, 4, id);
        set16(l4, 6, seq);
        return ipv4(1, src, dst, 64, l4);
    }

    static byte[] withTtl(byte[] f, int ttl) {
        byte[] g = f.clone();
        g[22] = (byte) ttl;
        return fixChecksums(g);
    }

    /** An ARP frame (Ethernet, IPv4): op 1 request, 2 reply. */
    static byte[] arp(int op, byte[] ethDst, byte[] sha, int spa, byte[] tha, int tpa) {
        byte[] f = new byte[60];
        System.arraycopy(ethDst, 0, f, 0, 6);
        System.arraycopy(sha, 0, f, 6, 6);
        set16(f, 12, 0x0806);
        set16(f, 14, 1);
        set16(f, 16, 0x0800);
        f[18] = 6;
        f[19] = 4;
        set16(f, 20, op);
        System.arraycopy(sha, 0, f, 22, 6);
        set32(f, 28, spa);
        System.arraycopy(tha, 0, f, 32, 6);
        set32(f, 38, tpa);
        return f;
    }

    // ---- Click's CheckIPHeader, decided independently ----------------------------------------

    /** Whether CheckIPHeader (defaults) accepts the frame's IPv4 header at offset 14. */
    static boolean validIp(byte[] f) {
        int len = f.length - 14;
        if (len < 20) {
            return false;
        }
        int vhl = u8(f, 14);
        int hl = (vhl & 0xF) * 4;
        if ((vhl >> 4) != 4 || hl < 20 || hl > len) {
            return false;
        }
        int tot = u16(f, 16);
        if (tot < hl || tot > len) {
            return false;
        }
        if (!ipChecksumOk(f)) {
            return false;
        }
        int src = i32(f, 26);
        return src != -1 && (src >>> 28) != 0xE;
    }

    /** The frame as CheckIPHeader leaves it: cut to the IP total length. */
    static byte[] trimmed(byte[] f) {
        int tot = u16(f, 16);
        return java.util.Arrays.copyOf(f, 14 + tot);
    }
}
