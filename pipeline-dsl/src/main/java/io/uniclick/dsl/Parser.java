package io.uniclick.dsl;

import io.uniclick.core.config.ConfigText;
import io.uniclick.dsl.Lexer.Kind;
import io.uniclick.dsl.Lexer.Token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses Click-language text into element tables (one per compound alternative plus the file scope), then
 * flattens them (compound selection and expansion, group/compound port tunnels, variable substitution).
 * Errors go to {@link Diagnostics}; nothing here is meant to throw.
 */
final class Parser {
    static final int MAX_DEPTH = 50;
    static final int MAX_PORT = 0xFFFF;
    static final int MAX_ELEMENTS = 200_000;
    static final int MAX_EXPANSION_DEPTH = 100;

    // ---------------------------------------------------------------- types and element tables

    static final int PRIM = 0, ERROR = 1, COMPOUND = 2, TUNNEL = 3;

    static final class Type {
        final int kind;
        final String name;
        final Compound compound;   // first alternative when kind == COMPOUND

        Type(int kind, String name, Compound compound) {
            this.kind = kind;
            this.name = name;
            this.compound = compound;
        }
    }

    static final Type TUNNEL_TYPE = new Type(TUNNEL, "<tunnel>", null);

    static final class El {
        String name;
        Type type;
        String config;
        final Landmark lm;
        int nin, nout;

        El(String name, Type type, String config, Landmark lm) {
            this.name = name;
            this.type = type;
            this.config = config == null ? "" : config;
            this.lm = lm;
        }
    }

    record Conn(int from, int fport, int to, int tport, Landmark lm) {}

    /** An element table: the file scope, or one alternative of a compound class. */
    final class Compound {
        final String name;
        final Landmark landmark;
        final int depth;
        final List<String> varNames = new ArrayList<>();
        final List<String> varValues = new ArrayList<>();
        int nformals;
        boolean orderError;
        int ninputs, noutputs;
        final List<El> els = new ArrayList<>();
        final Map<String, Integer> map = new HashMap<>();
        int anonOffset;
        final List<Conn> conns = new ArrayList<>();
        Type overload;   // next alternative, extension base, or null

        Compound(String name, Landmark landmark, int depth) {
            this.name = name == null ? "" : name;
            this.landmark = landmark;
            this.depth = depth;
        }

        String printableName() { return name.isEmpty() ? "<anonymous>" : name; }

        void define(String var, String value, boolean formal) {
            if (varNames.contains(var)) {
                diags.error(lx.here(), "parameter '$" + var + "' multiply defined");
                return;
            }
            varNames.add(var);
            varValues.add(value);
            if (!formal) return;
            nformals = varNames.size();
            if (!value.isEmpty())
                for (int i = 0; i < varValues.size() - 1; i++)
                    if (varValues.get(i).equals(value)) {
                        diags.error(lx.here(), "repeated keyword parameter '" + value + "' in compound element");
                        break;
                    }
            if (!orderError && nformals > 1) {
                String prev = varValues.get(nformals - 2);
                if ((value.isEmpty() && !prev.isEmpty()) || prev.equals("__REST__")) {
                    diags.error(lx.here(), "compound element parameters out of order\n"
                            + "(The correct order is '[positional], [keywords], [__REST__]'.)");
                    orderError = true;
                }
            }
        }

        int getElement(String ename, Type type, String conf, Landmark lm) {
            Integer ex = map.get(ename);
            if (ex != null) return ex;
            int eid = els.size();
            map.put(ename, eid);
            checkAllDigit(ename, lm);
            els.add(new El(ename, type, conf, lm));
            return eid;
        }

        void connect(int from, int fport, int to, int tport, Landmark lm) {
            if (fport < 0) fport = 0;
            if (tport < 0) tport = 0;
            conns.add(new Conn(from, fport, to, tport, lm));
            El t = els.get(to), f = els.get(from);
            if (t.nin <= tport) t.nin = tport + 1;
            if (f.nout <= fport) f.nout = fport + 1;
        }

        String anonName(String className) {
            return ";" + className + "@" + (els.size() - anonOffset + 1);
        }

        String deanonymize(int idx) {
            El e = els.get(idx);
            String nm = e.name.substring(1);
            if (map.containsKey(nm)) {
                int at = nm.lastIndexOf('@');
                String prefix = nm.substring(0, at + 1);
                long k = 0;
                for (int i = at + 1; i < nm.length() && Character.isDigit(nm.charAt(i)) && k < Integer.MAX_VALUE; i++)
                    k = k * 10 + (nm.charAt(i) - '0');
                do {
                    k++;
                    nm = prefix + k;
                } while (map.containsKey(nm));
            }
            map.put(nm, idx);
            e.name = nm;
            return nm;
        }

        /** Checks a compound's or group's pseudoelement; returns its port count. */
        int checkPseudo(int which, boolean isOutput, String pname, Landmark lm) {
            if (which < 0 || which >= els.size()) return 0;
            El e = els.get(which);
            int size = isOutput ? e.nin : e.nout;
            boolean[] used = new boolean[Math.max(size, 0)];
            for (Conn cn : conns) {
                if (isOutput ? cn.to == which : cn.from == which) {
                    int p = isOutput ? cn.tport : cn.fport;
                    if (p >= 0 && p < used.length) used[p] = true;
                }
            }
            String me = isOutput ? "output" : "input", other = isOutput ? "input" : "output";
            if ((isOutput ? e.nout : e.nin) > 0)
                diags.error(lm, "'" + pname + "' pseudoelement '" + me + "' may only be used as " + other);
            for (int i = 0; i < used.length; i++)
                if (!used[i]) diags.error(lm, "'" + pname + "' " + me + " " + i + " missing");
            return used.length;
        }

        void finish() {
            ninputs = checkPseudo(0, false, printableName(), landmark);
            noutputs = checkPseudo(1, true, printableName(), landmark);
            for (int i = 0; i < els.size(); i++)
                if (els.get(i).name.startsWith(";")) deanonymize(i);
        }

        String signature() {
            StringBuilder sb = new StringBuilder(printableName());
            if (!varNames.isEmpty()) {
                sb.append('(');
                for (int i = 0; i < varValues.size(); i++) {
                    if (i > 0) sb.append(", ");
                    String v = varValues.get(i);
                    sb.append(v.isEmpty() ? "<arg>" : v.equals("__REST__") ? "..." : v);
                }
                sb.append(')');
            }
            sb.append('[').append(plural(ninputs, "input")).append(", ").append(plural(noutputs, "output")).append(']');
            return sb.toString();
        }

        /** Click's cp_assign_arguments for compound formals; values may be null (just test). */
        boolean assignArguments(List<String> args, List<String> values) {
            int nf = nformals;
            if (nf == 0 || varValues.get(nf - 1).isEmpty()) {
                if (args.size() != nf) return false;
                if (values != null && values != args) {
                    values.clear();
                    values.addAll(args);
                }
                return true;
            }
            int npos = 0;
            while (npos < nf && varValues.get(npos).isEmpty()) npos++;
            boolean hasRest = varValues.get(nf - 1).equals("__REST__");
            if (args.size() < npos) return false;
            String[] vals = new String[nf];
            for (int i = 0; i < nf; i++) vals[i] = "";
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < npos; i++) vals[i] = args.get(i);
            for (int i = npos; i < args.size(); i++) {
                String a = args.get(i);
                String w = ConfigText.firstWord(a);
                int slot = -1;
                for (int j = npos; j < nf; j++) {
                    String ty = varValues.get(j);
                    if (!ty.equals("__REST__") && ty.equals(w)) { slot = j; break; }
                }
                if (slot >= 0) vals[slot] = ConfigText.restAfterFirstWord(a);
                else if (hasRest) rest.add(a);
                else return false;
            }
            if (hasRest) vals[nf - 1] = String.join(", ", rest);
            if (values != null) {
                values.clear();
                values.addAll(java.util.Arrays.asList(vals));
            }
            return true;
        }
    }

    static String plural(int n, String what) { return n + " " + what + (n == 1 ? "" : "s"); }

    static final class PState {
        static final int FILE = 0, COMPOUND = 1, GROUP = 2;
        final int type;
        final PState parent;
        final int depth;
        boolean lastConnectionEndsOutput = true;

        PState(int type, PState parent) {
            this.type = type;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }
    }

    /** One element reference in a comma list of a connection. */
    static final class Entry {
        String name;
        Type type, declType;
        boolean bare;
        String config = "";
        Landmark lm;
        List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
        int idx = -1;

        List<Integer> ports(boolean isOutput) { return isOutput ? out : in; }
    }

    static final class ListState {
        final List<Entry> entries = new ArrayList<>();
        boolean anyImplicit, anyPorts;
    }

    // ---------------------------------------------------------------- state

    final Diagnostics diags;
    final ClassCatalog catalog;
    final List<Path> libraryPath;
    Lexer lx;
    Compound c;
    final Compound file;
    Map<String, Type> types = new HashMap<>();
    PState ps;
    final List<String> requirements = new ArrayList<>();
    final Set<String> libraries = new HashSet<>();
    final Map<String, Type> primCache = new HashMap<>();

    Parser(Diagnostics diags, ClassCatalog catalog, List<Path> libraryPath) {
        this.diags = diags;
        this.catalog = catalog;
        this.libraryPath = libraryPath == null ? List.of() : libraryPath;
        this.file = new Compound("", null, 0);
        this.c = file;
    }

    // ---------------------------------------------------------------- helpers

    void checkAllDigit(String name, Landmark lm) {
        int i = 0, n = name.length();
        while (i < n) {
            boolean ok = false;
            for (; i < n && name.charAt(i) != '/'; i++)
                if (!Character.isDigit(name.charAt(i))) ok = true;
            if (!ok) {
                diags.error(lx != null ? lx.here() : lm, "element name '" + name + "' has all-digit component");
                return;
            }
            i++;
        }
    }

    Type lookupType(String name) {
        if (name == null || name.isEmpty()) return null;
        Type t = types.get(name);
        if (t != null) return t;
        Type p = primCache.get(name);
        if (p != null) return p;
        boolean prim;
        try {
            prim = catalog != null && catalog.isPrimitiveClass(name);
        } catch (RuntimeException ex) {
            prim = false;
        }
        if (prim) {
            p = new Type(PRIM, name, null);
            primCache.put(name, p);
        }
        return p;
    }

    Type forceType(String name, boolean report) {
        Type t = lookupType(name);
        if (t != null) return t;
        if (report) diags.error(lx.here(), "unknown element class '" + name + "'");
        t = new Type(ERROR, name, null);
        if (!name.isEmpty()) types.put(name, t);
        return t;
    }

    void syntaxError(Token t) {
        diags.error(lx.here(), "syntax error near '" + t.text() + "'");
    }

    boolean nested() { return c.depth > 0 || ps.parent != null; }

    // ---------------------------------------------------------------- statements

    void parseFile(String text, String fileName) {
        lx = new Lexer(text, fileName, diags);
        ps = new PState(PState.FILE, null);
        statements();
    }

    /** Parses statements of the current PState; returns the token that ended them. */
    Token statements() {
        while (true) {
            Token t = lx.lex();
            switch (t.kind()) {
                case IDENT, ARROW, DARROW -> {
                    lx.unlex(t);
                    connection();
                }
                case ELEMENTCLASS -> elementclass();
                case REQUIRE -> require();
                case DEFINE -> define();
                case BAR2 -> {
                    if (ps.type == PState.COMPOUND) return t;
                    syntaxError(t);
                    if (ps.type == PState.GROUP) { lx.unlex(t); return t; }
                }
                case EOF -> {
                    if (ps.type == PState.GROUP) diags.error(lx.here(), "expected ')'");
                    else if (ps.type == PState.COMPOUND) diags.error(lx.here(), "expected '}'");
                    return t;
                }
                case CHAR -> {
                    char ch = t.text().charAt(0);
                    if (t.text().length() == 1 && (ch == '[' || ch == '{' || ch == '(')) {
                        lx.unlex(t);
                        connection();
                    } else if (t.is(';')) {
                        // empty statement
                    } else if (t.is('}')) {
                        if (ps.type == PState.COMPOUND) return t;
                        syntaxError(t);
                        if (ps.type == PState.GROUP) { lx.unlex(t); return t; }
                    } else if (t.is(')') && ps.type == PState.GROUP) {
                        return t;
                    } else {
                        syntaxError(t);
                    }
                }
                default -> syntaxError(t);
            }
        }
    }

    // ---------------------------------------------------------------- connections

    private static final int NEXT = 0, DONE = 1;

    void connection() {
        List<Entry> last = null;
        Kind connector = Kind.ARROW;
        while (true) {
            ListState st = new ListState();
            boolean firstSet = last == null;
            boolean done = false;
            while (true) {
                if (elementName(st, firstSet) == DONE) { done = true; break; }
                Token t = lx.lex();
                if (t.is(',')) continue;
                lx.unlex(t);
                nextElement(st, firstSet, t);
                break;
            }
            if (done) {
                finishConnection(last);
                return;
            }
            if (firstSet) checkUseless(st.entries, false);
            else connectAll(last, st.entries, connector);
            last = st.entries;
            relex:
            while (true) {
                Token t = lx.lex();
                switch (t.kind()) {
                    case COLON2 -> syntaxError(t);
                    case ARROW, DARROW -> {
                        connector = t.kind();
                        break relex;
                    }
                    case IDENT, BAR2, ELEMENTCLASS, REQUIRE, PROVIDE, DEFINE -> {
                        lx.unlex(t);
                        finishConnection(last);
                        return;
                    }
                    case EOF -> {
                        finishConnection(last);
                        return;
                    }
                    case CHAR -> {
                        if (t.is(',')) {
                            syntaxError(t);
                            continue;
                        }
                        if (t.is('{') || t.is('}') || t.is('[') || t.is(')')) lx.unlex(t);
                        else if (!t.is(';')) syntaxError(t);
                        finishConnection(last);
                        return;
                    }
                    default -> {
                        syntaxError(t);
                        lx.unlex(t);
                        finishConnection(last);
                        return;
                    }
                }
            }
        }
    }

    void finishConnection(List<Entry> last) {
        if (last != null) checkUseless(last, true);
        Integer out = c.map.get("output");
        ps.lastConnectionEndsOutput = last != null && last.size() == 1 && out != null && last.get(0).idx == out;
    }

    void checkUseless(List<Entry> list, boolean isOutput) {
        for (Entry e : list)
            if (!e.ports(isOutput).isEmpty()) {
                diags.error(lx.here(), isOutput ? "output ports ignored at end of chain" : "input ports ignored at start of chain");
                return;
            }
    }

    int parsePort(String text) {
        long v;
        try {
            if (text.length() > 2 && (text.startsWith("0x") || text.startsWith("0X"))) v = Long.parseLong(text.substring(2), 16);
            else if (text.length() > 1 && text.startsWith("0")) v = Long.parseLong(text.substring(1), 8);
            else v = Long.parseLong(text);
        } catch (NumberFormatException ex) {
            diags.error(lx.here(), "syntax error: port number should be integer");
            return 0;
        }
        if (v > MAX_PORT) {
            diags.error(lx.here(), "syntax error: port number too large");
            return 0;
        }
        return (int) v;
    }

    /** [ports]: numbers, ranges a-b, trailing '-' or ',' (expandable, stored as a final -1), [] = [0-]. */
    void ports(List<Integer> into) {
        if (!lx.expect('[', false)) return;
        while (true) {
            Token t = lx.lex();
            if (t.is(Kind.IDENT)) {
                int p = parsePort(t.text());
                into.add(p);
                t = lx.lex();
                if (t.is('-')) {
                    Token t2 = lx.lex();
                    if (t2.is(Kind.IDENT)) {
                        int q = parsePort(t2.text());
                        if (q < p) diags.error(lx.here(), "syntax error: bad port range");
                        for (int k = p + 1; k <= q; k++) into.add(k);
                        t = lx.lex();
                    } else if (t2.is(']')) {
                        into.add(-1);
                        return;
                    } else {
                        diags.error(lx.here(), "syntax error: expected port number");
                        lx.unlex(t2);
                        return;
                    }
                }
            } else if (t.is(']')) {
                if (into.isEmpty()) into.add(0);
                into.add(-1);
                return;
            } else {
                diags.error(lx.here(), "syntax error: expected port number");
                lx.unlex(t);
                return;
            }
            if (t.is(']')) return;
            if (!t.is(',')) {
                diags.error(lx.here(), "syntax error: expected ','");
                lx.unlex(t);
            }
        }
    }

    int elementName(ListState st, boolean firstSet) {
        Entry e = new Entry();
        boolean firstInList = st.entries.isEmpty();
        st.entries.add(e);
        ports(e.in);
        Token t = lx.lex();
        if (t.is(Kind.IDENT)) {
            elementType(st, e, t.text(), lookupType(t.text()), true, false);
            return NEXT;
        }
        if (t.is('{')) {
            Type ct = compoundClass("");
            elementType(st, e, "", ct, false, false);
            return NEXT;
        }
        if (t.is('(')) {
            group(st, e);
            return NEXT;
        }
        boolean nested = nested();
        boolean implicit = false;
        if (nested && t.isArrow()) {
            implicit = firstSet && (!e.in.isEmpty() || firstInList);
            if (implicit && e.in.isEmpty() && !ps.lastConnectionEndsOutput)
                diags.warning(lx.here(), "suggest 'input " + t.text() + "' or '[0] " + t.text() + "' to start connection");
        } else if (nested && t.is(',')) {
            implicit = !e.in.isEmpty();
        } else if (nested && !t.is(Kind.COLON2)) {
            implicit = !firstSet && (!e.in.isEmpty() || firstInList);
        }
        if (implicit) {
            st.anyImplicit = true;
            if (firstSet) {
                List<Integer> tmp = e.in;
                e.in = e.out;
                e.out = tmp;
            }
            lx.unlex(t);
            String nm = firstSet ? "input" : "output";
            elementType(st, e, nm, lookupType(nm), false, true);
            return NEXT;
        }
        if (!e.in.isEmpty()) diags.error(lx.here(), "stranded port ignored");
        st.entries.remove(st.entries.size() - 1);
        if (st.entries.isEmpty()) {
            if (nested && firstSet) lx.unlex(t);
            else syntaxError(t);
            return DONE;
        }
        // e.g. a trailing comma: the list continues with what we have
        lx.unlex(t);
        return NEXT;
    }

    void elementType(ListState st, Entry e, String name, Type type, boolean ident, boolean implicit) {
        e.name = name;
        e.type = type;
        e.bare = ident;
        e.lm = lx.here();
        Token t = lx.lex();
        if (t.is(Kind.COLON2) && !implicit) {
            e.bare = false;
            t = lx.lex();
            if (t.is(Kind.IDENT)) {
                e.declType = forceType(t.text(), true);
            } else if (t.is('{')) {
                e.declType = compoundClass("");
            } else {
                diags.error(lx.here(), "missing element type in declaration");
                e.declType = forceType(e.name, true);
                lx.unlex(t);
            }
        } else {
            lx.unlex(t);
        }
        elementConfig(st, e, implicit);
    }

    void elementConfig(ListState st, Entry e, boolean implicit) {
        Token t = lx.lex();
        if (t.is('(') && !implicit) {
            if (c.map.containsKey(e.name)) diags.error(lx.here(), "configuration string ignored on element reference");
            e.config = lx.lexConfig();
            lx.expect(')', true);
            e.bare = false;
            t = lx.lex();
        }
        lx.unlex(t);
        if (t.is('[') && !implicit) {
            e.out.clear();
            ports(e.out);
        }
        if (!e.in.isEmpty() || !e.out.isEmpty()) st.anyPorts = true;
    }

    void nextElement(ListState st, boolean firstSet, Token t) {
        List<Entry> list = st.entries;
        if (st.anyImplicit && !firstSet && t.isArrow())
            diags.error(lx.here(), "implicit ports used in the middle of a chain");
        if (list.size() > 1 && firstSet && !t.isArrow() && !st.anyPorts && !st.anyImplicit) {
            int i = 0;
            while (i < list.size() - 1 && list.get(i).bare) i++;
            if (i == list.size() - 1) {
                Entry lastE = list.get(i);
                for (int j = 0; j < i; j++) {
                    list.get(j).declType = lastE.declType;
                    list.get(j).config = lastE.config;
                }
            }
        }
        for (Entry e : list) {
            Integer ex = c.map.get(e.name);
            if (e.type != null || ex == null) {
                if (e.declType != null && e.type != null)
                    diags.error(e.lm, "class '" + e.name + "' used as element name");
                else if (e.declType == null && e.type == null) {
                    diags.error(e.lm, "undeclared element '" + e.name + "'");
                    e.type = forceType(e.name, false);
                }
                String nm = e.type != null ? c.anonName(e.name) : e.name;
                e.idx = c.getElement(nm, e.type != null ? e.type : e.declType, e.config, e.lm);
            } else {
                if (e.declType != null) {
                    diags.error(e.lm, "redeclaration of element '" + e.name + "'");
                    El old = c.els.get(ex);
                    if (old.type != TUNNEL_TYPE) diags.error(old.lm, "element '" + e.name + "' previously declared here");
                }
                e.idx = ex;
            }
        }
    }

    private static void analyze(List<Entry> list, boolean isOutput, int[] minp, int[] exp, int k) {
        for (Entry e : list) {
            List<Integer> p = e.ports(isOutput);
            int n = p.size();
            if (n <= 1) minp[k] += 1;
            else if (p.get(n - 1) == -1) {
                minp[k] += n - 1;
                exp[k]++;
            } else minp[k] += n;
        }
    }

    void connectAll(List<Entry> outputs, List<Entry> inputs, Kind connector) {
        if (outputs.isEmpty() || inputs.isEmpty()) return;
        int[] minp = new int[2], exp = new int[2];
        analyze(inputs, false, minp, exp, 0);
        analyze(outputs, true, minp, exp, 1);
        if (exp[0] + exp[1] > 1) {
            diags.error(lx.here(), "at most one expandable port allowed per connection");
            exp[minp[0] < minp[1] ? 1 : 0] = 0;
        }
        if (connector == Kind.DARROW)
            for (int k = 0; k < 2; k++) {
                List<Entry> vec = k == 1 ? outputs : inputs;
                if (minp[k] == 1 && minp[1 - k] > 1 && vec.get(0).ports(k == 1).isEmpty()) exp[k] = 1;
            }
        boolean[] step = new boolean[2];
        int[] nexp = new int[2];
        for (int k = 0; k < 2; k++) {
            step[k] = minp[k] > 1 || exp[k] > 0;
            nexp[k] = exp[k] > 0 ? minp[1 - k] - minp[k] : 0;
        }
        if (step[0] && step[1]) {
            if (connector != Kind.DARROW) diags.error(lx.here(), "syntax error: many-to-many connections require '=>'");
            if (exp[0] == 0 && exp[1] == 0 && minp[0] != minp[1])
                diags.error(lx.here(), "connection mismatch: " + minp[1] + " outputs connected to " + minp[0] + " inputs");
            else if (exp[0] == 0 && minp[0] < minp[1])
                diags.error(lx.here(), "connection mismatch: " + minp[1] + " or more outputs connected to " + minp[0] + " inputs");
            else if (exp[1] == 0 && minp[1] < minp[0])
                diags.error(lx.here(), "connection mismatch: " + minp[1] + " outputs connected to " + minp[0] + " or more inputs");
        } else if (!step[0] && !step[1]) {
            step[0] = true;
        }
        @SuppressWarnings("unchecked")
        List<Entry>[] vecs = new List[] {inputs, outputs};
        int[] it = {0, 0}, ppos = {0, 0}, port = {-1, -1};
        Landmark lm = lx.here();
        while (it[0] < inputs.size() && it[1] < outputs.size()) {
            for (int k = 0; k < 2; k++)
                if (port[k] < 0) {
                    List<Integer> p = vecs[k].get(it[k]).ports(k == 1);
                    port[k] = p.isEmpty() ? 0 : p.get(0);
                }
            c.connect(outputs.get(it[1]).idx, port[1], inputs.get(it[0]).idx, port[0], lm);
            for (int k = 0; k < 2; k++) {
                if (!step[k]) continue;
                List<Integer> p = vecs[k].get(it[k]).ports(k == 1);
                int np = p.size();
                ppos[k]++;
                if (ppos[k] < np && p.get(ppos[k]) >= 0) {
                    port[k] = p.get(ppos[k]);
                } else if (np > 1 && p.get(np - 1) == -1 && nexp[k] > 0) {
                    port[k] = p.get(np - 2) + ppos[k] - (np - 2);
                    nexp[k]--;
                } else if (np == 0 && minp[k] == 1 && nexp[k] > 0) {
                    port[k] = ppos[k];
                    nexp[k]--;
                } else {
                    port[k] = -1;
                    ppos[k] = 0;
                    it[k]++;
                }
            }
        }
    }

    // ---------------------------------------------------------------- groups

    int[] addTunnels(Compound comp, String name, Landmark lm) {
        String[] names = {name, name + "/input", name + "/output"};
        int[] idx = new int[3];
        boolean ok = true;
        for (int i = 0; i < 3; i++) {
            idx[i] = comp.getElement(names[i], TUNNEL_TYPE, "", lm);
            El e = comp.els.get(idx[i]);
            if (e.type != TUNNEL_TYPE) {
                diags.error(lm, "redeclaration of element '" + names[i] + "'");
                diags.error(e.lm, "'" + names[i] + "' previously declared here");
                ok = false;
            }
        }
        if (ok && comp == file) {
            inPartner.put(idx[0], idx[1]);
            outPartner.put(idx[0], idx[2]);
            outPartner.put(idx[1], idx[0]);
            inPartner.put(idx[2], idx[0]);
            tunnelMain.put(idx[0], idx[0]);
            tunnelMain.put(idx[1], idx[0]);
            tunnelMain.put(idx[2], idx[0]);
        }
        return idx;
    }

    void group(ListState st, Entry e) {
        String gname = c.anonName("");
        int[] tun = addTunnels(c, gname, lx.here());
        Integer savedIn = c.map.get("input"), savedOut = c.map.get("output");
        c.map.put("input", tun[1]);
        c.map.put("output", tun[2]);
        PState nps = new PState(PState.GROUP, ps);
        if (nps.depth >= MAX_DEPTH) {
            diags.error(lx.here(), "maximum element group nesting depth exceeded");
        } else {
            ps = nps;
            statements();
            ps = nps.parent;
        }
        Landmark lm = lx.here();
        int nin = c.checkPseudo(c.map.getOrDefault("input", -1), false, "<anonymous group>", lm);
        int nout = c.checkPseudo(c.map.getOrDefault("output", -1), true, "<anonymous group>", lm);
        if (savedIn == null) c.map.remove("input");
        else c.map.put("input", savedIn);
        if (savedOut == null) c.map.remove("output");
        else c.map.put("output", savedOut);
        if (e.in.isEmpty()) for (int i = 0; i < nin; i++) e.in.add(i);
        if (e.out.isEmpty()) for (int i = 0; i < nout; i++) e.out.add(i);
        elementType(st, e, gname, null, false, false);
    }

    // ---------------------------------------------------------------- compounds and elementclass

    void compoundArguments(Compound comp) {
        while (true) {
            String vartype, varname;
            Token t1 = lx.lex();
            if (t1.is(Kind.IDENT)) {
                Token t2 = lx.lex();
                if (t2.is(Kind.VARIABLE)) {
                    vartype = t1.text();
                    varname = t2.text();
                } else {
                    if (!comp.varNames.isEmpty()) diags.error(lx.here(), "expected variable");
                    lx.unlex(t2);
                    lx.unlex(t1);
                    return;
                }
            } else if (t1.is(Kind.VARIABLE)) {
                vartype = "";
                varname = t1.text();
            } else if (t1.is('|')) {
                return;
            } else {
                if (comp.nformals > 0) diags.error(lx.here(), "expected variable");
                lx.unlex(t1);
                return;
            }
            comp.define(varname, vartype, true);
            Token sep = lx.lex();
            if (sep.is('|')) return;
            if (!sep.is(',')) {
                diags.error(lx.here(), "expected ',' or '|'");
                lx.unlex(sep);
                return;
            }
        }
    }

    /** Parses a compound class body after '{' (all '||' alternatives and a final '...'). */
    Type compoundClass(String name) {
        Map<String, Type> saved = new HashMap<>(types);
        Compound savedC = c;
        Compound first = null, lastAlt = null;
        Type extension = null;
        while (true) {
            Token t = lx.lex();
            if (t.is(Kind.DOT3)) {
                Type ext = lookupType(name);
                if (ext == null) {
                    diags.error(lx.here(), "cannot extend unknown element class '" + name + "'");
                    ext = new Type(ERROR, name, null);
                    if (!name.isEmpty()) types.put(name, ext);
                }
                extension = ext;
                t = lx.lex();
                if (first == null || !t.is('}'))
                    diags.error(lx.here(), "'...' should occur last, after one or more compounds");
                lx.unlex(t);
                continue;
            }
            Compound nc = new Compound(name, lx.here(), savedC.depth + 1);
            c = nc;
            nc.getElement("input", TUNNEL_TYPE, "", lx.here());
            nc.getElement("output", TUNNEL_TYPE, "", lx.here());
            nc.anonOffset = 2;
            lx.unlex(t);
            compoundArguments(nc);
            PState nps = new PState(PState.COMPOUND, ps);
            Token end;
            if (nps.depth >= MAX_DEPTH) {
                diags.error(lx.here(), "maximum compound element nesting depth exceeded");
                end = new Token(Kind.EOF, "", lx.here());
            } else {
                ps = nps;
                end = statements();
                ps = nps.parent;
            }
            c = savedC;
            types = new HashMap<>(saved);
            nc.finish();
            if (lastAlt != null) {
                Type tt = new Type(COMPOUND, name, nc);
                if (!name.isEmpty()) types.put(name, tt);
                lastAlt.overload = tt;
            } else {
                first = nc;
            }
            lastAlt = nc;
            if (end.is(Kind.BAR2)) continue;
            lastAlt.overload = extension;
            Type result = new Type(COMPOUND, name, first);
            if (!name.isEmpty()) types.put(name, result);
            return result;
        }
    }

    void elementclass() {
        Token tname = lx.lex();
        String name = "";
        if (tname.is(Kind.IDENT)) name = tname.text();
        else {
            lx.unlex(tname);
            diags.error(lx.here(), "expected element type name");
        }
        Token tnext = lx.lex();
        if (tnext.is('{')) {
            compoundClass(name);
        } else if (tnext.is(Kind.IDENT)) {
            Type t = forceType(tnext.text(), true);
            if (!name.isEmpty()) types.put(name, t);
        } else {
            syntaxError(tnext);
            if (!name.isEmpty()) types.put(name, new Type(ERROR, name, null));
        }
    }

    // ---------------------------------------------------------------- require / define

    void require() {
        if (!lx.expect('(', true)) return;
        String req = lx.lexConfig();
        lx.expect(')', true);
        lx.expect(';', false);
        for (String arg : ConfigText.splitArguments(req)) {
            List<String> words = new ArrayList<>(ConfigText.splitWords(arg));
            if (words.isEmpty()) continue;
            String type = ConfigText.unquote(words.get(0));
            if (!type.equals("compact_config") && !type.equals("package") && !type.equals("library") && words.size() == 1) {
                words.add(type);
                type = "package";
            }
            if (type.equals("compact_config") && words.size() == 1) {
                continue;
            } else if (type.equals("package") && words.size() == 2) {
                requirements.add("package " + ConfigText.unquote(words.get(1)));
            } else if (type.equals("library") && words.size() == 2) {
                requireLibrary(ConfigText.unquote(words.get(1)));
            } else {
                diags.error(lx.here(), "syntax error at requirement");
            }
        }
    }

    void requireLibrary(String value) {
        if (c.depth != 0) {
            diags.error(lx.here(), "'require library' must be used at file scope");
            return;
        }
        Path found = findLibrary(value);
        if (found == null) {
            diags.error(lx.here(), "library '" + value + "' not found in CLICKPATH/conf");
            return;
        }
        String key;
        try {
            key = found.toAbsolutePath().normalize().toString();
        } catch (RuntimeException ex) {
            key = found.toString();
        }
        if (!libraries.add(key)) return;
        String data;
        try {
            data = new String(Files.readAllBytes(found), StandardCharsets.UTF_8);
        } catch (Exception ex) {
            diags.error(lx.here(), found + ": " + ex.getMessage());
            return;
        }
        Lexer oldLx = lx;
        PState oldPs = ps;
        lx = new Lexer(data, found.toString(), diags);
        ps = new PState(PState.FILE, null);
        statements();
        lx = oldLx;
        ps = oldPs;
    }

    Path findLibrary(String value) {
        if (value.isEmpty()) return null;
        List<Path> dirs = new ArrayList<>();
        try {
            Path p = Path.of(value);
            if (p.isAbsolute()) return Files.isRegularFile(p) ? p : null;
            Path fn = Path.of(lx.fileName());
            Path dir = fn.getParent();
            dirs.add(dir == null ? Path.of(".") : dir);
            for (Path lp : libraryPath) {
                if (lp == null) continue;
                dirs.add(lp);
                dirs.add(lp.resolve("conf"));
            }
            for (Path d : dirs) {
                Path cand = d.resolve(value);
                if (Files.isRegularFile(cand)) return cand;
            }
        } catch (RuntimeException ex) {
            return null;
        }
        return null;
    }

    void define() {
        if (!lx.expect('(', true)) return;
        String cfg = lx.lexConfig();
        lx.expect(')', true);
        for (String arg : ConfigText.splitArguments(cfg)) {
            if (arg.isEmpty()) continue;
            String var = ConfigText.firstWord(arg);
            String value = ConfigText.restAfterFirstWord(arg);
            boolean ok = var.length() >= 2 && var.charAt(0) == '$';
            for (int i = 1; ok && i < var.length(); i++)
                ok = Lexer.isAlnum(var.charAt(i)) || var.charAt(i) == '_';
            if (!ok) diags.error(lx.here(), "bad 'define' declaration: not a variable");
            else c.define(var.substring(1), value, false);
        }
    }

    // ---------------------------------------------------------------- flattening

    final Map<Integer, Integer> inPartner = new HashMap<>(), outPartner = new HashMap<>(), tunnelMain = new HashMap<>();
    boolean tooLarge;

    FlatRouter flatten(Map<String, String> defines) {
        Env env = new Env(null, 0);
        for (int i = 0; i < file.varNames.size(); i++) env.vars.put(file.varNames.get(i), file.varValues.get(i));
        if (defines != null)
            for (Map.Entry<String, String> d : defines.entrySet())
                if (d.getKey() != null) env.vars.put(d.getKey(), d.getValue() == null ? "" : d.getValue());
        int initial = file.els.size();
        for (int i = 0; i < initial; i++) expandElement(i, env, 0);

        // connections through tunnels
        Map<Integer, List<Conn>> byFrom = new HashMap<>(), byTo = new HashMap<>();
        for (Conn cn : file.conns) {
            byFrom.computeIfAbsent(cn.from, k -> new ArrayList<>()).add(cn);
            byTo.computeIfAbsent(cn.to, k -> new ArrayList<>()).add(cn);
        }
        Resolver r = new Resolver(byFrom, byTo);
        int[] newIndex = new int[file.els.size()];
        List<ElementDecl> elements = new ArrayList<>();
        for (int i = 0; i < file.els.size(); i++) {
            El e = file.els.get(i);
            if (e.type == TUNNEL_TYPE) {
                newIndex[i] = -1;
                continue;
            }
            newIndex[i] = elements.size();
            String cls = e.type == null ? "Error" : e.type.name.isEmpty() ? "<anonymous>" : e.type.name;
            elements.add(new ElementDecl(e.name, cls, e.config, e.lm));
        }
        LinkedHashMap<List<Integer>, Connection> conns = new LinkedHashMap<>();
        for (Conn cn : file.conns) {
            boolean realFrom = file.els.get(cn.from).type != TUNNEL_TYPE, realTo = file.els.get(cn.to).type != TUNNEL_TYPE;
            List<long[]> srcs = realFrom ? List.of(new long[] {cn.from, cn.fport}) : r.expand(cn.from, cn.fport, true);
            List<long[]> dsts = realTo ? List.of(new long[] {cn.to, cn.tport}) : r.expand(cn.to, cn.tport, false);
            for (long[] s : srcs)
                for (long[] d : dsts) {
                    int f = newIndex[(int) s[0]], t = newIndex[(int) d[0]];
                    if (f < 0 || t < 0) continue;
                    List<Integer> key = List.of(f, (int) s[1], t, (int) d[1]);
                    conns.putIfAbsent(key, new Connection(f, (int) s[1], t, (int) d[1], cn.lm));
                }
        }
        return new FlatRouter(elements, new ArrayList<>(conns.values()), requirements);
    }

    final class Resolver {
        final Map<Integer, List<Conn>> byFrom, byTo;
        final Map<Long, List<long[]>> memo = new HashMap<>();
        final Set<Long> inProgress = new HashSet<>();

        Resolver(Map<Integer, List<Conn>> byFrom, Map<Integer, List<Conn>> byTo) {
            this.byFrom = byFrom;
            this.byTo = byTo;
        }

        /** Real ports behind a tunnel port: sources (isOutput, the tunnel's output side) or destinations. */
        List<long[]> expand(int idx, int port, boolean isOutput) {
            if (file.els.get(idx).type != TUNNEL_TYPE) return List.of(new long[] {idx, port});
            Integer partner = isOutput ? outPartner.get(idx) : inPartner.get(idx);
            if (partner == null) {
                Integer other = isOutput ? inPartner.get(idx) : outPartner.get(idx);
                if (other != null)
                    diags.error(file.els.get(idx).lm, "'" + file.els.get(idx).name + "' used as " + (isOutput ? "output" : "input"));
                return List.of();
            }
            long key = (((long) idx << 20) | port) << 1 | (isOutput ? 1 : 0);
            List<long[]> done = memo.get(key);
            if (done != null) return done;
            if (!inProgress.add(key)) return List.of();
            List<long[]> result = new ArrayList<>();
            List<Conn> cands = isOutput ? byTo.getOrDefault(partner, List.of()) : byFrom.getOrDefault(partner, List.of());
            boolean any = false;
            for (Conn cn : cands) {
                if ((isOutput ? cn.tport : cn.fport) != port) continue;
                any = true;
                result.addAll(isOutput ? expand(cn.from, cn.fport, true) : expand(cn.to, cn.tport, false));
            }
            if (!any) tunnelError(idx, port, isOutput);
            inProgress.remove(key);
            memo.put(key, result);
            return result;
        }

        void tunnelError(int idx, int port, boolean isOutput) {
            Integer main = tunnelMain.get(idx);
            if (main == null) return;
            El m = file.els.get(main);
            String nm = m.name;
            String msg;
            if (idx == main) msg = isOutput ? "'" + nm + "' has no output " + port : "'" + nm + "' has no input " + port;
            else if (isOutput) msg = "'" + nm + "' input " + port + " unused";   // idx is nm/input
            else msg = "'" + nm + "' output " + port + " unused";                // idx is nm/output
            diags.error(m.lm, msg);
        }
    }

    void expandElement(int which, Env env, int depth) {
        El e = file.els.get(which);
        if (e.name.startsWith(";")) file.deanonymize(which);
        if (e.type == TUNNEL_TYPE) return;
        e.config = Variables.expand(e.config, env);
        if (e.type == null || e.type.kind != COMPOUND) return;
        if (depth > MAX_EXPANSION_DEPTH || tooLarge) {
            if (!tooLarge) diags.error(e.lm, "maximum compound element nesting depth exceeded");
            tooLarge = true;
            e.type = new Type(ERROR, e.type.name, null);
            return;
        }
        List<String> args = new ArrayList<>(ConfigText.splitArguments(e.config));
        Type found = resolve(e.type, e.nin, e.nout, args, e.lm);
        if (found == null) {
            e.type = new Type(ERROR, e.type.name, null);
            return;
        }
        if (found.kind != COMPOUND) {
            e.type = found;
            return;
        }
        Compound comp = found.compound;
        Env parent = env.parentOf(comp.depth);
        Env ne = new Env(parent, parent == null ? 1 : parent.depth + 1);
        for (int i = 0; i < comp.nformals && i < args.size(); i++) ne.vars.put(comp.varNames.get(i), args.get(i));
        for (int i = comp.nformals; i < comp.varNames.size(); i++)
            ne.vars.put(comp.varNames.get(i), Variables.expand(comp.varValues.get(i), ne));
        expandInto(comp, which, ne, depth);
    }

    /** Click's Compound::resolve: first alternative fitting inputs, outputs and arguments. */
    Type resolve(Type type, int nin, int nout, List<String> args, Landmark lm) {
        Compound ct = type.compound;
        Compound closest = null;
        int nct = 0;
        Set<Compound> seen = new HashSet<>();
        while (ct != null && seen.add(ct)) {
            nct++;
            List<String> vals = new ArrayList<>();
            if (ct.ninputs == nin && ct.noutputs == nout && ct.assignArguments(args, vals)) {
                args.clear();
                args.addAll(vals);
                return new Type(COMPOUND, ct.name, ct);
            }
            else if (closest == null && ct.assignArguments(args, null))
                closest = ct;
            Type next = ct.overload;
            if (next != null && next.kind == COMPOUND) ct = next.compound;
            else if (next != null) return next;
            else break;
        }
        if (nct != 1 || closest == null) {
            String nm = type.compound.printableName();
            StringBuilder sig = new StringBuilder(nm).append('[');
            if (!args.isEmpty()) sig.append(plural(args.size(), "argument")).append(", ");
            sig.append(plural(nin, "input")).append(", ").append(plural(nout, "output")).append(']');
            diags.error(lm, "no match for '" + sig + "'");
            diags.error(lm, "candidates are:");
            Set<Compound> seen2 = new HashSet<>();
            for (Compound k = type.compound; k != null && seen2.add(k);
                 k = k.overload != null && k.overload.kind == COMPOUND ? k.overload.compound : null)
                diags.error(k.landmark, "  " + k.signature());
        }
        if (closest != null) {
            List<String> vals = new ArrayList<>();
            closest.assignArguments(args, vals);
            args.clear();
            args.addAll(vals);
            return new Type(COMPOUND, closest.name, closest);
        }
        return null;
    }

    void expandInto(Compound comp, int which, Env env, int depth) {
        El me = file.els.get(which);
        String ename = me.name;
        me.type = TUNNEL_TYPE;
        int[] tun = addTunnels(file, ename, me.lm);
        List<Integer> map = new ArrayList<>();
        map.add(tun[1]);
        map.add(tun[2]);
        String slash = ename + "/";
        for (int i = 2; i < comp.els.size(); i++) {
            El ce = comp.els.get(i);
            String cname = slash + ce.name;
            boolean tunnelTriple = ce.type == TUNNEL_TYPE && i + 2 < comp.els.size();
            Integer ex = file.map.get(cname);
            if (ex != null) {
                diags.error(me.lm, "redeclaration of element '" + cname + "'");
                diags.error(file.els.get(ex).lm, "'" + cname + "' previously declared here");
                map.add(-1);
                if (tunnelTriple) {
                    map.add(-1);
                    map.add(-1);
                    i += 2;
                }
                continue;
            }
            if (lookupType(cname) != null) diags.error(me.lm, "'" + cname + "' is an element class");
            if (file.els.size() >= MAX_ELEMENTS) {
                if (!tooLarge) diags.error(me.lm, "router too large: more than " + MAX_ELEMENTS + " elements");
                tooLarge = true;
                map.add(-1);
                continue;
            }
            if (tunnelTriple) {
                int[] t = addTunnels(file, cname, ce.lm);
                map.add(t[0]);
                map.add(t[1]);
                map.add(t[2]);
                i += 2;
            } else {
                map.add(file.getElement(cname, ce.type, Variables.expand(ce.config, env), ce.lm));
            }
        }
        for (Conn cn : comp.conns) {
            int f = cn.from < map.size() ? map.get(cn.from) : -1, t = cn.to < map.size() ? map.get(cn.to) : -1;
            if (f >= 0 && t >= 0) file.connect(f, cn.fport, t, cn.tport, cn.lm);
        }
        for (int i = 2; i < map.size(); i++)
            if (map.get(i) >= 0 && file.els.get(map.get(i)).type != TUNNEL_TYPE) expandElement(map.get(i), env, depth + 1);
    }

    /** A variable environment (formals and define()s), lexically nested by depth. */
    static final class Env {
        final Env parent;
        final int depth;
        final Map<String, String> vars = new HashMap<>();

        Env(Env parent, int depth) {
            this.parent = parent;
            this.depth = depth;
        }

        String lookup(String name) {
            for (Env e = this; e != null; e = e.parent) {
                String v = e.vars.get(name);
                if (v != null) return v;
            }
            return null;
        }

        Env parentOf(int d) {
            Env e = this;
            while (e.parent != null && e.depth >= d) e = e.parent;
            return e;
        }
    }
}
