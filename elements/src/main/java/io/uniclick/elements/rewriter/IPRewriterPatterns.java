package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementContext;
import io.uniclick.core.element.ElementInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Named rewrite patterns shared by rewriters and mappers (Click's IPRewriterPatterns). */
@ElementInfo(name = "IPRewriterPatterns", ports = "0/0", processing = "a/a",
        synopsis = "IPRewriterPatterns(NAME SADDR SPORT DADDR DPORT, ...)",
        description = "Defines patterns that rewriter INPUTSPECs can name as 'pattern NAME FOUTPUT ROUTPUT'. Each argument is a "
                + "name followed by a pattern (SADDR SPORT DADDR DPORT, or SADDR DADDR for address-only rewriters). A named "
                + "pattern is one object: every input using it shares its state, such as the next sequential port.",
        example = "IPRewriterPatterns(to_world 198.51.100.1 1024-65535# - -);\nrw :: IPRewriter(pattern to_world 0 1, drop);",
        notes = "Names are global to the router (Click scopes them to the compound in which they are defined).")
public final class IPRewriterPatterns extends Element {
    private static final Map<ElementContext, Map<String, Pattern>> REGISTRY = Collections.synchronizedMap(new WeakHashMap<>());

    private final List<String> names = new ArrayList<>();

    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_INFO;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> errors = new ArrayList<>();
        Map<String, Pattern> reg = REGISTRY.computeIfAbsent(context, k -> new HashMap<>());
        for (String arg : a.rest()) {
            List<String> words = new ArrayList<>(ConfigText.splitWords(arg));
            if (words.isEmpty()) {
                continue;
            }
            String name = words.remove(0);
            if (reg.containsKey(name)) {
                errors.add("pattern '" + name + "' already defined");
                continue;
            }
            try {
                Pattern p = Pattern.parse(words, this, context);
                reg.put(name, p);
                names.add(name);
            } catch (Pattern.PatternException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    @Override
    public void cleanup() {
        Map<String, Pattern> reg = REGISTRY.get(context);
        if (reg != null) {
            names.forEach(reg::remove);
            if (reg.isEmpty()) {
                REGISTRY.remove(context);
            }
        }
    }

    /** The pattern named {@code name} in the router of {@code ctx}, or null. */
    static Pattern find(ElementContext ctx, String name) {
        Map<String, Pattern> reg = ctx == null ? null : REGISTRY.get(ctx);
        return reg == null ? null : reg.get(name);
    }
}
