package io.uniclick.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Locates the shared benchmark configurations ({@code shared/workloads/*.click}) and makes the
 * traces they read with the shared generator ({@code shared/tools/gen_trace.py}), once, in
 * {@code /dev/shm} so that they are held in memory.
 */
public final class Workloads {
    private Workloads() {
    }

    /** The shared folder: {@code -Duniclick.shared=…}, else {@code ../shared} from the project root. */
    public static Path shared() {
        String p = System.getProperty("uniclick.shared");
        if (p != null) {
            return Path.of(p);
        }
        java.util.List<Path> starts = new java.util.ArrayList<>(java.util.List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(Workloads.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (Exception ignored) {
            // no code source: the working directory only
        }
        for (Path start : starts) {
            Path found = search(start);
            if (found != null) {
                return found;
            }
        }
        throw new IllegalStateException("shared/workloads not found; pass -Duniclick.shared=DIR");
    }

    private static Path search(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path cand = dir.resolve("shared/workloads");
            if (Files.isDirectory(cand)) {
                return dir.resolve("shared");
            }
            Path sib = dir.resolveSibling("shared").resolve("workloads");
            if (Files.isDirectory(sib)) {
                return sib.getParent();
            }
        }
        return null;
    }

    /** A workload configuration file, e.g. {@code "null"} → shared/workloads/null.click. */
    public static Path config(String name) {
        return shared().resolve("workloads").resolve(name + ".click");
    }

    /** A trace of {@code packets} packets made by gen_trace.py with its defaults (seed 1, 60-byte frames), cached in /dev/shm. */
    public static Path trace(int packets, String extraArgs) throws IOException, InterruptedException {
        Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        String tag = extraArgs.isBlank() ? "" : "-" + extraArgs.replaceAll("[^A-Za-z0-9]+", "_");
        Path out = dir.resolve("uniclick-trace-" + packets + tag + ".pcap");
        if (Files.exists(out) && Files.size(out) > 24) {
            return out;
        }
        Path tmp = dir.resolve(out.getFileName() + ".tmp");
        var cmd = new java.util.ArrayList<String>(java.util.List.of("python3", shared().resolve("tools/gen_trace.py").toString(),
                tmp.toString(), "--packets", Integer.toString(packets)));
        if (!extraArgs.isBlank()) {
            cmd.addAll(java.util.List.of(extraArgs.trim().split("\\s+")));
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("gen_trace.py failed: " + cmd);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return out;
    }
}
