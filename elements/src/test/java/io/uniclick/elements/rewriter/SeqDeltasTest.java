package io.uniclick.elements.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqDeltasTest {
    @Test
    void transitionsApplyFromTheirTriggerAndAcksAreShiftedBackInTheOtherDirection() {
        SeqDeltas d = new SeqDeltas();
        assertTrue(d.update(3, 0, 1000, 4));
        assertTrue(d.update(3, 0, 2000, -1));
        int r = d.rec(3);
        assertEquals(999, d.newSeq(r, 0, 999));
        assertEquals(1004, d.newSeq(r, 0, 1000));
        assertEquals(1999 + 4, d.newSeq(r, 0, 1999));
        assertEquals(2000 + 3, d.newSeq(r, 0, 2000));
        // direction 1 has no delta; its acks of direction 0's bytes are shifted back
        assertEquals(500, d.newSeq(r, 1, 500));
        assertEquals(1000, d.newAck(r, 1, 1004));
        assertEquals(999, d.newAck(r, 1, 999));
        assertEquals(2000, d.newAck(r, 1, 2003));
        assertEquals(3, d.currentDelta(3, 0));
        assertEquals(0, d.currentDelta(3, 1));
    }

    @Test
    void sameTriggerReplacesAndOlderTriggerIsRefused() {
        SeqDeltas d = new SeqDeltas();
        assertTrue(d.update(0, 1, 100, 7));
        assertTrue(d.update(0, 1, 100, 7)); // a retransmission: not 14
        assertEquals(7, d.currentDelta(0, 1));
        assertFalse(d.update(0, 1, 99, 1));
        assertEquals(7, d.currentDelta(0, 1));
    }

    @Test
    void aTransitionLeftTwoToTheThirtyBehindBecomesTheBaseAndFullListsFoldTheOldest() {
        SeqDeltas d = new SeqDeltas();
        d.update(0, 0, 0, 1);
        d.update(0, 0, 10, 1);
        int r = d.rec(0);
        d.advance(r, 0, 10 + (1 << 30));
        // the newest (delta 2) is now the base: even numbers before 10 get it
        assertEquals(7, d.newSeq(r, 0, 5));
        for (int i = 1; i <= SeqDeltas.K + 2; i++) {
            assertTrue(d.update(0, 0, 100 * i, 1));
        }
        // every transition still answers for its own range
        assertEquals(100 * (SeqDeltas.K + 2) + 2 + SeqDeltas.K + 2, d.newSeq(r, 0, 100 * (SeqDeltas.K + 2)));
        assertEquals(100 * 5 + 2 + 5, d.newSeq(r, 0, 100 * 5));
        // before the oldest kept transition: the folded base
        assertEquals(150 + 2 + 2, d.newSeq(r, 0, 150));
        d.release(0);
        assertFalse(d.has(0));
    }
}
