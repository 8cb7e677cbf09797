package io.uniclick.dsl;

import io.uniclick.core.config.ConfigText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A flat router: only primitive classes, compounds expanded, variables substituted, element names final
 * (e.g. "q/x", "Foo@2/Print@1", "Counter@3").
 */
public final class FlatRouter {
    private final List<ElementDecl> elements;
    private final List<Connection> connections;
    private final List<String> requirements;
    private final Map<String, Integer> index = new HashMap<>();

    public FlatRouter(List<ElementDecl> elements, List<Connection> connections, List<String> requirements) {
        this.elements = List.copyOf(elements);
        this.connections = List.copyOf(connections);
        this.requirements = List.copyOf(requirements);
        for (int i = 0; i < this.elements.size(); i++) index.putIfAbsent(this.elements.get(i).name(), i);
    }

    /** Elements in declaration (flattening) order. */
    public List<ElementDecl> elements() { return elements; }

    /** Deduplicated connections, in source order. */
    public List<Connection> connections() { return connections; }

    /** require(...) items other than library/compact_config, e.g. "package foo". */
    public List<String> requirements() { return Collections.unmodifiableList(requirements); }

    /** Index of the named element, -1 if absent. */
    public int indexOf(String elementName) {
        Integer i = index.get(elementName);
        return i == null ? -1 : i;
    }

    /**
     * Click's flat form (A.10): requirements, declarations "name :: Class(config);", then the connections
     * compacted into chains "a -> b\n    -> c;". Parses back to the same graph.
     */
    public String unparse() {
        StringBuilder sb = new StringBuilder();
        if (!requirements.isEmpty()) {
            sb.append("require(");
            for (int i = 0; i < requirements.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(requirementText(requirements.get(i)));
            }
            sb.append(");\n\n");
        }
        for (ElementDecl e : elements) {
            sb.append(e.name()).append(" :: ").append(e.className());
            String cfg = safeConfig(e.config());
            if (!cfg.isEmpty()) sb.append('(').append(cfg).append(')');
            sb.append(";\n");
        }
        if (!connections.isEmpty()) {
            if (!elements.isEmpty()) sb.append('\n');
            boolean[] used = new boolean[connections.size()];
            for (int i = 0; i < connections.size(); i++) {
                if (used[i]) continue;
                Connection c = connections.get(i);
                used[i] = true;
                sb.append(name(c.fromElement()));
                if (c.fromPort() != 0) sb.append(" [").append(c.fromPort()).append(']');
                sb.append(" -> ");
                if (c.toPort() != 0) sb.append('[').append(c.toPort()).append("] ");
                sb.append(name(c.toElement()));
                int cur = c.toElement();
                while (true) {
                    int next = -1;
                    for (int j = i + 1; j < connections.size(); j++)
                        if (!used[j] && connections.get(j).fromElement() == cur) { next = j; break; }
                    if (next < 0) break;
                    Connection d = connections.get(next);
                    used[next] = true;
                    if (d.fromPort() != 0) sb.append(" [").append(d.fromPort()).append(']');
                    sb.append("\n    -> ");
                    if (d.toPort() != 0) sb.append('[').append(d.toPort()).append("] ");
                    sb.append(name(d.toElement()));
                    cur = d.toElement();
                }
                sb.append(";\n");
            }
        }
        return sb.toString();
    }

    private String name(int idx) {
        return idx >= 0 && idx < elements.size() ? elements.get(idx).name() : "##no-such-element##";
    }

    private static String requirementText(String req) {
        String type = ConfigText.firstWord(req);
        String value = ConfigText.restAfterFirstWord(req);
        if (value.isEmpty()) return type;
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/')) { plain = false; break; }
        }
        return type + " " + (plain ? value : ConfigText.quote(value));
    }

    /**
     * Returns the config if the lexer would read it back verbatim (balanced parentheses outside quotes and
     * comments, no line directive, no unterminated quote or comment); otherwise an equivalent config whose
     * offending arguments are quoted.
     */
    static String safeConfig(String config) {
        if (config == null) return "";
        if (lexesBack(config)) return config;
        List<String> args = ConfigText.splitArguments(config);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sb.append(", ");
            String a = args.get(i);
            sb.append(lexesBack(a) && a.indexOf(',') < 0 ? a : ConfigText.quote(ConfigText.unquote(a)));
        }
        return sb.toString();
    }

    private static boolean lexesBack(String s) {
        int n = s.length(), depth = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') { if (--depth < 0) return false; }
            else if (c == '#' && i > 0 && (s.charAt(i - 1) == '\n' || s.charAt(i - 1) == '\r')) return false;
            else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
                if (i >= n) return false;   // a trailing // comment would swallow the closing paren
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int j = s.indexOf("*/", i + 2);
                if (j < 0) return false;
                i = j + 1;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == c) { closed = true; break; }
                    if (c == '"' && d == '\\' && j + 1 < n) { j += 2; continue; }
                    j++;
                }
                if (!closed) return false;
                i = j;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '<') {
                int j = s.indexOf('>', i + 2);
                if (j < 0) return false;
                i = j;
            }
        }
        return depth == 0;
    }

    @Override
    public String toString() { return unparse(); }
}
