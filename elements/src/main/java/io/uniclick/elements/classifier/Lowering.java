package io.uniclick.elements.classifier;

import java.util.ArrayList;
import java.util.List;

/** Turns parsed IP expressions into {@link Expr}s over word tests, as Click compiles its primitives. */
final class Lowering {
    private Lowering() {
    }

    static Expr lower(Ast a) {
        return switch (a) {
            case Ast.Const c -> Expr.Const.of(c.value());
            case Ast.P p -> prim(p.prim());
            case Ast.Not n -> Expr.not(lower(n.a()));
            case Ast.And x -> Expr.and(x.as().stream().map(Lowering::lower).toList());
            case Ast.Or x -> Expr.or(x.as().stream().map(Lowering::lower).toList());
            case Ast.Ternary t -> Expr.ite(lower(t.c()), lower(t.a()), lower(t.b()));
        };
    }

    static Expr protoTest(int proto) {
        return Test.of(Test.NET, 9, 1, 0xFF, Test.EQ, proto, false);
    }

    static Expr prim(Ast.Prim p) {
        List<Expr> parts = new ArrayList<>();
        if (p.proto() == Ast.Prim.TCP_OR_UDP) {
            parts.add(Expr.or(protoTest(6), protoTest(17)));
        } else if (p.proto() >= 0 && p.proto() < 256) {
            parts.add(protoTest(p.proto()));
        }
        if (p.firstFrag()) {
            parts.add(Test.of(Test.NET, 6, 2, 0x1FFF, Test.EQ, 0, false));
        }
        if (p.constant() != null) {
            parts.add(Expr.Const.of(p.constant()));
            return Expr.and(parts);
        }
        int op;
        boolean neg;
        long v = p.value();
        switch (p.rel()) {
            case Ast.Prim.REL_EQ -> {
                op = Test.EQ;
                neg = false;
            }
            case Ast.Prim.REL_NE -> {
                op = Test.EQ;
                neg = true;
            }
            case Ast.Prim.REL_GT -> {
                op = Test.GT;
                neg = false;
            }
            case Ast.Prim.REL_LE -> {
                op = Test.GT;
                neg = true;
            }
            case Ast.Prim.REL_LT -> {
                op = Test.GT;
                neg = true;
                v--;
            }
            default -> {
                op = Test.GT;
                neg = false;
                v--;
            }
        }
        List<Expr> sides = new ArrayList<>();
        for (Ast.Field f : p.sides()) {
            sides.add(fieldTest(f, p.mask(), op, v, neg));
        }
        Expr combined = p.srcdst() == Ast.Prim.SD_AND ? Expr.and(sides) : Expr.or(sides);
        parts.add(neg ? Expr.not(combined) : combined);
        return Expr.and(parts);
    }

    /** (field &amp; mask) OP v, short packets giving {@code shortYes}. Fields over 32 bits (Ethernet) are split (EQ only). */
    static Expr fieldTest(Ast.Field f, long mask, int op, long v, boolean shortYes) {
        if (f.bitLen() > 32) {
            // byte-aligned, equality only
            int nbytes = f.bitLen() / 8;
            List<Expr> tests = new ArrayList<>();
            int off = f.bitPos() / 8;
            for (int b = 0; b < nbytes; b += 2) {
                int n = Math.min(2, nbytes - b);
                int shift = 8 * (nbytes - b - n);
                int m = (int) ((mask >>> shift) & ((1L << (8 * n)) - 1));
                int val = (int) ((v >>> shift) & ((1L << (8 * n)) - 1));
                tests.add(Test.of(f.space(), off + b, n, m, Test.EQ, val, shortYes));
            }
            return Expr.and(tests);
        }
        int wordOff = (f.bitPos() >> 3) & ~3;
        int shift = 32 - ((f.bitPos() & 31) + f.bitLen());
        long m = (mask & 0xFFFFFFFFL) << shift;
        long val = (v & 0xFFFFFFFFL) << shift;
        if (op == Test.GT) {
            val |= (1L << shift) - 1;
        }
        return Test.of(f.space(), wordOff, 4, (int) m, op, (int) val, shortYes);
    }
}
