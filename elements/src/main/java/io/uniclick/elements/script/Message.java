package io.uniclick.elements.script;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import java.io.PrintStream;

/** Click's Message element: prints a message, a warning or an error when configured. */
@ElementInfo(name = "Message", ports = "0/0", processing = "a/a", flow = "x/x",
        synopsis = "Message(MESSAGE [, TYPE])",
        description = "Prints MESSAGE when the router is configured. TYPE is MESSAGE (the default), WARNING (printed as "
                + "'LANDMARK: warning: MESSAGE') or ERROR, which makes configuration fail with MESSAGE, by design.",
        keywords = {"MESSAGE: the text (mandatory)", "TYPE: MESSAGE, WARNING or ERROR (default MESSAGE)"},
        example = "Message(\"This configuration is deprecated\", WARNING);")
public final class Message extends Element {
    @Override
    public void configure(Args a) throws ConfigException {
        String message = a.mandatoryPositional("MESSAGE", ArgTypes.STRING);
        String type = a.positional("TYPE", ArgTypes.WORD, "MESSAGE");
        a.complete();
        String prefix = landmark().isEmpty() ? "" : landmark() + ": ";
        PrintStream ps = context.errors();
        switch (type) {
            case "MESSAGE" -> ps.println(prefix + message);
            case "WARNING" -> ps.println(prefix + "warning: " + message);
            case "ERROR" -> throw new ConfigException(message);
            default -> throw new ConfigException("unrecognized message type");
        }
        ps.flush();
    }
}
