package io.uniclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IPFlowFilterTest {
    @TempDir
    Path tmp;

    @Test
    void repliesOfOutboundConnectionsPassAndUnsolicitedInboundTrafficDoesNot() throws IOException {
        byte[] synAck = Pkt.tcp("192.0.2.1", 80, "10.0.0.1", 5000, 0x12, 0);
        byte[] dns = Pkt.udp("192.0.2.53", 53, "10.0.0.1", 5353, 40, true);
        byte[] echoReply = Pkt.icmpEcho("192.0.2.9", "10.0.0.1", 0, 77, 1);
        byte[] scan = Pkt.tcp("192.0.2.66", 4444, "10.0.0.1", 22, 0x02, 0);
        byte[] wrongPort = Pkt.udp("192.0.2.53", 54, "10.0.0.1", 5353, 4, true);
        byte[] early = Pkt.tcp("192.0.2.1", 80, "10.0.0.1", 5001, 0x12, 0);
        Path in = Pkt.write(tmp.resolve("in.pcap"), List.of(
                early,
                Pkt.tcp("10.0.0.1", 5000, "192.0.2.1", 80, 0x02, 0),
                Pkt.udp("10.0.0.1", 5353, "192.0.2.53", 53, 10, true),
                Pkt.icmpEcho("10.0.0.1", "192.0.2.9", 8, 77, 1),
                synAck, dns, echoReply, scan, wrongPort));
        Path o0 = tmp.resolve("o0.pcap");
        Path o1 = tmp.resolve("o1.pcap");
        Path o2 = tmp.resolve("o2.pcap");
        // one trace; a source-address split stands for the inside and outside interfaces
        TestRouter t = TestRouter.compile("elementclass StripSwitch { input -> c :: Classifier(12/0a, -); c[0] -> [0]output; c[1] -> [1]output }\n"
                + "fw :: IPFlowFilter;\n"
                + "FromDump(" + in + ", STOP true, TIMING false) -> Strip(14) -> sw :: StripSwitch;\n"
                + "sw[0] -> [0]fw; sw[1] -> [1]fw;\n"
                + "fw[0] -> Unstrip(14) -> ToDump(" + o0 + ", SNAPLEN 0);\n"
                + "fw[1] -> Unstrip(14) -> ToDump(" + o1 + ", SNAPLEN 0);\n"
                + "fw[2] -> Unstrip(14) -> ToDump(" + o2 + ", SNAPLEN 0);\n");
        if (t.router == null) {
            throw new AssertionError(t.errors());
        }
        t.runToEnd(Duration.ofSeconds(20));
        assertEquals(3, Pkt.read(o0).size());
        List<byte[]> passed = Pkt.read(o1);
        assertEquals(3, passed.size(), t.read("fw.table"));
        assertArrayEquals(synAck, passed.get(0));
        assertArrayEquals(dns, passed.get(1));
        assertArrayEquals(echoReply, passed.get(2));
        assertEquals(3, Pkt.read(o2).size(), "the early reply, the scan and the wrong port");
        assertEquals(3, t.readLong("fw.rejected"));
        assertEquals(3, t.readLong("fw.count"));
        String table = t.read("fw.table");
        assertTrue(table.contains("tcp (10.0.0.1, 5000, 192.0.2.1, 80) OPENING exp"), table);
        assertTrue(table.contains("udp (10.0.0.1, 5353, 192.0.2.53, 53) ACTIVE exp"), table);
    }
}
