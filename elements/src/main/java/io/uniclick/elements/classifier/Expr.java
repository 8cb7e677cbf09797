package io.uniclick.elements.classifier;

import java.util.ArrayList;
import java.util.List;

/** Normalised predicate over {@link Test}s: constants, leaves, not, and, or, if-then-else. Structural equality. */
sealed interface Expr {
    /** A constant. */
    record Const(boolean value) implements Expr {
        static final Const TRUE = new Const(true);
        static final Const FALSE = new Const(false);

        static Const of(boolean v) {
            return v ? TRUE : FALSE;
        }
    }

    /** One test. */
    record Leaf(Test test) implements Expr {
    }

    /** Negation. */
    record Not(Expr e) implements Expr {
    }

    /** Conjunction, evaluated left to right. */
    record And(List<Expr> es) implements Expr {
    }

    /** Disjunction, evaluated left to right. */
    record Or(List<Expr> es) implements Expr {
    }

    /** {@code c ? a : b}. */
    record Ite(Expr c, Expr a, Expr b) implements Expr {
    }

    static Expr not(Expr e) {
        if (e instanceof Const c) {
            return Const.of(!c.value());
        }
        if (e instanceof Not n) {
            return n.e();
        }
        return new Not(e);
    }

    static Expr and(List<Expr> es) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : es) {
            if (e instanceof Const c) {
                if (!c.value()) {
                    return Const.FALSE;
                }
            } else if (e instanceof And a) {
                out.addAll(a.es());
            } else if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out.isEmpty() ? Const.TRUE : out.size() == 1 ? out.get(0) : new And(List.copyOf(out));
    }

    static Expr or(List<Expr> es) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : es) {
            if (e instanceof Const c) {
                if (c.value()) {
                    return Const.TRUE;
                }
            } else if (e instanceof Or o) {
                out.addAll(o.es());
            } else if (!out.contains(e)) {
                out.add(e);
            }
        }
        return out.isEmpty() ? Const.FALSE : out.size() == 1 ? out.get(0) : new Or(List.copyOf(out));
    }

    static Expr and(Expr... es) {
        return and(List.of(es));
    }

    static Expr or(Expr... es) {
        return or(List.of(es));
    }

    static Expr ite(Expr c, Expr a, Expr b) {
        if (c instanceof Const k) {
            return k.value() ? a : b;
        }
        if (a.equals(b)) {
            // both arms equal: the condition still has no side effects, so it can go
            return a;
        }
        if (a instanceof Const ka && b instanceof Const kb) {
            return ka.value() ? c : not(c);
        }
        return new Ite(c, a, b);
    }

    /** Negation that also flips the short-packet result of every test inside (Click's negate_subtree(flip_short)). */
    static Expr notFlip(Expr e) {
        return not(flipShort(e));
    }

    static Expr flipShort(Expr e) {
        return switch (e) {
            case Const c -> c;
            case Leaf l -> new Leaf(l.test().flipShort());
            case Not n -> new Not(flipShort(n.e()));
            case And a -> new And(a.es().stream().map(Expr::flipShort).toList());
            case Or o -> new Or(o.es().stream().map(Expr::flipShort).toList());
            case Ite i -> new Ite(flipShort(i.c()), flipShort(i.a()), flipShort(i.b()));
        };
    }
}
