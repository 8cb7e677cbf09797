package io.uniclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.packet.Packet;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IPGWOptionsTest {
    static final long T0 = 1_000_000_000L * 1_000_000_000L;
    /** Milliseconds since midnight UT at T0 (1000000000 s): 1000000000 mod 86400 = 6400 s. */
    static final int MS_T0 = 6_400_000;
    static final int MY = Pkt.ipInt("10.0.0.1");
    static final int OTHER = Pkt.ipInt("10.0.0.2");

    /** An IP packet whose header carries {@code opts} (padded with EOL to 4 bytes) and 8 data bytes. */
    static byte[] withOptions(int... opts) {
        int ol = (opts.length + 3) & ~3;
        byte[] b = new byte[20 + ol + 8];
        b[0] = (byte) (0x40 | ((20 + ol) >> 2));
        Pkt.put16(b, 2, b.length);
        Pkt.put16(b, 4, 77);
        b[8] = 64;
        b[9] = 17;
        System.arraycopy(Pkt.ip("10.9.9.9"), 0, b, 12, 4);
        System.arraycopy(Pkt.ip("10.8.8.8"), 0, b, 16, 4);
        for (int i = 0; i < opts.length; i++) {
            b[20 + i] = (byte) opts[i];
        }
        for (int i = 0; i < 8; i++) {
            b[20 + ol + i] = (byte) (0xA0 + i);
        }
        Pkt.fixIp(b, 0);
        return b;
    }

    static Harness gw(String config, int noutputs) throws Exception {
        return Harness.of(new IPGWOptions(), config, noutputs, T0);
    }

    static Packet ip(Harness h, byte[] b) {
        Packet p = h.packet(b);
        p.setNetworkHeader(0, (b[0] & 15) * 4);
        return p;
    }

    static int i32(byte[] b, int i) {
        return ByteBuffer.wrap(b).getInt(i);
    }

    /** Pushes {@code in}; returns the bytes on output 0 after checking the header checksum. */
    static byte[] pass(Harness h, byte[] in) {
        h.push(ip(h, in));
        byte[] r = h.single(0).toByteArray();
        assertTrue(Pkt.verifies(r, 0, (r[0] & 15) * 4), "header checksum");
        h.clearOutputs();
        return r;
    }

    /** Pushes {@code in}; returns the parameter-problem annotation of the packet on output 1. */
    static int reject(Harness h, byte[] in) {
        h.push(ip(h, in));
        assertEquals(0, h.out(0).size());
        int pp = h.single(1).anno8(IPAnnos.ICMP_PARAMPROB_ANNO_OFFSET);
        h.clearOutputs();
        return pp;
    }

    @Test
    void packetsWithoutOptionsPassUntouched() throws Exception {
        Harness h = gw("10.0.0.1", 2);
        byte[] in = Pkt.udp("10.0.0.5", "10.0.0.6", 1, 2, new byte[10]);
        Packet p = ip(h, in);
        h.push(p);
        assertSame(p, h.single(0));
        assertArrayEquals(in, p.toByteArray());
    }

    @Test
    void recordRouteStoresMyAddressWhereThePointerSays() throws Exception {
        Harness h = gw("10.0.0.1", 2);
        // RR with room for two addresses, then a NOP
        byte[] r = pass(h, withOptions(7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1));
        assertEquals(8, r[22]);
        assertEquals(MY, i32(r, 23));
        assertEquals(0, i32(r, 27));
        r = pass(h, r);
        assertEquals(12, r[22]);
        assertEquals(MY, i32(r, 27));
        // full: pointer one past the end passes unchanged
        byte[] full = r.clone();
        assertArrayEquals(full, pass(h, r));
        assertEquals("0", h.read("drops"));
    }

    @Test
    void badOptionsGoToOutputOneWithTheOffendingOffset() throws Exception {
        Harness h = gw("10.0.0.1", 2);
        assertEquals(22, reject(h, withOptions(7, 7, 2, 0, 0, 0, 0))); // RR pointer too small
        assertEquals(22, reject(h, withOptions(7, 7, 6, 0, 0, 0, 0))); // RR pointer not at an address
        assertEquals(21, reject(h, withOptions(7, 1, 4, 0))); // length < 2
        assertEquals(21, reject(h, withOptions(68, 40, 5, 0, 0, 0, 0, 0))); // runs past the header
        assertEquals(22, reject(h, withOptions(1, 7, 1, 4, 0, 0, 0))); // after a NOP: length byte at 22
        assertEquals(22, reject(h, withOptions(68, 8, 4, 0, 0, 0, 0, 0))); // TS pointer < 5
        assertEquals(23, reject(h, withOptions(68, 12, 5, 2, 0, 0, 0, 0, 0, 0, 0, 0))); // TS flag 2
        assertEquals(23, reject(h, withOptions(68, 8, 9, 0xF0, 0, 0, 0, 0))); // TS overflow count at 15
        // an unknown option is skipped; the bad one after it is reported at its own offset
        assertEquals(29, reject(h, withOptions(0x83, 7, 4, 1, 2, 3, 4, 7, 7, 9, 0, 0, 0, 0)));
        assertEquals("9", h.read("drops"));
        // unconnected output 1: dropped, still counted
        Harness k = gw("10.0.0.1", 1);
        int free = k.available();
        k.push(ip(k, withOptions(7, 1, 4, 0)));
        k.push(k.packet(new byte[40])); // no network header annotation
        assertEquals(0, k.out(0).size());
        assertEquals("2", k.read("drops"));
        assertEquals(free, k.available());
    }

    @Test
    void timestampOptionRecordsMillisecondsSinceMidnight() throws Exception {
        Harness h = gw("10.0.0.1", 2);
        // flag 0: timestamps only
        byte[] r = pass(h, withOptions(68, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(9, r[22]);
        assertEquals(MS_T0, i32(r, 24));
        // flag 1: address and timestamp
        r = pass(h, withOptions(68, 12, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(13, r[22]);
        assertEquals(MY, i32(r, 24));
        assertEquals(MS_T0, i32(r, 28));
        // full: the overflow count goes up, nothing else changes
        byte[] in = withOptions(68, 12, 13, 0x21, 1, 1, 1, 1, 2, 2, 2, 2);
        r = pass(h, in);
        assertEquals(0x31, r[23] & 0xFF);
        assertArrayEquals(Arrays.copyOfRange(in, 24, 32), Arrays.copyOfRange(r, 24, 32));
        assertEquals(13, r[22]);
    }

    @Test
    void prespecifiedTimestampOnlyForMyAddresses() throws Exception {
        Harness h = gw("10.0.0.1, 10.0.0.2 10.0.0.3", 2);
        byte[] in = withOptions(68, 20, 5, 3, 10, 0, 0, 2, 0, 0, 0, 0, 10, 0, 0, 9, 0, 0, 0, 0);
        byte[] r = pass(h, in);
        assertEquals(OTHER, i32(r, 24));
        assertEquals(MS_T0, i32(r, 28));
        assertEquals(13, r[22]);
        // the next address is not ours: unchanged
        byte[] again = pass(h, r);
        assertArrayEquals(r, again);
        // MYADDR itself also counts
        Harness k = gw("10.0.0.1", 2);
        r = pass(k, withOptions(68, 12, 5, 3, 10, 0, 0, 1, 0, 0, 0, 0));
        assertEquals(MS_T0, i32(r, 28));
    }

    @Test
    void otherOptionsAndEndOfListAreLeftAlone() throws Exception {
        Harness h = gw("10.0.0.1", 2);
        // loose source route skipped, then record route processed
        byte[] r = pass(h, withOptions(0x83, 7, 4, 1, 2, 3, 4, 7, 7, 4, 0, 0, 0, 0));
        assertArrayEquals(new byte[] {(byte) 0x83, 7, 4, 1, 2, 3, 4}, Arrays.copyOfRange(r, 20, 27));
        assertEquals(MY, i32(r, 30));
        // after EOL nothing is looked at
        byte[] in = withOptions(0, 7, 7, 4, 0, 0, 0, 0);
        assertArrayEquals(in, pass(h, in));
    }

    @Test
    void configuration() {
        assertEquals(List.of("MYADDR: required argument missing"), Harness.configErrors(new IPGWOptions(), ""));
        assertTrue(Harness.configErrors(new IPGWOptions(), "10.0.0.1, bogus").get(0).startsWith("OTHERADDRS"));
    }
}
