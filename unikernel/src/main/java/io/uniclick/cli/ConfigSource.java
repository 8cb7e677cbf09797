package io.uniclick.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a configuration comes from on the command line, as in {@code click}: a file (or {@code -f}),
 * an expression ({@code -e}, named {@code config} in errors), or standard input; plus {@code NAME=value}
 * definitions among the positional arguments.
 */
final class ConfigSource {
    final String text;
    final String fileName;
    final Path directory;
    final Map<String, String> defines;

    private ConfigSource(String text, String fileName, Path directory, Map<String, String> defines) {
        this.text = text;
        this.fileName = fileName;
        this.directory = directory;
        this.defines = defines;
    }

    /** Resolves the sources; throws {@link UsageException} with click's wording on a problem. */
    static ConfigSource resolve(String file, String expression, List<String> positional, InputStream stdin) throws UsageException {
        Map<String, String> defines = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (String p : positional) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                defines.put(p.substring(0, eq), p.substring(eq + 1));
            } else {
                files.add(p);
            }
        }
        if (file != null) {
            files.add(0, file);
        }
        if (files.size() > 1 || (expression != null && !files.isEmpty())) {
            throw new UsageException("router configuration specified twice");
        }
        if (expression != null) {
            return new ConfigSource(expression, "config", Path.of("."), defines);
        }
        if (files.isEmpty() || files.get(0).equals("-")) {
            try {
                return new ConfigSource(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "<stdin>", Path.of("."), defines);
            } catch (IOException e) {
                throw new UsageException("<stdin>: " + e.getMessage());
            }
        }
        Path path = Path.of(files.get(0));
        try {
            String text = Files.readString(path, StandardCharsets.ISO_8859_1);
            Path dir = path.toAbsolutePath().getParent();
            return new ConfigSource(text, files.get(0), dir == null ? Path.of(".") : dir, defines);
        } catch (NoSuchFileException e) {
            throw new UsageException(files.get(0) + ": No such file or directory");
        } catch (IOException e) {
            throw new UsageException(files.get(0) + ": " + e.getMessage());
        }
    }

    /** An error in the command line itself (exit status 1). */
    static final class UsageException extends Exception {
        UsageException(String m) {
            super(m, null, false, false);
        }
    }
}
