package io.uniclick.dsl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects diagnostics in emission order; never throws. */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();
    private int errors;

    public void error(Landmark lm, String message) { add(new Diagnostic(lm, Severity.ERROR, message)); }

    public void warning(Landmark lm, String message) { add(new Diagnostic(lm, Severity.WARNING, message)); }

    public void add(Diagnostic d) {
        if (d == null) return;
        list.add(d);
        if (d.severity() == Severity.ERROR) errors++;
    }

    public List<Diagnostic> all() { return Collections.unmodifiableList(list); }

    public int errorCount() { return errors; }

    public boolean hasErrors() { return errors > 0; }

    public void printTo(PrintStream out, boolean includeWarnings) {
        for (Diagnostic d : list)
            if (includeWarnings || d.severity() == Severity.ERROR) out.println(d.format());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : list) sb.append(d.format()).append('\n');
        return sb.toString();
    }
}
