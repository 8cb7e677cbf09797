package io.uniclick.elements.threads;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ThreadScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Places elements' tasks on driver threads (Click's StaticThreadSched). */
@ElementInfo(name = "StaticThreadSched", ports = "0/0", processing = "a/a",
        synopsis = "StaticThreadSched(ELEMENT THREAD, ...)",
        description = "Runs the tasks of each ELEMENT on driver thread THREAD (0-based; `uniclick run -j N` starts N threads). "
                + "An element's packet pool is its thread's pool too, so a source placed on thread 1 allocates there. "
                + "A thread number beyond the last thread wraps around, with a warning.",
        example = "StaticThreadSched(src 0, sink 1);")
public final class StaticThreadSched extends Element implements ThreadScheduler {
    private final Map<String, Integer> placement = new LinkedHashMap<>();

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> errors = new ArrayList<>();
        for (String arg : a.rest()) {
            List<String> w = ConfigText.splitWords(arg);
            if (w.size() != 2) {
                errors.add("expected 'ELEMENT THREAD', got '" + arg + "'");
                continue;
            }
            try {
                placement.put(ConfigText.unquote(w.get(0)), ArgTypes.UINT32.parse(w.get(1)));
            } catch (io.uniclick.core.config.ArgException e) {
                errors.add(w.get(0) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    @Override
    public List<String> assignThreads(List<Element> all, int nthreads) {
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, Integer> p : placement.entrySet()) {
            Element e = context.findElement(this, p.getKey());
            if (e == null) {
                errors.add("'" + p.getKey() + "' does not name an element");
                continue;
            }
            int t = p.getValue();
            if (t >= nthreads) {
                context.errors().println(landmark() + ": warning: thread " + t + " for '" + p.getKey() + "' wraps to " + (t % nthreads)
                        + " (only " + nthreads + " thread" + (nthreads == 1 ? "" : "s") + "; use -j)");
                t %= nthreads;
            }
            e.setHomeThread(t);
        }
        return errors;
    }
}
