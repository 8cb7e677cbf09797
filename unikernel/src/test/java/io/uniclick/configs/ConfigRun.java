package io.uniclick.configs;

import io.uniclick.cli.Uniclick;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a configuration from configs/ through the command line's own entry point
 * ({@code uniclick run -h H... NAME=value... FILE}), capturing what it prints.
 */
final class ConfigRun {
    final int status;
    final String stdout;
    final String stderr;
    final Map<String, String> handlers = new LinkedHashMap<>();

    private ConfigRun(int status, String stdout, String stderr) {
        this.status = status;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** configs/ in the source tree (tests run in unikernel/). */
    static Path configs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("configs/default.click"))) {
                return p.resolve("configs");
            }
        }
        throw new AssertionError("configs/ not found above " + Path.of("").toAbsolutePath());
    }

    static Path sampleTrace() {
        return configs().resolve("traces/sample.pcap");
    }

    /** Runs configs/{@code config} with the definitions, reading the handlers after the run. */
    static synchronized ConfigRun run(String config, Map<String, String> defines, String... handlerNames) {
        List<String> args = new ArrayList<>();
        args.add("run");
        for (String h : handlerNames) {
            args.add("-h");
            args.add(h);
        }
        defines.forEach((k, v) -> args.add(k + "=" + v));
        args.add(configs().resolve(config).toString());
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Uniclick.execute(args.toArray(String[]::new));
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        ConfigRun r = new ConfigRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        if (status != 0) {
            throw new AssertionError(config + " exited with " + status + ":\n" + r.stderr + r.stdout);
        }
        r.parseHandlers(handlerNames);
        return r;
    }

    private void parseHandlers(String[] names) {
        if (names.length == 1) {
            handlers.put(names[0], stdout.strip());
            return;
        }
        String current = null;
        StringBuilder v = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.endsWith(":") && List.of(names).contains(line.substring(0, line.length() - 1))) {
                if (current != null) {
                    handlers.put(current, v.toString().strip());
                }
                current = line.substring(0, line.length() - 1);
                v.setLength(0);
            } else if (current != null) {
                v.append(line).append('\n');
            }
        }
        if (current != null) {
            handlers.put(current, v.toString().strip());
        }
    }

    long count(String handler) {
        String v = handlers.get(handler);
        if (v == null) {
            throw new AssertionError("no value for " + handler + " in:\n" + stdout);
        }
        return Long.parseLong(v);
    }

    /** Generates a trace with the shared generator; skips the test when python3 is absent. */
    static void generate(Path out, String... options) throws Exception {
        Path tool = Path.of("/work/shared/tools/gen_trace.py");
        Assumptions.assumeTrue(Files.isRegularFile(tool), "gen_trace.py not available");
        List<String> cmd = new ArrayList<>(List.of("python3", tool.toString(), out.toString()));
        cmd.addAll(List.of(options));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("python3 not available: " + e.getMessage());
            return;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Assumptions.abort("gen_trace.py failed: " + text);
        }
    }
}
