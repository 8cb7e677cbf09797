package io.uniclick.dsl.compile;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.element.GenericPort;
import io.uniclick.core.element.Port;
import io.uniclick.core.element.ThreadScheduler;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.ClickParser;
import io.uniclick.dsl.Connection;
import io.uniclick.dsl.Diagnostic;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.ElementDecl;
import io.uniclick.dsl.FlatRouter;
import io.uniclick.dsl.Landmark;
import io.uniclick.dsl.Severity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a flat router into a running {@link Router}: checks the hookup, instantiates and
 * configures the elements, links every connection (generated glue or generic ports), places
 * tasks on threads and initializes. Errors are Click's, collected in a {@link Diagnostics}.
 */
public final class RouterCompiler {
    /** How connections are linked. */
    public enum Linking {
        /**
         * Generated glue, and push paths through {@link io.uniclick.core.element.SimpleAction}
         * elements fused into one loop per chain ({@link FusedGlue}).
         */
        FUSED,
        /** A generated hidden class per connection: monomorphic call chains. */
        GENERATED,
        /** One shared {@link GenericPort} class: virtual calls, for comparison. */
        GENERIC
    }

    /** Compile options. */
    public record Options(int threads, Clock clock, Linking linking, PrintStream errors) {
        /** One thread, real time, generated and fused glue, stderr. */
        public static Options defaults() {
            return new Options(1, Clock.real(), Linking.FUSED, System.err);
        }

        /** With another linking mode. */
        public Options withLinking(Linking l) {
            return new Options(threads, clock, l, errors);
        }


        /** With another clock. */
        public Options withClock(Clock c) {
            return new Options(threads, c, linking, errors);
        }

    }

    private RouterCompiler() {
    }

    /** Parses and compiles {@code text}; null (with errors in {@code diags}) on failure. */
    public static Router compile(String text, String fileName, Map<String, String> defines, ElementRegistry registry,
                                 Options options, Diagnostics diags, List<Path> libraryPath) {
        FlatRouter flat = ClickParser.parse(text, fileName, defines, registry::contains, diags, libraryPath);
        if (diags.hasErrors()) {
            return null;
        }
        return compile(flat, registry, options, diags);
    }

    /** Compiles a parsed router; null (with errors in {@code diags}) on failure. */
    public static Router compile(FlatRouter flat, ElementRegistry registry, Options options, Diagnostics diags) {
        List<ElementDecl> decls = flat.elements();
        List<RouterChecker.ClassSpec> specs = new ArrayList<>(decls.size());
        List<ElementRegistry.Entry> entries = new ArrayList<>(decls.size());
        for (ElementDecl d : decls) {
            ElementRegistry.Entry e = registry.get(d.className());
            if (e == null) {
                diags.error(d.landmark(), "unknown element class '" + d.className() + "'");
                entries.add(null);
                specs.add(null);
                continue;
            }
            ElementInfo info = e.info();
            try {
                specs.add(new RouterChecker.ClassSpec(PortCountSpec.parse(info.ports()), ProcessingSpec.parse(info.processing()),
                        FlowCode.parse(info.flow())));
            } catch (RuntimeException ex) {
                diags.error(d.landmark(), d.className() + ": bad port count");
                specs.add(null);
            }
            entries.add(e);
        }
        if (diags.hasErrors()) {
            return null;
        }
        RouterChecker.Result hookup = RouterChecker.check(flat, specs, diags);
        if (hookup == null) {
            return null;
        }
        Router router = new Router(options.threads(), options.clock());
        router.setErrors(options.errors());
        List<Element> elements = new ArrayList<>(decls.size());
        for (int i = 0; i < decls.size(); i++) {
            ElementDecl d = decls.get(i);
            Element e;
            try {
                e = entries.get(i).type().getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException ex) {
                diags.error(d.landmark(), "cannot create '" + d.name() + " :: " + d.className() + "': " + ex);
                return null;
            }
            e.identify(i, d.name(), d.className(), d.config(), String.valueOf(d.landmark()), router);
            elements.add(e);
            router.add(e);
        }
        link(flat, elements, hookup, options.linking());
        // configure, in Click's phase order (stable within a phase); address arguments may name AddressInfo entries
        List<Element> order = new ArrayList<>(elements);
        order.sort(java.util.Comparator.comparingInt(Element::configurePhase));
        for (Element e : order) {
            int i = e.index();
            try {
                e.configure(new Args(ConfigText.splitArguments(decls.get(i).config()))
                        .withAddresses((name, kind) -> router.addresses().resolve(e, name, kind)));
            } catch (ConfigException ex) {
                report(diags, decls.get(i).landmark(), "While configuring '" + e.declaration() + "':", ex.messages());
            } catch (RuntimeException ex) {
                report(diags, decls.get(i).landmark(), "While configuring '" + e.declaration() + "':", List.of("internal error: " + ex));
            }
        }
        if (diags.hasErrors()) {
            return null;
        }
        for (Element e : elements) {
            if (e instanceof ThreadScheduler ts) {
                List<String> errs = ts.assignThreads(elements, options.threads());
                if (!errs.isEmpty()) {
                    report(diags, decls.get(e.index()).landmark(), "While configuring '" + e.declaration() + "':", errs);
                }
            }
        }
        if (diags.hasErrors()) {
            return null;
        }
        // Every element is initialized, so that all errors are reported at once. On any failure every
        // element's cleanup runs (in reverse order, as Router.cleanup does) and sockets, devices and
        // files opened by the elements that did initialize are released: nothing is left behind.
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            try {
                e.initialize();
            } catch (ConfigException ex) {
                report(diags, decls.get(i).landmark(), "While initializing '" + e.declaration() + "':", ex.messages());
            } catch (RuntimeException ex) {
                report(diags, decls.get(i).landmark(), "While initializing '" + e.declaration() + "':", List.of("internal error: " + ex));
            }
        }
        if (diags.hasErrors()) {
            for (int i = elements.size() - 1; i >= 0; i--) {
                try {
                    elements.get(i).cleanup();
                } catch (RuntimeException ignored) {
                    // an element that failed before acquiring anything may not expect cleanup (as in
                    // Click's CLEANUP_INITIALIZE_FAILED stage); the configuration error is what matters
                }
            }
            return null;
        }
        if (options.linking() == Linking.FUSED) {
            FusedGlue.install(elements);
        }
        router.installHandlers();
        router.setFlatConfig(flat.unparse(), flat.requirements());
        return router;
    }

    private static void report(Diagnostics diags, Landmark lm, String context, List<String> messages) {
        diags.error(lm, context);
        for (String m : messages) {
            for (String line : m.split("\n")) {
                diags.add(new Diagnostic(lm, Severity.ERROR, "  " + line));
            }
        }
    }

    private static void link(FlatRouter flat, List<Element> elements, RouterChecker.Result h, Linking linking) {
        int n = elements.size();
        Port[][] ins = new Port[n][];
        Port[][] outs = new Port[n][];
        for (int i = 0; i < n; i++) {
            ins[i] = new Port[h.ninputs()[i]];
            outs[i] = new Port[h.noutputs()[i]];
            java.util.Arrays.fill(ins[i], Port.UNCONNECTED);
            java.util.Arrays.fill(outs[i], Port.UNCONNECTED);
        }
        for (Connection c : flat.connections()) {
            Element from = elements.get(c.fromElement());
            Element to = elements.get(c.toElement());
            boolean push = h.outputPush()[c.fromElement()][c.fromPort()];
            if (push) {
                outs[c.fromElement()][c.fromPort()] = port(to, c.toPort(), linking);
                if (ins[c.toElement()][c.toPort()] == Port.UNCONNECTED) {
                    ins[c.toElement()][c.toPort()] = new GenericPort(from, c.fromPort()); // descriptive only
                }
            } else {
                ins[c.toElement()][c.toPort()] = port(from, c.fromPort(), linking);
                if (outs[c.fromElement()][c.fromPort()] == Port.UNCONNECTED) {
                    outs[c.fromElement()][c.fromPort()] = new GenericPort(to, c.toPort()); // descriptive only
                }
            }
        }
        for (int i = 0; i < n; i++) {
            elements.get(i).wire(ins[i], outs[i], h.inputPush()[i], h.outputPush()[i]);
        }
    }

    private static Port port(Element peer, int peerPort, Linking linking) {
        return linking == Linking.GENERIC ? new GenericPort(peer, peerPort) : GlueGenerator.link(peer, peerPort);
    }
}
