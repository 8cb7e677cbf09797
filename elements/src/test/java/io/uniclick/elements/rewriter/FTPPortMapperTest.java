package io.uniclick.elements.rewriter;

import static io.uniclick.elements.rewriter.Pkt.get16;
import static io.uniclick.elements.rewriter.Pkt.get32;
import static io.uniclick.elements.rewriter.Pkt.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FTP through a NAT: FTPPortMapper rewrites the client's PORT command, and TCPRewriter shifts the
 * control connection's later sequence numbers (client to server), acknowledgement numbers and
 * SACK blocks (server to client), with valid checksums throughout.
 */
class FTPPortMapperTest {
    @TempDir
    Path tmp;

    static final String CLIENT = "10.0.0.2";
    static final String SERVER = "93.184.216.34";
    static final String PUBLIC = "198.51.100.1";
    static final int CPORT = 6587;
    static final int ACK = 0x10;
    static final int PSH_ACK = 0x18;

    /** An Ethernet/IPv4/TCP frame with the given numbers, TCP options (a multiple of 4 bytes) and payload. */
    static byte[] tcp(String src, int sport, String dst, int dport, int seq, int ack, int flags, byte[] options, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
        int hl = 20 + options.length;
        byte[] t = new byte[hl + data.length];
        Pkt.put16(t, 0, sport);
        Pkt.put16(t, 2, dport);
        Pkt.put32(t, 4, seq);
        Pkt.put32(t, 8, ack);
        t[12] = (byte) ((hl / 4) << 4);
        t[13] = (byte) flags;
        Pkt.put16(t, 14, 65535);
        System.arraycopy(options, 0, t, 20, options.length);
        System.arraycopy(data, 0, t, hl, data.length);
        return Pkt.ipv4(src, dst, Pkt.TCP, t, 16, 0);
    }

    static byte[] tcp(String src, int sport, String dst, int dport, int seq, int ack, int flags, String payload) {
        return tcp(src, sport, dst, dport, seq, ack, flags, new byte[0], payload);
    }

    /** NOP NOP SACK with the given block edges. */
    static byte[] sack(int... edges) {
        byte[] o = new byte[4 + 4 * edges.length];
        o[0] = 1;
        o[1] = 1;
        o[2] = 5;
        o[3] = (byte) (2 + 4 * edges.length);
        for (int i = 0; i < edges.length; i++) {
            Pkt.put32(o, 4 + 4 * i, edges[i]);
        }
        return o;
    }

    record Run(TestRouter t, List<byte[]> out0, List<byte[]> out1) {
    }

    /** Client-side frames (source 10/8) go through FTPPortMapper into input 0, the rest into input 1. */
    Run run(String mapperArgs, List<byte[]> frames) throws IOException {
        Path in = Pkt.write(tmp.resolve("in.pcap"), frames);
        Path o0 = tmp.resolve("o0.pcap");
        Path o1 = tmp.resolve("o1.pcap");
        String cfg = "rw :: TCPRewriter(pattern " + PUBLIC + " 1024-65535 - - 0 1, drop);\n"
                + "ftp :: FTPPortMapper(" + mapperArgs + ");\n"
                + "FromDump(" + in + ", STOP true, TIMING false, BURST 1) -> Strip(14) -> CheckIPHeader\n"
                + "  -> cl :: IPClassifier(src net 10.0.0.0/8, -);\n"
                + "cl[0] -> ftp -> [0]rw;\n"
                + "cl[1] -> [1]rw;\n"
                + "rw[0] -> Unstrip(14) -> ToDump(" + o0 + ", SNAPLEN 0);\n"
                + "rw[1] -> Unstrip(14) -> ToDump(" + o1 + ", SNAPLEN 0);\n";
        TestRouter t = TestRouter.run(cfg, Duration.ofSeconds(20));
        return new Run(t, Pkt.read(o0), Pkt.read(o1));
    }

    static int seq(byte[] f) {
        return get32(f, 14 + 20 + 4);
    }

    static int ack(byte[] f) {
        return get32(f, 14 + 20 + 8);
    }

    static String payload(byte[] f) {
        int hl = ((f[14 + 20 + 12] & 0xFF) >> 4) * 4;
        int start = 14 + 20 + hl;
        int end = 14 + get16(f, 14 + 2);
        return new String(f, start, end - start, StandardCharsets.US_ASCII);
    }

    @Test
    void portCommandIsRewrittenAndLaterSequenceAndAckNumbersAreShiftedAcrossTheWrap() throws IOException {
        // the client's sequence numbers wrap during the session
        final int cisn = 0xFFFFFFF0;
        final int sisn = 0x7FFFFFF0;
        final String port = "PORT 10,0,0,2,19,136\r\n"; // 10.0.0.2:5000
        final String newPort = "PORT 198,51,100,1,19,136\r\n"; // 4 bytes longer
        final int d = newPort.length() - port.length();
        final int c1 = cisn + 1;
        final int s1 = sisn + 1;
        final int cAfterPort = c1 + port.length(); // the trigger: the first byte after the PORT segment
        final String ok = "200 PORT command successful\r\n";
        List<byte[]> in = new ArrayList<>();
        in.add(tcp(CLIENT, CPORT, SERVER, 21, cisn, 0, 0x02, ""));                         // 0 SYN
        in.add(tcp(SERVER, 21, PUBLIC, CPORT, sisn, c1, 0x12, ""));                         // 1 SYN-ACK
        in.add(tcp(CLIENT, CPORT, SERVER, 21, c1, s1, PSH_ACK, port));                      // 2 PORT
        in.add(tcp(SERVER, 21, PUBLIC, CPORT, s1, cAfterPort + d, PSH_ACK, ok));            // 3 server saw the longer PORT
        in.add(tcp(CLIENT, CPORT, SERVER, 21, cAfterPort, s1 + ok.length(), PSH_ACK, "LIST\r\n")); // 4
        in.add(tcp(CLIENT, CPORT, SERVER, 21, c1, s1, PSH_ACK, port));                      // 5 retransmitted PORT
        in.add(tcp(SERVER, 21, PUBLIC, CPORT, s1 + ok.length(), cAfterPort + d + 6, ACK,
                sack(cAfterPort + d + 16, cAfterPort + d + 26), ""));                       // 6 ack + SACK
        in.add(tcp(SERVER, 20, PUBLIC, 5000, 777, 0, 0x02, ""));                            // 7 active data connection
        in.add(tcp(CLIENT, CPORT, SERVER, 21, cAfterPort + 6, s1 + ok.length(), PSH_ACK, "QUIT\r\n")); // 8
        Run r = run("rw, rw, 0", in);
        assertEquals(5, r.out0.size());
        assertEquals(4, r.out1.size());
        for (byte[] f : r.out0) {
            assertTrue(Pkt.checksumsValid(f), "valid checksums");
            assertEquals(ip(PUBLIC), Pkt.src(f));
        }
        for (byte[] f : r.out1) {
            assertTrue(Pkt.checksumsValid(f), "valid checksums");
            assertEquals(ip(CLIENT), Pkt.dst(f));
        }
        byte[] portOut = r.out0.get(1);
        assertEquals(newPort, payload(portOut));
        assertEquals(20 + 20 + newPort.length(), get16(portOut, 14 + 2));
        assertEquals(c1, seq(portOut), "the PORT segment itself keeps its sequence number");
        // server → client: the ack covers 4 bytes the client never sent
        assertEquals(cAfterPort, ack(r.out1.get(1)));
        assertEquals(ok, payload(r.out1.get(1)));
        // client → server after the PORT: shifted by +4
        assertEquals(cAfterPort + d, seq(r.out0.get(2)));
        assertEquals("LIST\r\n", payload(r.out0.get(2)));
        // the retransmitted PORT is rewritten again, keeps its number, and does not add another delta
        assertEquals(newPort, payload(r.out0.get(3)));
        assertEquals(c1, seq(r.out0.get(3)));
        assertEquals(cAfterPort + 6 + d, seq(r.out0.get(4)));
        // ack and SACK edges shifted back
        byte[] sackOut = r.out1.get(2);
        assertEquals(cAfterPort + 6, ack(sackOut));
        assertEquals(cAfterPort + 16, get32(sackOut, 14 + 20 + 24));
        assertEquals(cAfterPort + 26, get32(sackOut, 14 + 20 + 28));
        // the data connection opened by the PORT command reaches the client's port
        byte[] data = r.out1.get(3);
        assertEquals(20, Pkt.sport(data));
        assertEquals(5000, Pkt.dport(data));
        assertEquals(ip(SERVER), Pkt.src(data));
        assertEquals(777, seq(data), "data flows have no delta");
        assertEquals(PUBLIC + " 5000 " + SERVER + " 20", IPRewriterTest.lookup(r.t, "rw.lookup", CLIENT + " 5000 " + SERVER + " 20").trim());
        assertEquals(2, r.t.readLong("ftp.port_commands"), "the retransmission counts too");
        assertTrue(r.t.read("rw.table").contains(" seq +4 ["), r.t.read("rw.table"));
    }

    @Test
    void shorterArgumentShrinksThePacketAndShiftsBackwards() throws IOException {
        // a long private address becomes a short public one: 19 → 13 characters
        final String port = "PORT 10,100,200,2,19,136\r\n";
        final String newPort = "PORT 9,9,9,9,19,136\r\n";
        final int d = newPort.length() - port.length();
        List<byte[]> in = new ArrayList<>();
        in.add(tcp("10.100.200.2", CPORT, SERVER, 21, 1000, 0, 0x02, ""));
        in.add(tcp("10.100.200.2", CPORT, SERVER, 21, 1001, 501, PSH_ACK, port));
        in.add(tcp(SERVER, 21, "9.9.9.9", CPORT, 501, 1001 + newPort.length(), ACK, ""));
        in.add(tcp("10.100.200.2", CPORT, SERVER, 21, 1001 + port.length(), 501, PSH_ACK, "PWD\r\n"));
        Path inf = Pkt.write(tmp.resolve("in2.pcap"), in);
        Path o0 = tmp.resolve("s0.pcap");
        Path o1 = tmp.resolve("s1.pcap");
        String cfg = "rw :: TCPRewriter(pattern 9.9.9.9 1024-65535 - - 0 1, drop);\n"
                + "FromDump(" + inf + ", STOP true, TIMING false, BURST 1) -> Strip(14) -> CheckIPHeader\n"
                + "  -> cl :: IPClassifier(src net 10.0.0.0/8, -);\n"
                + "cl[0] -> FTPPortMapper(rw, rw, 0) -> [0]rw;\n"
                + "cl[1] -> [1]rw;\n"
                + "rw[0] -> Unstrip(14) -> ToDump(" + o0 + ", SNAPLEN 0);\n"
                + "rw[1] -> Unstrip(14) -> ToDump(" + o1 + ", SNAPLEN 0);\n";
        TestRouter.run(cfg, Duration.ofSeconds(20));
        List<byte[]> out0 = Pkt.read(o0);
        List<byte[]> out1 = Pkt.read(o1);
        assertEquals(3, out0.size());
        assertEquals(newPort, payload(out0.get(1)));
        assertEquals(14 + 20 + 20 + newPort.length(), out0.get(1).length);
        assertEquals(1001 + port.length() + d, seq(out0.get(2)));
        assertEquals(1001 + port.length(), ack(out1.get(0)));
        for (byte[] f : out0) {
            assertTrue(Pkt.checksumsValid(f));
        }
        assertTrue(Pkt.checksumsValid(out1.get(0)));
    }

    @Test
    void click1PatternFormAndNonPortPayloadsPassUnchanged() throws IOException {
        List<byte[]> in = new ArrayList<>();
        in.add(tcp(CLIENT, CPORT, SERVER, 21, 1000, 0, 0x02, ""));
        byte[] user = tcp(CLIENT, CPORT, SERVER, 21, 1001, 1, PSH_ACK, "USER anonymous\r\n");
        in.add(user);
        byte[] badPort = tcp(CLIENT, CPORT, SERVER, 21, 1017, 1, PSH_ACK, "PORT 10,0,0,2,300,1\r\n");
        in.add(badPort);
        in.add(tcp(CLIENT, CPORT, SERVER, 21, 1038, 1, PSH_ACK, "port 10,0,0,2,4,1\n"));
        Run r = run("rw, rw, " + PUBLIC + " 40000-40010# - - 0 1", in);
        assertEquals(4, r.out0.size());
        // unchanged apart from the NAT's address
        byte[] u = r.out0.get(1);
        assertArrayEquals(Arrays.copyOfRange(user, 34 + 20, user.length), Arrays.copyOfRange(u, 34 + 20, u.length));
        assertEquals(1001, seq(u));
        assertEquals("PORT 10,0,0,2,300,1\r\n", payload(r.out0.get(2)));
        // lower case is recognised; the Click 1.x pattern picks 40000
        assertEquals("port 198,51,100,1,156,64\n", payload(r.out0.get(3)));
        assertEquals(1038, seq(r.out0.get(3)));
        assertTrue(Pkt.checksumsValid(r.out0.get(3)));
        assertEquals(PUBLIC + " 40000 " + SERVER + " 20", IPRewriterTest.lookup(r.t, "rw.lookup", CLIENT + " 1025 " + SERVER + " 20").trim());
    }
}
