package io.uniclick.cli;

import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.ClickParser;
import io.uniclick.dsl.Diagnostic;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.FlatRouter;
import io.uniclick.dsl.Severity;
import io.uniclick.dsl.compile.RouterCompiler;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses and compiles a configuration for the commands, printing Click-style errors. */
final class RouterLoader {
    private RouterLoader() {
    }

    /** The element registry: uniclick's library plus any jar on the class path that declares one. */
    static ElementRegistry registry() {
        return ElementRegistry.load(Thread.currentThread().getContextClassLoader());
    }

    /** CLICKPATH entries, the -C option first. */
    static List<Path> libraryPath(String clickpath, ConfigSource src) {
        List<Path> path = new ArrayList<>();
        String cp = clickpath != null ? clickpath : System.getenv("CLICKPATH");
        if (cp != null) {
            for (String p : cp.split(File.pathSeparator)) {
                if (!p.isEmpty()) {
                    path.add(Path.of(p));
                    path.add(Path.of(p, "conf"));
                }
            }
        }
        path.add(src.directory);
        return path;
    }

    /** Parses only (flatten, check). Prints diagnostics; null on error. */
    static FlatRouter parse(ConfigSource src, ElementRegistry reg, List<Path> libs, PrintStream err, boolean warnings) {
        Diagnostics d = new Diagnostics();
        FlatRouter flat = ClickParser.parse(src.text, src.fileName, src.defines, reg::contains, d, libs);
        print(d, err, warnings);
        return d.hasErrors() ? null : flat;
    }

    /** Parses and compiles. Prints diagnostics and Click's closing line; null on error. */
    static Router compile(ConfigSource src, ElementRegistry reg, List<Path> libs, RouterCompiler.Options opt, PrintStream err, boolean warnings) {
        FlatRouter flat = parse(src, reg, libs, err, warnings);
        if (flat == null) {
            return null;
        }
        Diagnostics d = new Diagnostics();
        Router r = RouterCompiler.compile(flat, reg, opt, d);
        print(d, err, warnings);
        if (r == null || d.hasErrors()) {
            err.println("Router could not be initialized!");
            return null;
        }
        return r;
    }

    static void print(Diagnostics d, PrintStream err, boolean warnings) {
        for (Diagnostic x : d.all()) {
            if (x.severity() == Severity.WARNING && !warnings) {
                continue;
            }
            err.println(x.format());
        }
    }
}
