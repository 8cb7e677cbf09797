package io.uniclick.elements.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.handler.HandlerException;
import io.uniclick.elements.TestRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptTest {
    private static final Duration T = Duration.ofSeconds(20);

    private static TestRouter sim(String config) {
        TestRouter t = TestRouter.compile(config, Map.of(), true, 1);
        return t.runToEnd(T);
    }

    @Test
    void waitUnderSimtimeJumpsTheVirtualClock() {
        TestRouter t = sim("Script(wait 1.5s, print $(now), stop);");
        assertEquals("1000000001.500000004\n", t.printed());
    }

    @Test
    void printsHandlerArithmetic() {
        assertEquals("3\n", TestRouter.run("Script(print $(add 1 2), stop);", T).printed());
    }

    @Test
    void setAndExpandInsideDoubleQuotes() {
        assertEquals("x=5\n", TestRouter.run("Script(set x 5, print \"x=$x\", stop);", T).printed());
    }

    @Test
    void bracedVariablesAndSingleQuotesStayLiteral() {
        TestRouter t = TestRouter.run("Script(set x 5, print \"${x}y\", print '$x', stop);", T);
        assertEquals("5y\n$x\n", t.printed());
    }

    @Test
    void setKeepsQuotesSetqRemovesThem() {
        TestRouter t = TestRouter.run("Script(set a \"q\", setq b \"q\", print $a, print $b, stop);", T);
        assertEquals("q\nq\n", t.printed()); // print unquotes once: "q" -> q
        TestRouter u = TestRouter.run("Script(set a \"q\", setq b \"q\", print '$a', print \"[$a][$b]\", stop);", T);
        assertEquals("$a\n[\"q\"][q]\n", u.printed());
    }

    @Test
    void gotoLoopWithCounter() {
        TestRouter t = TestRouter.run("Script(set x 0, label l, print $x, set x $(add $x 1), goto l $(lt $x 5), stop);", T);
        assertEquals("0\n1\n2\n3\n4\n", t.printed());
    }

    @Test
    void nestedHandlerCallsExpandInnerFirst() {
        TestRouter t = TestRouter.run("Script(set op add, print $($op 3 4), print $(mul $(add 1 1) 5), stop);", T);
        assertEquals("7\n10\n", t.printed());
    }

    @Test
    void printOfAWordCallsTheReadHandler() {
        TestRouter t = TestRouter.run("s :: InfiniteSource(LIMIT 5, STOP true) -> c :: Counter -> Discard;"
                + "DriverManager(wait_stop, print c.count, print \"c.count\", set h c.count, print $($h), stop);", T);
        assertEquals("5\nc.count\n5\n", t.printed());
    }

    @Test
    void readPrintsNameAndValue() {
        TestRouter t = TestRouter.run("Script(read add 1 2, stop);", T);
        assertEquals("Script@1.add:\n3\n", t.printed());
    }

    @Test
    void writeSetsStatusAndReachesOtherElements() {
        TestRouter t = TestRouter.run("s :: InfiniteSource(ACTIVE false) -> Discard;"
                + "Script(write s.active false, print $?, write s.limit xx, print $?, print $(s.active), stop);", T);
        String out = t.printed();
        assertTrue(out.startsWith("0\nWhile executing 'Script@3 :: Script':\n  While calling 's.limit xx':\n"), out);
        assertTrue(out.endsWith("-22\nfalse\n"), out);
    }

    @Test
    void writeStopsASourceWhileItRuns() {
        TestRouter t = TestRouter.compile("s :: InfiniteSource -> c :: Counter -> Discard;"
                + "Script(wait 10ms, write s.active false, wait 10ms, set a $(c.count), wait 10ms, print $(eq $a $(c.count)), stop);",
                Map.of(), false, 1);
        t.runToEnd(T);
        assertEquals("true\n", t.printed());
    }

    @Test
    void counterExpansionAfterSourceStopped() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 100, STOP true) -> c :: Counter -> Discard;"
                + "DriverManager(pause, print \"count=$(c.count)\");", T);
        assertEquals("count=100\n", t.printed());
    }

    @Test
    void passiveScriptReturnsFromRun() throws HandlerException {
        TestRouter t = TestRouter.compile("s :: Script(TYPE PASSIVE, return $(add $1 $2 $#));");
        assertEquals("", t.printed());
        assertEquals("6", t.router.readHandler(null, "s.run", "2 2"));
    }

    @Test
    void initAndExportRunOnceAndExportIsAHandler() {
        TestRouter t = TestRouter.compile("s :: Script(TYPE PASSIVE, export v 7, init w 1, set w $(add $w 1), set v $w);");
        assertEquals("7", t.read("s.v"));
        assertEquals("", t.read("s.run"));
        assertEquals("2", t.read("s.v"));
        assertEquals("", t.read("s.run"));
        assertEquals("3", t.read("s.v"));
    }

    @Test
    void pauseWaitsForStepHandler() {
        TestRouter t = TestRouter.compile("s :: Script(print \"a\", pause, print \"b\", pause 2, print \"c\");");
        Thread stepper = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(100);
                t.write("s.step", "");
                Thread.sleep(50);
                t.write("s.step", "");
                t.write("s.step", "");
                Thread.sleep(50);
                t.write("stop", "");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.runToEnd(T);
        stepper.interrupt();
        assertEquals("a\nb\nc\n", t.printed());
    }

    @Test
    void tooManyJumpsDisablesTheScript() {
        TestRouter t = TestRouter.run("s :: Script(label a, goto a); Script(wait 10ms, stop);", T);
        assertEquals("s :: Script: too many jumps, giving up\n", t.printed());
    }

    @Test
    void arithmeticComparisonAndLogicHandlers() throws HandlerException {
        TestRouter t = TestRouter.compile("s :: Script(TYPE PASSIVE);");
        String[][] cases = {
            {"add", "10 5 2", "17"}, {"sub", "10 5 2", "3"}, {"mul", "2 3 4", "24"}, {"div", "10 4", "2.5"},
            {"div", "10 5", "2"}, {"idiv", "10 4", "2"}, {"mod", "7 3", "1"}, {"rem", "7.5 2", "1.5"},
            {"neg", "5", "-5"}, {"abs", "-5", "5"}, {"min", "4 2 9", "2"}, {"max", "4 2 9", "9"},
            {"add", "1.5 1", "2.5"}, {"eq", "10 0xA", "true"}, {"le", "9 8", "false"}, {"eq", "10x 10x", "true"},
            {"lt", "abc abd", "true"}, {"ne", "1 2", "true"}, {"ge", "2 2", "true"}, {"gt", "1.5 1", "true"},
            {"not", "true", "false"}, {"and", "true true false", "false"}, {"or", "false true", "true"},
            {"nand", "true true", "false"}, {"nor", "false false", "true"}, {"if", "true a b", "a"},
            {"if", "false a b", "b"}, {"in", "foo bar foo", "true"}, {"in", "x bar foo", "false"},
            {"sprintf", "\"%05x\" 127", "0007f"}, {"sprintf", "\"%d-%s|%-4d|\" 5 ab 7", "5-ab|7   |"},
            {"length", "abcdef", "6"}, {"unquote", "\"a b\"", "a b"}, {"htons", "1", "256"},
            {"ntohs", "256", "1"}, {"htonl", "1", "16777216"}, {"first", "a b c", "a"},
            {"readable", "s.add c.nothing", "false"}, {"readable", "s.add version", "true"},
            {"writable", "s.step stop", "true"}, {"writable", "s.add", "false"},
        };
        for (String[] c : cases) {
            assertEquals(c[2], t.router.readHandler(null, "s." + c[0], c[1]), c[0] + " " + c[1]);
        }
        long r = Long.parseLong(t.router.readHandler(null, "s.random", "5 7"));
        assertTrue(r >= 5 && r <= 7, Long.toString(r));
        assertThrows(HandlerException.class, () -> t.router.readHandler(null, "s.add", "1 x"));
        assertThrows(HandlerException.class, () -> t.router.readHandler(null, "s.not", "maybe"));
    }

    @Test
    void unknownInstructionFailsConfiguration() {
        TestRouter t = TestRouter.compile("Script(foo bar);");
        assertNull(t.router);
        assertTrue(t.errors().contains("config:1: While configuring 'Script@1 :: Script':"), t.errors());
        assertTrue(t.errors().contains("  unknown instruction 'foo'"), t.errors());
    }

    @Test
    void gotoMissingLabelFailsConfiguration() {
        TestRouter t = TestRouter.compile("Script(goto nowhere);");
        assertNull(t.router);
        assertTrue(t.errors().contains("  no such label 'nowhere'"), t.errors());
    }

    @Test
    void badWaitAndBadTypeFailConfiguration() {
        assertTrue(TestRouter.compile("Script(wait xyz);").errors().contains("syntax error at 'wait'"));
        assertTrue(TestRouter.compile("Script(TYPE BOGUS, stop);").errors().contains("bad TYPE"));
        assertTrue(TestRouter.compile("Script(set x);").errors().contains("syntax error at 'set'"));
    }

    @Test
    void errorInstructionReportsAndFailsRun() {
        TestRouter t = TestRouter.compile("s :: Script(TYPE PASSIVE, error \"bad $1\");");
        HandlerException e = assertThrows(HandlerException.class, () -> t.router.readHandler(null, "s.run", "thing"));
        assertEquals("\"bad thing\"", e.getMessage());
        assertTrue(t.printed().contains("While executing 's :: Script':"), t.printed());
    }

    @Test
    void gotoPseudoLabelsEndTheScript() throws HandlerException {
        TestRouter t = TestRouter.compile("s :: Script(TYPE PASSIVE, goto exit $(eq $1 x), return yes);");
        assertEquals("", t.router.readHandler(null, "s.run", "x"));
        assertEquals("yes", t.router.readHandler(null, "s.run", "y"));
    }

    @Test
    void loopRestartsFromTheTop() {
        TestRouter t = TestRouter.run("Script(init i 0, set i $(add $i 1), print $i, goto end $(ge $i 3), loop); Script(wait 10ms, stop);", T);
        assertEquals("1\n2\n3\n", t.printed());
    }

    @Test
    void printRedirectsToFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("out.txt");
        TestRouter.run("Script(print >" + f + " \"one\", print >>" + f + " \"two\", printn >>" + f + " 3, stop);", T);
        assertEquals("one\ntwo\n3", Files.readString(f));
    }

    @Test
    void getSetShiftHandlers() throws HandlerException {
        TestRouter t = TestRouter.compile("s :: Script(TYPE PASSIVE, init x \"a b c\");");
        assertEquals("\"a b c\"", t.router.readHandler(null, "s.get", "x"));
        t.write("s.set", "y 1 2 3");
        assertEquals("1", t.router.readHandler(null, "s.shift", "y"));
        assertEquals("2 3", t.router.readHandler(null, "s.get", "y"));
        assertThrows(HandlerException.class, () -> t.router.readHandler(null, "s.get", "nope"));
    }

    @Test
    void packetScriptRoutesByReturnValue() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 10, BURST 1, STOP true) -> c :: Counter"
                + " -> s :: Script(TYPE PACKET, init n 0, set n $(add $n 1), return $(mod $n 2));"
                + " s[0] -> c0 :: Counter -> Discard; s[1] -> c1 :: Counter -> Discard;", T);
        assertEquals(5, t.readLong("c0.count"));
        assertEquals(5, t.readLong("c1.count"));
    }

    @Test
    void packetScriptExitDropsAndEndEmitsOnZero() {
        TestRouter t = TestRouter.run("InfiniteSource(LIMIT 10, STOP true)"
                + " -> s :: Script(TYPE PACKET, init n 0, set n $(add $n 1), goto end $(le $n 4), exit) -> c :: Counter -> Discard;", T);
        assertEquals(4, t.readLong("c.count"));
    }

    @Test
    void portsOnlyOnPacketScripts() {
        assertTrue(TestRouter.compile("InfiniteSource -> Script(stop) -> Discard;").errors().contains("ports allowed only on PACKET scripts"));
    }
}
