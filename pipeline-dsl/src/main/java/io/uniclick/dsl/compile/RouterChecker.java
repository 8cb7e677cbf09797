package io.uniclick.dsl.compile;

import io.uniclick.dsl.Connection;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.ElementDecl;
import io.uniclick.dsl.FlatRouter;
import io.uniclick.dsl.Landmark;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Click's hookup checks on a flat router, in Click's order: port counts clamped to each class's
 * range, connections checked against them, every port used, then push/pull resolution (B.5):
 * agnostic ports tied through flow codes, fixed types spread along connections, conflicts
 * reported, leftovers made push, and the fan rules (one connection per push output and per pull
 * input) enforced.
 */
public final class RouterChecker {
    /** Static metadata of one element's class. */
    public record ClassSpec(PortCountSpec ports, ProcessingSpec processing, FlowCode flow) {
    }

    /** Result: resolved port counts and push/pull per port. */
    public record Result(int[] ninputs, int[] noutputs, boolean[][] inputPush, boolean[][] outputPush) {
    }

    private RouterChecker() {
    }

    /** Checks {@code r}; returns null (with errors in {@code diags}) when the router is not valid. */
    public static Result check(FlatRouter r, List<ClassSpec> specs, Diagnostics diags) {
        List<ElementDecl> els = r.elements();
        int n = els.size();
        int[] usedIn = new int[n];
        int[] usedOut = new int[n];
        for (Connection c : r.connections()) {
            usedOut[c.fromElement()] = Math.max(usedOut[c.fromElement()], c.fromPort() + 1);
            usedIn[c.toElement()] = Math.max(usedIn[c.toElement()], c.toPort() + 1);
        }
        int[] nin = new int[n];
        int[] nout = new int[n];
        for (int i = 0; i < n; i++) {
            PortCountSpec ps = specs.get(i).ports();
            nin[i] = ps.inputs(usedIn[i]);
            nout[i] = ps.outputs(nin[i], usedOut[i]);
        }
        int before = diags.errorCount();
        // connections against the clamped counts
        boolean[][] inUsed = new boolean[n][];
        boolean[][] outUsed = new boolean[n][];
        for (int i = 0; i < n; i++) {
            inUsed[i] = new boolean[nin[i]];
            outUsed[i] = new boolean[nout[i]];
        }
        List<Connection> valid = new ArrayList<>();
        for (Connection c : r.connections()) {
            boolean ok = true;
            if (c.fromPort() >= nout[c.fromElement()]) {
                diags.error(lm(c, els.get(c.fromElement())), "'" + decl(els.get(c.fromElement())) + "' has no output " + c.fromPort());
                ok = false;
            }
            if (c.toPort() >= nin[c.toElement()]) {
                diags.error(lm(c, els.get(c.toElement())), "'" + decl(els.get(c.toElement())) + "' has no input " + c.toPort());
                ok = false;
            }
            if (ok) {
                outUsed[c.fromElement()][c.fromPort()] = true;
                inUsed[c.toElement()][c.toPort()] = true;
                valid.add(c);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < nin[i]; p++) {
                if (!inUsed[i][p]) {
                    diags.error(els.get(i).landmark(), "'" + decl(els.get(i)) + "' input " + p + " unused");
                }
            }
            for (int p = 0; p < nout[i]; p++) {
                if (!outUsed[i][p]) {
                    diags.error(els.get(i).landmark(), "'" + decl(els.get(i)) + "' output " + p + " unused");
                }
            }
        }
        if (diags.errorCount() > before) {
            return null;
        }
        return resolve(els, specs, valid, nin, nout, diags);
    }

    private static Result resolve(List<ElementDecl> els, List<ClassSpec> specs, List<Connection> conns, int[] nin, int[] nout, Diagnostics diags) {
        int n = els.size();
        // node numbering: inputs then outputs of each element
        int[] inBase = new int[n];
        int[] outBase = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            inBase[i] = total;
            total += nin[i];
            outBase[i] = total;
            total += nout[i];
        }
        int[] type = new int[total];
        boolean[] declaredAgnostic = new boolean[total];
        List<List<Integer>> edges = new ArrayList<>(total);
        for (int k = 0; k < total; k++) {
            edges.add(new ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            ProcessingSpec ps = specs.get(i).processing();
            for (int p = 0; p < nin[i]; p++) {
                type[inBase[i] + p] = ps.input(p);
                declaredAgnostic[inBase[i] + p] = ps.input(p) == ProcessingSpec.AGNOSTIC;
            }
            for (int p = 0; p < nout[i]; p++) {
                type[outBase[i] + p] = ps.output(p);
                declaredAgnostic[outBase[i] + p] = ps.output(p) == ProcessingSpec.AGNOSTIC;
            }
            FlowCode fc = specs.get(i).flow();
            for (int a = 0; a < nin[i]; a++) {
                for (int b = 0; b < nout[i]; b++) {
                    if (declaredAgnostic[inBase[i] + a] && declaredAgnostic[outBase[i] + b] && fc.linked(a, b)) {
                        edges.get(inBase[i] + a).add(outBase[i] + b);
                        edges.get(outBase[i] + b).add(inBase[i] + a);
                    }
                }
            }
        }
        for (Connection c : conns) {
            int o = outBase[c.fromElement()] + c.fromPort();
            int in = inBase[c.toElement()] + c.toPort();
            edges.get(o).add(in);
            edges.get(in).add(o);
        }
        // spread fixed types into agnostic ports (first come wins; conflicts are found below)
        Deque<Integer> work = new ArrayDeque<>();
        for (int k = 0; k < total; k++) {
            if (type[k] != ProcessingSpec.AGNOSTIC) {
                work.add(k);
            }
        }
        while (!work.isEmpty()) {
            int k = work.poll();
            for (int m : edges.get(k)) {
                if (type[m] == ProcessingSpec.AGNOSTIC) {
                    type[m] = type[k];
                    work.add(m);
                }
            }
        }
        int before = diags.errorCount();
        boolean[] mixed = new boolean[n];
        for (int i = 0; i < n; i++) {
            FlowCode fc = specs.get(i).flow();
            outer:
            for (int a = 0; a < nin[i]; a++) {
                for (int b = 0; b < nout[i]; b++) {
                    int x = inBase[i] + a;
                    int y = outBase[i] + b;
                    if (declaredAgnostic[x] && declaredAgnostic[y] && fc.linked(a, b) && type[x] != type[y]) {
                        diags.error(els.get(i).landmark(), "agnostic '" + decl(els.get(i)) + "' in mixed context: "
                                + name(type[x]) + " input " + a + ", " + name(type[y]) + " output " + b);
                        mixed[i] = true;
                        break outer;
                    }
                }
            }
        }
        for (Connection c : conns) {
            int o = outBase[c.fromElement()] + c.fromPort();
            int in = inBase[c.toElement()] + c.toPort();
            if (type[o] != type[in] && !mixed[c.fromElement()] && !mixed[c.toElement()]) {
                diags.error(c.landmark(), "'" + decl(els.get(c.fromElement())) + "' " + name(type[o]) + " output " + c.fromPort()
                        + " connected to '" + decl(els.get(c.toElement())) + "' " + name(type[in]) + " input " + c.toPort());
            }
        }
        for (int k = 0; k < total; k++) {
            if (type[k] == ProcessingSpec.AGNOSTIC) {
                type[k] = ProcessingSpec.PUSH;
            }
        }
        // fan rules
        int[] fan = new int[total];
        for (Connection c : conns) {
            int o = outBase[c.fromElement()] + c.fromPort();
            int in = inBase[c.toElement()] + c.toPort();
            if (type[o] == ProcessingSpec.PUSH && ++fan[o] == 2) {
                diags.error(c.landmark(), "illegal reuse of '" + decl(els.get(c.fromElement())) + "' push output " + c.fromPort());
            }
            if (type[in] == ProcessingSpec.PULL && ++fan[in] == 2) {
                diags.error(c.landmark(), "illegal reuse of '" + decl(els.get(c.toElement())) + "' pull input " + c.toPort());
                diags.add(new io.uniclick.dsl.Diagnostic(null, io.uniclick.dsl.Severity.ERROR,
                        "  (hint: to merge several pull paths into '" + els.get(c.toElement()).name()
                                + "', put a scheduler such as RoundRobinSched or PrioSched in front of it)"));
            }
        }
        if (diags.errorCount() > before) {
            return null;
        }
        boolean[][] ip = new boolean[n][];
        boolean[][] op = new boolean[n][];
        for (int i = 0; i < n; i++) {
            ip[i] = new boolean[nin[i]];
            op[i] = new boolean[nout[i]];
            for (int p = 0; p < nin[i]; p++) {
                ip[i][p] = type[inBase[i] + p] == ProcessingSpec.PUSH;
            }
            for (int p = 0; p < nout[i]; p++) {
                op[i][p] = type[outBase[i] + p] == ProcessingSpec.PUSH;
            }
        }
        return new Result(nin, nout, ip, op);
    }

    private static String name(int t) {
        return t == ProcessingSpec.PULL ? "pull" : "push";
    }

    private static String decl(ElementDecl e) {
        return e.name() + " :: " + e.className();
    }

    private static Landmark lm(Connection c, ElementDecl e) {
        return c.landmark() != null ? c.landmark() : e.landmark();
    }
}
