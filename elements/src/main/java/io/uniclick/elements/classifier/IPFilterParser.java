package io.uniclick.elements.classifier;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parser of Click's IPFilter/IPClassifier expression language (spec C.8), following the grammar,
 * qualifier carry-forward, name lookup and checks of Click's ipfilter.cc, with its messages.
 *
 * <pre>
 * expr   ::= orexpr | orexpr ? expr : expr
 * orexpr ::= term (or|'||') term ...
 * term   ::= factor [and|&amp;&amp;] factor ...
 * factor ::= (not|!) factor | ( expr ) | test
 * test   ::= true | false | quals [field] [&amp; mask] [relop] data
 * </pre>
 */
final class IPFilterParser {
    /** One rule: the output (-1 = drop) and its expression. */
    record Rule(int output, Ast ast) {
    }

    /** The parse of a whole configuration. */
    record Result(List<Rule> rules, List<String> errors, List<String> warnings) {
    }

    // ---- types (Click's TYPE_* and FIELD_*) ----------------------------------------------------
    static final int UNKNOWN = -1000;
    static final int T_NONE = 0;
    static final int T_TYPE = 1;
    static final int T_SYNTAX = 2;
    static final int T_INT = 3;
    static final int T_HOST = 10;
    static final int T_PROTO = 11;
    static final int T_ETHER = 12;
    static final int T_IPFRAG = 13;
    static final int T_PORT = 14;
    static final int T_TCPOPT = 15;
    static final int T_NET = 16;
    static final int T_IPUNFRAG = 17;
    static final int T_IPECT = 18;
    static final int T_IPCE = 19;
    static final int T_FIELD = 1000; // + index into fields

    static final int P_ICMP = 1;
    static final int P_TCP = 6;
    static final int P_UDP = 17;
    static final int P_TCPUDP = Ast.Prim.TCP_OR_UDP;
    static final int P_TRANSP = Ast.Prim.ANY_TRANSP;

    /** A header field type: name, space, bit position and length, and implied protocol. */
    record FieldDef(String name, int space, int bitPos, int bitLen, int proto) {
    }

    private static final List<FieldDef> NAMED_FIELDS = List.of(
            new FieldDef("ip len", Test.NET, 16, 16, UNKNOWN),
            new FieldDef("ip id", Test.NET, 32, 16, UNKNOWN),
            new FieldDef("ip vers", Test.NET, 0, 4, UNKNOWN),
            new FieldDef("ip hl", Test.NET, 4, 4, UNKNOWN),
            new FieldDef("ip tos", Test.NET, 8, 8, UNKNOWN),
            new FieldDef("ip dscp", Test.NET, 8, 6, UNKNOWN),
            new FieldDef("ip ttl", Test.NET, 64, 8, UNKNOWN),
            new FieldDef("tcp win", Test.TRANSP, 112, 16, P_TCP),
            new FieldDef("icmp type", Test.TRANSP, 0, 8, P_ICMP));
    static final int F_IPLEN = T_FIELD;
    static final int F_ID = T_FIELD + 1;
    static final int F_VERSION = T_FIELD + 2;
    static final int F_HL = T_FIELD + 3;
    static final int F_TOS = T_FIELD + 4;
    static final int F_DSCP = T_FIELD + 5;
    static final int F_TTL = T_FIELD + 6;
    static final int F_TCP_WIN = T_FIELD + 7;
    static final int F_ICMP_TYPE = T_FIELD + 8;

    private static final Map<String, Integer> TYPE_WORDS = Map.ofEntries(
            Map.entry("ce", T_IPCE), Map.entry("dest", T_SYNTAX), Map.entry("dscp", F_DSCP), Map.entry("dst", T_SYNTAX),
            Map.entry("ect", T_IPECT), Map.entry("ether", T_SYNTAX), Map.entry("frag", T_IPFRAG), Map.entry("hl", F_HL),
            Map.entry("host", T_HOST), Map.entry("id", F_ID), Map.entry("ip", T_SYNTAX), Map.entry("len", F_IPLEN),
            Map.entry("net", T_NET), Map.entry("not", T_SYNTAX), Map.entry("opt", T_TCPOPT), Map.entry("port", T_PORT),
            Map.entry("proto", T_PROTO), Map.entry("src", T_SYNTAX), Map.entry("tos", F_TOS), Map.entry("ttl", F_TTL),
            Map.entry("type", F_ICMP_TYPE), Map.entry("unfrag", T_IPUNFRAG), Map.entry("vers", F_VERSION),
            Map.entry("win", F_TCP_WIN));

    static final Map<String, Integer> PROTO_NAMES = Map.of("icmp", P_ICMP, "igmp", 2, "ipip", 4, "tcp", P_TCP, "udp", P_UDP,
            "transp", P_TRANSP);
    static final Map<String, Integer> PORT_NAMES = Map.ofEntries(
            Map.entry("echo", 7), Map.entry("discard", 9), Map.entry("daytime", 13), Map.entry("chargen", 19),
            Map.entry("ftp-data", 20), Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23),
            Map.entry("smtp", 25), Map.entry("domain", 53), Map.entry("dns", 53), Map.entry("bootps", 67),
            Map.entry("bootpc", 68), Map.entry("tftp", 69), Map.entry("finger", 79), Map.entry("www", 80),
            Map.entry("pop3", 110), Map.entry("sunrpc", 111), Map.entry("auth", 113), Map.entry("nntp", 119),
            Map.entry("ntp", 123), Map.entry("netbios-ns", 137), Map.entry("netbios-dgm", 138),
            Map.entry("netbios-ssn", 139), Map.entry("snmp", 161), Map.entry("snmp-trap", 162), Map.entry("irc", 194),
            Map.entry("imap3", 220), Map.entry("https", 443), Map.entry("rip", 520), Map.entry("route", 520),
            Map.entry("imaps", 993), Map.entry("pop3s", 995));
    static final Map<String, Integer> TCP_OPT_NAMES = Map.of("fin", 1, "syn", 2, "rst", 4, "psh", 8, "ack", 16, "urg", 32);
    static final Map<String, Integer> ICMP_TYPE_NAMES = Map.ofEntries(
            Map.entry("echo-reply", 0), Map.entry("unreachable", 3), Map.entry("sourcequench", 4),
            Map.entry("redirect", 5), Map.entry("echo", 8), Map.entry("routeradvert", 9),
            Map.entry("routersolicit", 10), Map.entry("timeexceeded", 11), Map.entry("parameterproblem", 12),
            Map.entry("timestamp", 13), Map.entry("timestamp-reply", 14), Map.entry("inforeq", 15),
            Map.entry("inforeq-reply", 16), Map.entry("maskreq", 17), Map.entry("maskreq-reply", 18));

    // ---- whole programs -------------------------------------------------------------------------

    /** IPFilter: each argument is {@code ACTION EXPR}. */
    static Result parseFilter(List<String> conf, int noutputs, AddressResolver addrs) {
        return parseProgram(conf, noutputs, addrs);
    }

    /** IPClassifier: argument i is the expression for output i. */
    static Result parseClassifier(List<String> conf, int noutputs, AddressResolver addrs) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < conf.size(); i++) {
            c.add(i + " " + ConfigText.unquote(conf.get(i)));
        }
        return parseProgram(c, noutputs, addrs);
    }

    private static Result parseProgram(List<String> conf, int noutputs, AddressResolver addrs) {
        List<Rule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int argno = 0; argno < conf.size(); argno++) {
            List<String> words = separate(ConfigText.unquote(conf.get(argno)));
            if (words.isEmpty()) {
                errors.add("empty pattern " + argno);
                continue;
            }
            String prefix = "pattern " + argno + ": ";
            int nerr = errors.size();
            int slot = -1;
            String slotwd = words.get(0);
            switch (slotwd) {
                case "allow" -> {
                    slot = 0;
                    if (noutputs == 0) {
                        errors.add(prefix + "'allow' is meaningless, element has zero outputs");
                    }
                }
                case "deny" -> {
                    if (noutputs > 1) {
                        warnings.add(prefix + "meaning of 'deny' has changed (now it means 'drop')");
                    }
                }
                case "drop" -> {
                }
                default -> {
                    Long n = parseInt(slotwd);
                    if (n != null) {
                        if (n < 0 || n >= noutputs) {
                            errors.add(prefix + "slot '" + n + "' out of range");
                        } else {
                            slot = (int) (long) n;
                        }
                    } else {
                        errors.add(prefix + "unknown slot ID '" + slotwd + "'");
                    }
                }
            }
            Ast ast;
            if (words.size() == 1 || (words.size() == 2 && (words.get(1).equals("-") || words.get(1).equals("any")
                    || words.get(1).equals("all")))) {
                ast = new Ast.Const(true);
            } else {
                IPFilterParser p = new IPFilterParser(words, prefix, errors, warnings, addrs);
                p.pos = 1;
                ast = p.expr();
                if (p.pos < words.size()) {
                    errors.add(prefix + "garbage after expression at '" + words.get(p.pos) + "'");
                }
                if (ast == null) {
                    ast = new Ast.Const(true);
                }
            }
            if (errors.size() == nerr) {
                rules.add(new Rule(slot, ast));
            }
        }
        return new Result(rules, errors, warnings);
    }

    /** Splits an expression into words as Click does (operators are words; ':' belongs to words). */
    static List<String> separate(String text) {
        List<String> words = new ArrayList<>();
        int len = text.length();
        int pos = 0;
        while (pos < len) {
            while (pos < len && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= len) {
                break;
            }
            char c = text.charAt(pos);
            char d = pos + 1 < len ? text.charAt(pos + 1) : 0;
            switch (c) {
                case '&', '|' -> {
                    int n = d == c ? 2 : 1;
                    words.add(text.substring(pos, pos + n));
                    pos += n;
                }
                case '<', '>', '!', '=' -> {
                    int n = d == '=' ? 2 : 1;
                    words.add(text.substring(pos, pos + n));
                    pos += n;
                }
                case '(', ')', '[', ']', ',', ';', '?' -> {
                    words.add(text.substring(pos, pos + 1));
                    pos++;
                }
                default -> {
                    int first = pos;
                    while (pos < len && isWordChar(text.charAt(pos))) {
                        pos++;
                    }
                    if (pos == first) {
                        pos++;
                    }
                    words.add(text.substring(first, pos));
                }
            }
        }
        return words;
    }

    private static boolean isWordChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '-' || c == '.' || c == '/' || c == '@' || c == '_' || c == ':';
    }

    /** Click's IntArg: optional sign, 0x hex, leading-0 octal, decimal; int32 or uint32 range. */
    static Long parseInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.length() - i > 1 && s.charAt(i) == '0') {
            radix = 8;
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int dgt = Character.digit(s.charAt(i), radix);
            if (dgt < 0 || s.charAt(i) >= 128) {
                return null;
            }
            v = v * radix + dgt;
            if (v > 0xFFFFFFFFL) {
                return null;
            }
        }
        if (neg) {
            if (v > 0x80000000L) {
                return null;
            }
            v = -v;
        }
        return v;
    }

    // ---- one expression -------------------------------------------------------------------------

    private final List<String> words;
    private final String prefix;
    private final List<String> errors;
    private final List<String> warnings;
    private final AddressResolver addrs;
    private final List<FieldDef> fields = new ArrayList<>(NAMED_FIELDS);
    private int pos;
    private PrimState prev = new PrimState();

    private IPFilterParser(List<String> words, String prefix, List<String> errors, List<String> warnings, AddressResolver addrs) {
        this.words = words;
        this.prefix = prefix;
        this.errors = errors;
        this.warnings = warnings;
        this.addrs = addrs;
    }

    private void error(String m) {
        errors.add(prefix + m);
    }

    private boolean at(String w) {
        return pos < words.size() && words.get(pos).equals(w);
    }

    private boolean at(String a, String b) {
        return at(a) || at(b);
    }

    Ast expr() {
        Ast c = orexpr();
        if (!at("?")) {
            return c;
        }
        List<Ast> parts = new ArrayList<>();
        parts.add(c);
        while (at("?")) {
            pos++;
            int last = pos;
            Ast a = expr();
            parts.add(a);
            if (pos == last || !at(":")) {
                error("missing ':' in ternary expression");
                break;
            }
            pos++;
            parts.add(orexpr());
        }
        return ternary(parts, 0);
    }

    private static Ast ternary(List<Ast> parts, int i) {
        if (i == parts.size() - 1) {
            return orTrue(parts.get(i));
        }
        if (i + 2 > parts.size() - 1) {
            return new Ast.And(List.of(orTrue(parts.get(i)), orTrue(parts.get(i + 1))));
        }
        return new Ast.Ternary(orTrue(parts.get(i)), orTrue(parts.get(i + 1)), ternary(parts, i + 2));
    }

    private static Ast orTrue(Ast a) {
        return a == null ? new Ast.Const(true) : a;
    }

    private Ast orexpr() {
        List<Ast> terms = new ArrayList<>();
        terms.add(term());
        while (at("or", "||")) {
            pos++;
            terms.add(term());
        }
        List<Ast> t = terms.stream().map(IPFilterParser::orTrue).toList();
        return t.size() == 1 ? t.get(0) : new Ast.Or(t);
    }

    private Ast term() {
        List<Ast> factors = new ArrayList<>();
        boolean afterAnd = true;
        while (true) {
            int last = pos;
            Ast f = factor(false);
            if (pos == last) {
                if (afterAnd) {
                    error("missing expression");
                }
                break;
            }
            factors.add(orTrue(f));
            if (at("and", "&&")) {
                pos++;
                afterAnd = true;
            } else {
                afterAnd = false;
            }
        }
        if (factors.isEmpty()) {
            return null;
        }
        return factors.size() == 1 ? factors.get(0) : new Ast.And(factors);
    }

    private Ast factor(boolean negated) {
        if (at("not", "!")) {
            pos++;
            int last = pos;
            Ast f = factor(!negated);
            if (pos == last) {
                error("missing expression after '" + words.get(pos - 1) + "'");
            }
            return f;
        }
        if (at("(")) {
            pos++;
            int last = pos;
            Ast e = expr();
            if (pos == last) {
                error("missing expression after '('");
            }
            if (at(")")) {
                pos++;
            } else if (pos != last) {
                error("missing ')'");
            }
            e = orTrue(e);
            return negated ? new Ast.Not(e) : e;
        }
        return test(negated);
    }

    /** Primitive under construction (Click's Primitive). */
    private static final class PrimState {
        int type = T_NONE;
        int srcdst;
        int transp = UNKNOWN;
        int data = T_NONE;
        long u;
        long mask;
        byte[] ether;
        byte[] etherMask;
        boolean gt;
        boolean lt;
        boolean opNegated;
    }

    private Ast test(boolean negated) {
        if (pos >= words.size()) {
            return null;
        }
        String first = words.get(pos);
        if (first.equals(")") || first.equals("||") || first.equals("or") || first.equals("?") || first.equals(":")) {
            return null;
        }
        if (first.equals("true") || first.equals("false")) {
            pos++;
            return new Ast.Const(first.equals("true") != negated);
        }
        int firstPos = pos;
        PrimState prim = new PrimState();
        int header = 0;
        for (; pos < words.size(); pos++) {
            String wd = words.get(pos);
            long[] wdata = new long[1];
            int wt = lookup(wd, 0, UNKNOWN, wdata, false);
            if (wt == T_TYPE) {
                setType(prim, (int) wdata[0]);
                int t = (int) wdata[0];
                if (t >= T_FIELD && field(t).proto() != UNKNOWN) {
                    setTransp(prim, field(t).proto());
                }
            } else if (wt == T_PROTO) {
                setTransp(prim, (int) wdata[0]);
            } else if (wt != -1) {
                break;
            } else if (wd.equals("src")) {
                if (pos < words.size() - 2 && (words.get(pos + 2).equals("dst") || words.get(pos + 2).equals("dest"))) {
                    String conj = words.get(pos + 1);
                    if (conj.equals("and") || conj.equals("&&")) {
                        setSrcdst(prim, Ast.Prim.SD_AND);
                        pos += 2;
                    } else if (conj.equals("or") || conj.equals("||")) {
                        setSrcdst(prim, Ast.Prim.SD_OR);
                        pos += 2;
                    } else {
                        setSrcdst(prim, Ast.Prim.SD_SRC);
                    }
                } else {
                    setSrcdst(prim, Ast.Prim.SD_SRC);
                }
            } else if (wd.equals("dst") || wd.equals("dest")) {
                setSrcdst(prim, Ast.Prim.SD_DST);
            } else if (wd.equals("ip") || wd.equals("ether")) {
                if (header != 0) {
                    break;
                }
                header = wd.charAt(0);
            } else if (wd.equals("not") || wd.equals("!")) {
                negated = !negated;
            } else {
                break;
            }
        }
        if (pos != firstPos) {
            prev = new PrimState();
        }
        if (prev.data == T_ETHER) {
            header = 'e';
        }
        String wd = pos >= words.size() - 1 ? "" : words.get(pos);
        if (wd.equals("[") && pos > firstPos && prim.type == T_NONE) {
            pos = brackets(prim, pos);
            wd = pos >= words.size() - 1 ? "" : words.get(pos);
        }
        // optional bitmask
        int maskDt = 0;
        long providedMask = 0;
        byte[] providedEther = null;
        if (wd.equals("&") && pos < words.size() - 1) {
            String mw = words.get(pos + 1);
            Long m = parseInt(mw);
            int[] ip;
            if (m != null) {
                maskDt = T_INT;
                providedMask = m & 0xFFFFFFFFL;
                pos += 2;
            } else if (header != 'e' && (ip = ipAddress(mw)) != null) {
                maskDt = T_HOST;
                providedMask = ip[0] & 0xFFFFFFFFL;
                pos += 2;
            } else if (header != 'i' && (providedEther = ether(mw)) != null) {
                maskDt = T_ETHER;
                pos += 2;
            }
            if (maskDt != 0 && maskDt != T_ETHER && providedMask == 0) {
                error("zero mask ignored");
                maskDt = 0;
            }
            wd = pos >= words.size() - 1 ? "" : words.get(pos);
        }
        // optional relation
        pos++;
        switch (wd) {
            case "=", "==" -> {
            }
            case "!=" -> prim.opNegated = true;
            case ">" -> prim.gt = true;
            case "<" -> prim.lt = true;
            case ">=" -> {
                prim.lt = true;
                prim.opNegated = true;
            }
            case "<=" -> {
                prim.gt = true;
                prim.opNegated = true;
            }
            default -> pos--;
        }
        // the data
        if (pos < words.size()) {
            wd = words.get(pos);
            long[] wdata = new long[1];
            int wt = lookup(wd, prim.type, prim.transp, wdata, true);
            pos++;
            Long n;
            int[] ip;
            byte[] eth;
            if (wt == -2) {
                prim.type = -2;
            } else if (wt != -1 && wt != T_TYPE) {
                prim.data = wt;
                prim.u = wdata[0];
            } else if ((n = parseInt(wd)) != null) {
                prim.data = T_INT;
                prim.u = n & 0xFFFFFFFFL;
            } else if (header != 'e' && (ip = ipAddress(wd)) != null) {
                int[] m;
                int[] pfx;
                if (pos < words.size() - 1 && words.get(pos).equals("mask") && (m = ipAddress(words.get(pos + 1))) != null) {
                    pos += 2;
                    prim.data = T_NET;
                    prim.u = ip[0] & 0xFFFFFFFFL;
                    prim.mask = m[0] & 0xFFFFFFFFL;
                } else if (prim.type == T_NET && (pfx = ipPrefix(wd)) != null) {
                    prim.data = T_NET;
                    prim.u = pfx[0] & 0xFFFFFFFFL;
                    prim.mask = pfx[1] & 0xFFFFFFFFL;
                } else {
                    prim.data = T_HOST;
                    prim.u = ip[0] & 0xFFFFFFFFL;
                }
            } else if (header != 'e' && (ip = ipPrefix(wd)) != null) {
                prim.data = T_NET;
                prim.u = ip[0] & 0xFFFFFFFFL;
                prim.mask = ip[1] & 0xFFFFFFFFL;
            } else if (header != 'i' && (eth = ether(wd)) != null) {
                prim.data = T_ETHER;
                prim.ether = eth;
            } else {
                if (prim.gt || prim.lt || prim.opNegated) {
                    error("dangling operator near '" + wd + "'");
                }
                pos--;
            }
        }
        if (pos == firstPos) {
            error("empty term near '" + wd + "'");
            return null;
        }
        Ast.Prim p = check(prim, header, maskDt, providedMask, providedEther);
        if (p == null) {
            return new Ast.Const(true); // error reported
        }
        prev = prim;
        Ast a = new Ast.P(p);
        return negated ? new Ast.Not(a) : a;
    }

    private FieldDef field(int type) {
        return fields.get(type - T_FIELD);
    }

    private void setType(PrimState p, int t) {
        if (p.type != T_NONE) {
            error("type specified twice");
        }
        p.type = t;
    }

    private void setSrcdst(PrimState p, int sd) {
        if (p.srcdst != 0) {
            error("'src' or 'dst' specified twice");
        }
        p.srcdst = sd;
    }

    private void setTransp(PrimState p, int proto) {
        if (p.transp != UNKNOWN && p.transp != proto) {
            error("transport protocol specified twice");
        }
        p.transp = proto;
    }

    private int brackets(PrimState prim, int pos) {
        int firstPos = pos + 1;
        StringBuilder comb = new StringBuilder();
        for (pos++; pos < words.size() && !words.get(pos).equals("]"); pos++) {
            comb.append(words.get(pos));
        }
        if (pos >= words.size()) {
            error("missing ']'");
            return firstPos;
        }
        pos++;
        String c = comb.toString();
        Long fieldpos = null;
        Long len = 1L;
        int colon = c.indexOf(':');
        int comma = c.indexOf(',');
        if (colon >= 0 && colon < c.length() - 1) {
            fieldpos = parseInt(c.substring(0, colon));
            len = parseInt(c.substring(colon + 1));
        } else if (comma >= 0 && comma < c.length() - 1) {
            fieldpos = parseInt(c.substring(0, comma));
            Long p2 = parseInt(c.substring(comma + 1));
            len = fieldpos != null && p2 != null ? p2 - fieldpos + 1 : null;
        } else {
            fieldpos = parseInt(c);
        }
        if (fieldpos == null || len == null || fieldpos < 0 || fieldpos > 0xFFFFFF) {
            error("syntax error after '[', expected '[POS]' or '[POS:LEN]'");
            return pos;
        }
        long bitpos = fieldpos * 8;
        long bitlen = len * 8;
        if (bitlen < 1 || bitlen > 32) {
            error("LEN in '[POS:LEN]' out of range, should be between 1 and 4");
        } else if ((bitpos & ~31) != ((bitpos + bitlen - 1) & ~31)) {
            error("field [" + fieldpos + ":" + len + "] does not fit in a single word");
        } else {
            int transp = prim.transp == UNKNOWN ? 0 : prim.transp;
            String name = (transp == 0 ? "ip" : protoName(transp)) + "[...]";
            fields.add(new FieldDef(name, transp == 0 ? Test.NET : Test.TRANSP, (int) bitpos, (int) bitlen,
                    transp == 0 ? UNKNOWN : transp));
            setType(prim, T_FIELD + fields.size() - 1);
        }
        return pos;
    }

    private static String protoName(int p) {
        return switch (p) {
            case P_ICMP -> "icmp";
            case 2 -> "igmp";
            case 4 -> "ipip";
            case P_TCP -> "tcp";
            case P_UDP -> "udp";
            case P_TCPUDP -> "tcpudp";
            case P_TRANSP -> "transp";
            default -> "ip proto " + p;
        };
    }

    private String typeName(int srcdst, int type) {
        StringBuilder sb = new StringBuilder();
        switch (srcdst) {
            case Ast.Prim.SD_SRC -> sb.append("src ");
            case Ast.Prim.SD_DST -> sb.append("dst ");
            case Ast.Prim.SD_OR -> sb.append("src or dst ");
            case Ast.Prim.SD_AND -> sb.append("src and dst ");
            default -> {
            }
        }
        sb.append(switch (type) {
            case T_NONE -> "<none>";
            case T_HOST -> "ip host";
            case T_PROTO -> "proto";
            case T_ETHER -> "ether host";
            case T_IPFRAG -> "ip frag";
            case T_PORT -> "port";
            case T_TCPOPT -> "tcp opt";
            case T_NET -> "ip net";
            case T_IPUNFRAG -> "ip unfrag";
            case T_IPECT -> "ip ect";
            case T_IPCE -> "ip ce";
            default -> type >= T_FIELD ? field(type).name() : "<unknown type " + type + ">";
        });
        return sb.toString();
    }

    private String wordName(int type, int proto, String word) {
        List<String> parts = new ArrayList<>();
        if (type != T_NONE) {
            parts.add(typeName(0, type));
        }
        if (proto != UNKNOWN) {
            parts.add(protoName(proto));
        }
        parts.add(word);
        return String.join(" ", parts);
    }

    /** Click's IPFilter::lookup: -1 no match, -2 ambiguous/meaningless (reported if {@code report}), else a type. */
    private int lookup(String word, int type, int proto, long[] data, boolean report) {
        if (type == T_NONE || type == T_TYPE) {
            Integer t = TYPE_WORDS.get(word);
            if (t != null) {
                data[0] = t;
                return t == T_SYNTAX ? -1 : T_TYPE;
            }
        }
        Integer[] val = {PROTO_NAMES.get(word), PORT_NAMES.get(word), PORT_NAMES.get(word), TCP_OPT_NAMES.get(word),
                ICMP_TYPE_NAMES.get(word)};
        int[] db2type = {T_PROTO, T_PORT, T_PORT, T_TCPOPT, F_ICMP_TYPE};
        boolean any = false;
        for (Integer v : val) {
            any |= v != null;
        }
        if (!any) {
            return -1;
        }
        boolean[] t = new boolean[5];
        t[0] = val[0] != null && (type == T_NONE || type == T_PROTO);
        t[1] = val[1] != null && (type == T_NONE || type == T_PORT) && (proto == UNKNOWN || proto == P_TCP || proto == P_TCPUDP);
        t[2] = val[2] != null && (type == T_NONE || type == T_PORT) && (proto == UNKNOWN || proto == P_UDP || proto == P_TCPUDP);
        t[3] = val[3] != null && (type == T_NONE || type == T_TCPOPT) && (proto == UNKNOWN || proto == P_TCP || proto == P_TCPUDP);
        t[4] = val[4] != null && (type == T_NONE || type == F_ICMP_TYPE) && (proto == UNKNOWN || proto == P_ICMP);
        if (t[1] && t[2] && val[1].equals(val[2])) {
            t[2] = false;
        }
        int ngot = 0;
        int which = -1;
        for (int i = 0; i < 5; i++) {
            if (t[i]) {
                ngot++;
                which = i;
            }
        }
        if (ngot == 1) {
            data[0] = val[which];
            return db2type[which];
        }
        if (report) {
            Set<String> tries = new LinkedHashSet<>();
            for (int i = 0; i < 5; i++) {
                if (val[i] != null) {
                    tries.add("'" + wordName(db2type[i], proto, word) + "'");
                }
            }
            error("'" + wordName(type, proto, word) + "' is " + (ngot > 1 ? "ambiguous" : "meaningless") + "; try "
                    + String.join(", ", tries));
        }
        return -2;
    }

    private int[] ipAddress(String w) {
        try {
            return new int[] {ArgTypes.IPV4.parse(w)};
        } catch (ArgException e) {
            String r = addrs == null || !isName(w) ? null : addrs.resolve(w, AddressResolver.Kind.IPV4);
            if (r != null) {
                try {
                    return new int[] {ArgTypes.IPV4.parse(r)};
                } catch (ArgException e2) {
                    return null;
                }
            }
            return null;
        }
    }

    private int[] ipPrefix(String w) {
        if (w.indexOf('/') < 0 && ipAddress(w) == null) {
            String r = addrs == null || !isName(w) ? null : addrs.resolve(w, AddressResolver.Kind.IPV4_PREFIX);
            if (r == null) {
                return null;
            }
            w = r;
        }
        try {
            return ArgTypes.IPV4_PREFIX.parse(w);
        } catch (ArgException e) {
            return null;
        }
    }

    private byte[] ether(String w) {
        try {
            return ArgTypes.ETHER.parse(w);
        } catch (ArgException e) {
            String r = addrs == null || !isName(w) ? null : addrs.resolve(w, AddressResolver.Kind.ETHER);
            if (r != null) {
                try {
                    return ArgTypes.ETHER.parse(r);
                } catch (ArgException e2) {
                    return null;
                }
            }
            return null;
        }
    }

    private static boolean isName(String w) {
        return !w.isEmpty() && Character.isLetter(w.charAt(0)) && !TYPE_WORDS.containsKey(w);
    }

    // ---- Click's Primitive::check ----------------------------------------------------------------

    private Ast.Prim typeError(PrimState p, String msg) {
        error("'" + typeName(p.srcdst, p.type) + "': " + msg);
        return null;
    }

    private Ast.Prim check(PrimState p, int header, int maskDt, long providedMask, byte[] providedEther) {
        int oldSrcdst = p.srcdst;
        if (p.type < 0) {
            return null;
        }
        if (p.type == T_NONE) {
            boolean retry = true;
            while (retry) {
                retry = false;
                switch (p.data) {
                    case T_HOST, T_NET, T_TCPOPT, T_ETHER -> {
                        p.type = p.data;
                        if (p.srcdst == 0) {
                            p.srcdst = prev.srcdst;
                        }
                    }
                    case T_PROTO -> p.type = T_PROTO;
                    case T_PORT -> {
                        p.type = T_PORT;
                        if (p.srcdst == 0) {
                            p.srcdst = prev.srcdst;
                        }
                        if (p.transp == UNKNOWN) {
                            p.transp = prev.transp;
                        }
                    }
                    case T_INT -> {
                        if (prev.type < T_FIELD && prev.type != T_PROTO && prev.type != T_PORT) {
                            error("specify header field or 'port'");
                            return null;
                        }
                        p.data = prev.type;
                        retry = true;
                    }
                    case T_NONE -> {
                        if (p.transp != UNKNOWN) {
                            p.type = T_PROTO;
                        } else {
                            error("partial directive");
                            return null;
                        }
                    }
                    default -> {
                        if (p.data >= T_FIELD) {
                            p.type = p.data;
                            if (field(p.type).proto() != UNKNOWN && p.transp == UNKNOWN) {
                                p.transp = field(p.type).proto();
                            }
                        } else {
                            error("unknown type '" + typeName(0, p.data) + "'");
                            return null;
                        }
                    }
                }
            }
        }
        if (header == 0 && p.data == T_ETHER) {
            header = 'e';
        } else if (header == 0) {
            header = 'i';
        }
        if (header == 'e' && p.type == T_HOST) {
            p.type = T_ETHER;
        }
        boolean isOrder = p.gt || p.lt;
        int proto = Ast.Prim.NO_PROTO;
        boolean firstFrag = false;
        List<Ast.Field> sides;
        long value;
        long mask;
        Boolean constant = null;
        String text = typeName(p.srcdst, p.type);
        switch (p.type) {
            case T_HOST, T_NET -> {
                if (header != 'i' || p.data != p.type) {
                    return typeError(p, "address missing");
                }
                if (isOrder) {
                    return typeError(p, "operator not supported");
                }
                mask = p.type == T_HOST ? 0xFFFFFFFFL : p.mask;
                if (maskDt != 0 && maskDt != T_INT && maskDt != T_HOST) {
                    return typeError(p, "bad mask");
                } else if (maskDt != 0) {
                    mask = providedMask;
                }
                p.type = T_HOST;
                value = p.u;
                sides = sides(p, new Ast.Field(Test.NET, 96, 32), new Ast.Field(Test.NET, 128, 32));
            }
            case T_ETHER -> {
                if (header != 'e' || p.data != T_ETHER) {
                    return typeError(p, "address missing");
                }
                if (isOrder) {
                    return typeError(p, "operator not supported");
                }
                byte[] m = {-1, -1, -1, -1, -1, -1};
                if (maskDt != 0 && maskDt != T_ETHER) {
                    return typeError(p, "bad mask");
                } else if (maskDt != 0) {
                    m = providedEther;
                }
                value = toLong(p.ether);
                mask = toLong(m);
                sides = sides(p, new Ast.Field(Test.MAC, 48, 48), new Ast.Field(Test.MAC, 0, 48));
            }
            case T_PROTO -> {
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data == T_INT || p.data == T_PROTO) {
                    if (p.transp != UNKNOWN && p.transp != p.u) {
                        return typeError(p, "specified twice");
                    }
                    p.data = T_NONE;
                } else {
                    p.u = p.transp;
                }
                p.transp = UNKNOWN;
                if (p.data != T_NONE || p.u == UNKNOWN) {
                    return typeError(p, "value missing");
                }
                sides = List.of(new Ast.Field(Test.NET, 72, 8));
                if (p.u >= 256) {
                    if (isOrder || p.opNegated || maskDt != 0) {
                        error("'" + protoName((int) p.u) + "': operator or mask not supported");
                        return null;
                    }
                    // tcpudp / transp: no comparison
                    constant = p.u == P_TRANSP ? Boolean.TRUE : null;
                    if (p.u == P_TCPUDP) {
                        proto = P_TCPUDP;
                        constant = Boolean.TRUE;
                    }
                    value = 0;
                    mask = 0xFF;
                    p.transp = (int) p.u;
                } else if (maskDt != 0 && maskDt != T_INT) {
                    return typeError(p, "bad mask");
                } else {
                    long[] vm = setMask(p, 0xFF, maskDt != 0 ? providedMask : 0);
                    if (vm == null) {
                        return null;
                    }
                    value = vm[0];
                    mask = vm[1];
                    constant = vm[2] < 0 ? null : Boolean.valueOf(vm[2] == 1);
                    if (!isOrder && mask == 0xFF && !p.opNegated) {
                        p.transp = (int) p.u;
                    }
                }
            }
            case T_PORT -> {
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data == T_INT) {
                    p.data = T_PORT;
                }
                if (p.data != T_PORT) {
                    return typeError(p, "value missing");
                }
                if (p.transp == UNKNOWN) {
                    p.transp = P_TCPUDP;
                } else if (p.transp != P_TCP && p.transp != P_UDP && p.transp != P_TCPUDP) {
                    error("'port': bad protocol " + p.transp);
                    return null;
                } else if (maskDt != 0 && maskDt != T_INT) {
                    return typeError(p, "bad mask");
                }
                long[] vm = setMask(p, 0xFFFF, maskDt != 0 ? providedMask : 0);
                if (vm == null) {
                    return null;
                }
                value = vm[0];
                mask = vm[1];
                constant = vm[2] < 0 ? null : Boolean.valueOf(vm[2] == 1);
                proto = p.transp;
                firstFrag = true;
                sides = sides(p, new Ast.Field(Test.TRANSP, 0, 16), new Ast.Field(Test.TRANSP, 16, 16));
            }
            case T_TCPOPT -> {
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data == T_INT) {
                    p.data = T_TCPOPT;
                }
                if (p.data != T_TCPOPT) {
                    return typeError(p, "value missing");
                }
                if (p.transp == UNKNOWN) {
                    p.transp = P_TCP;
                } else if (p.transp != P_TCP) {
                    error("'tcp opt': bad protocol " + p.transp);
                    return null;
                }
                if (isOrder || p.opNegated || maskDt != 0) {
                    return typeError(p, "operator or mask not supported");
                }
                if (p.u > 255) {
                    error("'tcp opt': value " + (int) p.u + " out of range");
                    return null;
                }
                value = p.u;
                mask = p.u;
                proto = P_TCP;
                firstFrag = true;
                sides = List.of(new Ast.Field(Test.TRANSP, 104, 8));
            }
            case T_IPECT -> {
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data != T_NONE && p.data != T_INT) {
                    return typeError(p, "value missing");
                }
                if (p.data == T_NONE) {
                    p.u = 0;
                    p.opNegated = true;
                    maskDt = 0;
                } else if (maskDt != 0 && maskDt != T_INT) {
                    return typeError(p, "bad mask");
                }
                long[] vm = setMask(p, 0x3, maskDt != 0 ? providedMask : 0);
                if (vm == null) {
                    return null;
                }
                value = vm[0];
                mask = vm[1];
                constant = vm[2] < 0 ? null : Boolean.valueOf(vm[2] == 1);
                p.type = F_TOS;
                sides = List.of(new Ast.Field(Test.NET, 8, 8));
            }
            case T_IPCE -> {
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data != T_NONE || maskDt != 0) {
                    return typeError(p, "value not supported");
                }
                value = 3;
                mask = 3;
                p.type = F_TOS;
                p.gt = p.lt = p.opNegated = false;
                sides = List.of(new Ast.Field(Test.NET, 8, 8));
            }
            case T_IPFRAG, T_IPUNFRAG -> {
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data != T_NONE || maskDt != 0) {
                    return typeError(p, "value not supported");
                }
                p.gt = p.lt = false;
                p.opNegated = p.type == T_IPFRAG;
                p.type = T_IPFRAG;
                value = 0;
                mask = 0x3FFF;
                sides = List.of(new Ast.Field(Test.NET, 48, 16));
            }
            default -> {
                if (p.type < T_FIELD) {
                    error("unknown type '" + typeName(0, p.type) + "'");
                    return null;
                }
                FieldDef f = field(p.type);
                if (header != 'i') {
                    return typeError(p, "ip only");
                }
                if (p.data != T_INT && p.data != p.type) {
                    return typeError(p, "value missing");
                } else if (maskDt != 0 && maskDt != T_INT && maskDt != p.type) {
                    return typeError(p, "bad mask");
                }
                long xmask = f.bitLen() == 32 ? 0xFFFFFFFFL : (1L << f.bitLen()) - 1;
                long[] vm = setMask(p, xmask, maskDt != 0 ? providedMask : 0);
                if (vm == null) {
                    return null;
                }
                value = vm[0];
                mask = vm[1];
                constant = vm[2] < 0 ? null : Boolean.valueOf(vm[2] == 1);
                if (f.proto() != UNKNOWN || p.transp != UNKNOWN && f.space() == Test.TRANSP) {
                    firstFrag = true;
                }
                sides = List.of(new Ast.Field(f.space(), f.bitPos(), f.bitLen()));
            }
        }
        // fix srcdst
        int sd = p.srcdst;
        if (p.type == T_HOST || p.type == T_PORT || p.type == T_ETHER) {
            if (sd == 0) {
                sd = Ast.Prim.SD_OR;
                p.srcdst = sd;
            }
        } else {
            if (oldSrcdst != 0) {
                warnings.add(prefix + "'" + typeName(oldSrcdst, p.type) + "': 'src' or 'dst' ignored");
            }
            sd = 0;
        }
        if (p.type == T_HOST || p.type == T_PORT || p.type == T_ETHER) {
            sides = switch (sd) {
                case Ast.Prim.SD_SRC -> List.of(sides.get(0));
                case Ast.Prim.SD_DST -> List.of(sides.get(1));
                default -> sides;
            };
        }
        if (p.type != T_PROTO && p.type != T_PORT && p.transp != UNKNOWN) {
            // a transport qualifier on another primitive adds its protocol test (Click's _transp_proto)
            proto = p.transp;
        }
        if (p.type >= T_FIELD && field(p.type).proto() != UNKNOWN) {
            proto = p.transp;
        }
        int rel;
        if (p.gt) {
            rel = p.opNegated ? Ast.Prim.REL_LE : Ast.Prim.REL_GT;
        } else if (p.lt) {
            rel = p.opNegated ? Ast.Prim.REL_GE : Ast.Prim.REL_LT;
        } else {
            rel = p.opNegated ? Ast.Prim.REL_NE : Ast.Prim.REL_EQ;
        }
        if (proto == P_TRANSP && !firstFrag) {
            proto = Ast.Prim.NO_PROTO;
        }
        // equality compares masked values; order relations compare (field & mask) with the value as given
        long v = rel == Ast.Prim.REL_EQ || rel == Ast.Prim.REL_NE ? value & mask : value;
        return new Ast.Prim(proto, firstFrag, sd, sides, rel, v, mask, constant, text);
    }

    private static List<Ast.Field> sides(PrimState p, Ast.Field src, Ast.Field dst) {
        return List.of(src, dst);
    }

    private static long toLong(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xFF);
        }
        return v;
    }

    /**
     * Click's Primitive::set_mask: checks ranges, warns about constant relations. Returns
     * {value, mask, constant(-1 none, 0 false, 1 true)} or null on error.
     */
    private long[] setMask(PrimState p, long fullMask, long provided) {
        long data = p.u & 0xFFFFFFFFL;
        long thisMask = provided != 0 ? provided : fullMask;
        String tn = typeName(p.srcdst, p.type);
        if ((thisMask & fullMask) != thisMask) {
            error("'" + tn + "': mask out of range, bound 0x" + Long.toHexString(fullMask).toUpperCase());
            return null;
        }
        if (p.gt || p.lt) {
            if ((p.lt && (data == 0 || data > thisMask)) || (p.gt && data >= thisMask)) {
                boolean willBe = p.lt && data > thisMask ? !p.opNegated : p.opNegated;
                String op = p.gt ? (p.opNegated ? "<=" : ">") : (p.opNegated ? ">=" : "<");
                warnings.add(prefix + "relation '" + op + " " + data + "' is always " + willBe + " (range 0-" + thisMask + ")");
                return new long[] {0, thisMask, willBe ? 1 : 0};
            }
            return new long[] {data, thisMask, -1};
        }
        if (data > fullMask) {
            error("'" + tn + "': out of range, bound " + fullMask);
            return null;
        }
        return new long[] {data, thisMask, -1};
    }
}
