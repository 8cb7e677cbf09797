package io.uniclick.elements.rewriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test packets: Ethernet + IPv4 + TCP/UDP/ICMP with correct checksums, pcap files, and an independent checksum checker. */
final class Pkt {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;

    private Pkt() {
    }

    static int ip(String s) {
        String[] p = s.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
    }

    static String ip(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    /** A TCP packet with {@code flags} and {@code payload} bytes of data. */
    static byte[] tcp(String src, int sport, String dst, int dport, int flags, int payload) {
        byte[] t = new byte[20 + payload];
        put16(t, 0, sport);
        put16(t, 2, dport);
        put32(t, 4, 0x01020304);
        put32(t, 8, 0x0A0B0C0D);
        t[12] = 0x50;
        t[13] = (byte) flags;
        put16(t, 14, 8192);
        for (int i = 0; i < payload; i++) {
            t[20 + i] = (byte) (i * 7 + 3);
        }
        return ipv4(src, dst, TCP, t, 16, 0);
    }

    static byte[] udp(String src, int sport, String dst, int dport, int payload, boolean checksum) {
        byte[] u = new byte[8 + payload];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        for (int i = 0; i < payload; i++) {
            u[8 + i] = (byte) (i * 13 + 1);
        }
        return ipv4(src, dst, UDP, u, checksum ? 6 : -1, 0);
    }

    static byte[] icmpEcho(String src, String dst, int type, int id, int seq) {
        byte[] c = new byte[16];
        c[0] = (byte) type;
        put16(c, 4, id);
        put16(c, 6, seq);
        put16(c, 2, csum(c, 0, c.length, 0));
        return ipv4(src, dst, ICMP, c, -1, 0);
    }

    /** Ethernet + IPv4 around {@code l4}; fills the L4 checksum at {@code csumOff} (pseudo-header) unless negative. */
    static byte[] ipv4(String src, String dst, int proto, byte[] l4, int csumOff, int fragField) {
        byte[] f = new byte[14 + 20 + l4.length];
        put16(f, 12, 0x0800);
        int o = 14;
        f[o] = 0x45;
        put16(f, o + 2, 20 + l4.length);
        put16(f, o + 4, 0x1234);
        put16(f, o + 6, fragField);
        f[o + 8] = 64;
        f[o + 9] = (byte) proto;
        put32(f, o + 12, ip(src));
        put32(f, o + 16, ip(dst));
        put16(f, o + 10, csum(f, o, 20, 0));
        System.arraycopy(l4, 0, f, o + 20, l4.length);
        if (csumOff >= 0) {
            put16(f, o + 20 + csumOff, 0);
            int c = csum(f, o + 20, l4.length, pseudo(f, o, proto, l4.length));
            if (proto == UDP && c == 0) {
                c = 0xFFFF;
            }
            put16(f, o + 20 + csumOff, c);
        }
        return f;
    }

    static int pseudo(byte[] f, int o, int proto, int len) {
        long s = 0;
        for (int i = 12; i < 20; i += 2) {
            s += get16(f, o + i);
        }
        return (int) (s + proto + len);
    }

    /** The Internet checksum of {@code len} bytes at {@code off}, plus {@code initial}, complemented. */
    static int csum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            s += get16(b, off + i);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    /** Whether frame {@code f} (Ethernet) has valid IP and TCP/UDP checksums (UDP 0 accepted). */
    static boolean checksumsValid(byte[] f) {
        int o = 14;
        int hl = (f[o] & 15) * 4;
        if (csum(f, o, hl, 0) != 0) {
            return false;
        }
        int proto = f[o + 9] & 0xFF;
        int tl = get16(f, o + 2) - hl;
        int t = o + hl;
        if (proto == TCP) {
            return csum(f, t, tl, pseudo(f, o, proto, tl)) == 0;
        }
        if (proto == UDP) {
            return get16(f, t + 6) == 0 || csum(f, t, tl, pseudo(f, o, proto, tl)) == 0;
        }
        if (proto == ICMP) {
            return csum(f, t, tl, 0) == 0;
        }
        return true;
    }

    static int src(byte[] f) {
        return get32(f, 26);
    }

    static int dst(byte[] f) {
        return get32(f, 30);
    }

    static int sport(byte[] f) {
        return get16(f, 34);
    }

    static int dport(byte[] f) {
        return get16(f, 36);
    }

    static int get16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int get32(byte[] b, int i) {
        return get16(b, i) << 16 | get16(b, i + 2);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }

    /** Writes an Ethernet pcap. */
    static Path write(Path file, List<byte[]> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        int sec = 1_000_000;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(sec++).putInt(0).putInt(f.length).putInt(f.length);
            out.write(r.array());
            out.write(f);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** Reads the frames of a pcap (either byte order of the header). */
    static List<byte[]> read(Path file) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        if (!Files.exists(file)) {
            return frames;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4 && b.getInt(0) != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int incl = b.getInt(pos + 8);
            byte[] f = new byte[incl];
            b.position(pos + 16);
            b.get(f);
            frames.add(f);
            pos += 16 + incl;
        }
        return frames;
    }
}
