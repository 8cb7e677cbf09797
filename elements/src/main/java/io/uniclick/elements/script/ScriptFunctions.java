package io.uniclick.elements.script;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.handler.HandlerException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stateless read-with-parameter handlers of {@link Script}: arithmetic, comparison, Boolean
 * logic, {@code sprintf}, byte order and friends. Each takes the handler parameter (a space-separated
 * word list, words may be quoted) and returns the handler's value.
 */
final class ScriptFunctions {
    private ScriptFunctions() {
    }

    /** Click's RAND_MAX on the platforms it usually runs on. */
    static final long RAND_MAX = 2147483647L;

    enum Arith { ADD, SUB, MIN, MAX, MUL, DIV, IDIV }

    enum Cmp { EQ, NE, LT, GT, LE, GE }

    // ---- number parsing and formatting --------------------------------------------------------

    /** An integer in Click's syntax (decimal, 0x hex, leading-0 octal, sign), or null. */
    static Long parseLong(String word) {
        if (word == null || word.isEmpty()) {
            return null;
        }
        try {
            return ArgTypes.parseInteger(word);
        } catch (ArgException | RuntimeException e) {
            return null;
        }
    }

    /** A real number, or null. */
    static Double parseDouble(String word) {
        if (word == null || word.isEmpty()) {
            return null;
        }
        try {
            return ArgTypes.REAL.parse(word);
        } catch (ArgException | RuntimeException e) {
            return null;
        }
    }

    /** A Boolean in Click's syntax (true/false/yes/no/1/0/t/f/y/n), or null. */
    static Boolean parseBool(String word) {
        if (word == null) {
            return null;
        }
        try {
            return ArgTypes.BOOL.parse(word);
        } catch (ArgException | RuntimeException e) {
            return null;
        }
    }

    /** Formats a double as C's {@code %.12g} does (what Click's {@code String(double)} prints). */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(12, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 12) {
            String mant = bd.movePointLeft(exp).stripTrailingZeros().toPlainString();
            int a = Math.abs(exp);
            return mant + "e" + (exp < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a;
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    static List<String> words(String s) {
        return ConfigText.splitWords(s);
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    /** add, sub, min, max, mul, div, idiv over a list of numbers. */
    static String arith(Arith what, String param) throws HandlerException {
        List<String> ws = words(param);
        boolean useDouble = what == Arith.DIV || what == Arith.IDIV;
        long acc = (what == Arith.ADD || what == Arith.SUB) ? 0 : 1;
        double dacc = acc;
        boolean first = true;
        for (String w : ws) {
            Long iv = useDouble ? null : parseLong(w);
            if (!useDouble && iv == null) {
                useDouble = true;
                dacc = acc;
            }
            if (useDouble) {
                Double dv = parseDouble(w);
                if (dv == null) {
                    Long alt = parseLong(w);
                    if (alt == null) {
                        throw new HandlerException("expected list of numbers");
                    }
                    dv = alt.doubleValue();
                }
                double x = dv;
                dacc = first ? x : switch (what) {
                    case ADD -> dacc + x;
                    case SUB -> dacc - x;
                    case MIN -> Math.min(dacc, x);
                    case MAX -> Math.max(dacc, x);
                    case MUL -> dacc * x;
                    case DIV, IDIV -> dacc / x;
                };
            } else {
                long x = iv;
                acc = first ? x : switch (what) {
                    case ADD -> acc + x;
                    case SUB -> acc - x;
                    case MIN -> Math.min(acc, x);
                    case MAX -> Math.max(acc, x);
                    case MUL -> acc * x;
                    case DIV, IDIV -> acc / x; // not reached: division always uses doubles
                };
            }
            first = false;
        }
        if (what == Arith.IDIV) {
            return Long.toString((long) dacc);
        }
        if (useDouble) {
            return formatDouble(dacc);
        }
        return Long.toString(acc);
    }

    /** mod (integers only) and rem (floating-point remainder allowed). */
    static String modRem(boolean rem, String param) throws HandlerException {
        List<String> ws = words(param);
        if (ws.size() != 2) {
            throw new HandlerException("expected two numbers");
        }
        Long a = parseLong(ws.get(0));
        Long b = parseLong(ws.get(1));
        if (a == null || b == null) {
            Double da = parseDouble(ws.get(0));
            Double db = parseDouble(ws.get(1));
            if (!rem || da == null || db == null) {
                throw new HandlerException("expected two numbers");
            }
            return formatDouble(da % db);
        }
        if (b == 0) {
            throw new HandlerException("division by zero");
        }
        return Long.toString(a % b);
    }

    /** neg and abs. */
    static String negAbs(boolean neg, String param) throws HandlerException {
        String s = param.trim();
        Long x = parseLong(s);
        if (x == null) {
            Double d = parseDouble(s);
            if (d == null) {
                throw new HandlerException("expected one number");
            }
            return formatDouble(neg ? -d : Math.abs(d));
        }
        return Long.toString(neg || x < 0 ? -x : x);
    }

    /** eq ne lt gt le ge: numeric when both parse as numbers, otherwise bytewise string comparison. */
    static String compare(Cmp what, String param) throws HandlerException {
        List<String> ws = words(param);
        if (ws.size() != 2) {
            throw new HandlerException("expected two numbers");
        }
        int c;
        Long a = parseLong(ws.get(0));
        Long b = parseLong(ws.get(1));
        if (a != null && b != null) {
            c = Long.compare(a, b);
        } else {
            Double da = parseDouble(ws.get(0));
            Double db = parseDouble(ws.get(1));
            if (da != null && db != null) {
                c = da < db ? -1 : (da.doubleValue() == db.doubleValue() ? 0 : 1);
            } else {
                c = Integer.signum(ConfigText.unquote(ws.get(0)).compareTo(ConfigText.unquote(ws.get(1))));
            }
        }
        boolean r = switch (what) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case GT -> c > 0;
            case LE -> c <= 0;
            case GE -> c >= 0;
        };
        return Boolean.toString(r);
    }

    // ---- Booleans -----------------------------------------------------------------------------

    static String not(String param) throws HandlerException {
        Boolean b = parseBool(param.trim());
        if (b == null) {
            throw new HandlerException("syntax error");
        }
        return Boolean.toString(!b);
    }

    /** and, or, nand, nor (short-circuit, like Click). */
    static String logic(boolean isAnd, boolean negate, String param) throws HandlerException {
        boolean zero = isAnd;
        boolean cur = zero;
        for (String w : words(param)) {
            if (cur != zero) {
                break;
            }
            Boolean x = parseBool(w);
            if (x == null) {
                throw new HandlerException("syntax error");
            }
            cur = isAnd ? cur && x : cur || x;
        }
        return Boolean.toString(negate != cur);
    }

    static String ifThenElse(String param) throws HandlerException {
        List<String> ws = words(param);
        Boolean b = ws.isEmpty() ? null : parseBool(ws.get(0));
        if (b == null) {
            throw new HandlerException("syntax error");
        }
        int i = b ? 1 : 2;
        return i < ws.size() ? ws.get(i) : "";
    }

    static String in(String param) {
        List<String> ws = words(param);
        if (ws.isEmpty()) {
            return "false";
        }
        String w = ConfigText.unquote(ws.get(0));
        for (int i = 1; i < ws.size(); i++) {
            if (w.equals(ConfigText.unquote(ws.get(i)))) {
                return "true";
            }
        }
        return "false";
    }

    static String first(String param) {
        List<String> ws = words(param);
        return ws.isEmpty() ? "" : ws.get(0);
    }

    // ---- misc ---------------------------------------------------------------------------------

    static String random(String param) throws HandlerException {
        List<String> ws = words(param);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (ws.isEmpty()) {
            return Long.toString(r.nextLong(RAND_MAX + 1));
        }
        if (ws.size() > 2) {
            throw new HandlerException("too many arguments");
        }
        Long n1 = parseLong(ws.get(0));
        Long n2 = ws.size() > 1 ? parseLong(ws.get(1)) : null;
        if (n1 == null || n1 < 0 || (ws.size() > 1 && (n2 == null || n2 < 0))) {
            throw new HandlerException(n1 == null || n1 < 0 ? "N1: invalid number" : "N2: invalid number");
        }
        if ((n2 != null && n2 < n1) || (n2 == null && n1 == 0)) {
            throw new HandlerException("bad N");
        }
        return n2 != null ? Long.toString(r.nextLong(n1, n2 + 1)) : Long.toString(r.nextLong(n1));
    }

    /** htons/ntohs (16-bit swap) and htonl/ntohl (32-bit swap), as on a little-endian host. */
    static String byteOrder(boolean longForm, String param) throws HandlerException {
        Long v = parseLong(param.trim());
        if (v == null) {
            throw new HandlerException("syntax error");
        }
        int x = (int) (long) v;
        if (longForm) {
            return Long.toString(Integer.reverseBytes(x) & 0xFFFFFFFFL);
        }
        return Integer.toString(((x & 0xFF) << 8) | ((x >> 8) & 0xFF));
    }

    // ---- sprintf ------------------------------------------------------------------------------

    /** C-style formatting: flags {@code 0#- +}, width and precision (or {@code *}), h/l/ll/q, d i o u x X s %. */
    static String sprintf(String param) throws HandlerException {
        List<String> ws = words(param);
        if (ws.isEmpty()) {
            return "";
        }
        String fmt = ConfigText.unquote(ws.get(0));
        int argi = 1;
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            boolean zero = false;
            boolean alt = false;
            boolean left = false;
            boolean space = false;
            boolean plus = false;
            while (i < n && "0#- +".indexOf(fmt.charAt(i)) >= 0) {
                switch (fmt.charAt(i)) {
                    case '0' -> zero = true;
                    case '#' -> alt = true;
                    case '-' -> left = true;
                    case ' ' -> space = true;
                    default -> plus = true;
                }
                i++;
            }
            int width = 0;
            if (i < n && fmt.charAt(i) == '*') {
                Long w = argi < ws.size() ? parseLong(ws.get(argi++)) : null;
                if (w == null) {
                    throw new HandlerException("syntax error");
                }
                width = (int) (long) w;
                if (width < 0) {
                    left = true;
                    width = -width;
                }
                i++;
            } else {
                while (i < n && Character.isDigit(fmt.charAt(i))) {
                    width = width * 10 + (fmt.charAt(i++) - '0');
                }
            }
            int prec = -1;
            if (i < n && fmt.charAt(i) == '.') {
                i++;
                prec = 0;
                if (i < n && fmt.charAt(i) == '*') {
                    Long p = argi < ws.size() ? parseLong(ws.get(argi++)) : null;
                    if (p == null || p < 0) {
                        throw new HandlerException("syntax error");
                    }
                    prec = (int) (long) p;
                    i++;
                } else {
                    while (i < n && Character.isDigit(fmt.charAt(i))) {
                        prec = prec * 10 + (fmt.charAt(i++) - '0');
                    }
                }
            }
            char size = 0;
            while (i < n && "hlLq".indexOf(fmt.charAt(i)) >= 0) {
                char s = fmt.charAt(i++);
                size = s == 'h' ? 'h' : (s == 'l' && size != 'l' ? 'l' : 'q');
            }
            if (i >= n) {
                throw new HandlerException("syntax error");
            }
            char conv = fmt.charAt(i++);
            String body;
            String prefix = "";
            boolean numeric = true;
            switch (conv) {
                case 'd', 'i' -> {
                    Long v = argi < ws.size() ? parseLong(ws.get(argi++)) : null;
                    if (v == null) {
                        throw new HandlerException("syntax error");
                    }
                    long x = size == 'h' ? (short) (long) v : v;
                    body = Long.toString(Math.abs(x));
                    if (x == Long.MIN_VALUE) {
                        body = body.substring(1);
                    }
                    prefix = x < 0 ? "-" : plus ? "+" : space ? " " : "";
                }
                case 'o', 'x', 'X', 'u' -> {
                    Long v = argi < ws.size() ? parseLong(ws.get(argi++)) : null;
                    if (v == null) {
                        throw new HandlerException("syntax error");
                    }
                    long x = size == 'h' ? (v & 0xFFFF) : v;
                    body = switch (conv) {
                        case 'o' -> Long.toOctalString(x);
                        case 'x' -> Long.toHexString(x);
                        case 'X' -> Long.toHexString(x).toUpperCase(java.util.Locale.ROOT);
                        default -> Long.toUnsignedString(x);
                    };
                    if (alt && conv == 'o' && !body.startsWith("0")) {
                        body = "0" + body;
                    } else if (alt && x != 0 && conv == 'x') {
                        prefix = "0x";
                    } else if (alt && x != 0 && conv == 'X') {
                        prefix = "0X";
                    }
                }
                case 's' -> {
                    if (argi >= ws.size()) {
                        throw new HandlerException("syntax error");
                    }
                    body = ConfigText.unquote(ws.get(argi++));
                    if (prec >= 0 && body.length() > prec) {
                        body = body.substring(0, prec);
                    }
                    numeric = false;
                }
                case '%' -> {
                    body = "%";
                    numeric = false;
                    width = 0;
                }
                default -> throw new HandlerException("syntax error");
            }
            if (numeric && prec >= 0) {
                if (prec == 0 && body.equals("0")) {
                    body = "";
                }
                StringBuilder z = new StringBuilder();
                for (int k = body.length(); k < prec; k++) {
                    z.append('0');
                }
                body = z + body;
            }
            int len = prefix.length() + body.length();
            StringBuilder pad = new StringBuilder();
            for (int k = len; k < width; k++) {
                pad.append(numeric && zero && !left && prec < 0 ? '0' : ' ');
            }
            if (left) {
                out.append(prefix).append(body).append(pad);
            } else if (numeric && zero && prec < 0) {
                out.append(prefix).append(pad).append(body);
            } else {
                out.append(pad).append(prefix).append(body);
            }
        }
        if (argi < ws.size()) {
            throw new HandlerException("syntax error");
        }
        return out.toString();
    }
}
