package io.uniclick.elements.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpTest {
    static final Path SAMPLE = Path.of("../configs/traces/sample.pcap");

    @TempDir
    Path tmp;

    @Test
    void replaysEveryPacketOfTheSampleTrace() {
        TestRouter t = TestRouter.run("FromDump(" + SAMPLE + ", STOP true) -> c :: Counter -> Discard;", Duration.ofSeconds(20));
        assertEquals(2000, t.readLong("c.count"));
        assertEquals(120_000, t.readLong("c.byte_count"));
    }

    @Test
    void toDumpWritesTheSameRecordsBack() throws IOException {
        Path out = tmp.resolve("out.pcap");
        TestRouter t = TestRouter.run("FromDump(" + SAMPLE + ", STOP true) -> ToDump(" + out + ", SNAPLEN 0, NANO false);", Duration.ofSeconds(20));
        byte[] a = Files.readAllBytes(SAMPLE);
        byte[] b = Files.readAllBytes(out);
        assertEquals(a.length, b.length);
        assertArrayEquals(Arrays.copyOfRange(a, 24, a.length), Arrays.copyOfRange(b, 24, b.length), "records differ");
        assertEquals(2000, t.readLong("ToDump@2.count"));
    }

    @Test
    void missingFileIsAnInitializationErrorNamingTheFile() {
        TestRouter t = TestRouter.compile("FromDump(/nonexistent/trace.pcap) -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("config:1: While initializing 'FromDump@1 :: FromDump':"), t.errors());
        assertTrue(t.errors().contains("/nonexistent/trace.pcap: No such file or directory"), t.errors());
    }

    @Test
    void nonPcapFileIsRejectedWithItsName() throws IOException {
        Path bad = tmp.resolve("bad.pcap");
        Files.writeString(bad, "this is not a capture file at all, really");
        TestRouter t = TestRouter.compile("FromDump(" + bad + ") -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains(bad + ": not a pcap file (bad magic number"), t.errors());
    }

    @Test
    void truncatedTraceStopsAtTheLastWholePacketWithAWarning() throws IOException {
        Path cut = tmp.resolve("cut.pcap");
        byte[] a = Files.readAllBytes(SAMPLE);
        Files.write(cut, Arrays.copyOf(a, 24 + 76 * 10 + 30));
        TestRouter t = TestRouter.run("FromDump(" + cut + ", STOP true) -> c :: Counter -> Discard;", Duration.ofSeconds(20));
        assertEquals(10, t.readLong("c.count"));
        assertTrue(t.printed().contains("truncated packet"), t.printed());
    }

    @Test
    void endCallSeesEveryPacketOfTheLastBurstCounted() throws IOException {
        Path three = tmp.resolve("three.pcap");
        byte[] a = Files.readAllBytes(SAMPLE);
        Files.write(three, Arrays.copyOf(a, 24 + 76 * 3));
        TestRouter t = TestRouter.run("fd :: FromDump(" + three + ", END_CALL s.run) -> Discard;"
                + "s :: Script(TYPE PASSIVE, print \"read $(fd.count)\", stop);", Duration.ofSeconds(20));
        assertTrue(t.printed().contains("read 3"), t.printed());
    }

    /** 300 frames of 4,000 bytes: they come from the jumbo pool, which has 256 slots. */
    @Test
    void aDryPoolDelaysRecordsButLosesNone() throws IOException {
        Path jumbo = tmp.resolve("jumbo.pcap");
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(24 + 300 * (16 + 4000)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < 300; i++) {
            bb.putInt(1).putInt(i).putInt(4000).putInt(4000);
            bb.position(bb.position() + 4000);
        }
        Files.write(jumbo, bb.array());
        TestRouter t = TestRouter.run("fd :: FromDump(" + jumbo + ") -> Queue(1000) -> RatedUnqueue(1000) -> c :: Counter -> Discard;"
                + "Script(wait 0.9s, stop);", Duration.ofSeconds(20));
        assertEquals(300, t.readLong("c.count"));
        assertEquals(300, t.readLong("fd.count"));
    }
}
