package io.uniclick.core.runtime;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementContext;
import io.uniclick.core.element.Port;
import io.uniclick.core.element.Task;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.Handler;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A configured router: its elements, their handlers, the driver threads and the stop logic of
 * Click's userlevel driver (a run count decremented by stop events, or a driver manager that
 * receives them).
 */
public final class Router implements ElementContext {
    /** Receives driver stop events instead of the run count (DriverManager). */
    public interface StopListener {
        /** A stop event happened (from any thread). */
        void stopEvent();
    }

    private final List<Element> elements = new ArrayList<>();
    private final Map<String, Element> byName = new HashMap<>();
    private final Map<Element, Handlers> handlers = new HashMap<>();
    private final Handlers global = new Handlers();
    private final AddressTable addresses = new AddressTable();
    private final RouterThread[] threads;
    private final Clock clock;
    private final AtomicInteger runCount = new AtomicInteger(1);
    private volatile boolean stopped;
    private volatile StopListener stopListener;
    private PrintStream errors = System.err;
    private PrintStream output = System.out;
    private String flatConfig = "";
    private List<String> requirements = List.of();

    /** A router with {@code nthreads} driver threads. */
    public Router(int nthreads, Clock clock) {
        this.clock = clock;
        this.threads = new RouterThread[Math.max(1, nthreads)];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new RouterThread(this, i);
        }
        global.read("version", () -> Version.VERSION);
        global.read("driver", () -> "userlevel");
        global.read("config", () -> flatConfig);
        global.read("flatconfig", () -> flatConfig);
        global.read("requirements", () -> String.join("\n", requirements) + (requirements.isEmpty() ? "" : "\n"));
        global.read("list", () -> {
            StringBuilder sb = new StringBuilder().append(elements.size()).append('\n');
            for (Element e : elements) {
                sb.append(e.name()).append('\n');
            }
            return sb.toString();
        });
        global.read("classes", () -> {
            StringBuilder sb = new StringBuilder();
            elements.stream().map(Element::className).distinct().sorted().forEach(c -> sb.append(c).append('\n'));
            return sb.toString();
        });
        global.read("handlers", () -> handlerList(global));
        global.write("stop", v -> pleaseStop());
    }

    // ---- building -----------------------------------------------------------------------------

    /** Adds an element (by the compiler, in index order). */
    public void add(Element e) {
        elements.add(e);
        byName.put(e.name(), e);
    }

    /** Registers generic and element handlers for every element (after configuration). */
    public void installHandlers() {
        for (Element e : elements) {
            Handlers h = new Handlers();
            h.read("name", e::name);
            h.read("class", e::className);
            h.read("config", e::config);
            h.read("ports", () -> portsDescription(e));
            h.read("handlers", () -> handlerList(handlers.get(e)));
            h.read("home_thread", () -> Integer.toString(e.homeThread()));
            Task task = firstTask(e);
            if (task != null) {
                // Click's task handlers: scheduled (rw) and tickets (stride scheduling is not used: every task gets a turn per round)
                h.readWrite("scheduled", () -> Boolean.toString(task.scheduled()), v -> {
                    if (HandlerValues.parse(io.uniclick.core.config.ArgTypes.BOOL, v)) {
                        task.reschedule();
                    } else {
                        task.unschedule();
                    }
                });
                h.read("tickets", () -> "1024");
            }
            e.addHandlers(h);
            handlers.put(e, h);
        }
    }

    private Task firstTask(Element e) {
        for (RouterThread t : threads) {
            for (Task k : t.tasks()) {
                if (k.owner() == e) {
                    return k;
                }
            }
        }
        return null;
    }

    /** Sets the text served by the {@code config}/{@code flatconfig} handlers. */
    public void setFlatConfig(String text, List<String> reqs) {
        this.flatConfig = text;
        this.requirements = List.copyOf(reqs);
    }

    /** Redirects element output (tests). */
    public void setErrors(PrintStream ps) {
        errors = ps;
    }

    /** Redirects standard output (tests). */
    public void setOutput(PrintStream ps) {
        output = ps;
    }

    /** Installs a driver manager. */
    public void setStopListener(StopListener l) {
        stopListener = l;
    }

    // ---- running ------------------------------------------------------------------------------

    /** Runs the driver threads until a stop; thread 0 runs on the caller's thread. Then cleans up. */
    public void run() {
        List<Thread> started = new ArrayList<>();
        for (int i = 1; i < threads.length; i++) {
            Thread t = new Thread(threads[i], "uniclick-" + i);
            t.setDaemon(true);
            threads[i].bind(t);
            started.add(t);
        }
        threads[0].bind(Thread.currentThread());
        for (Thread t : started) {
            t.start();
        }
        threads[0].run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Calls every element's cleanup (after the driver stopped). */
    public void cleanup() {
        for (int i = elements.size() - 1; i >= 0; i--) {
            try {
                elements.get(i).cleanup();
            } catch (RuntimeException ex) {
                errors.println(elements.get(i).declaration() + ": cleanup failed: " + ex);
            }
        }
    }

    /** Whether the driver was told to stop. */
    @Override
    public boolean stopped() {
        return stopped;
    }

    /** Stops the driver unconditionally (SIGINT, DriverManager's {@code stop}). */
    public void stop() {
        stopped = true;
    }

    /** Restarts a stopped router (used by embedded runs that stop and resume). */
    public void resetStop() {
        stopped = false;
        runCount.set(1);
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The driver threads. */
    public RouterThread[] threads() {
        return threads.clone();
    }

    /** Elements in index order. */
    public List<Element> elements() {
        return Collections.unmodifiableList(elements);
    }

    /** The element called {@code name}, or null. */
    public Element element(String name) {
        return byName.get(name);
    }

    /** Handlers of {@code e}. */
    public Handlers handlers(Element e) {
        return handlers.get(e);
    }

    /** AddressInfo names. */
    @Override
    public AddressTable addresses() {
        return addresses;
    }

    /** Global handlers. */
    public Handlers globalHandlers() {
        return global;
    }

    /** Resolves {@code elem.handler} or a global handler name; null if absent. */
    public Handler findHandler(Element context, String fullName) {
        int dot = fullName.indexOf('.');
        if (dot < 0) {
            return global.get(fullName);
        }
        Element e = findElement(context, fullName.substring(0, dot));
        if (e == null) {
            return null;
        }
        return handlers.get(e).get(fullName.substring(dot + 1));
    }

    // ---- ElementContext -----------------------------------------------------------------------

    @Override
    public PacketPool pool(Element e) {
        return threads[Math.min(e.homeThread(), threads.length - 1)].pool();
    }

    @Override
    public long now() {
        return clock.now();
    }

    @Override
    public void addTask(Task t) {
        int home = Math.min(t.owner().homeThread(), threads.length - 1);
        t.setHomeThread(home);
        threads[home].addTask(t);
    }

    @Override
    public void schedule(Element owner, Timer t, long when) {
        threads[Math.min(owner.homeThread(), threads.length - 1)].timers().schedule(t, when);
    }

    @Override
    public void unschedule(Element owner, Timer t) {
        threads[Math.min(owner.homeThread(), threads.length - 1)].timers().remove(t);
    }

    @Override
    public void pleaseStop() {
        StopListener l = stopListener;
        if (l != null) {
            l.stopEvent();
        } else if (runCount.decrementAndGet() <= 0) {
            stopped = true;
        }
    }

    @Override
    public Element findElement(Element context, String name) {
        if (context != null) {
            String prefix = context.name();
            int slash;
            while ((slash = prefix.lastIndexOf('/')) >= 0) {
                prefix = prefix.substring(0, slash);
                Element e = byName.get(prefix + "/" + name);
                if (e != null) {
                    return e;
                }
            }
        }
        return byName.get(name);
    }

    @Override
    public String readHandler(Element context, String name, String param) throws HandlerException {
        Handler h = findHandler(context, name);
        if (h == null) {
            throw new HandlerException(noSuchHandler(context, name));
        }
        if (!h.readable()) {
            throw new HandlerException("handler '" + name + "' not readable");
        }
        return h.reader().read(param == null ? "" : param);
    }

    @Override
    public void writeHandler(Element context, String name, String value) throws HandlerException {
        Handler h = findHandler(context, name);
        if (h == null) {
            throw new HandlerException(noSuchHandler(context, name));
        }
        if (!h.writable()) {
            throw new HandlerException("handler '" + name + "' not writable");
        }
        h.writer().write(value == null ? "" : value);
    }

    private String noSuchHandler(Element context, String name) {
        int dot = name.indexOf('.');
        if (dot >= 0 && findElement(context, name.substring(0, dot)) == null) {
            return "no element named '" + name.substring(0, dot) + "'";
        }
        return "no handler named '" + name + "'";
    }

    @Override
    public PrintStream errors() {
        return errors;
    }

    @Override
    public PrintStream output() {
        return output;
    }

    @Override
    public int threadCount() {
        return threads.length;
    }

    // ---- descriptions -------------------------------------------------------------------------

    private static String handlerList(Handlers h) {
        StringBuilder sb = new StringBuilder();
        for (Handler x : h.all()) {
            if (x.hidden()) {
                continue;
            }
            sb.append(x.name()).append('\t').append(x.readable() ? "r" : "").append(x.writable() ? "w" : "").append('\n');
        }
        return sb.toString();
    }

    private static String portsDescription(Element e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.ninputs()).append(e.ninputs() == 1 ? " input\n" : " inputs\n");
        for (int i = 0; i < e.ninputs(); i++) {
            sb.append(e.inputIsPush(i) ? "push" : "pull");
            Port p = e.input(i);
            if (p != null && p.peer() != null && !e.inputIsPush(i)) {
                sb.append('\t').append(p.peer().name()).append(" [").append(p.peerPort()).append(']');
            }
            sb.append('\n');
        }
        sb.append(e.noutputs()).append(e.noutputs() == 1 ? " output\n" : " outputs\n");
        for (int i = 0; i < e.noutputs(); i++) {
            sb.append(e.outputIsPush(i) ? "push" : "pull");
            Port p = e.output(i);
            if (p != null && p.peer() != null && e.outputIsPush(i)) {
                sb.append("\t[").append(p.peerPort()).append("] ").append(p.peer().name());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
