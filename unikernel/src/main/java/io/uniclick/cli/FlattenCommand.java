package io.uniclick.cli;

import io.uniclick.dsl.FlatRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code uniclick flatten}: compounds expanded, variables substituted, one flat configuration (click-flatten). */
@Command(name = "flatten", mixinStandardHelpOptions = true, description = "Print the flat configuration: compound elements expanded, variables substituted.")
final class FlattenCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE")
    String file;
    @Option(names = {"-e", "--expression"}, paramLabel = "EXPR")
    String expression;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE")
    String output;
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
            System.err.println("click-flatten: " + e.getMessage());
            return 1;
        }
        FlatRouter flat = RouterLoader.parse(src, RouterLoader.registry(), RouterLoader.libraryPath(clickpath, src), System.err, true);
        if (flat == null) {
            return 1;
        }
        String text = flat.unparse();
        if (output == null || output.equals("-")) {
            System.out.print(text);
        } else {
            try {
                Files.writeString(Path.of(output), text);
            } catch (IOException e) {
                System.err.println("click-flatten: " + output + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }
}
