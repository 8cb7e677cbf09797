package io.uniclick.dsl.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed flow code (Click's {@code flow_code()}): which inputs can reach which outputs. Each port
 * has a code (a letter, {@code [abc]}, {@code [^bc]}, or {@code #} for "the same port number on the
 * other side"); the last code of a side repeats; an input and an output are linked when their codes
 * share a letter.
 */
public final class FlowCode {
    private record Code(String letters, boolean hash, boolean negated) {
    }

    private final List<Code> in;
    private final List<Code> out;

    private FlowCode(List<Code> in, List<Code> out) {
        this.in = in;
        this.out = out;
    }

    /** Parses e.g. {@code "xy/x"} or {@code "#/[^#]"}. */
    public static FlowCode parse(String spec) {
        int slash = spec.indexOf('/');
        String a = slash < 0 ? spec : spec.substring(0, slash);
        String b = slash < 0 ? spec : spec.substring(slash + 1);
        return new FlowCode(codes(a), codes(b));
    }

    private static List<Code> codes(String s) {
        List<Code> r = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '[') {
                int end = s.indexOf(']', i);
                if (end < 0) {
                    end = s.length();
                }
                String body = s.substring(i + 1, end);
                boolean neg = body.startsWith("^");
                if (neg) {
                    body = body.substring(1);
                }
                r.add(new Code(body.replace("#", ""), body.indexOf('#') >= 0, neg));
                i = end + 1;
            } else {
                r.add(new Code(c == '#' ? "" : String.valueOf(c), c == '#', false));
                i++;
            }
        }
        if (r.isEmpty()) {
            r.add(new Code("x", false, false));
        }
        return r;
    }

    /** Whether input {@code i} can reach output {@code o}. */
    public boolean linked(int i, int o) {
        Code a = in.get(Math.min(i, in.size() - 1));
        Code b = out.get(Math.min(o, out.size() - 1));
        if (!a.negated && !b.negated) {
            if (a.hash && b.hash && i == o) {
                return true;
            }
            for (int k = 0; k < a.letters.length(); k++) {
                if (b.letters.indexOf(a.letters.charAt(k)) >= 0) {
                    return true;
                }
            }
            return false;
        }
        if (a.negated && b.negated) {
            return true;
        }
        Code pos = a.negated ? b : a;
        Code neg = a.negated ? a : b;
        for (int k = 0; k < pos.letters.length(); k++) {
            if (neg.letters.indexOf(pos.letters.charAt(k)) < 0) {
                return true;
            }
        }
        return pos.hash && !(neg.hash && i == o);
    }
}
