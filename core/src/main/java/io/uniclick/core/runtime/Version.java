package io.uniclick.core.runtime;

/** The uniclick version and the Click version it is compatible with. */
public final class Version {
    private Version() {
    }

    /** Reported by the {@code version} handler and {@code --version}. */
    public static final String VERSION = "2.1 (uniclick 0.1.0)";
}
