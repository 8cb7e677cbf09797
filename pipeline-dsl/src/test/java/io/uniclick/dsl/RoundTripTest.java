package io.uniclick.dsl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RoundTripTest {

    static List<String> corpus() { return TestConfigs.CORPUS; }

    private static List<String> decls(FlatRouter r) {
        List<String> out = new ArrayList<>();
        for (ElementDecl e : r.elements()) out.add(e.name() + " :: " + e.className() + "(" + e.config() + ")");
        return out;
    }

    private static List<String> conns(FlatRouter r) {
        List<String> out = new ArrayList<>();
        for (Connection c : r.connections())
            out.add(r.elements().get(c.fromElement()).name() + "[" + c.fromPort() + "]->[" + c.toPort() + "]"
                    + r.elements().get(c.toElement()).name());
        out.sort(null);
        return out;
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void corpusParsesWithoutErrors(String text) {
        var r = TestConfigs.parse(text);
        assertFalse(r.diags().hasErrors(), () -> text + "\n" + r.diags());
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void unparseParsesBackToTheSameGraph(String text) {
        FlatRouter a = TestConfigs.parse(text).router();
        String flat = a.unparse();
        var b = TestConfigs.parse(flat);
        assertFalse(b.diags().hasErrors(), () -> flat + "\n" + b.diags());
        assertEquals(decls(a), decls(b.router()), flat);
        assertEquals(conns(a), conns(b.router()), flat);
        assertEquals(a.requirements(), b.router().requirements());
        assertEquals(flat, b.router().unparse(), "flattening is idempotent");
    }

    @Test
    void unparseFormatChainsConnections() {
        FlatRouter r = TestConfigs.parse("InfiniteSource -> c :: Counter -> Discard").router();
        assertEquals("InfiniteSource@1 :: InfiniteSource;\nc :: Counter;\nDiscard@3 :: Discard;\n\n"
                + "InfiniteSource@1 -> c\n    -> Discard@3;\n", r.unparse());
    }

    @Test
    void unparseQuotesConfigsThatWouldNotLexBack() {
        var r = TestConfigs.parse("Print($X) -> Discard", Map.of("X", "a) (b, \"c"));
        String flat = r.router().unparse();
        var b = TestConfigs.parse(flat);
        assertFalse(b.diags().hasErrors(), () -> flat + "\n" + b.diags());
        assertEquals(2, b.router().elements().size(), flat);
    }

    @Test
    void unparseWritesPortsWhereNonzero() {
        String flat = TestConfigs.parse("t :: Tee(2); Idle -> t; t[1] -> [0] Discard; t -> Discard").router().unparse();
        assertTrue(flat.contains("t [1]\n    -> Discard@3;"), flat);
    }
}
