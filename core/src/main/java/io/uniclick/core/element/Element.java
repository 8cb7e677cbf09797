package io.uniclick.core.element;

import io.uniclick.core.config.Args;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/**
 * Base of every element. An element class carries an {@link ElementInfo} annotation (ports,
 * processing, flow code, documentation), a public no-argument constructor, and overrides the
 * phases it needs: {@link #configure}, {@link #initialize}, {@link #push}/{@link #pull},
 * {@link #addHandlers} and {@link #cleanup}.
 *
 * <p>On the data path an element reaches its neighbours through {@link #output} (push outputs and
 * the ports it pulls from are both {@link Port}s). Copy the port to a local before a hot loop.
 */
public abstract class Element {
    private String name = "";
    private String className = "";
    private String config = "";
    private String landmark = "";
    private int index;
    private int homeThread;
    /** Ports of the outputs; index = output port number. */
    protected Port[] output = new Port[0];
    /** Ports of the inputs, used for pulling; index = input port number. */
    protected Port[] input = new Port[0];
    private boolean[] outputPush = new boolean[0];
    private boolean[] inputPush = new boolean[0];
    /** The router this element runs in; set before {@link #configure}. */
    protected ElementContext context;

    /** For subclasses. */
    protected Element() {
    }

    // ---- phases --------------------------------------------------------------------------------

    /** Configure phase: elements configure in increasing phase order (Click's {@code configure_phase}); AddressInfo uses {@link #CONFIGURE_PHASE_INFO}. */
    public int configurePhase() {
        return CONFIGURE_PHASE_DEFAULT;
    }

    /** Phase of information elements that others' arguments depend on. */
    public static final int CONFIGURE_PHASE_INFO = 20;
    /** Phase of ordinary elements. */
    public static final int CONFIGURE_PHASE_DEFAULT = 100;

    /** Parses the configuration; report problems through {@code args} or throw. */
    public void configure(Args args) throws ConfigException {
        args.complete();
    }

    /** Prepares to run: allocate buffers, register tasks and timers. */
    public void initialize() throws ConfigException {
    }

    /** Registers the element's own handlers. */
    public void addHandlers(Handlers h) {
    }

    /** Called after the driver stops (flush files, release resources). */
    public void cleanup() {
    }

    /** Handles a batch pushed into input {@code port}; must deal with every packet before returning. */
    public void push(int port, PacketBatch batch) {
        batch.killAll();
    }

    /** Supplies up to {@code max} packets from output {@code port}; null or empty when none. */
    public PacketBatch pull(int port, int max) {
        return null;
    }

    // ---- helpers for sources and handler-calling elements -------------------------------------

    /**
     * Writes a handler named by Click's {@code HANDLER [VALUE]} text (COUNT_CALL, END_CALL, ...); a
     * failure is printed with {@code what} and the element's name, never thrown.
     */
    protected final void callHandler(String what, String handlerAndValue) {
        String t = handlerAndValue.trim();
        int sp = t.indexOf(' ');
        try {
            context.writeHandler(this, sp < 0 ? t : t.substring(0, sp), sp < 0 ? "" : t.substring(sp + 1).trim());
        } catch (io.uniclick.core.handler.HandlerException | RuntimeException e) {
            context.errors().println(declaration() + ": " + what + ": " + e.getMessage());
        }
    }

    /** A source is done: call {@code endCall} if given, else stop the driver if {@code stop} (Click's END_CALL / STOP). */
    protected final void sourceFinished(String endCall, boolean stop) {
        if (endCall != null) {
            callHandler("END_CALL", endCall);
        } else if (stop) {
            context.pleaseStop();
        }
    }

    // ---- wiring (set by the compiler) ---------------------------------------------------------

    /** Installs ports and their resolved processing; called once by the compiler. */
    public final void wire(Port[] inputs, Port[] outputs, boolean[] inputIsPush, boolean[] outputIsPush) {
        this.input = inputs;
        this.output = outputs;
        this.inputPush = inputIsPush;
        this.outputPush = outputIsPush;
    }

    /**
     * Replaces push output {@code i} with {@code port}, a port that reaches the same peer (used by
     * the compiler to install fused glue after initialization).
     */
    public final void relinkOutput(int i, Port port) {
        if (port.peer() != output[i].peer() || port.peerPort() != output[i].peerPort()) {
            throw new IllegalArgumentException("relinked output must reach the same peer port");
        }
        output[i] = port;
    }

    /** Sets identity fields; called once by the compiler. */
    public final void identify(int index, String name, String className, String config, String landmark, ElementContext ctx) {
        this.index = index;
        this.name = name;
        this.className = className;
        this.config = config;
        this.landmark = landmark;
        this.context = ctx;
    }

    /** Output port {@code i}. */
    public final Port output(int i) {
        return output[i];
    }

    /** Input port {@code i} (to pull from). */
    public final Port input(int i) {
        return input[i];
    }

    /** Number of input ports. */
    public final int ninputs() {
        return input.length;
    }

    /** Number of output ports. */
    public final int noutputs() {
        return output.length;
    }

    /** Whether output {@code i} is push (after resolution). */
    public final boolean outputIsPush(int i) {
        return outputPush[i];
    }

    /** Whether input {@code i} is push (after resolution). */
    public final boolean inputIsPush(int i) {
        return inputPush[i];
    }

    /** Whether output {@code i} is connected to something. */
    public final boolean outputConnected(int i) {
        return i < output.length && output[i] != Port.UNCONNECTED;
    }

    /** The element's name, e.g. {@code c} or {@code Counter@3}. */
    public final String name() {
        return name;
    }

    /** The class name it was declared with. */
    public final String className() {
        return className;
    }

    /** The configuration string. */
    public final String config() {
        return config;
    }

    /** Where it was declared, {@code file:line}. */
    public final String landmark() {
        return landmark;
    }

    /** Index in the router (0-based). */
    public final int index() {
        return index;
    }

    /** The thread that runs its tasks. */
    public final int homeThread() {
        return homeThread;
    }

    /** Places the element's tasks on a thread (StaticThreadSched). */
    public final void setHomeThread(int t) {
        homeThread = t;
    }

    /** Click's declaration form, {@code name :: Class}. */
    public final String declaration() {
        return name + " :: " + className;
    }

    @Override
    public String toString() {
        return declaration();
    }
}
