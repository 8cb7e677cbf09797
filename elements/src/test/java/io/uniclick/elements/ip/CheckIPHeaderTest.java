package io.uniclick.elements.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uniclick.core.packet.Packet;
import io.uniclick.elements.TestRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckIPHeaderTest {
    @TempDir
    Path tmp;

    static byte[] good() {
        return Pkt.tcp("10.0.0.1", "192.168.0.5", 1234, 80, 1, 0, 0x10, 65535, new byte[0]);
    }

    @Test
    void validPacketGetsAnnotationsAndIsTrimmedToIpLength() throws Exception {
        Harness h = Harness.of(new CheckIPHeader(), "", 2);
        byte[] padded = Pkt.concat(good(), new byte[6]);
        h.push(padded);
        Packet p = h.single(0);
        assertEquals(40, p.length());
        assertArrayEquals(good(), p.toByteArray());
        assertEquals(0, p.networkHeaderOffset());
        assertEquals(20, p.transportHeaderOffset());
        assertEquals(Pkt.ipInt("192.168.0.5"), p.dstIpAnno());
        assertEquals("0", h.read("drops"));
        assertEquals("", h.printed());
    }

    @Test
    void offsetKeepsTheLinkHeaderAndMarksTheIpHeaderAfterIt() throws Exception {
        Harness h = Harness.of(new CheckIPHeader(), "14", 1);
        h.push(Pkt.ether(Pkt.concat(good(), new byte[4])));
        Packet p = h.single(0);
        assertEquals(54, p.length());
        assertEquals(14, p.networkHeaderOffset());
        assertEquals(34, p.transportHeaderOffset());
        Harness k = Harness.of(new CheckIPHeader(), "OFFSET 14", 1);
        k.push(Pkt.ether(good()));
        assertEquals(14, k.single(0).networkHeaderOffset());
    }

    @Test
    void optionsAreCoveredByTheChecksumAndTheTransportOffset() throws Exception {
        byte[] b = new byte[28];
        b[0] = 0x47; // 28-byte header with two NOP-padded option words
        Pkt.put16(b, 2, 28);
        b[8] = 64;
        b[9] = 17;
        System.arraycopy(Pkt.ip("1.2.3.4"), 0, b, 12, 4);
        System.arraycopy(Pkt.ip("5.6.7.8"), 0, b, 16, 4);
        for (int i = 20; i < 28; i++) {
            b[i] = 1;
        }
        Pkt.fixIp(b, 0);
        Harness h = Harness.of(new CheckIPHeader(), "", 2);
        h.push(b);
        assertEquals(28, h.single(0).transportHeaderOffset());
        byte[] c = b.clone();
        c[25] = 0; // corrupt an option byte: the checksum covers options
        h.push(c);
        assertEquals(1, h.out(1).size());
    }

    @Test
    void eachMalformationHasClickReasonAndFirstOnlyIsPrinted() throws Exception {
        Harness h = Harness.of(new CheckIPHeader(), "DETAILS true", 2);
        byte[] g = good();
        byte[] tiny = java.util.Arrays.copyOf(g, 19);
        byte[] version = g.clone();
        version[0] = 0x65;
        Pkt.fixIp(version, 0);
        byte[] hlen = g.clone();
        hlen[0] = 0x44;
        byte[] longLen = g.clone();
        Pkt.put16(longLen, 2, 41);
        Pkt.fixIp(longLen, 0);
        byte[] shortLen = g.clone();
        Pkt.put16(shortLen, 2, 19);
        Pkt.fixIp(shortLen, 0);
        byte[] sum = g.clone();
        sum[10] ^= 1;
        h.push(h.packet(tiny), h.packet(version), h.packet(hlen), h.packet(longLen), h.packet(shortLen), h.packet(sum),
                h.packet(g));
        assertEquals(1, h.out(0).size());
        assertEquals(6, h.out(1).size());
        assertEquals("6", h.read("drops"));
        assertEquals("1\ttiny packet\n1\tbad IP version\n1\tbad IP header length\n2\tbad IP length\n"
                + "1\tbad IP checksum\n0\tbad source address\n", h.read("drop_details"));
        assertEquals("e: IP header check failed: tiny packet\n", h.printed());
        // rejected packets leave unchanged
        assertArrayEquals(sum, h.out(1).get(5).toByteArray());
    }

    @Test
    void verbosePrintsEveryDropAndUnconnectedErrorOutputKills() throws Exception {
        Harness h = Harness.of(new CheckIPHeader(), "VERBOSE true", 1);
        int free = h.available();
        byte[] bad = good();
        bad[0] = 0x55;
        h.push(h.packet(bad), h.packet(bad));
        assertEquals(0, h.out(0).size());
        assertEquals(free, h.available(), "rejected packets must be killed");
        assertEquals("e: IP header check failed: bad IP version\ne: IP header check failed: bad IP version\n", h.printed());
    }

    @Test
    void checksumFalseAndCheckIPHeader2SkipTheChecksum() throws Exception {
        byte[] bad = good();
        bad[10] ^= 0x55;
        Harness a = Harness.of(new CheckIPHeader(), "CHECKSUM false", 2);
        a.push(bad);
        assertEquals(1, a.out(0).size());
        Harness b = Harness.of(new CheckIPHeader2(), "", 2);
        b.push(bad);
        assertEquals(1, b.out(0).size());
        Harness c = Harness.of(new CheckIPHeader2(), "CHECKSUM true", 2);
        c.push(bad);
        assertEquals(1, c.out(1).size());
    }

    @Test
    void sourceAddressesAreOnlyCheckedWhenConfigured() throws Exception {
        byte[] bcast = Pkt.udp("255.255.255.255", "10.0.0.1", 1, 2, new byte[4]);
        byte[] zero = Pkt.udp("0.0.0.0", "10.0.0.9", 68, 67, new byte[4]);
        byte[] subnet = Pkt.udp("18.26.4.255", "10.0.0.9", 1, 2, new byte[4]);
        byte[] toMe = Pkt.udp("0.0.0.0", "18.26.4.9", 68, 67, new byte[4]);
        Harness none = Harness.of(new CheckIPHeader(), "", 2);
        none.push(none.packet(bcast), none.packet(zero));
        assertEquals(2, none.out(0).size());

        Harness ifs = Harness.of(new CheckIPHeader(), "INTERFACES 18.26.4.9/24 18.32.9.44/28, DETAILS true", 2);
        ifs.push(ifs.packet(bcast), ifs.packet(zero), ifs.packet(subnet), ifs.packet(toMe),
                ifs.packet(Pkt.udp("18.32.9.47", "1.1.1.1", 1, 2, new byte[0])), ifs.packet(good()));
        assertEquals(2, ifs.out(0).size(), "GOODDST exempts 18.26.4.9; good passes");
        assertEquals(4, ifs.out(1).size());
        assertTrue(ifs.read("drop_details").endsWith("4\tbad source address\n"));
        assertEquals("e: IP header check failed: bad source address\n", ifs.printed());

        Harness bad = Harness.of(new CheckIPHeader(), "BADSRC 10.0.0.1 18.26.4.255", 2);
        bad.push(bad.packet(good()), bad.packet(subnet), bad.packet(zero));
        assertEquals(1, bad.out(0).size());
        assertEquals(2, bad.out(1).size());

        Harness old = Harness.of(new CheckIPHeader(), "18.26.4.255", 2);
        old.push(old.packet(subnet), old.packet(zero), old.packet(bcast), old.packet(good()));
        assertEquals(1, old.out(0).size());
    }

    @Test
    void configurationErrorsNameTheArgument() {
        assertEquals(List.of("OFFSET: invalid number"), Harness.configErrors(new CheckIPHeader(), "OFFSET x"));
        assertEquals(List.of("CHECKSUM: expected boolean"), Harness.configErrors(new CheckIPHeader(), "CHECKSUM maybe"));
        assertEquals(List.of("FOO: unknown argument"), Harness.configErrors(new CheckIPHeader(), "FOO 1"));
        assertEquals(List.of("BADSRC: expected IP address"), Harness.configErrors(new CheckIPHeader(), "BADSRC 1.2.3"));
        assertEquals(List.of("too many arguments"), Harness.configErrors(new CheckIPHeader(), "1.2.3.4, 2, 3"));
    }

    @Test
    void pullPathChecksAndPushesRejectsToOutputOne() throws Exception {
        Path f = tmp.resolve("in.pcap");
        byte[] bad = good();
        bad[10] ^= 1;
        Pkt.writePcap(f, List.of(Pkt.ether(good()), Pkt.ether(bad), Pkt.ether(good())));
        TestRouter t = TestRouter.run("FromDump(" + f + ", STOP true) -> Strip(14) -> q :: Queue -> c :: CheckIPHeader "
                + "-> Unqueue -> ok :: Counter -> Discard; c[1] -> bad :: Counter -> Discard;", Duration.ofSeconds(20));
        assertEquals(2, t.readLong("ok.count"));
        assertEquals(1, t.readLong("bad.count"));
        assertEquals(1, t.readLong("c.drops"));
        assertTrue(t.printed().contains("c: IP header check failed: bad IP checksum"), t.printed());
    }

    @Test
    void wholeRouterTrimsPaddingInTheDump() throws Exception {
        Path f = tmp.resolve("in.pcap");
        Path out = tmp.resolve("out.pcap");
        byte[] u = Pkt.udp("10.1.1.1", "10.2.2.2", 5000, 53, new byte[2]);
        Pkt.writePcap(f, List.of(Pkt.ether(Pkt.concat(u, new byte[16]))));
        TestRouter.run("FromDump(" + f + ", STOP true) -> Strip(14) -> CheckIPHeader -> ToDump(" + out + ", ENCAP IP);",
                Duration.ofSeconds(20));
        List<byte[]> got = Pkt.readPcap(out);
        assertEquals(1, got.size());
        assertArrayEquals(u, got.get(0));
    }

    /** The robustness trace: counts computed here from the pcap bytes, independently of the element. */
    @Test
    void badTraceDropsExactlyTheMalformedPacketsWithTheirReasons() throws Exception {
        Path f = tmp.resolve("bad.pcap");
        assumeTrue(Files.exists(Path.of("/work/shared/tools/gen_trace.py")), "no trace generator");
        Process pr;
        try {
            pr = new ProcessBuilder("python3", "/work/shared/tools/gen_trace.py", f.toString(), "--packets", "100000",
                    "--bad", "5").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 not available");
            return;
        }
        pr.getInputStream().readAllBytes();
        assumeTrue(pr.waitFor() == 0, "trace generator failed");
        long[] reasons = new long[6];
        long ok = 0;
        long okBytes = 0;
        for (byte[] fr : Pkt.readPcap(f)) {
            int r = classify(fr, 14);
            if (r < 0) {
                ok++;
                okBytes += Pkt.u16(fr, 16);
            } else {
                reasons[r]++;
            }
        }
        long bad = 0;
        for (long x : reasons) {
            bad += x;
        }
        assertTrue(bad > 4000 && reasons[0] > 0 && reasons[1] > 0 && reasons[2] > 0 && reasons[3] > 0 && reasons[4] > 0,
                "trace should hold every kind of malformation");
        TestRouter t = TestRouter.run("FromDump(" + f + ", STOP true) -> Strip(14) -> c :: CheckIPHeader(DETAILS true) "
                + "-> ok :: Counter -> Discard; c[1] -> bad :: Counter -> Discard;", Duration.ofSeconds(60));
        assertEquals(ok, t.readLong("ok.count"));
        assertEquals(okBytes, t.readLong("ok.byte_count"));
        assertEquals(bad, t.readLong("bad.count"));
        assertEquals(bad, t.readLong("c.drops"));
        StringBuilder expect = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            expect.append(reasons[i]).append('\t').append(CheckIPHeaderBase.REASONS[i]).append('\n');
        }
        assertEquals(expect.toString(), t.read("c.drop_details"));
        // the one message printed names the first malformation in the trace
        List<String> lines = t.printed().lines().filter(l -> l.contains("IP header check failed")).toList();
        assertEquals(1, lines.size(), t.printed());
    }

    /** RFC 791 checks in Click's order; -1 = good. */
    private static int classify(byte[] fr, int off) {
        int plen = fr.length - off;
        if (plen < 20) {
            return 0;
        }
        if ((fr[off] & 0xF0) != 0x40) {
            return 1;
        }
        int hl = (fr[off] & 15) * 4;
        if (hl < 20) {
            return 2;
        }
        int len = Pkt.u16(fr, off + 2);
        if (len > plen || len < hl) {
            return 3;
        }
        if (!Pkt.verifies(fr, off, hl)) {
            return 4;
        }
        return -1;
    }

    @Test
    void zeroLengthAndShorterThanOffsetPacketsAreTiny() throws Exception {
        Harness h = Harness.of(new CheckIPHeader(), "OFFSET 14, DETAILS true", 2);
        h.push(h.packet(new byte[0]), h.packet(new byte[10]), h.packet(new byte[33]));
        assertEquals(3, h.out(1).size());
        assertTrue(h.read("drop_details").startsWith("3\ttiny packet\n"));
    }
}
