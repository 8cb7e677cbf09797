package io.uniclick.elements.classifier;

import java.util.List;

/** A parsed IPClassifier/IPFilter expression: connectives over checked primitives ({@link Prim}). */
sealed interface Ast {
    /** {@code true} / {@code false}. */
    record Const(boolean value) implements Ast {
    }

    /** One primitive test. */
    record P(Prim prim) implements Ast {
    }

    /** {@code not}/{@code !}. */
    record Not(Ast a) implements Ast {
    }

    /** {@code and}/{@code &&}/juxtaposition. */
    record And(List<Ast> as) implements Ast {
    }

    /** {@code or}/{@code ||}. */
    record Or(List<Ast> as) implements Ast {
    }

    /** {@code c ? a : b}. */
    record Ternary(Ast c, Ast a, Ast b) implements Ast {
    }

    /** A header field: {@code bitLen} bits at bit {@code bitPos} of a header space ({@link Test#NET} etc.). */
    record Field(int space, int bitPos, int bitLen) {
    }

    /**
     * A primitive after Click's checks, in semantic form: the implied transport protocol test
     * ({@link #NO_PROTO}, a protocol number, {@link #TCP_OR_UDP}, or {@link #ANY_TRANSP} = none),
     * whether only first fragments match, and a relation {@code (field & mask) REL value} on one
     * field or on two (src/dst) combined by {@code srcdst}. {@code constant} is set when Click
     * found the relation always true or false. Relations {@code == > >=} hold if some side (SD_OR)
     * or every side (SD_AND) is present and satisfies them; {@code != <= <} are the negation of
     * their dual ({@code == > >=} with a missing side counting as satisfied).
     */
    record Prim(int proto, boolean firstFrag, int srcdst, List<Field> sides, int rel, long value, long mask,
            Boolean constant, String text) {
        static final int NO_PROTO = -1;
        static final int TCP_OR_UDP = 256;
        static final int ANY_TRANSP = 257;

        static final int REL_EQ = 0;
        static final int REL_NE = 1;
        static final int REL_GT = 2;
        static final int REL_LE = 3;
        static final int REL_LT = 4;
        static final int REL_GE = 5;

        static final int SD_SRC = 1;
        static final int SD_DST = 2;
        static final int SD_OR = 3;
        static final int SD_AND = 4;
    }
}
