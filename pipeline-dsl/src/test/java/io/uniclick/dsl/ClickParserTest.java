package io.uniclick.dsl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.uniclick.dsl.TestConfigs.parse;
import static org.junit.jupiter.api.Assertions.*;

class ClickParserTest {

    private static TestConfigs.Result ok(String text) {
        TestConfigs.Result r = parse(text);
        assertFalse(r.diags().hasErrors(), () -> "unexpected errors:\n" + r.diags());
        return r;
    }

    // ------------------------------------------------------------ declarations and naming

    @Test
    void anonymousElementsAreNamedByScopeIndex() {
        var r = ok("InfiniteSource -> c :: Counter -> Discard");
        assertEquals(List.of("InfiniteSource@1", "c", "Discard@3"), r.names());
        assertEquals(List.of("InfiniteSource@1[0] -> [0]c", "c[0] -> [0]Discard@3"), r.edges());
    }

    @Test
    void anonymousNameIsBumpedWhenTaken() {
        var r = ok("Idle -> Discard@2 :: Discard; Idle@1 :: Idle; Idle@1 -> Discard");
        // anonymous Idle is element 1, but the user took Idle@1: bumped to Idle@2; Discard (element 4) keeps @4
        assertEquals(List.of("Idle@2", "Discard@2", "Idle@1", "Discard@4"), r.names());
    }

    @Test
    void severalNamesShareClassAndConfig() {
        var r = ok("a, b, c :: Queue(5);");
        for (String n : List.of("a", "b", "c")) {
            assertEquals("Queue", r.element(n).className());
            assertEquals("5", r.element(n).config());
        }
    }

    @Test
    void commaListInConnectionDeclaresOnlyLast() {
        var r = ok("n1 :: Idle; n1, n2 :: Idle -> Discard");
        assertEquals(List.of("n1[0] -> [0]Discard@3", "n2[0] -> [0]Discard@3"), r.edges());
    }

    @Test
    void declarationInsideConnectionWithPorts() {
        var r = ok("Idle -> [0] n :: Tee(2) [1] -> Discard; n -> Discard");
        assertEquals("Tee", r.element("n").className());
        assertTrue(r.edges().contains("n[1] -> [0]Discard@3"));
        assertTrue(r.edges().contains("n[0] -> [0]Discard@4"));
    }

    @Test
    void emptyConfigMayBeOmittedAndConfigKeepsNestedParens() {
        var r = ok("q :: Queue; f :: IPFilter(allow (src host 1.2.3.4), deny \")\" all)");
        assertEquals("", r.element("q").config());
        assertEquals("allow (src host 1.2.3.4), deny \")\" all", r.element("f").config());
    }

    @Test
    void identifiersMayContainSlashButCommentsEndThem() {
        var r = ok("a/b :: Idle; a/b//c :: Discard\n-> Discard");
        assertNotNull(r.element("a/b"));
        assertEquals(List.of("a/b[0] -> [0]Discard@2"), r.edges());
    }

    // ------------------------------------------------------------ connections

    @Test
    void chainsAndMiddlePorts() {
        var r = ok("a :: Idle; x :: Tee(5); b :: Discard; a [0] -> [2] x [3] -> [0] b");
        assertEquals(List.of("a[0] -> [2]x", "x[3] -> [0]b"), r.edges());
    }

    @Test
    void duplicateConnectionsAreDeduplicated() {
        var r = ok("a :: Idle; b :: Discard; a -> b; a -> b; a [0] -> [0] b");
        assertEquals(1, r.router().connections().size());
    }

    @Test
    void manyToOneAndOneToMany() {
        var r = ok("a :: Idle; b :: Idle; x :: Discard; a, b -> x; q :: Queue; y :: Discard; z :: Discard; q -> y, z");
        assertTrue(r.edges().containsAll(List.of("a[0] -> [0]x", "b[0] -> [0]x", "q[0] -> [0]y", "q[0] -> [0]z")));
    }

    @Test
    void manyToManyWithRangeAndImplicitNumbering() {
        var r = ok("c :: Tee(3); Idle -> c; c [0-2] => Paint(0), Paint(1), Paint(2) -> Discard; d :: Tee(2); Idle -> d; d => Discard, Discard");
        assertTrue(r.edges().containsAll(List.of("c[0] -> [0]Paint@3", "c[1] -> [0]Paint@4", "c[2] -> [0]Paint@5")), r.edges().toString());
        assertTrue(r.edges().contains("d[1] -> [0]Discard@10"), r.edges().toString());
    }

    @Test
    void expandablePortLists() {
        var r = ok("t :: Tee(3); Idle -> t; t [1-] => Discard, Discard; u :: Tee(2); Idle -> u; u [] => Discard, Discard; v :: Tee(3); Idle -> v; v [1,] => Discard, Discard");
        assertTrue(r.edges().containsAll(List.of("t[1] -> [0]Discard@3", "t[2] -> [0]Discard@4")), r.edges().toString());
        assertTrue(r.edges().containsAll(List.of("u[0] -> [0]Discard@7", "u[1] -> [0]Discard@8")), r.edges().toString());
        assertTrue(r.edges().containsAll(List.of("v[1] -> [0]Discard@11", "v[2] -> [0]Discard@12")), r.edges().toString());
    }

    @Test
    void portListWithCommas() {
        var r = ok("t :: Tee(3); Idle -> t; t [0,2] => Discard, Print -> Discard; t[1] -> Discard");
        assertTrue(r.edges().containsAll(List.of("t[0] -> [0]Discard@3", "t[2] -> [0]Print@4")), r.edges().toString());
    }

    @Test
    void elementGroupsAreInlinedInTheEnclosingScope() {
        var r = ok("Idle -> ( input -> Print -> output ) -> Discard");
        assertEquals(List.of("Idle@1", "Print@5", "Discard@6"), r.names());
        assertEquals(List.of("Idle@1[0] -> [0]Print@5", "Print@5[0] -> [0]Discard@6"), r.edges());
    }

    @Test
    void groupWithBarePortsAndArrows() {
        var r = ok("Idle -> ( [0] -> c :: Counter -> [0] ) -> Discard");
        assertEquals(List.of("Idle@1[0] -> [0]c", "c[0] -> [0]Discard@6"), r.edges());
        var r2 = ok("Idle -> ( -> c :: Counter -> ) -> Discard");
        assertEquals(List.of("Idle@1[0] -> [0]c", "c[0] -> [0]Discard@6"), r2.edges());
    }

    @Test
    void groupWithTwoOutputsUsesImplicitPortList() {
        var r = ok("s :: StaticSwitch(0); Idle -> s; s => ( input [0] -> Discard; input [1] -> Print -> Discard )");
        // the group occupies three element slots (@3 and its input/output tunnels)
        assertTrue(r.edges().contains("s[0] -> [0]Discard@6"), r.edges().toString());
        assertTrue(r.edges().contains("s[1] -> [0]Print@7"), r.edges().toString());
    }

    // ------------------------------------------------------------ compounds

    @Test
    void compoundComponentsArePrefixed() {
        var r = ok("elementclass Foo { input -> Print -> output }\nIdle -> Foo -> Discard; q :: { input -> x :: Counter -> output }; Idle -> q -> Discard");
        assertTrue(r.names().containsAll(List.of("Foo@2/Print@1", "q/x")), r.names().toString());
        assertTrue(r.edges().containsAll(List.of("Idle@1[0] -> [0]Foo@2/Print@1", "Foo@2/Print@1[0] -> [0]Discard@3")));
    }

    @Test
    void nestedCompoundNames() {
        var r = ok("elementclass Foo { input -> DriverManager -> output }\nelementclass Far { input -> Foo -> output }\nIdle -> Far -> Discard");
        assertTrue(r.names().contains("Far@2/Foo@1/DriverManager@1"), r.names().toString());
    }

    @Test
    void anonymousCompoundIsNamedAtN() {
        var r = ok("Idle -> { input -> Counter -> output } -> Discard");
        assertTrue(r.names().contains("@2/Counter@1"), r.names().toString());
    }

    @Test
    void synonymClass() {
        var r = ok("elementclass Sink Discard; Idle -> Sink");
        assertEquals("Discard", r.router().elements().get(1).className());
        assertEquals("Sink@2", r.router().elements().get(1).name());
    }

    @Test
    void formalsPositionalKeywordAndRest() {
        var r = ok("elementclass A { $x, KEY $k, __REST__ $r | input -> Print($x|$k|$r|'$x') -> output }\nIdle -> A(hi, foo, KEY 7, bar) -> Discard");
        assertEquals("hi|7|foo, bar|'$x'", r.element("A@2/Print@1").config());
    }

    @Test
    void argumentsAreSubstitutedInsideDoubleQuotes() {
        var r = ok("elementclass A { $x | input -> Print(\"<$x>\", \\$x) -> output } Idle -> A(1) -> Discard");
        assertEquals("\"<1>\", \\1", r.element("A@2/Print@1").config());
    }

    @Test
    void overloadSelectedByPortCounts() {
        var r = ok("elementclass A { input -> Print(one) -> output || input[0,1] => Print(a), Print(b) => [0,1]output }\n"
                + "Idle -> A -> Discard; Idle, Idle => A => Discard, Discard");
        assertEquals("one", r.element("A@2/Print@1").config());
        assertEquals("a", r.element("A@6/Print@1").config());
    }

    @Test
    void overloadSelectedByArguments() {
        var r = ok("elementclass F { $a, $b | input -> Print(two $a $b) -> output || $a, TWO $b, __REST__ $c | input -> Print(kw) -> output }\n"
                + "Idle -> F(A, TWO B) -> Discard; Idle -> F(A, TWO B, C) -> Discard");
        assertEquals("two A TWO B", r.element("F@2/Print@1").config());
        assertEquals("kw", r.element("F@5/Print@1").config());
    }

    @Test
    void extensionFallsBackToExistingClass() {
        var r = ok("elementclass Queue { $c, $r | input -> q :: Queue($c) -> output || ... }\nIdle -> Queue(5, x) -> Discard; Idle -> Queue(7) -> Discard");
        assertEquals("Queue", r.element("Queue@2/q").className());
        assertEquals("5", r.element("Queue@2/q").config());
        assertEquals("Queue", r.element("Queue@5").className());
        assertEquals("7", r.element("Queue@5").config());
    }

    @Test
    void redefinitionIsNotRecursive() {
        var r = ok("elementclass Print { input -> Print(inner) -> output } Idle -> Print -> Discard");
        assertEquals("Print", r.element("Print@2/Print@1").className());
    }

    @Test
    void classesAreLexicallyScoped() {
        var r = parse("elementclass A { elementclass B { input -> output } input -> B -> output } Idle -> A -> B -> Discard");
        assertTrue(r.messages().contains("config:1: undeclared element 'B'"), r.messages().toString());
    }

    @Test
    void compoundDefineAndOuterVariablesAreVisible() {
        var r = ok("define($G glob); elementclass A { $x | define($Y y$x); input -> Print($x $Y $G) -> output } Idle -> A(1) -> Discard");
        assertEquals("1 y1 glob", r.element("A@2/Print@1").config());
    }

    // ------------------------------------------------------------ variables, define, require

    @Test
    void variableForms() {
        var r = ok("define($N 1, $L a b c); Idle -> Print($N ${N}x ${Z-dflt} ${L[2]} ${L[$N]} ${L[9]}. $undefined '$N') -> Discard");
        assertEquals("1 1x dflt c b . $undefined '$N'", r.element("Print@2").config());
    }

    @Test
    void commandLineDefinesOverrideFileDefines() {
        var r = parse("define($DEV eth0); FromDevice($DEV) -> Discard", Map.of("DEV", "eth1"));
        assertEquals("eth1", r.element("FromDevice@1").config());
    }

    @Test
    void requirePackagesAreRecorded() {
        var r = ok("require(package foo, bar, compact_config); Idle -> Discard");
        assertEquals(List.of("package foo", "package bar"), r.router().requirements());
    }

    @Test
    void requireLibraryIsIncludedOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lib.click"), "elementclass Lib { input -> Print(lib) -> output }\n");
        Path libs = dir.resolve("libs");
        Files.createDirectories(libs.resolve("conf"));
        Files.writeString(libs.resolve("conf/other.click"), "elementclass Other { input -> output }\n");
        var r = TestConfigs.parse("require(library lib.click); require(library lib.click, library other.click);\nIdle -> Lib -> Other -> Discard",
                dir.resolve("main.click").toString(), List.of(libs));
        assertFalse(r.diags().hasErrors(), r.diags().toString());
        assertEquals("lib", r.element("Lib@2/Print@1").config());
    }

    @Test
    void lineDirectivesChangeLandmarks() {
        var r = parse("Idle\n# 20 \"foo.click\"\n-> Bogus\n#line 7 \"\"\n-> Bogus2 ->\nDiscard");
        assertTrue(r.messages().contains("foo.click:20: undeclared element 'Bogus'"), r.messages().toString());
        assertTrue(r.messages().contains("config:7: undeclared element 'Bogus2'"), r.messages().toString());
    }

    @Test
    void lineDirectiveInsideConfigIsRemoved() {
        var r = ok("Print(a,\n# 40 \"x.click\"\nb) -> Discard");
        assertEquals("a,\n\nb", r.element("Print@1").config());
    }

    @Test
    void crAndCrlfCountAsLineEnds() {
        var r = parse("Idle\r\n->\rBogus\r\n");
        assertTrue(r.messages().contains("config:3: undeclared element 'Bogus'"), r.messages().toString());
    }

    // ------------------------------------------------------------ error messages

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '`', textBlock = """
        x :: Foo ~ config:1: unknown element class 'Foo'
        Idle -> Foo -> Discard ~ config:1: undeclared element 'Foo'
        a -> Discard; a :: Idle; ~ config:1: class 'a' used as element name
        a :: Idle; a :: Idle ~ config:1: redeclaration of element 'a'
        a :: Idle; a :: Idle ~ config:1: element 'a' previously declared here
        a :: Idle; a(1) -> Discard ~ config:1: configuration string ignored on element reference
        Idle :: Discard ~ config:1: class 'Idle' used as element name
        12 :: Idle ~ config:1: element name '12' has all-digit component
        a/12 :: Idle ~ config:1: element name 'a/12' has all-digit component
        -> Discard ~ config:1: syntax error near '->'
        provide(x); ~ config:1: syntax error near 'provide'
        Idle [x] -> Discard ~ config:1: syntax error: port number should be integer
        Idle [ -> Discard ~ config:1: syntax error: expected port number
        Idle -> [0 1] Discard ~ config:1: syntax error: expected ','
        Idle -> (Discard ~ config:1: expected ')'
        elementclass A { input -> output ~ config:1: expected '}'
        t :: Tee; Idle -> t; t [0,1] -> [0,1] Discard ~ config:1: syntax error: many-to-many connections require '=>'
        t :: Tee; Idle -> t; t[0,1] => Discard, Discard, Discard ~ config:1: connection mismatch: 2 outputs connected to 3 inputs
        t :: Tee; Idle -> t; t[0-] => [0-] Discard ~ config:1: at most one expandable port allowed per connection
        [0] Idle -> Discard ~ config:1: input ports ignored at start of chain
        Idle -> Discard [0] ~ config:1: output ports ignored at end of chain
        Idle -> [0]; ~ config:1: stranded port ignored
        `#foo\nIdle` ~ config:1: unknown preprocessor directive
        elementclass A { input[1] -> output } ~ config:1: 'A' input 0 missing
        elementclass A { input -> output; input[1] -> Discard } Idle -> A -> Discard ~ config:1: 'A@2' input 1 unused
        elementclass A { input -> output } Idle -> [1] A -> Discard ~ config:1: 'A@2' has no input 1
        elementclass X { output -> input } ~ config:1: 'X' pseudoelement 'input' may only be used as output
        elementclass X { output -> input } ~ config:1: 'X' pseudoelement 'output' may only be used as input
        elementclass A { $x | input -> output } Idle -> A(1, 2) -> Discard ~ config:1: no match for 'A[2 arguments, 1 input, 1 output]'
        elementclass A { input -> output || $x | input -> output } Idle -> A(1, 2) -> Discard ~ config:1:   A(<arg>)[1 input, 1 output]
        elementclass A { input -> output || $x | input -> output } Idle -> A(1, 2) -> Discard ~ config:1: candidates are:
        elementclass A { input -> output || input -> output } Idle -> [1] A -> Discard ~ config:1: no match for 'A[2 inputs, 1 output]'
        elementclass A { $a, KEY $b, $c | } ~ config:1: compound element parameters out of order
        elementclass B { $a, $a | } ~ config:1: parameter '$a' multiply defined
        elementclass C { K $a, K $b | } ~ config:1: repeated keyword parameter 'K' in compound element
        elementclass A { ... } ~ config:1: '...' should occur last, after one or more compounds
        elementclass Z { input -> output || ... } ~ config:1: cannot extend unknown element class 'Z'
        define($X 1, Y 2) ~ config:1: bad 'define' declaration: not a variable
        define($X 1, $X 3) ~ config:1: parameter '$X' multiply defined
        require(package a b) ~ config:1: syntax error at requirement
        require(library nothere.click) ~ config:1: library 'nothere.click' not found in CLICKPATH/conf
        elementclass A { require(library x.click) } ~ config:1: 'require library' must be used at file scope
        elementclass A { input -> Print; -> Discard } ~ config:1: warning: suggest 'input ->' or '[0] ->' to start connection
        elementclass A { input -> Print -> [1], Discard -> Discard; input -> output } ~ config:1: implicit ports used in the middle of a chain
        elementclass { input -> output } ~ config:1: expected element type name
        Idle -> Discard; } ~ config:1: syntax error near '}'
        """)
    void reportsClickErrorMessages(String config, String expected) {
        var r = parse(config.replace("\\n", "\n"));
        assertTrue(r.messages().stream().flatMap(String::lines).anyMatch(expected::equals),
                () -> "expected <" + expected + "> in " + r.messages());
    }

    @Test
    void reportsEveryErrorNotJustTheFirst() {
        var r = parse("Idle -> Foo -> Discard;\nx :: Bar;\nIdle [q] -> Discard;");
        assertEquals(List.of("config:1: undeclared element 'Foo'", "config:2: unknown element class 'Bar'",
                "config:3: syntax error: port number should be integer"), r.messages());
    }

    @Test
    void errorsCarryTheirLine() {
        var r = parse("Idle\n->\nDiscard;\n\nx :: Nope;");
        assertEquals(List.of("config:5: unknown element class 'Nope'"), r.messages());
    }

    @Test
    void compoundNestingDepthIsLimited() {
        String deep = "elementclass A " + "{ input -> ".repeat(60) + "Print" + " -> output }".repeat(60);
        var r = parse(deep);
        assertTrue(r.messages().contains("config:1: maximum compound element nesting depth exceeded"), r.messages().toString());
    }

    @Test
    void groupNestingDepthIsLimited() {
        var r = parse("Idle -> " + "(".repeat(80) + "Print" + ")".repeat(80) + " -> Discard");
        assertTrue(r.messages().contains("config:1: maximum element group nesting depth exceeded"), r.messages().toString());
    }

    @Test
    void undefinedClassInCompoundIsReported() {
        var r = parse("elementclass A { input -> Nope -> output } Idle -> A -> Discard");
        assertTrue(r.messages().contains("config:1: undeclared element 'Nope'"), r.messages().toString());
    }

    @Test
    void diagnosticFormat() {
        assertEquals("f:3: boom", new Diagnostic(new Landmark("f", 3), Severity.ERROR, "boom").format());
        assertEquals("f:3: warning: hm", new Diagnostic(new Landmark("f", 3), Severity.WARNING, "hm").format());
        assertEquals("plain", new Diagnostic(null, Severity.ERROR, "plain").format());
        Diagnostics d = new Diagnostics();
        d.warning(null, "w");
        d.error(new Landmark("x", 1), "e");
        assertEquals(1, d.errorCount());
        assertTrue(d.hasErrors());
        assertEquals(2, d.all().size());
    }
}
