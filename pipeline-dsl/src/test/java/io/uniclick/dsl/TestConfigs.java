package io.uniclick.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared test catalog and helpers. */
final class TestConfigs {
    private TestConfigs() {}

    static final Set<String> PRIMS = Set.of("InfiniteSource", "Counter", "Discard", "Queue", "Print", "Tee", "Idle",
            "Paint", "Strip", "Unstrip", "FromDump", "ToDump", "Null", "Switch", "PaintSwitch", "RoundRobinSwitch",
            "Unqueue", "SimpleQueue", "Message", "Script", "DriverManager", "StaticSwitch", "CheckIPHeader", "IPFilter",
            "Classifier", "TimedSource", "RatedSource", "Shaper", "ToDevice", "FromDevice");

    static final ClassCatalog CATALOG = PRIMS::contains;

    record Result(FlatRouter router, Diagnostics diags) {
        List<String> messages() {
            List<String> out = new ArrayList<>();
            for (Diagnostic d : diags.all()) out.add(d.format());
            return out;
        }

        /** "from[port] -> [port]to" strings by element name. */
        List<String> edges() {
            List<String> out = new ArrayList<>();
            for (Connection c : router.connections())
                out.add(router.elements().get(c.fromElement()).name() + "[" + c.fromPort() + "] -> ["
                        + c.toPort() + "]" + router.elements().get(c.toElement()).name());
            return out;
        }

        List<String> names() {
            List<String> out = new ArrayList<>();
            for (ElementDecl e : router.elements()) out.add(e.name());
            return out;
        }

        ElementDecl element(String name) {
            int i = router.indexOf(name);
            return i < 0 ? null : router.elements().get(i);
        }
    }

    static Result parse(String text) { return parse(text, Map.of()); }

    static Result parse(String text, Map<String, String> defines) {
        Diagnostics d = new Diagnostics();
        FlatRouter r = ClickParser.parse(text, "config", defines, CATALOG, d);
        return new Result(r, d);
    }

    static Result parse(String text, String file, List<Path> libs) {
        Diagnostics d = new Diagnostics();
        FlatRouter r = ClickParser.parse(text, file, Map.of(), CATALOG, d, libs);
        return new Result(r, d);
    }

    /** A corpus of valid configurations covering the grammar (used by round-trip and fuzz tests). */
    static final List<String> CORPUS = List.of(
            "InfiniteSource -> c :: Counter -> Discard;",
            "src :: InfiniteSource(LIMIT 5, STOP true);\nq :: Queue(10);\nsrc -> q -> Unqueue -> Print(\"x, y\") -> Discard;",
            "t :: Tee(3);\nIdle -> t;\nt [0-2] => Paint(0), Paint(1), Paint(2) -> Discard;",
            "t :: Tee(2); Idle -> t => Discard, Discard;",
            "s :: StaticSwitch(1); Idle -> s; s[0] -> Discard; s[1] -> Print(one) -> Discard;",
            "a, b, c :: Idle; a -> Discard; b -> Discard; c -> Discard;",
            "Idle -> [0] n :: Tee(2) [1] -> Discard; n -> Discard;",
            "elementclass Foo { $x | input -> Print($x) -> output }\nIdle -> Foo(hello) -> Foo(\"wo$x\") -> Discard;",
            "elementclass Foo { input -> DriverManager -> output }\nelementclass Far { input -> Foo -> output }\nIdle -> Far -> Discard;",
            "elementclass A { input -> output || input[0,1] => [0,1]output }\nIdle -> A -> Discard;\nIdle, Idle => A => Discard, Discard;",
            "elementclass Queue { $c, $r | input -> q :: Queue($c) -> output || ... }\nIdle -> Queue(5, x) -> Discard; Idle -> Queue(7) -> Discard;",
            "define($N 10, $W a b c);\nInfiniteSource($N) -> Print(${W[1]} ${Z-dflt} '$N') -> Discard;",
            "Idle -> ( input -> Print -> output ) -> Discard;",
            "Idle -> ( [0] -> Counter -> [0] ) -> Discard;",
            "require(package foo);\n// comment\n/* block */ Idle -> Discard;",
            "# 10 \"other.click\"\nIdle -> Discard;",
            "x :: Classifier(12/0800, -); Idle -> x; x[0] -> Discard; x[1] -> Discard;",
            "f :: IPFilter(allow src host 10.0.0.1 && (dst port 80 || dst port 443), deny all);\nFromDevice(eth0) -> CheckIPHeader(14) -> f -> Queue -> ToDevice(eth0);",
            "elementclass P { KEY $k, __REST__ $r | input -> Print($k $r) -> output }\nIdle -> P(KEY 1, a, b) -> Discard;",
            "rr :: RoundRobinSwitch; Idle -> rr; rr[0] -> Discard; rr[1] -> Discard;",
            "s :: Script(wait 1s, stop); m :: Message(\"hello (world)\");",
            "RatedSource(\\<48 45>, 10) -> Shaper(5) -> SimpleQueue -> Unqueue -> Discard;",
            "Idle\r\n-> Print(a,\r\n b)\r\n-> Discard;",
            "Idle -> { input -> Counter -> output } -> Discard;",
            "elementclass B { $a | input -> x :: { $b | input -> Print($b) -> output }($a) -> output }\nIdle -> B(7) -> Discard;"
    );
}
