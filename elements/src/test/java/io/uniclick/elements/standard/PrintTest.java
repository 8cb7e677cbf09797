package io.uniclick.elements.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrintTest {
    private static String printed(String data, String printArgs) {
        return TestRouter.run("InfiniteSource(" + data + ", LIMIT 1, STOP true) -> Print(" + printArgs + ") -> Discard;",
                Duration.ofSeconds(20)).printed();
    }

    @Test
    void labelLengthAndHexGroupedByFourBytes() {
        assertEquals("ok:    5 | 68656c6c 6f\n", printed("hello", "ok"));
    }

    @Test
    void noLabelMeansNoPrefix() {
        assertEquals("   5 | 68656c6c 6f\n", printed("hello", ""));
    }

    @Test
    void maxLengthLimitsTheBytesShown() {
        assertEquals("ok:    5 | 6865\n", printed("hello", "ok, 2"));
        assertEquals("ok:    9 | 68656c6c 6f776f72 6c\n", printed("helloworl", "ok, -1"));
        assertEquals("ok:    5\n", printed("hello", "ok, 0"));
    }

    @Test
    void defaultMaxLengthIs24Bytes() {
        String line = printed("\"abcdefghijklmnopqrstuvwxyz0123\"", "x");
        assertEquals("x:   30 | 61626364 65666768 696a6b6c 6d6e6f70 71727374 75767778\n", line);
    }

    @Test
    void asciiContentsPutASpaceBeforeEveryEightBytesAndDotsForUnprintables() {
        assertEquals("ok:    5 |  hello\n", printed("hello", "ok, CONTENTS ASCII"));
        assertEquals("ok:   10 |  abcdefgh ij\n", printed("abcdefghij", "ok, CONTENTS ASCII"));
        assertEquals("ok:    3 |  a.b\n", printed("\\<61 00 62>", "ok, CONTENTS ASCII"));
    }

    @Test
    void contentsNoneOrFalsePrintsOnlyTheLength() {
        assertEquals("ok:    5\n", printed("hello", "ok, CONTENTS NONE"));
        assertEquals("ok:    5\n", printed("hello", "ok, CONTENTS false"));
    }

    @Test
    void headroomShowsHeadroomAndTailroom() {
        assertEquals("ok:    5 (h128 t1915) | 68656c6c 6f\n", printed("hello", "ok, HEADROOM true"));
    }

    @Test
    void printAnnoShowsTheAnnotationBytes() {
        String out = TestRouter.run("InfiniteSource(hello, LIMIT 1, STOP true) -> Paint(7) -> Print(ok, PRINTANNO true) -> Discard;",
                Duration.ofSeconds(20)).printed();
        assertEquals("ok:    5 | " + "00".repeat(16) + "07" + "00".repeat(31) + " | 68656c6c 6f\n", out);
    }

    @Test
    void timestampComesBeforeTheLength() {
        String out = SimRun.sim("TimedSource(1, hello, LIMIT 2, STOP true) -> Print(ok, TIMESTAMP true) -> Discard;").printed();
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].matches("ok: 1000000001\\.0000000\\d\\d:    5 \\| 68656c6c 6f"), lines[0]);
        assertTrue(lines[1].matches("ok: 1000000002\\.0000000\\d\\d:    5 \\| 68656c6c 6f"), lines[1]);
    }

    @Test
    void timestampWithoutLabel() {
        String out = SimRun.sim("TimedSource(1, hello, LIMIT 1, STOP true) -> Print(TIMESTAMP true, CONTENTS NONE) -> Discard;").printed();
        assertTrue(out.matches("1000000001\\.0000000\\d\\d:    5\n"), out);
    }

    @Test
    void inactivePrintsNothingButPassesPackets() {
        TestRouter t = TestRouter.run("InfiniteSource(hello, LIMIT 3, STOP true) -> p :: Print(ok, ACTIVE false) -> c :: Counter -> Discard;",
                Duration.ofSeconds(20));
        assertEquals("", t.printed());
        assertEquals(3, t.readLong("c.count"));
        assertEquals("false", t.read("p.active"));
    }

    @Test
    void worksInPullContext() {
        TestRouter t = TestRouter.run("InfiniteSource(hello, LIMIT 2, STOP true) -> Queue -> Print(p) -> Unqueue -> Discard;",
                Duration.ofSeconds(20));
        assertEquals("p:    5 | 68656c6c 6f\np:    5 | 68656c6c 6f\n", t.printed());
    }

    @Test
    void badContentsIsAConfigError() {
        TestRouter t = TestRouter.compile("Idle -> Print(x, CONTENTS BINARY) -> Discard;");
        assertNull(t.router);
        assertTrue(t.errors().contains("  bad contents value 'BINARY'; should be 'NONE', 'HEX', or 'ASCII'"), t.errors());
    }
}
