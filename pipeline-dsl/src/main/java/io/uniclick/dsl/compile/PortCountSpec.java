package io.uniclick.dsl.compile;

/**
 * A parsed port count specifier (Click's {@code port_count()}): {@code IN/OUT}, each side {@code N},
 * {@code N-M}, {@code N-}, {@code -M} or {@code -}; output {@code =} means "as many as inputs" and
 * {@code =+} "one more"; no slash means both sides alike.
 */
public record PortCountSpec(int inLo, int inHi, int outLo, int outHi, int outEqualsIn) {
    /** {@code outEqualsIn}: -1 = independent, 0 = same as inputs, 1 = inputs plus one. */
    public static PortCountSpec parse(String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        String in = slash < 0 ? s : s.substring(0, slash);
        String out = slash < 0 ? s : s.substring(slash + 1);
        int[] i = range(in);
        if (out.equals("=") || out.equals("=+")) {
            return new PortCountSpec(i[0], i[1], 0, Integer.MAX_VALUE, out.equals("=") ? 0 : 1);
        }
        int[] o = range(out);
        return new PortCountSpec(i[0], i[1], o[0], o[1], -1);
    }

    private static int[] range(String side) {
        String t = side.trim();
        if (t.equals("-")) {
            return new int[] {0, Integer.MAX_VALUE};
        }
        int dash = t.indexOf('-');
        if (dash < 0) {
            int n = Integer.parseInt(t);
            return new int[] {n, n};
        }
        String lo = t.substring(0, dash);
        String hi = t.substring(dash + 1);
        return new int[] {lo.isEmpty() ? 0 : Integer.parseInt(lo), hi.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(hi)};
    }

    /** Inputs for a use whose highest input port is {@code used - 1}. */
    public int inputs(int used) {
        return clamp(used, inLo, inHi);
    }

    /** Outputs, given the clamped input count and the outputs used. */
    public int outputs(int inputs, int used) {
        if (outEqualsIn >= 0) {
            return inputs + outEqualsIn;
        }
        return clamp(used, outLo, outHi);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
