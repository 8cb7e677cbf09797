package io.uniclick.dsl;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Random token soups and mutations of valid configs: nothing may escape, every error has a landmark. */
class FuzzTest {

    private static final String[] TOKENS = {"->", "=>", "::", "||", "...", ";", ",", "(", ")", "[", "]", "{", "}", "|", "-",
            "elementclass", "require", "provide", "define", "input", "output", "$x", "${x}", "${x[1]}", "$", "#", "\n#line 3 \"f\"\n",
            "Idle", "Discard", "Queue", "Tee", "Foo", "a", "b", "0", "1", "12", "a/b", "@", "//", "/*", "*/", "\"", "'", "\\<",
            ">", "\n", " ", "__REST__", "KEY", "library x.click", "package", "compact_config", "\r\n", "@1", "é", "\u0000"};

    private static void check(String text, long seed) {
        Diagnostics d = new Diagnostics();
        FlatRouter r;
        try {
            r = ClickParser.parse(text, "config", Map.of("x", "v"), TestConfigs.CATALOG, d);
        } catch (Throwable t) {
            fail("exception for seed " + seed + " input <" + text + ">: " + t);
            return;
        }
        assertNotNull(r);
        for (Diagnostic diag : d.all()) {
            assertFalse(diag.message().startsWith("internal error"), () -> "seed " + seed + " <" + text + ">: " + diag.format());
            if (diag.severity() == Severity.ERROR) {
                assertNotNull(diag.landmark(), () -> "seed " + seed + " <" + text + ">: " + diag.format());
                assertTrue(diag.landmark().line() >= 1, () -> "seed " + seed + " <" + text + ">: " + diag.format());
            }
        }
        for (Connection c : r.connections()) {
            assertTrue(c.fromElement() >= 0 && c.fromElement() < r.elements().size());
            assertTrue(c.toElement() >= 0 && c.toElement() < r.elements().size());
        }
        if (!d.hasErrors()) {
            // a clean parse must round-trip
            Diagnostics d2 = new Diagnostics();
            FlatRouter r2 = ClickParser.parse(r.unparse(), "config", Map.of(), TestConfigs.CATALOG, d2);
            assertFalse(d2.hasErrors(), () -> "seed " + seed + " <" + text + ">\n" + r.unparse() + "\n" + d2);
            assertEquals(r.elements().size(), r2.elements().size());
            assertEquals(r.connections().size(), r2.connections().size());
        }
    }

    @Test
    void randomTokenSoups() {
        for (long seed = 0; seed < 2000; seed++) {
            Random rnd = new Random(seed);
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
                if (rnd.nextInt(3) == 0) sb.append(' ');
            }
            check(sb.toString(), seed);
        }
    }

    @Test
    void mutationsOfValidConfigs() {
        List<String> corpus = TestConfigs.CORPUS;
        for (long seed = 0; seed < 3000; seed++) {
            Random rnd = new Random(1000 + seed);
            StringBuilder sb = new StringBuilder(corpus.get(rnd.nextInt(corpus.size())));
            int muts = 1 + rnd.nextInt(4);
            for (int m = 0; m < muts && sb.length() > 0; m++) {
                int pos = rnd.nextInt(sb.length() + 1);
                switch (rnd.nextInt(5)) {
                    case 0 -> { if (pos < sb.length()) sb.deleteCharAt(pos); }
                    case 1 -> sb.insert(pos, (char) (32 + rnd.nextInt(95)));
                    case 2 -> {
                        int len = Math.min(1 + rnd.nextInt(10), sb.length() - Math.min(pos, sb.length()));
                        if (len > 0) sb.insert(pos, sb.substring(pos, pos + len));
                    }
                    case 3 -> sb.insert(pos, TOKENS[rnd.nextInt(TOKENS.length)]);
                    default -> {
                        int len = Math.min(1 + rnd.nextInt(8), sb.length() - Math.min(pos, sb.length()));
                        if (len > 0) sb.delete(pos, pos + len);
                    }
                }
            }
            check(sb.toString(), seed);
        }
    }

    @Test
    void concatenatedCorpusAndPathologicalInputs() {
        check(String.join("\n", TestConfigs.CORPUS), -1);
        check("(".repeat(5000), -2);
        check("{".repeat(5000), -3);
        check("Idle" + " -> Null".repeat(3000) + " -> Discard", -4);
        check("Idle -> " + "( -> Null -> ) -> ".repeat(300) + "Discard", -5);
        check("elementclass A { input -> output || input -> output || A } Idle -> A -> Discard", -6);
        check("Idle -> [0-99999999] Discard", -7);
        check("t :: Tee; t [0-] => [0-] Discard, Discard", -8);
        check("", -9);
        check("# 99999999999999999999 \"x\"\n Foo", -10);
    }
}
