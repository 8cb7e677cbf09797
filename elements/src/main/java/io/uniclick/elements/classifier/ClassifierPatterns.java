package io.uniclick.elements.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Classifier patterns (spec C.7): space-separated clauses {@code [!]OFFSET/VALUE[%MASK]},
 * hex VALUE with {@code ?} don't-care nibbles, {@code -} for everything. A clause is the
 * conjunction of its bytes; a byte beyond the packet end fails the clause (so a negated clause
 * matches a packet too short for it, as in Click).
 */
final class ClassifierPatterns {
    private ClassifierPatterns() {
    }

    /** One pattern's predicate; errors are added to {@code errors} with Click's "pattern N: " prefix. */
    static Expr parse(String s, int slot, List<String> errors) {
        int i = 0;
        int len = s.length();
        List<Expr> clauses = new ArrayList<>();
        if (len == 1 && s.charAt(0) == '-') {
            i = 1;
        }
        while (i < len) {
            while (i < len && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            boolean negated = false;
            if (s.charAt(i) == '!') {
                negated = true;
                i++;
                while (i < len && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            }
            if (i >= len || !isDigit(s.charAt(i))) {
                errors.add("pattern " + slot + ": expected a digit");
                break;
            }
            long offset = 0;
            while (i < len && isDigit(s.charAt(i))) {
                offset = Math.min(offset * 10 + (s.charAt(i) - '0'), Integer.MAX_VALUE);
                i++;
            }
            if (i >= len || s.charAt(i) != '/') {
                errors.add("pattern " + slot + ": expected '/'");
                break;
            }
            i++;
            int valuePos = i;
            while (i < len && isHexOrWild(s.charAt(i))) {
                i++;
            }
            int valueEnd = i;
            int maskPos = -1;
            int maskEnd = -1;
            if (i < len && s.charAt(i) == '%') {
                i++;
                maskPos = i;
                while (i < len && isHexOrWild(s.charAt(i))) {
                    i++;
                }
                maskEnd = i;
            }
            if (valueEnd - valuePos < 2) {
                errors.add("pattern " + slot + ": value has less than 2 hex digits");
                valueEnd = valuePos;
                maskEnd = maskPos;
            }
            if ((valueEnd - valuePos) % 2 != 0) {
                errors.add("pattern " + slot + ": value has odd number of hex digits");
                valueEnd--;
                maskEnd--;
            }
            if (maskPos >= 0 && maskEnd - maskPos != valueEnd - valuePos) {
                boolean tooMany = maskEnd - maskPos > valueEnd - valuePos;
                errors.add("pattern " + slot + ": mask has too " + (tooMany ? "many" : "few") + " hex digits");
                if (tooMany) {
                    maskEnd = maskPos + valueEnd - valuePos;
                } else {
                    valueEnd = valuePos + maskEnd - maskPos;
                }
            }
            int nbytes = (valueEnd - valuePos) / 2;
            if (offset + nbytes > 0xFFFF) {
                errors.add("pattern " + slot + ": offset too large");
                break;
            }
            byte[] v = new byte[nbytes];
            byte[] m = new byte[nbytes];
            for (int b = 0; b < nbytes; b++) {
                int[] vm = nibbles(s.charAt(valuePos + 2 * b), s.charAt(valuePos + 2 * b + 1));
                int mm = vm[1];
                if (maskPos >= 0) {
                    int[] mk = nibbles(s.charAt(maskPos + 2 * b), s.charAt(maskPos + 2 * b + 1));
                    mm = mm & mk[0] & mk[1];
                }
                m[b] = (byte) mm;
                v[b] = (byte) (vm[0] & mm);
            }
            Expr clause = bytesExpr(Test.DATA, (int) offset, v, m);
            clauses.add(negated ? Expr.not(clause) : clause);
        }
        return Expr.and(clauses);
    }

    /** Conjunction of byte comparisons, grouped in tests of up to four bytes aligned like Click's words. */
    static Expr bytesExpr(int space, int offset, byte[] v, byte[] m) {
        List<Expr> tests = new ArrayList<>();
        int b = 0;
        while (b < v.length) {
            int at = offset + b;
            int n = Math.min(4 - (at & 3), v.length - b);
            int val = 0;
            int mask = 0;
            for (int j = 0; j < n; j++) {
                val = val << 8 | (v[b + j] & 0xFF);
                mask = mask << 8 | (m[b + j] & 0xFF);
            }
            tests.add(Test.of(space, at, n, mask, Test.EQ, val, false));
            b += n;
        }
        return Expr.and(tests);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexOrWild(char c) {
        return c == '?' || Character.digit(c, 16) >= 0 && c < 128;
    }

    /** {value, mask} of a two-character byte. */
    private static int[] nibbles(char hi, char lo) {
        int v = 0;
        int m = 0;
        for (char c : new char[] {hi, lo}) {
            v <<= 4;
            m <<= 4;
            if (c != '?') {
                v |= Character.digit(c, 16);
                m |= 0xF;
            }
        }
        return new int[] {v, m};
    }
}
