package io.uniclick.dsl.compile;

/**
 * A parsed processing specifier (Click's {@code processing()}): {@code IN/OUT}, one letter per port,
 * {@code h} push, {@code l} pull, {@code a} agnostic; the last letter repeats.
 */
public record ProcessingSpec(String in, String out) {
    /** Push. */
    public static final int PUSH = 1;
    /** Pull. */
    public static final int PULL = 2;
    /** Agnostic. */
    public static final int AGNOSTIC = 0;

    /** Parses e.g. {@code "a/ah"}; no slash means both sides alike. */
    public static ProcessingSpec parse(String spec) {
        int slash = spec.indexOf('/');
        return slash < 0 ? new ProcessingSpec(spec, spec) : new ProcessingSpec(spec.substring(0, slash), spec.substring(slash + 1));
    }

    /** Type of input {@code i}. */
    public int input(int i) {
        return type(in, i);
    }

    /** Type of output {@code i}. */
    public int output(int i) {
        return type(out, i);
    }

    private static int type(String s, int i) {
        if (s.isEmpty()) {
            return AGNOSTIC;
        }
        char c = s.charAt(Math.min(i, s.length() - 1));
        return switch (c) {
            case 'h' -> PUSH;
            case 'l' -> PULL;
            default -> AGNOSTIC;
        };
    }
}
