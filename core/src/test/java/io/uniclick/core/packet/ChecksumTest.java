package io.uniclick.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void nativeOrderHeaderCheckAgreesWithTheNetworkOrderSumForEveryHeaderLengthAndAnyFlippedBit() {
        PacketPool pool = new PacketPool(256, 4, null);
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 20_000; round++) {
            int hlen = 20 + 4 * r.nextInt(11);
            int off = r.nextInt(8);
            Packet p = pool.allocate(16, off + hlen + r.nextInt(4));
            for (int i = 0; i < p.length(); i++) {
                p.setU8(i, r.nextInt(256));
            }
            p.setU16(off + 10, 0);
            p.setU16(off + 10, Checksum.compute(p, off, hlen));
            if (round % 2 == 1) {
                int bit = r.nextInt(hlen * 8);
                p.setU8(off + bit / 8, p.u8(off + bit / 8) ^ (1 << (bit % 8)));
            }
            assertEquals(Checksum.verify(p, off, hlen), Checksum.ipv4HeaderOk(p, off, hlen), "round " + round);
            assertEquals(round % 2 == 0, Checksum.ipv4HeaderOk(p, off, hlen), "round " + round);
            p.kill();
        }
    }
}
