package io.uniclick.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Low-level helpers for Click configuration strings (spec A.7): splitting into arguments and words,
 * unquoting, quoting and the keyword convention. All methods are total: they never throw for any input
 * (a {@code null} argument is treated as the empty string).
 */
public final class ConfigText {
    private ConfigText() {}

    /** C {@code isspace} in the C locale. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isCommentStart(String s, int i) {
        return s.charAt(i) == '/' && i + 1 < s.length() && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '*');
    }

    /** s[i] starts a comment; returns the index just after it ("//" comments stop before the line end). */
    private static int skipComment(String s, int i) {
        int n = s.length();
        if (s.charAt(i + 1) == '/') {
            int j = i + 2;
            while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') j++;
            return j;
        }
        int j = s.indexOf("*/", i + 2);
        return j < 0 ? n : j + 2;
    }

    /** i is just after "\<"; returns the index after the closing '>' (comments inside are skipped). */
    private static int skipAngle(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '>') return i + 1;
            if (isCommentStart(s, i)) i = skipComment(s, i);
            else i++;
        }
        return n;
    }

    /** s[i] is a quote character; returns the index after the matching close quote (or the end). */
    private static int skipQuote(String s, int i) {
        int n = s.length();
        char q = s.charAt(i);
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c == q) return i + 1;
            if (q == '"' && c == '\\' && i + 1 < n) {
                if (s.charAt(i + 1) == '<') { i = skipAngle(s, i + 2); continue; }
                i += 2;
                continue;
            }
            i++;
        }
        return n;
    }

    /** If a protected segment (quote or \<..>) starts at i, returns its end, else -1. */
    private static int protectedEnd(String s, int i) {
        char c = s.charAt(i);
        if (c == '"' || c == '\'') return skipQuote(s, i);
        if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '<') return skipAngle(s, i + 2);
        return -1;
    }

    private static String trim(CharSequence cs) {
        int b = 0, e = cs.length();
        while (b < e && isSpace(cs.charAt(b))) b++;
        while (e > b && isSpace(cs.charAt(e - 1))) e--;
        return cs.subSequence(b, e).toString();
    }

    /** Splits a configuration string at top-level commas (A.7). */
    public static List<String> splitArguments(String config) {
        List<String> out = new ArrayList<>();
        if (config == null) return out;
        String s = config;
        int n = s.length();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int pe = protectedEnd(s, i);
            if (pe >= 0) {
                cur.append(s, i, pe);
                i = pe;
            } else if (isCommentStart(s, i)) {
                cur.append(' ');
                i = skipComment(s, i);
            } else if (c == ',') {
                out.add(trim(cur));
                cur.setLength(0);
                i++;
            } else {
                cur.append(c);
                i++;
            }
        }
        String last = trim(cur);
        if (!last.isEmpty()) out.add(last);
        return out;
    }

    /** Returns the end of the word starting at i (i is not whitespace and not a comment start). */
    private static int wordEnd(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c) || isCommentStart(s, i)) break;
            int pe = protectedEnd(s, i);
            i = pe >= 0 ? pe : i + 1;
        }
        return i;
    }

    private static int skipSpaceAndComments(String s, int i) {
        int n = s.length();
        while (i < n) {
            if (isSpace(s.charAt(i))) i++;
            else if (isCommentStart(s, i)) i = skipComment(s, i);
            else break;
        }
        return i;
    }

    /** Splits an argument into space-separated words; quoted pieces stay verbatim inside their word. */
    public static List<String> splitWords(String arg) {
        List<String> out = new ArrayList<>();
        if (arg == null) return out;
        int i = skipSpaceAndComments(arg, 0);
        while (i < arg.length()) {
            int e = wordEnd(arg, i);
            out.add(arg.substring(i, e));
            i = skipSpaceAndComments(arg, e);
        }
        return out;
    }

    /** The first word of an argument ("" if none). */
    public static String firstWord(String arg) {
        if (arg == null) return "";
        int i = skipSpaceAndComments(arg, 0);
        if (i >= arg.length()) return "";
        return arg.substring(i, wordEnd(arg, i));
    }

    /** Everything after the first word, trimmed ("" if none). */
    public static String restAfterFirstWord(String arg) {
        if (arg == null) return "";
        int i = skipSpaceAndComments(arg, 0);
        if (i >= arg.length()) return "";
        int e = wordEnd(arg, i);
        return trim(arg.substring(e));
    }

    /** A7 keyword convention: first char letter or '_', rest [A-Za-z0-9_:.?!]. */
    public static boolean isKeywordLike(String word) {
        if (word == null || word.isEmpty()) return false;
        char c = word.charAt(0);
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) return false;
        for (int i = 1; i < word.length(); i++) {
            c = word.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == ':' || c == '.' || c == '?' || c == '!';
            if (!ok) return false;
        }
        return true;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** i is just after "\<"; appends the decoded bytes and returns the index after '>'. */
    private static int decodeAngle(String s, int i, StringBuilder sb) {
        int n = s.length();
        int nibble = -1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '>') { i++; break; }
            if (isCommentStart(s, i)) { i = skipComment(s, i); continue; }
            int h = hexValue(c);
            if (h >= 0) {
                if (nibble < 0) nibble = h;
                else { sb.append((char) ((nibble << 4) | h)); nibble = -1; }
            }
            i++;
        }
        return i;
    }

    /** s[i] is a backslash inside double quotes and i+1 < n; appends the result and returns the next index. */
    private static int decodeBackslash(String s, int i, StringBuilder sb) {
        int n = s.length();
        char c = s.charAt(i + 1);
        switch (c) {
            case '\n': return i + 2;
            case '\r': return (i + 2 < n && s.charAt(i + 2) == '\n') ? i + 3 : i + 2;
            case 'a': sb.append('\u0007'); return i + 2;
            case 'b': sb.append('\b'); return i + 2;
            case 't': sb.append('\t'); return i + 2;
            case 'n': sb.append('\n'); return i + 2;
            case 'v': sb.append('\u000b'); return i + 2;
            case 'f': sb.append('\f'); return i + 2;
            case 'r': sb.append('\r'); return i + 2;
            case '<': return decodeAngle(s, i + 2, sb);
            case 'x': {
                int j = i + 2, v = 0;
                while (j < n && hexValue(s.charAt(j)) >= 0) { v = ((v << 4) | hexValue(s.charAt(j))) & 0xFF; j++; }
                if (j == i + 2) { sb.append('x'); return j; }
                sb.append((char) v);
                return j;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int j = i + 1, v = 0;
                    while (j < n && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') { v = v * 8 + (s.charAt(j) - '0'); j++; }
                    sb.append((char) (v & 0xFF));
                    return j;
                }
                sb.append(c);   // \\ \" \' \$ \, and any other escaped character
                return i + 2;
        }
    }

    /** Removes one level of quoting (A.7). Unquoted text passes through unchanged. */
    public static String unquote(String word) {
        if (word == null) return "";
        String s = word;
        int n = s.length();
        if (s.indexOf('"') < 0 && s.indexOf('\'') < 0 && s.indexOf('\\') < 0) return s;
        StringBuilder sb = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'') {
                int j = s.indexOf('\'', i + 1);
                if (j < 0) j = n;
                sb.append(s, i + 1, j);
                i = Math.min(n, j + 1);
            } else if (c == '"') {
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '"') { i++; break; }
                    if (d == '\\' && i + 1 < n) { i = decodeBackslash(s, i, sb); continue; }
                    sb.append(d);
                    i++;
                }
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '<') {
                i = decodeAngle(s, i + 2, sb);
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** Produces a double-quoted Click string that {@link #unquote} maps back to {@code s}. */
    public static String quote(String s) {
        if (s == null) s = "";
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '$': sb.append("\\$"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0xA0)) {
                        sb.append('\\')
                          .append((char) ('0' + ((c >> 6) & 7)))
                          .append((char) ('0' + ((c >> 3) & 7)))
                          .append((char) ('0' + (c & 7)));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
        return sb.toString();
    }
}
