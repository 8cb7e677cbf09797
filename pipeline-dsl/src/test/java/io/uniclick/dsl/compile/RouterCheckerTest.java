package io.uniclick.dsl.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Click's hookup checks and push/pull resolution (§A.9, §B.2–B.5), with stand-in classes carrying Click's specs. */
class RouterCheckerTest {
    @ElementInfo(name = "InfiniteSource", ports = "0/1", processing = "a/a")
    public static final class Source extends Element {
    }

    @ElementInfo(name = "TimedSource", ports = "0/1", processing = "h/h")
    public static final class PushSource extends Element {
    }

    @ElementInfo(name = "Counter", ports = "1/1", processing = "a/a")
    public static final class Agnostic extends Element {
    }

    @ElementInfo(name = "Queue", ports = "1/1-2", processing = "h/lh")
    public static final class Q extends Element {
    }

    @ElementInfo(name = "Tee", ports = "1/1-", processing = "h/h")
    public static final class T extends Element {
    }

    @ElementInfo(name = "ToDevice", ports = "1/0", processing = "l/l")
    public static final class PullSink extends Element {
    }

    @ElementInfo(name = "Shaper", ports = "1/1", processing = "l/l")
    public static final class Pull extends Element {
    }

    @ElementInfo(name = "Discard", ports = "1/0", processing = "a/a")
    public static final class Sink extends Element {
    }

    @ElementInfo(name = "Idle", ports = "-/-", processing = "a/a", flow = "x/y")
    public static final class Idl extends Element {
    }

    @ElementInfo(name = "ARPQuerier", ports = "2/1-2", processing = "h/h", flow = "xy/x")
    public static final class Arp extends Element {
    }

    private static final ElementRegistry REGISTRY = new ElementRegistry();

    static {
        for (Class<? extends Element> c : List.of(Source.class, PushSource.class, Agnostic.class, Q.class, T.class, PullSink.class,
                Pull.class, Sink.class, Idl.class, Arp.class)) {
            REGISTRY.register(c);
        }
    }

    private static Diagnostics errors(String config) {
        Diagnostics d = new Diagnostics();
        Router r = RouterCompiler.compile(config, "config", Map.of(), REGISTRY, RouterCompiler.Options.defaults(), d, List.of());
        assertNull(r, "expected the configuration to fail");
        return d;
    }

    private static String text(Diagnostics d) {
        StringBuilder sb = new StringBuilder();
        d.all().forEach(x -> sb.append(x.format()).append('\n'));
        return sb.toString();
    }

    private static Router ok(String config) {
        Diagnostics d = new Diagnostics();
        Router r = RouterCompiler.compile(config, "config", Map.of(), REGISTRY, RouterCompiler.Options.defaults(), d, List.of());
        assertNotNull(r, text(d));
        return r;
    }

    @Test
    void agnosticChainBetweenPushEndsResolvesToPush() {
        Router r = ok("InfiniteSource -> c :: Counter -> Discard;");
        assertTrue(r.element("c").inputIsPush(0));
        assertTrue(r.element("c").outputIsPush(0));
    }

    @Test
    void agnosticElementAfterAQueueBecomesPull() {
        Router r = ok("InfiniteSource -> Queue -> c :: Counter -> ToDevice;");
        assertFalse(r.element("c").inputIsPush(0));
        assertFalse(r.element("c").outputIsPush(0));
    }

    @Test
    void portBeyondTheCountIsReportedWithClicksWording() {
        String t = text(errors("InfiniteSource -> c :: Counter; c [1] -> Discard; c -> Discard;"));
        assertTrue(t.contains("config:1: 'c :: Counter' has no output 1"), t);
    }

    @Test
    void unusedPortsAreReported() {
        String t = text(errors("c :: Counter -> Discard;"));
        assertTrue(t.contains("config:1: 'c :: Counter' input 0 unused"), t);
        t = text(errors("InfiniteSource -> p :: Counter;"));
        assertTrue(t.contains("'p :: Counter' output 0 unused"), t);
    }

    @Test
    void pushOutputToPullInputIsAnError() {
        String t = text(errors("TimedSource -> Shaper -> ToDevice;"));
        assertTrue(t.contains("'TimedSource@1 :: TimedSource' push output 0 connected to 'Shaper@2 :: Shaper' pull input 0"), t);
    }

    @Test
    void pullOutputToPushInputIsAnError() {
        String t = text(errors("InfiniteSource -> q :: Queue -> Tee -> Discard;"));
        assertTrue(t.contains("'q :: Queue' pull output 0 connected to 'Tee@3 :: Tee' push input 0"), t);
    }

    @Test
    void agnosticForcedBothWaysIsInMixedContext() {
        String t = text(errors("InfiniteSource -> Queue -> Counter -> Tee -> Discard;"));
        assertTrue(t.contains("agnostic 'Counter@3 :: Counter' in mixed context: pull input 0, push output 0"), t);
    }

    @Test
    void twoConnectionsOnOnePushOutputAreIllegalReuse() {
        String t = text(errors("i :: InfiniteSource; i -> Discard; i -> Discard;"));
        assertTrue(t.contains("illegal reuse of 'i :: InfiniteSource' push output 0"), t);
    }

    @Test
    void twoQueuesIntoOnePullInputAreIllegalReuseWithAHint() {
        String t = text(errors("InfiniteSource -> Queue -> out0 :: ToDevice; InfiniteSource -> Queue -> out0;"));
        assertTrue(t.contains("illegal reuse of 'out0 :: ToDevice' pull input 0"), t);
        assertTrue(t.contains("RoundRobinSched"), t);
    }

    @Test
    void severalPullersOnOneQueueOutputAreFine() {
        ok("InfiniteSource -> q :: Queue; q -> ToDevice; q -> ToDevice;");
    }

    @Test
    void flowCodeKeepsIdlesSidesApart() {
        // x/y: Idle's input and output are not linked, so a pull input and a push output don't conflict
        ok("InfiniteSource -> q :: Queue -> i :: Idle -> Discard;");
    }

    @Test
    void flowCodeOfArpQuerierLinksOnlyInputZero() {
        FlowCode fc = FlowCode.parse("xy/x");
        assertTrue(fc.linked(0, 0));
        assertFalse(fc.linked(1, 0));
        FlowCode sw = FlowCode.parse("#/[^#]");
        assertFalse(sw.linked(2, 2));
        assertTrue(sw.linked(2, 3));
    }

    @Test
    void portCountSpecsClampAndFollowInputs() {
        assertEquals(1, PortCountSpec.parse("1/1-2").inputs(0));
        assertEquals(2, PortCountSpec.parse("1/1-2").outputs(1, 5));
        assertEquals(3, PortCountSpec.parse("-/=").outputs(3, 0));
        assertEquals(4, PortCountSpec.parse("-/=+").outputs(3, 0));
        assertEquals(7, PortCountSpec.parse("1/-").outputs(1, 7));
    }

    @Test
    void everyHookupErrorIsReportedNotJustTheFirst() {
        Diagnostics d = errors("a :: Counter; b :: Counter; InfiniteSource -> c :: Counter;");
        assertTrue(d.errorCount() >= 5, text(d));
    }
}
