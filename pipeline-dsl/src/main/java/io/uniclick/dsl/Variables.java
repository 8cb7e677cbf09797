package io.uniclick.dsl;

import io.uniclick.core.config.ConfigText;

import java.util.List;

/** Variable substitution in configuration strings (A.6): $x ${x} ${x-default} ${x[i]}. */
final class Variables {
    private Variables() {}

    static boolean isVarChar(char c) { return Lexer.isAlnum(c) || c == '_'; }

    static String expand(String s, Parser.Env env) {
        if (s == null || s.indexOf('$') < 0 || env == null) return s == null ? "" : s;
        return expand(s, env, 0);
    }

    private static String expand(String s, Parser.Env env, int level) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        boolean inDouble = false;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!inDouble) {
                if (c == '\'') {
                    int j = s.indexOf('\'', i + 1);
                    j = j < 0 ? n : j + 1;
                    out.append(s, i, j);
                    i = j;
                    continue;
                }
                if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                    int j = i + 2;
                    while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') j++;
                    out.append(s, i, j);
                    i = j;
                    continue;
                }
                if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int j = s.indexOf("*/", i + 2);
                    j = j < 0 ? n : j + 2;
                    out.append(s, i, j);
                    i = j;
                    continue;
                }
                if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '<') {
                    int j = s.indexOf('>', i + 2);
                    j = j < 0 ? n : j + 1;
                    out.append(s, i, j);
                    i = j;
                    continue;
                }
                if (c == '"') inDouble = true;
            } else {
                if (c == '\\' && i + 1 < n) {
                    out.append(s, i, i + 2);
                    i += 2;
                    continue;
                }
                if (c == '"') inDouble = false;
            }
            if (c == '$') {
                int j = variable(s, i, env, out, level);
                if (j > i) {
                    i = j;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Expands the variable reference at s[i] == '$' into out; returns the index after it, or i if none. */
    private static int variable(String s, int i, Parser.Env env, StringBuilder out, int level) {
        int n = s.length();
        if (i + 1 < n && s.charAt(i + 1) == '{') {
            int close = s.indexOf('}', i + 2);
            if (close < 0) return i;
            String inner = s.substring(i + 2, close);
            int k = 0;
            while (k < inner.length() && isVarChar(inner.charAt(k))) k++;
            if (k == 0) return i;
            String name = inner.substring(0, k), rest = inner.substring(k);
            String value = env.lookup(name);
            if (rest.isEmpty()) {
                out.append(value != null ? value : s.substring(i, close + 1));
            } else if (rest.charAt(0) == '-') {
                if (value != null) out.append(value);
                else out.append(level < 8 ? expand(rest.substring(1), env, level + 1) : rest.substring(1));
            } else if (rest.charAt(0) == '[' && rest.endsWith("]")) {
                if (value == null) {
                    out.append(s, i, close + 1);
                } else {
                    String idxText = level < 8 ? expand(rest.substring(1, rest.length() - 1), env, level + 1) : "";
                    int idx = -1;
                    try {
                        idx = Integer.parseInt(idxText.trim());
                    } catch (NumberFormatException ex) {
                        idx = -1;
                    }
                    List<String> words = ConfigText.splitWords(value);
                    if (idx >= 0 && idx < words.size()) out.append(words.get(idx));
                }
            } else {
                return i;
            }
            return close + 1;
        }
        int j = i + 1;
        while (j < n && isVarChar(s.charAt(j))) j++;
        if (j == i + 1) return i;
        String value = env.lookup(s.substring(i + 1, j));
        out.append(value != null ? value : s.substring(i, j));
        return j;
    }
}
