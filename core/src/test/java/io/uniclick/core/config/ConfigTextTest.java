package io.uniclick.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ConfigTextTest {

    @Test
    void splitsAtTopLevelCommasAndTrims() {
        assertEquals(List.of("a", "b c", "d"), ConfigText.splitArguments(" a ,b c,  d "));
    }

    @Test
    void parenthesesDoNotProtectCommas() {
        assertEquals(List.of("f(a", "b)"), ConfigText.splitArguments("f(a, b)"));
    }

    @Test
    void quotesAndHexBlocksProtectCommas() {
        assertEquals(List.of("\"a,b\"", "'c,d'", "\\<2c 2c>", "x"), ConfigText.splitArguments("\"a,b\", 'c,d', \\<2c 2c>, x"));
    }

    @Test
    void commentsBecomeOneSpace() {
        assertEquals(List.of("a b", "c"), ConfigText.splitArguments("a/* , */b, // x, y\n c"));
    }

    @Test
    void trailingEmptyArgumentDroppedButMiddleKept() {
        assertEquals(List.of("1"), ConfigText.splitArguments("1, "));
        assertEquals(List.of("1", "", "2"), ConfigText.splitArguments("1,,2"));
        assertEquals(List.of(""), ConfigText.splitArguments(","));
    }

    @Test
    void blankConfigHasNoArguments() {
        assertEquals(List.of(), ConfigText.splitArguments(""));
        assertEquals(List.of(), ConfigText.splitArguments("   \n "));
        assertEquals(List.of(), ConfigText.splitArguments(null));
    }

    @Test
    void splitsWordsKeepingQuotedPieces() {
        assertEquals(List.of("LIMIT", "10"), ConfigText.splitWords("  LIMIT   10 "));
        assertEquals(List.of("a\"b c\"d", "'x y'"), ConfigText.splitWords("a\"b c\"d 'x y'"));
        assertEquals(List.of(), ConfigText.splitWords("  "));
    }

    @Test
    void firstWordAndRest() {
        assertEquals("LIMIT", ConfigText.firstWord("  LIMIT  10 20 "));
        assertEquals("10 20", ConfigText.restAfterFirstWord("  LIMIT  10 20 "));
        assertEquals("", ConfigText.restAfterFirstWord("LIMIT"));
        assertEquals("", ConfigText.firstWord(""));
    }

    @Test
    void keywordConvention() {
        assertTrue(ConfigText.isKeywordLike("LIMIT"));
        assertTrue(ConfigText.isKeywordLike("_x:y.z?!"));
        assertFalse(ConfigText.isKeywordLike("1X"));
        assertFalse(ConfigText.isKeywordLike("A-B"));
        assertFalse(ConfigText.isKeywordLike(""));
    }

    @Test
    void unquoteDoubleQuotesProcessesEscapes() {
        assertEquals("a\nb\t\\\"'$,", ConfigText.unquote("\"a\\nb\\t\\\\\\\"\\'\\$\\,\""));
        assertEquals("A", ConfigText.unquote("\"\\101\""));
        assertEquals("\u00ab", ConfigText.unquote("\"\\x123456789ab\""));
        assertEquals("ab", ConfigText.unquote("\"a\\\nb\""));
    }

    @Test
    void singleQuotesAreLiteral() {
        assertEquals("a\\nb$x", ConfigText.unquote("'a\\nb$x'"));
    }

    @Test
    void adjacentPiecesConcatenate() {
        assertEquals("abc", ConfigText.unquote("a\"b\"c"));
    }

    @Test
    void hexBlocksProduceBytesInsideAndOutsideQuotes() {
        assertEquals("HEL", ConfigText.unquote("\\<48 45 4c>"));
        assertEquals("xHEy", ConfigText.unquote("\"x\\<48 /* c */ 45>y\""));
    }

    @Test
    void unquotedTextPassesThrough() {
        assertEquals("18.26.4.15", ConfigText.unquote("18.26.4.15"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a b", "with \"quotes\"", "back\\slash", "$var ${x}", "tab\tnl\ncr\r", "\u0001\u007f\u0090\u00ff", "a,b", "'single'", "/* c */ // d", "\\<41>"})
    void quoteRoundTripsThroughUnquote(String s) {
        String q = ConfigText.quote(s);
        assertEquals(s, ConfigText.unquote(q));
        assertEquals(1, ConfigText.splitArguments(q + ", x").size() - 1);
    }

    @Test
    void quoteRoundTripsRandomStrings() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++) sb.append((char) r.nextInt(300));
            String s = sb.toString();
            assertEquals(s, ConfigText.unquote(ConfigText.quote(s)));
        }
    }

    @Test
    void neverThrowsOnGarbage() {
        Random r = new Random(7);
        String alphabet = "\"'\\<>/*,() \n$xa0";
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(20);
            for (int j = 0; j < n; j++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String s = sb.toString();
            assertDoesNotThrow(() -> {
                ConfigText.splitArguments(s);
                ConfigText.splitWords(s);
                ConfigText.unquote(s);
                ConfigText.firstWord(s);
                ConfigText.restAfterFirstWord(s);
            }, s);
        }
    }
}
