package io.uniclick.elements.script;

import io.uniclick.core.element.ElementInfo;

/**
 * Click's DriverManager: a {@link Script} whose default TYPE is DRIVER. It receives the router's
 * driver stop events instead of the run count; each event steps its script, and the router stops
 * when the script ends or runs {@code stop}.
 */
@ElementInfo(name = "DriverManager", ports = "0/0", processing = "a/a", flow = "x/x",
        synopsis = "DriverManager(INSTRUCTIONS...)",
        description = "A Script with TYPE DRIVER. Driver stop events (a STOP true source finishing, a Script 'stop', a "
                + "write to the global stop handler) no longer stop the router; each one steps this script instead. "
                + "'pause' or 'wait_stop [N]' waits for N stop events, 'stop' stops the router, and so does reaching the "
                + "end of the script. All Script instructions and handlers are available.",
        keywords = {"TYPE: script type (default DRIVER)"},
        handlers = {"step (w), goto (w), run (rw) and the Script helper handlers (add, eq, sprintf, now, ...)"},
        example = "DriverManager(wait_stop, read c.count, stop);",
        notes = "Click's DriverManager accepts ports like Script; this one has none.")
public final class DriverManager extends Script {
    @Override
    protected Type defaultType() {
        return Type.DRIVER;
    }
}
