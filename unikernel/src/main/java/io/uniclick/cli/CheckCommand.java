package io.uniclick.cli;

import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.compile.RouterCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code uniclick check}: parse, check, configure and initialize without running (click-check). */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check a configuration: syntax, element classes, ports, push/pull, arguments.")
final class CheckCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE")
    String file;
    @Option(names = {"-e", "--expression"}, paramLabel = "EXPR")
    String expression;
    @Option(names = {"-w", "--no-warnings"})
    boolean noWarnings;
    @Option(names = {"-C", "--clickpath"}, paramLabel = "PATH")
    String clickpath;
    @Parameters(paramLabel = "ROUTERFILE|NAME=value")
    List<String> positional = new ArrayList<>();

    @Override
    public Integer call() {
        ConfigSource src;
        try {
            src = ConfigSource.resolve(file, expression, positional, System.in);
        } catch (ConfigSource.UsageException e) {
            System.err.println("click-check: " + e.getMessage());
            return 1;
        }
        ElementRegistry reg = RouterLoader.registry();
        RouterCompiler.Options opt = RouterCompiler.Options.defaults().withClock(Clock.simulated(1_000_000_000_000_000_000L));
        Router r = RouterLoader.compile(src, reg, RouterLoader.libraryPath(clickpath, src), opt, System.err, !noWarnings);
        if (r == null) {
            return 1;
        }
        r.cleanup();
        System.err.println(src.fileName + ": configuration OK (" + r.elements().size() + " elements)");
        return 0;
    }
}
