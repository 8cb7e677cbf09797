package io.uniclick.cli;

import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code uniclick doc CLASS}: an element's reference, generated from the class's own metadata. */
@Command(name = "doc", mixinStandardHelpOptions = true, description = "Print the reference of an element class (ports, processing, arguments, handlers, example).")
final class DocCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CLASS")
    String className;

    @Override
    public Integer call() {
        ElementRegistry reg = RouterLoader.registry();
        ElementRegistry.Entry e = reg.get(className);
        if (e == null) {
            System.err.println("uniclick doc: unknown element class '" + className + "'");
            String lower = className.toLowerCase();
            reg.names().stream().filter(n -> n.toLowerCase().contains(lower) || lower.contains(n.toLowerCase())).limit(5)
                    .forEach(n -> System.err.println("  did you mean '" + n + "'?"));
            return 1;
        }
        System.out.print(render(e));
        return 0;
    }

    static String render(ElementRegistry.Entry e) {
        ElementInfo i = e.info();
        StringBuilder sb = new StringBuilder();
        sb.append(i.name()).append("\n\n");
        sb.append("SYNOPSIS\n    ").append(i.synopsis().isEmpty() ? i.name() : i.synopsis()).append("\n\n");
        sb.append("PORTS\n    ").append(i.ports()).append("\n\nPROCESSING\n    ").append(i.processing())
                .append("\n\nFLOW CODE\n    ").append(i.flow()).append("\n\n");
        if (i.aliases().length > 0) {
            sb.append("ALIASES\n    ").append(String.join(", ", i.aliases())).append("\n\n");
        }
        if (!i.description().isEmpty()) {
            sb.append("DESCRIPTION\n").append(wrap(i.description())).append('\n');
        }
        if (i.keywords().length > 0) {
            sb.append("KEYWORDS\n");
            for (String k : i.keywords()) {
                sb.append(item(k));
            }
            sb.append('\n');
        }
        if (i.handlers().length > 0) {
            sb.append("ELEMENT HANDLERS\n");
            for (String h : i.handlers()) {
                sb.append(item(h));
            }
            sb.append('\n');
        }
        if (!i.example().isEmpty()) {
            sb.append("EXAMPLE\n    ").append(i.example().replace("\n", "\n    ")).append("\n\n");
        }
        if (!i.notes().isEmpty()) {
            sb.append("NOTES\n").append(wrap(i.notes())).append('\n');
        }
        sb.append("CLASS\n    ").append(e.type().getName()).append('\n');
        return sb.toString();
    }

    private static String item(String s) {
        int colon = s.indexOf(": ");
        if (colon < 0) {
            return "    " + s + "\n";
        }
        return "    " + s.substring(0, colon) + "\n" + wrap(s.substring(colon + 2)).replace("\n    ", "\n        ").replaceFirst("^    ", "        ");
    }

    private static String wrap(String text) {
        StringBuilder sb = new StringBuilder("    ");
        int col = 4;
        for (String w : text.split("\\s+")) {
            if (col + w.length() > 76 && col > 4) {
                sb.append("\n    ");
                col = 4;
            } else if (col > 4) {
                sb.append(' ');
                col++;
            }
            sb.append(w);
            col += w.length();
        }
        return sb.append('\n').toString();
    }
}
