package io.uniclick.elements.ip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test packets built from scratch, with checksums computed here independently of the elements. */
final class Pkt {
    private Pkt() {
    }

    /** RFC 1071 sum of {@code len} bytes at {@code off}, complemented. */
    static int cksum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xFFFF) + (s >> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    /** Whether a header including its checksum field verifies. */
    static boolean verifies(byte[] b, int off, int len) {
        return cksum(b, off, len) == 0;
    }

    /** TCP/UDP checksum over an IPv4 packet at {@code ip} (header length from the packet). */
    static int l4cksum(byte[] b, int ip, int l4len) {
        int hl = (b[ip] & 15) * 4;
        byte[] ph = new byte[12 + l4len];
        System.arraycopy(b, ip + 12, ph, 0, 8);
        ph[9] = b[ip + 9];
        ph[10] = (byte) (l4len >> 8);
        ph[11] = (byte) l4len;
        System.arraycopy(b, ip + hl, ph, 12, l4len);
        return cksum(ph, 0, ph.length);
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    static byte[] ip(String a) {
        String[] p = a.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
            (byte) Integer.parseInt(p[3])};
    }

    static int ipInt(String a) {
        return ByteBuffer.wrap(ip(a)).getInt();
    }

    /** An IPv4 header (20 bytes, valid checksum) followed by {@code payload}. */
    static byte[] ipv4(String src, String dst, int proto, int ttl, byte[] payload) {
        byte[] b = new byte[20 + payload.length];
        b[0] = 0x45;
        put16(b, 2, b.length);
        put16(b, 4, 0x1234);
        b[8] = (byte) ttl;
        b[9] = (byte) proto;
        System.arraycopy(ip(src), 0, b, 12, 4);
        System.arraycopy(ip(dst), 0, b, 16, 4);
        System.arraycopy(payload, 0, b, 20, payload.length);
        fixIp(b, 0);
        return b;
    }

    /** Recomputes the IP header checksum at {@code off}. */
    static void fixIp(byte[] b, int off) {
        int hl = (b[off] & 15) * 4;
        put16(b, off + 10, 0);
        put16(b, off + 10, cksum(b, off, hl));
    }

    /** TCP segment header (20 bytes) + data; checksum filled by {@link #tcp}. */
    static byte[] tcp(String src, String dst, int sport, int dport, long seq, long ack, int flags, int win, byte[] data) {
        byte[] t = new byte[20 + data.length];
        put16(t, 0, sport);
        put16(t, 2, dport);
        ByteBuffer.wrap(t).putInt(4, (int) seq).putInt(8, (int) ack);
        t[12] = 0x50;
        t[13] = (byte) flags;
        put16(t, 14, win);
        System.arraycopy(data, 0, t, 20, data.length);
        byte[] p = ipv4(src, dst, 6, 64, t);
        put16(p, 36, l4cksum(p, 0, t.length));
        return p;
    }

    static byte[] udp(String src, String dst, int sport, int dport, byte[] data) {
        byte[] u = new byte[8 + data.length];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        System.arraycopy(data, 0, u, 8, data.length);
        byte[] p = ipv4(src, dst, 17, 64, u);
        int c = l4cksum(p, 0, u.length);
        put16(p, 26, c == 0 ? 0xFFFF : c);
        return p;
    }

    static byte[] icmp(String src, String dst, int type, int code, int id, int seq, byte[] data) {
        byte[] m = new byte[8 + data.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put16(m, 4, id);
        put16(m, 6, seq);
        System.arraycopy(data, 0, m, 8, data.length);
        put16(m, 2, cksum(m, 0, m.length));
        return ipv4(src, dst, 1, 64, m);
    }

    /** An Ethernet header (IPv4 type) in front of {@code ip}. */
    static byte[] ether(byte[] ip) {
        byte[] b = new byte[14 + ip.length];
        b[0] = 2;
        b[5] = 1;
        b[6] = 2;
        b[11] = 2;
        b[12] = 8;
        System.arraycopy(ip, 0, b, 14, ip.length);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Writes a classic pcap file (Ethernet link type, microsecond timestamps 1.000001, 1.000002, …). */
    static void writePcap(Path f, List<byte[]> frames) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        o.write(h.array());
        int us = 0;
        for (byte[] fr : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1).putInt(++us).putInt(fr.length).putInt(fr.length);
            o.write(r.array());
            o.write(fr);
        }
        Files.write(f, o.toByteArray());
    }

    /** Reads the frames of a classic little-endian pcap file. */
    static List<byte[]> readPcap(Path f) throws IOException {
        byte[] a = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        java.util.ArrayList<byte[]> r = new java.util.ArrayList<>();
        int i = 24;
        while (i + 16 <= a.length) {
            int caplen = b.getInt(i + 8);
            if (i + 16 + caplen > a.length) {
                break;
            }
            r.add(java.util.Arrays.copyOfRange(a, i + 16, i + 16 + caplen));
            i += 16 + caplen;
        }
        return r;
    }
}
