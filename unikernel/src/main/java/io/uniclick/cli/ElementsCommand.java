package io.uniclick.cli;

import io.uniclick.core.element.ElementRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uniclick elements}: the element classes this build knows, with ports and processing. */
@Command(name = "elements", mixinStandardHelpOptions = true, description = "List the element classes: name, ports, processing, synopsis.")
final class ElementsCommand implements Callable<Integer> {
    @Option(names = {"-l", "--long"}, description = "Also print port counts, processing and synopsis.")
    boolean longFormat;

    @Override
    public Integer call() {
        ElementRegistry reg = RouterLoader.registry();
        for (String n : reg.names()) {
            ElementRegistry.Entry e = reg.get(n);
            if (longFormat) {
                String alias = e.info().name().equals(n) ? "" : "  (alias of " + e.info().name() + ")";
                System.out.printf("%-22s %-8s %-6s %s%s%n", n, e.info().ports(), e.info().processing(), e.info().synopsis(), alias);
            } else {
                System.out.println(n);
            }
        }
        return 0;
    }
}
