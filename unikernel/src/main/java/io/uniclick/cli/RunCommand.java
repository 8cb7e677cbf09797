package io.uniclick.cli;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.handler.Handler;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.FlatRouter;
import io.uniclick.dsl.compile.RouterCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code uniclick run}: the userlevel {@code click} driver's command line. */
@Command(name = "run", description = "Run a router configuration, as the userlevel click driver does.",
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read router configuration from FILE.")
    String file;
    @Option(names = {"-e", "--expression"}, paramLabel = "EXPR", description = "Use EXPR as router configuration.")
    String expression;
    @Option(names = {"-h", "--handler"}, paramLabel = "ELEMENT.H", description = "Call ELEMENT's read handler H after running the driver and print the result.")
    List<String> handlers = new ArrayList<>();
    @Option(names = {"-x", "--exit-handler"}, paramLabel = "ELEMENT.H", description = "Use handler ELEMENT.H value for exit status.")
    String exitHandler;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write flat configuration to FILE.")
    String output;
    @Option(names = {"-q", "--quit"}, description = "Do not run driver.")
    boolean quit;
    @Option(names = {"-t", "--time"}, description = "Print information on how long driver took.")
    boolean time;
    @Option(names = {"-w", "--no-warnings"}, description = "Do not print warnings.")
    boolean noWarnings;
    @Option(names = "--simtime", arity = "0..1", fallbackValue = "1000000000", paramLabel = "START", description = "Run in simulated time starting at START seconds (default 1000000000).")
    String simtime;
    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Start N threads (default 1).")
    int threads = 1;
    @Option(names = {"-C", "--clickpath"}, paramLabel = "PATH", description = "Use PATH for CLICKPATH.")
    String clickpath;
    @Option(names = "--linking", paramLabel = "MODE", description = "FUSED (default: per-connection glue classes, chains of simple-action elements fused into one loop), GENERATED (glue only) or GENERIC (shared virtual ports); the last two for comparison.")
    RouterCompiler.Linking linking = RouterCompiler.Linking.FUSED;
    @Option(names = "--help", usageHelp = true, description = "Print this message and exit.")
    boolean help;
    @Parameters(paramLabel = "ROUTERFILE|NAME=value", description = "Router configuration file (- or none = standard input; with no file and a terminal, the embedded default) and NAME=value definitions.")
    List<String> positional = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream err = System.err;
        long wall0 = System.nanoTime();
        long cpu0 = cpuNanos();
        ConfigSource src;
        try {
            src = ConfigSource.resolve(file, expression, positional, System.in);
        } catch (ConfigSource.UsageException e) {
            err.println("click: " + e.getMessage());
            return 1;
        }
        ElementRegistry reg = RouterLoader.registry();
        Clock clock;
        try {
            clock = simtime == null ? Clock.real() : Clock.simulated(Math.round(Double.parseDouble(simtime) * 1e9));
        } catch (NumberFormatException e) {
            err.println("click: --simtime: expected a number of seconds");
            return 1;
        }
        if (threads < 1) {
            err.println("click: --threads must be at least 1");
            return 1;
        }
        RouterCompiler.Options opt = new RouterCompiler.Options(threads, clock, linking, err);
        Router router = RouterLoader.compile(src, reg, RouterLoader.libraryPath(clickpath, src), opt, err, !noWarnings);
        if (router == null) {
            return 1;
        }
        if (output != null) {
            String flat = readQuietly(router, "flatconfig");
            try {
                if (output.equals("-")) {
                    System.out.print(flat);
                } else {
                    Files.writeString(Path.of(output), flat, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                err.println("click: " + output + ": " + e.getMessage());
                return 1;
            }
        }
        long compiled = System.nanoTime();
        long ran = compiled;
        if (!quit) {
            Thread hook = new Thread(router::stop);
            Runtime.getRuntime().addShutdownHook(hook);
            router.run();
            ran = System.nanoTime();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        int status = printHandlers(router, err);
        int exit = status;
        if (exitHandler != null) {
            exit = exitStatus(router, err);
        }
        router.cleanup();
        if (System.getenv("UNICLICK_TIMING") != null) {
            // where the wall time goes: JVM start-up until main, parse + compile + initialize, the driver run
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            long mainAt = Uniclick.MAIN_ENTERED_MILLIS;
            err.printf("uniclick timing: jvm-startup %d ms, command-line %d ms, configure %.1f ms, run %.1f ms, cleanup+handlers %.1f ms%n",
                    mainAt - jvmStart, (wall0 - Uniclick.MAIN_ENTERED_NANOS) / 1_000_000, (compiled - wall0) / 1e6, (ran - compiled) / 1e6,
                    (System.nanoTime() - ran) / 1e6);
        }
        if (time) {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            err.printf("%.3fu %.3fs %d:%06.3f %.0f%%%n", cpu, 0.0, (long) (wall / 60), wall % 60, wall > 0 ? 100 * cpu / wall : 0.0);
        }
        System.out.flush();
        return exit;
    }

    private static long cpuNanos() {
        var bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String readQuietly(Router r, String name) {
        try {
            return r.readHandler(null, name, "");
        } catch (HandlerException e) {
            return "";
        }
    }

    /** Prints -h handlers in click's format; returns 1 if one could not be read. */
    private int printHandlers(Router router, PrintStream err) {
        List<String[]> calls = new ArrayList<>();
        int status = 0;
        boolean byPattern = false;
        for (String spec : handlers) {
            int dot = spec.lastIndexOf('.');
            if (dot < 0) {
                calls.add(new String[] {null, spec});
                continue;
            }
            String pattern = spec.substring(0, dot);
            String hname = spec.substring(dot + 1);
            List<Element> matched = expand(router, pattern);
            byPattern |= router.element(pattern) == null;
            if (matched.isEmpty()) {
                err.println("click: no element matching '" + pattern + "'");
                status = 1;
            }
            for (Element e : matched) {
                calls.add(new String[] {e.name(), hname});
            }
        }
        // as click: the bare value for one exactly named handler, "name:\nvalue\n\n" otherwise (several, a glob, a class)
        boolean printNames = calls.size() > 1 || byPattern;
        StringBuilder out = new StringBuilder();
        for (String[] c : calls) {
            String full = c[0] == null ? c[1] : c[0] + "." + c[1];
            Handler h = c[0] == null ? router.globalHandlers().get(c[1]) : router.handlers(router.element(c[0])).get(c[1]);
            if (h == null || h.hidden()) {
                err.println("click: no '" + full + "' handler");
                status = 1;
                continue;
            }
            if (!h.readable()) {
                err.println("click: '" + full + "' is a write handler");
                status = 1;
                continue;
            }
            String v;
            try {
                v = h.reader().read("");
            } catch (HandlerException ex) {
                err.println("click: " + full + ": " + ex.getMessage());
                status = 1;
                continue;
            }
            if (printNames) {
                out.append(full).append(":\n");
            }
            out.append(v);
            if (!v.isEmpty() && !v.endsWith("\n")) {
                out.append('\n');
            }
            if (printNames) {
                out.append('\n');
            }
        }
        System.out.print(out);
        return status;
    }

    private static List<Element> expand(Router router, String pattern) {
        Element exact = router.element(pattern);
        if (exact != null) {
            return List.of(exact);
        }
        java.util.regex.Pattern glob = globToRegex(pattern);
        List<Element> r = new ArrayList<>();
        for (Element e : router.elements()) {
            if (glob.matcher(e.name()).matches() || e.className().equals(pattern)) {
                r.add(e);
            }
        }
        return r;
    }

    static java.util.regex.Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[', ']' -> re.append(c);
                default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return java.util.regex.Pattern.compile(re.toString());
        } catch (java.util.regex.PatternSyntaxException e) {
            return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(glob));
        }
    }

    private int exitStatus(Router router, PrintStream err) {
        String v;
        try {
            v = router.readHandler(null, exitHandler, "").trim();
        } catch (HandlerException e) {
            err.println("click: " + exitHandler + ": " + e.getMessage());
            return 1;
        }
        if (v.equals("true")) {
            return 0;
        }
        if (v.equals("false")) {
            return 1;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            err.println("click: " + exitHandler + ": value '" + v + "' is not an integer or boolean");
            return 1;
        }
    }
}
