package io.uniclick.dsl;

/** One diagnostic message, optionally attached to a source landmark. */
public record Diagnostic(Landmark landmark, Severity severity, String message) {
    /**
     * "file:line: message" for errors, "file:line: warning: message" for warnings, just the message
     * when there is no landmark. A multi-line message gets the prefix on every line, as Click prints it.
     */
    public String format() {
        String prefix = landmark == null ? "" : landmark + ": ";
        if (severity == Severity.WARNING) prefix += "warning: ";
        String msg = message == null ? "" : message;
        if (msg.indexOf('\n') < 0) return prefix + msg;
        StringBuilder sb = new StringBuilder();
        String[] lines = msg.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) sb.append('\n');
            sb.append(prefix).append(lines[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() { return format(); }
}
