package io.uniclick.dsl;

import io.uniclick.core.config.ConfigText;

import java.util.ArrayDeque;
import java.util.Deque;

/** Click-language lexer (A.1): tokens on demand, raw configuration strings, line directives, pushback. */
final class Lexer {
    enum Kind { IDENT, VARIABLE, ARROW, DARROW, COLON2, BAR2, DOT3, ELEMENTCLASS, REQUIRE, PROVIDE, DEFINE, CHAR, EOF }

    record Token(Kind kind, String text, Landmark landmark) {
        boolean is(char c) { return kind == Kind.CHAR && text.length() == 1 && text.charAt(0) == c; }
        boolean is(Kind k) { return kind == k; }
        boolean isArrow() { return kind == Kind.ARROW || kind == Kind.DARROW; }
    }

    private final String s;
    private final int n;
    private int pos;
    private String file;
    private final String originalFile;
    private int line = 1;
    private final Diagnostics diags;
    private final Deque<Token> pushback = new ArrayDeque<>();

    Lexer(String text, String fileName, Diagnostics diags) {
        this.s = text == null ? "" : text;
        this.n = s.length();
        this.file = fileName == null || fileName.isEmpty() ? "config" : fileName;
        this.originalFile = this.file;
        this.diags = diags;
    }

    String fileName() { return file; }

    String originalFileName() { return originalFile; }

    /** The current position's landmark (Click's lexer landmark: after the furthest token lexed). */
    Landmark here() { return new Landmark(file, Math.max(line, 1)); }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isWordChar(char c) { return isAlnum(c) || c == '_' || c == '@'; }

    private boolean atLineStart(int i) {
        return i == 0 || s.charAt(i - 1) == '\n' || s.charAt(i - 1) == '\r';
    }

    /** Skips to just after the end of the current line (counting it). */
    private int skipLine(int i) {
        line++;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n') return i + 1;
            if (c == '\r') return (i + 1 < n && s.charAt(i + 1) == '\n') ? i + 2 : i + 1;
        }
        line--;
        return i;
    }

    /** Counts a line end at i (\n, \r or \r\n); returns the index of its last character. */
    private int newline(int i) {
        line++;
        if (s.charAt(i) == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') return i + 1;
        return i;
    }

    private int skipSlashStar(int i) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') i = newline(i);
            else if (c == '*' && i + 1 < n && s.charAt(i + 1) == '/') return i + 2;
        }
        return n;
    }

    private int skipBackslashAngle(int i) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') i = newline(i);
            else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') i = skipLine(i + 2) - 1;
            else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') i = skipSlashStar(i + 2) - 1;
            else if (c == '>') return i + 1;
        }
        return n;
    }

    private int skipQuote(int i, char endc) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') i = newline(i);
            else if (c == '\\' && endc == '"' && i + 1 < n) {
                if (s.charAt(i + 1) == '<') i = skipBackslashAngle(i + 2) - 1;
                else if (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r') i = newline(i + 1);
                else i++;
            } else if (c == endc) return i + 1;
        }
        return n;
    }

    /** i points at '#' in column 0. Returns the index of the line end (not consumed) or after it. */
    private int lineDirective(int i) {
        int j = i + 1;
        while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
        if (j + 4 < n && s.startsWith("line", j) && (s.charAt(j + 4) == ' ' || s.charAt(j + 4) == '\t')) {
            j += 5;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
        }
        if (j >= n || !(s.charAt(j) >= '0' && s.charAt(j) <= '9')) {
            diags.error(here(), "unknown preprocessor directive");
            return skipLine(j);
        }
        long ln = 0;
        while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            ln = Math.min(ln * 10 + (s.charAt(j) - '0'), Integer.MAX_VALUE / 2);
            j++;
        }
        line = (int) ln - 1;   // the line end that follows counts the extra line
        while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
        if (j < n && s.charAt(j) == '"') {
            int start = j;
            for (j++; j < n && s.charAt(j) != '"' && s.charAt(j) != '\n' && s.charAt(j) != '\r'; j++)
                if (s.charAt(j) == '\\' && j + 1 < n && s.charAt(j + 1) != '\n' && s.charAt(j + 1) != '\r') j++;
            String name = ConfigText.unquote(s.substring(start, j) + "\"");
            file = name.isEmpty() ? originalFile : name;
        }
        while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') j++;
        return j;
    }

    private Token tok(Kind k, String text, int startLine) {
        return new Token(k, text, new Landmark(file, Math.max(startLine, 1)));
    }

    private Token next() {
        int i = pos;
        while (true) {
            while (i < n && isSpace(s.charAt(i))) {
                char c = s.charAt(i);
                if (c == '\n' || c == '\r') i = newline(i);
                i++;
            }
            if (i >= n) {
                pos = n;
                return tok(Kind.EOF, "", line);
            }
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') i = skipLine(i + 2);
            else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') i = skipSlashStar(i + 2);
            else if (c == '#' && atLineStart(i)) i = lineDirective(i);
            else break;
        }
        int start = i;
        char c = s.charAt(i);
        if (isWordChar(c)) {
            i++;
            while (true) {
                while (i < n && isWordChar(s.charAt(i))) i++;
                if (i + 1 < n && s.charAt(i) == '/' && isWordChar(s.charAt(i + 1))) { i++; continue; }
                break;
            }
            pos = i;
            String w = s.substring(start, i);
            return switch (w) {
                case "elementclass" -> tok(Kind.ELEMENTCLASS, w, line);
                case "require" -> tok(Kind.REQUIRE, w, line);
                case "provide" -> tok(Kind.PROVIDE, w, line);
                case "define" -> tok(Kind.DEFINE, w, line);
                default -> tok(Kind.IDENT, w, line);
            };
        }
        if (c == '$') {
            int j = i + 1;
            while (j < n && (isAlnum(s.charAt(j)) || s.charAt(j) == '_')) j++;
            if (j > i + 1) {
                pos = j;
                return tok(Kind.VARIABLE, s.substring(i + 1, j), line);
            }
        }
        if (i + 1 < n) {
            char d = s.charAt(i + 1);
            Kind k = null;
            if (c == '-' && d == '>') k = Kind.ARROW;
            else if (c == '=' && d == '>') k = Kind.DARROW;
            else if (c == ':' && d == ':') k = Kind.COLON2;
            else if (c == '|' && d == '|') k = Kind.BAR2;
            if (k != null) {
                pos = i + 2;
                return tok(k, s.substring(i, i + 2), line);
            }
        }
        if (i + 2 < n && c == '.' && s.charAt(i + 1) == '.' && s.charAt(i + 2) == '.') {
            pos = i + 3;
            return tok(Kind.DOT3, "...", line);
        }
        // a whole code point, so that error messages never contain half a surrogate pair
        int cp = s.codePointAt(i);
        int len = Character.charCount(cp);
        pos = i + len;
        return tok(Kind.CHAR, s.substring(i, i + len), line);
    }

    Token lex() {
        if (!pushback.isEmpty()) return pushback.pop();
        return next();
    }

    void unlex(Token t) { pushback.push(t); }

    /** Consumes the next token if it is the single character c; otherwise reports "expected 'c'" (if report). */
    boolean expect(char c, boolean report) {
        if (!pushback.isEmpty()) {
            if (pushback.peek().is(c)) { pushback.pop(); return true; }
        } else {
            int oldPos = pos, oldLine = line;
            String oldFile = file;
            Token t = next();
            if (t.is(c)) return true;
            pos = oldPos;
            line = oldLine;
            file = oldFile;
        }
        if (report) diags.error(here(), "expected '" + c + "'");
        return false;
    }

    /**
     * Reads a raw configuration string after '(' up to (not including) the matching ')'. Parens nest, except
     * inside quotes, comments and \<...>. Line directives inside are processed and removed.
     */
    String lexConfig() {
        if (!pushback.isEmpty()) return "";   // cannot happen with the parser's lookahead discipline
        int configPos = pos, i = pos, depth = 1;
        StringBuilder r = new StringBuilder();
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') {
                if (--depth == 0) break;
            } else if (c == '\n' || c == '\r') i = newline(i);
            else if (c == '#' && i > 0 && (s.charAt(i - 1) == '\n' || s.charAt(i - 1) == '\r')) {
                r.append(s, configPos, i);
                i = lineDirective(i) - 1;
                configPos = i + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') i = skipLine(i + 2) - 1;
            else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') i = skipSlashStar(i + 2) - 1;
            else if (c == '\'' || c == '"') i = skipQuote(i + 1, c) - 1;
            else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '<') i = skipBackslashAngle(i + 2) - 1;
        }
        if (i > n) i = n;
        pos = i;
        r.append(s, Math.min(configPos, i), i);
        return r.toString();
    }
}
