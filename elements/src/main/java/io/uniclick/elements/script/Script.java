package io.uniclick.elements.script;

import io.uniclick.core.config.ArgException;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.Task;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.Handler;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.elements.script.ScriptFunctions.Arith;
import io.uniclick.elements.script.ScriptFunctions.Cmp;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Click's Script element: a small control language run from a timer (ACTIVE), from handlers
 * (PASSIVE), per packet (PACKET) or on driver stop events (DRIVER, see {@link DriverManager}).
 *
 * <p>Threading: every execution of the script holds the element's monitor. Timers are only armed
 * or disarmed on the element's home thread; a step that arrives on another thread (a handler
 * write, a stop event) hands its timer change and stop events to the script's task, which runs on
 * the home thread.
 */
@ElementInfo(name = "Script", ports = "-/-", processing = "ah/ah", flow = "x/x",
        synopsis = "Script(INSTRUCTIONS..., [TYPE type])",
        description = "Runs a simple scripting language that sets variables, calls handlers, waits for time or for steps, "
                + "and stops the router. Each argument is one instruction: set/setq VAR TEXT, init/initq VAR TEXT, "
                + "export/exportq VAR [TEXT] (also a read handler VAR), print/printq/printn/printnq [>FILE|>>FILE] TEXT|HANDLER, "
                + "save/append TEXT [FILE], read/readq HANDLER [ARGS] (prints 'name:' and the value), write/writeq HANDLER [ARGS] "
                + "(status in $?), pause/wait_step/wait_stop [N], wait TIME, wait_time/wait_for TIME, label L, goto L [COND], loop, "
                + "end, exit, stop, return/returnq [VALUE], error/errorq [MSG]. Text undergoes substitution: $x and ${x} are "
                + "variables ($? write status, $args, $1.., $#, $0, $$ process id, $input in PACKET scripts), $(HANDLER ARGS) "
                + "inserts a read handler's value and nests; the script's own handlers need no element prefix. A print "
                + "argument starting with a letter, '_' or '@' names a read handler. A script that executes 1000 jumps "
                + "without blocking is disabled.",
        keywords = {"TYPE: ACTIVE (default; runs when the router starts), PASSIVE (runs from the run handler), "
                + "PACKET (runs for each packet: $input is the input port, 'return N' emits on output N, 'end' on output 0, "
                + "'exit' drops), DRIVER (steps on each driver stop event; the router stops when the script ends)"},
        handlers = {"step (w): advance past the current blocking instruction (a number: that many)",
                "goto (w): jump to a label", "run (rw): run the script from the start; a read returns the 'return' value",
                "add sub min max mul div idiv mod rem neg abs (r, with parameters): arithmetic",
                "eq ne lt gt le ge (r, with parameters): comparisons (numeric, else string)",
                "not and or nand nor if in first (r, with parameters): Boolean helpers",
                "sprintf random length unquote readable writable htons htonl ntohs ntohl (r, with parameters)",
                "now (r): the current time", "cat catq kill (r, with parameters, private): file contents, signals",
                "get (r, with parameters): a variable", "set (w): 'VAR VALUE'", "shift (rw): shift the first word off a variable (default args)"},
        example = "Script(set x 0, label l, print $x, set x $(add $x 1), goto l $(lt $x 5), stop);",
        notes = "print writes to the element error stream (Click: standard output). TYPE PROXY and SIGNAL are not supported. "
                + "A failed write sets $? to -22. An unknown instruction reports \"unknown instruction 'x'\" (Click: syntax error at 'x').")
public class Script extends Element {
    /** Script types. */
    protected enum Type { ACTIVE, PASSIVE, PACKET, DRIVER }

    enum Op {
        INITIAL, WAIT_STEP, WAIT_TIME, PRINT, PRINTQ, PRINTN, PRINTNQ, SAVE, APPEND, READ, READQ, WRITE, WRITEQ,
        SET, SETQ, INIT, INITQ, EXPORT, EXPORTQ, LABEL, GOTO, RETURN, RETURNQ, EXIT, END, STOP, ERROR, ERRORQ
    }

    /** One instruction. {@code count}/{@code done} serve WAIT_STEP (and INITIAL's pending step). */
    static final class Insn {
        final Op op;
        final String text;
        final String var;
        int target;
        int count;
        int done;

        Insn(Op op, String var, String text) {
            this.op = op;
            this.var = var;
            this.text = text;
        }
    }

    static final int MAX_JUMPS = 1000;
    private static final int LABEL_EXIT = -1;
    private static final int LABEL_END = -2;
    private static final int LABEL_STOP = -3;
    private static final int LABEL_ERROR = -4;
    private static final int NO_LABEL = Integer.MIN_VALUE;
    private static final long NONE = Long.MIN_VALUE;
    private static final int EINVAL = -22;

    private Type type;
    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, String> vars = new LinkedHashMap<>();
    private int pos;
    private int stepCount;
    private int writeStatus;
    private String runArgs = "";
    private String runHandlerName = "";
    private boolean runWrite;
    private boolean initDone;
    private boolean running;
    private int extraSteps;
    private Handlers myHandlers;
    private boolean errContext;
    private String lastError;
    private PacketBatch[] outBatches = new PacketBatch[0];

    // timer and hand-off state (timer fields guarded by this)
    private final Timer timer = new Timer() {
        @Override
        public void run() {
            onTimer();
        }
    };
    private Task task;
    private volatile Thread home;
    private boolean live;
    private long timerWhen = NONE;
    private long timerGen;
    private long appliedGen;
    private final AtomicInteger pendingStops = new AtomicInteger();

    /** The type used when no TYPE keyword is given. */
    protected Type defaultType() {
        return Type.ACTIVE;
    }

    // ---- configuration ------------------------------------------------------------------------

    @Override
    public void configure(Args a) throws ConfigException {
        String typeText = a.keyword("TYPE", t -> t, null);
        List<String> conf = a.rest();
        a.complete();
        List<String> errors = new ArrayList<>();
        type = defaultType();
        if (typeText != null) {
            List<String> tw = ConfigText.splitWords(typeText);
            String w = tw.isEmpty() ? "" : tw.get(0);
            if (tw.size() == 1 && w.equals("ACTIVE")) {
                type = Type.ACTIVE;
            } else if (tw.size() == 1 && w.equals("PASSIVE")) {
                type = Type.PASSIVE;
            } else if (tw.size() == 1 && (w.equals("PACKET") || w.equals("PUSH"))) {
                type = Type.PACKET;
            } else if (tw.size() == 1 && w.equals("DRIVER")) {
                type = Type.DRIVER;
            } else if (w.equals("PROXY") || w.equals("SIGNAL")) {
                throw new ConfigException("TYPE " + w + " is not supported");
            } else {
                throw new ConfigException("bad TYPE");
            }
        }
        if (type == Type.DRIVER && context instanceof Router r) {
            for (Element e : r.elements()) {
                if (e != this && e instanceof Script s && s.type == Type.DRIVER) {
                    throw new ConfigException("router has more than one driver script");
                }
            }
        }
        if (type == Type.PACKET && ninputs() == 0) {
            throw new ConfigException("PACKET script must have inputs");
        } else if (type != Type.PACKET && (ninputs() > 0 || noutputs() > 0)) {
            throw new ConfigException("ports allowed only on PACKET scripts");
        }

        insns.add(new Insn(Op.INITIAL, null, ""));
        int real = 0;
        for (String arg : conf) {
            String name = ConfigText.firstWord(arg);
            if (name.isEmpty()) {
                continue;
            }
            String rest = ConfigText.restAfterFirstWord(arg);
            Insn in = parseInsn(name, rest, errors);
            if (in != null) {
                insns.add(in);
                real++;
            }
        }
        // resolve gotos
        for (Insn in : insns) {
            if (in.op == Op.GOTO && in.var != null) {
                in.target = findLabel(in.var);
                if (in.target == NO_LABEL) {
                    errors.add("no such label '" + in.var + "'");
                }
            }
        }
        if (real == 0 && type == Type.DRIVER) {
            Insn w = new Insn(Op.WAIT_STEP, null, "");
            w.count = 1;
            insns.add(w);
        }
        insns.add(new Insn(type == Type.DRIVER ? Op.STOP : Op.END, null, ""));
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        outBatches = new PacketBatch[noutputs()];
    }

    private Insn parseInsn(String name, String rest, List<String> errors) {
        String syntax = "syntax error at '" + name + "'";
        switch (name) {
            case "wait":
                if (!rest.isEmpty()) {
                    return waitTime(name, rest, errors);
                }
                // fall through: a bare wait waits for a step
            case "pause":
            case "wait_step":
            case "wait_stop": {
                Insn in = new Insn(Op.WAIT_STEP, null, "");
                in.count = 1;
                if (!rest.isEmpty()) {
                    Long n = ScriptFunctions.parseLong(rest);
                    if (n == null || n < 0 || n > Integer.MAX_VALUE) {
                        errors.add(syntax);
                        return null;
                    }
                    in.count = (int) (long) n;
                }
                return in;
            }
            case "wait_time":
            case "wait_for":
                return waitTime(name, rest, errors);
            case "print":
                return new Insn(Op.PRINT, null, rest);
            case "printq":
                return new Insn(Op.PRINTQ, null, rest);
            case "printn":
                return new Insn(Op.PRINTN, null, rest);
            case "printnq":
                return new Insn(Op.PRINTNQ, null, rest);
            case "save":
                return new Insn(Op.SAVE, null, rest);
            case "append":
                return new Insn(Op.APPEND, null, rest);
            case "read":
                return new Insn(Op.READ, null, rest);
            case "readq":
                return new Insn(Op.READQ, null, rest);
            case "write":
                return new Insn(Op.WRITE, null, rest);
            case "writeq":
                return new Insn(Op.WRITEQ, null, rest);
            case "return":
            case "returnq":
                vars.putIfAbsent("_", "");
                return new Insn(name.equals("return") ? Op.RETURN : Op.RETURNQ, "_", rest);
            case "set":
            case "setq":
            case "init":
            case "initq":
            case "export":
            case "exportq": {
                String var = ConfigText.firstWord(rest);
                String text = ConfigText.restAfterFirstWord(rest);
                if (var.isEmpty() || (name.startsWith("set") && text.isEmpty())) {
                    errors.add(syntax);
                    return null;
                }
                vars.putIfAbsent(var, "");
                Op op = switch (name) {
                    case "set" -> Op.SET;
                    case "setq" -> Op.SETQ;
                    case "init" -> Op.INIT;
                    case "initq" -> Op.INITQ;
                    case "export" -> Op.EXPORT;
                    default -> Op.EXPORTQ;
                };
                return new Insn(op, var, text);
            }
            case "label": {
                List<String> w = ConfigText.splitWords(rest);
                if (w.size() != 1) {
                    errors.add(syntax);
                    return null;
                }
                return new Insn(Op.LABEL, w.get(0), "");
            }
            case "goto": {
                String label = ConfigText.firstWord(rest);
                if (label.isEmpty()) {
                    return new Insn(Op.GOTO, null, ""); // to the beginning, like Click
                }
                return new Insn(Op.GOTO, label, ConfigText.restAfterFirstWord(rest));
            }
            case "loop":
            case "end":
            case "exit":
            case "stop":
                if (!rest.isEmpty()) {
                    errors.add(syntax);
                    return null;
                }
                return new Insn(switch (name) {
                    case "loop" -> Op.GOTO;
                    case "end" -> Op.END;
                    case "exit" -> Op.EXIT;
                    default -> Op.STOP;
                }, null, "");
            case "error":
                return new Insn(Op.ERROR, null, rest);
            case "errorq":
                return new Insn(Op.ERRORQ, null, rest);
            default:
                errors.add("unknown instruction '" + name + "'");
                return null;
        }
    }

    private Insn waitTime(String name, String rest, List<String> errors) {
        if (rest.isEmpty() || (rest.indexOf('$') < 0 && parseTime(rest) == null)) {
            errors.add("syntax error at '" + name + "'");
            return null;
        }
        return new Insn(Op.WAIT_TIME, null, rest);
    }

    private static Long parseTime(String text) {
        try {
            return ArgTypes.TIME.parse(text.trim());
        } catch (ArgException | RuntimeException e) {
            return null;
        }
    }

    /** Index of a label, a negative pseudo-label, or NO_LABEL. */
    private int findLabel(String label) {
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            if (in.op == Op.LABEL && in.var.equals(label)) {
                return i;
            }
        }
        return switch (label) {
            case "exit" -> LABEL_EXIT;
            case "end" -> LABEL_END;
            case "stop" -> LABEL_STOP;
            case "error", "errorq" -> LABEL_ERROR;
            case "begin", "loop" -> 0;
            default -> NO_LABEL;
        };
    }

    // ---- initialization -----------------------------------------------------------------------

    @Override
    public void initialize() throws ConfigException {
        pos = 0;
        stepCount = 0;
        task = new Task(this) {
            @Override
            public int doWork() {
                return onTask();
            }
        };
        context.addTask(task);
        task.unschedule();
        if (type == Type.ACTIVE || type == Type.DRIVER) {
            insns.get(0).count = 1; // the initial step, consumed by INITIAL
            synchronized (this) {
                requestTimer(0); // fires as soon as the driver runs, without reading the clock
            }
        }
        if (type == Type.DRIVER && context instanceof Router r) {
            r.setStopListener(this::stopEvent);
        }
        live = true;
    }

    /** A driver stop event (any thread): counted, then stepped by the task on the home thread. */
    void stopEvent() {
        pendingStops.incrementAndGet();
        task.reschedule();
    }

    private int onTask() {
        home = Thread.currentThread();
        task.unschedule();
        int n = pendingStops.getAndSet(0);
        synchronized (this) {
            boolean applied = appliedGen != timerGen;
            applyTimer();
            if (n > 0) {
                runSteps(n);
                finishEvent();
            }
            return n > 0 || applied ? 1 : 0;
        }
    }

    private void onTimer() {
        home = Thread.currentThread();
        synchronized (this) {
            if (appliedGen != timerGen) {
                applyTimer(); // a newer request superseded this firing
                return;
            }
            timerWhen = NONE;
            timerGen++;
            appliedGen = timerGen;
            runSteps(1);
            finishEvent();
        }
    }

    /** Arms the timer for {@code when} (clock ns) or disarms it ({@link #NONE}); holds the monitor. */
    private void requestTimer(long when) {
        if (when == NONE && timerWhen == NONE && appliedGen == timerGen) {
            return;
        }
        timerWhen = when;
        timerGen++;
        if (!live || Thread.currentThread() == home) {
            applyTimer();
        } else {
            task.reschedule();
        }
    }

    private void applyTimer() {
        if (appliedGen == timerGen) {
            return;
        }
        appliedGen = timerGen;
        if (timerWhen == NONE) {
            context.unschedule(this, timer);
        } else {
            context.schedule(this, timer, timerWhen);
        }
    }

    // ---- execution ----------------------------------------------------------------------------

    private void ensureInit() {
        if (initDone) {
            return;
        }
        initDone = true;
        for (Insn in : insns) {
            switch (in.op) {
                case INIT, EXPORT -> vars.put(in.var, expand(in.text, false));
                case INITQ, EXPORTQ -> vars.put(in.var, ConfigText.unquote(expand(in.text, true)));
                default -> {
                }
            }
        }
    }

    /** Runs {@code nsteps} steps (0 = just continue); steps requested re-entrantly are added. */
    private void runSteps(int nsteps) {
        if (running) {
            extraSteps += nsteps;
            return;
        }
        ensureInit();
        running = true;
        lastError = null;
        try {
            int jumps = 0;
            int cur = nsteps;
            for (;;) {
                extraSteps = 0;
                jumps = step(cur, jumps);
                if (extraSteps <= 0) {
                    break;
                }
                cur = extraSteps;
            }
        } finally {
            running = false;
        }
    }

    /** After a timer/task event: prints errors, and a driver script that ended stops the router. */
    private void finishEvent() {
        flushErrors();
        if (type == Type.DRIVER && ended()) {
            routerStop();
        }
    }

    /** Ends an error context: the next error prints a new "While executing" line. */
    private void flushErrors() {
        errContext = false;
    }

    /** Reports an error at once, under a "While executing" context line printed once per event. */
    private void error(String msg) {
        lastError = msg;
        PrintStream ps = context.errors();
        StringBuilder sb = new StringBuilder();
        if (!errContext) {
            sb.append("While executing '").append(declaration()).append("':\n");
            errContext = true;
        }
        for (String line : msg.split("\n", -1)) {
            sb.append("  ").append(line).append('\n');
        }
        ps.print(sb);
        ps.flush();
    }

    private int step(int nsteps, int njumps) {
        final int target = stepCount + nsteps;
        loop:
        while (target - stepCount >= 0 && pos < insns.size() && njumps < MAX_JUMPS) {
            int ipos = pos++;
            Insn in = insns.get(ipos);
            switch (in.op) {
                case STOP -> {
                    stepCount++;
                    pos--;
                    doStop();
                    return njumps + 1;
                }
                case WAIT_STEP -> {
                    while (stepCount < target && in.done < in.count) {
                        in.done++;
                        stepCount++;
                    }
                    if (stepCount == target && in.done < in.count) {
                        pos--;
                        break loop;
                    }
                }
                case WAIT_TIME -> {
                    if (stepCount == target) {
                        Long t = parseTime(expand(in.text, false));
                        if (t == null) {
                            error("syntax error at 'wait'");
                            break;
                        }
                        requestTimer(context.now() + t);
                        pos--;
                        break loop;
                    }
                    stepCount++;
                    requestTimer(NONE);
                }
                case INITIAL -> {
                    if (in.count > 0) {
                        stepCount++;
                        in.count = 0;
                    }
                }
                case PRINT, PRINTQ, PRINTN, PRINTNQ, SAVE, APPEND -> doPrint(in);
                case READ, READQ -> doRead(in);
                case WRITE, WRITEQ -> doWrite(in);
                case SET, SETQ, RETURN, RETURNQ -> {
                    boolean q = in.op == Op.SETQ || in.op == Op.RETURNQ;
                    String v = expand(in.text, q);
                    vars.put(in.var, q ? ConfigText.unquote(v) : v);
                    if ((in.op == Op.RETURN || in.op == Op.RETURNQ) && pos == ipos + 1) {
                        pos--;
                        break loop;
                    }
                }
                case GOTO -> {
                    String cond = expand(in.text, false).trim();
                    Boolean c = cond.isEmpty() ? Boolean.TRUE : ScriptFunctions.parseBool(cond);
                    if (c == null) {
                        error("bad condition '" + cond + "'");
                    } else if (c) {
                        if (in.target < 0) {
                            pos--;
                            if (in.target == LABEL_STOP) {
                                stepCount++;
                                doStop();
                            } else if (in.target == LABEL_ERROR) {
                                lastError = "error";
                            }
                            return njumps + 1;
                        }
                        for (int i = in.target; i < ipos; i++) {
                            if (insns.get(i).op == Op.WAIT_STEP) {
                                insns.get(i).done = 0;
                            }
                        }
                        pos = in.target;
                    }
                }
                case ERROR, ERRORQ -> {
                    String msg = expand(in.text, in.op == Op.ERRORQ);
                    if (in.op == Op.ERRORQ) {
                        msg = ConfigText.unquote(msg);
                    }
                    if (!msg.isEmpty()) {
                        error(msg);
                    } else {
                        lastError = "error";
                    }
                    pos--;
                    return njumps + 1;
                }
                case END, EXIT -> {
                    pos--;
                    return njumps + 1;
                }
                case INIT, INITQ, EXPORT, EXPORTQ, LABEL -> {
                }
            }
            if (pos != ipos + 1) {
                njumps++;
            }
        }
        if (njumps >= MAX_JUMPS) {
            PrintStream ps = context.errors();
            ps.println(declaration() + ": too many jumps, giving up");
            ps.flush();
            pos = insns.size();
            requestTimer(NONE);
        }
        return njumps + 1;
    }

    private void doStop() {
        if (type == Type.DRIVER) {
            routerStop();
        } else {
            context.pleaseStop();
        }
    }

    private void routerStop() {
        if (context instanceof Router r) {
            r.stop();
        } else {
            context.pleaseStop();
        }
    }

    /** The instruction the script rests on, with taken pseudo-label gotos mapped to their instruction. */
    private Op lastOp() {
        if (pos < 0 || pos >= insns.size()) {
            return null;
        }
        Insn in = insns.get(pos);
        if (in.op == Op.GOTO && in.target < 0) {
            return switch (in.target) {
                case LABEL_EXIT -> Op.EXIT;
                case LABEL_END -> Op.END;
                case LABEL_STOP -> Op.STOP;
                default -> Op.ERROR;
            };
        }
        return in.op;
    }

    /** Whether the script finished (as opposed to blocking). */
    private boolean ended() {
        Op op = lastOp();
        return op == null || switch (op) {
            case END, EXIT, STOP, ERROR, ERRORQ, RETURN, RETURNQ -> true;
            default -> false;
        };
    }

    private boolean endedWithError() {
        Op op = lastOp();
        return op == Op.ERROR || op == Op.ERRORQ;
    }

    /** The run handler's value: the return value, or "0" when a PACKET script ends with 'end'. */
    private String returnValue() {
        Op op = lastOp();
        if (op == Op.RETURN || op == Op.RETURNQ) {
            return vars.getOrDefault("_", "");
        }
        if (op == Op.END && type == Type.PACKET) {
            return "0";
        }
        return "";
    }

    private void resetWaits() {
        for (Insn in : insns) {
            if (in.op == Op.WAIT_STEP) {
                in.done = 0;
            }
        }
    }

    // ---- instructions -------------------------------------------------------------------------

    private void doPrint(Insn in) {
        String text = in.text;
        boolean newline = in.op != Op.PRINTN && in.op != Op.PRINTNQ;
        boolean unquoteParam = in.op == Op.PRINTQ || in.op == Op.PRINTNQ;
        String file = null;
        boolean append = false;
        if (in.op == Op.SAVE || in.op == Op.APPEND) {
            String f = ConfigText.restAfterFirstWord(text);
            file = f.isEmpty() ? "-" : expand(f, false);
            append = in.op == Op.APPEND;
            text = ConfigText.firstWord(text);
        } else if (text.startsWith(">")) {
            append = text.startsWith(">>");
            text = text.substring(append ? 2 : 1);
            file = expand(ConfigText.firstWord(text), false);
            text = ConfigText.restAfterFirstWord(text);
        }
        String result;
        boolean ok = true;
        char c0 = text.isEmpty() ? 0 : text.charAt(0);
        if (Character.isLetter(c0) || c0 == '_' || c0 == '@') {
            String call = expand(text, false);
            try {
                result = callRead(ConfigText.firstWord(call), param(call, unquoteParam));
            } catch (HandlerException e) {
                error(e.getMessage());
                result = "";
                ok = false;
            }
        } else {
            result = ConfigText.unquote(expand(text, true));
        }
        if (ok && newline && !result.endsWith("\n")) {
            result += "\n";
        }
        if (file == null || file.equals("-")) {
            PrintStream ps = context.output(); // Click's print goes to standard output
            ps.print(result);
            ps.flush();
        } else {
            try (OutputStream os = new FileOutputStream(file, append)) {
                os.write(result.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                error(file + ": " + e.getMessage());
            }
        }
    }

    private static String param(String call, boolean unquote) {
        String p = ConfigText.restAfterFirstWord(call);
        return unquote ? ConfigText.unquote(p) : p;
    }

    private void doRead(Insn in) {
        String call = expand(in.text, false);
        String name = ConfigText.firstWord(call);
        try {
            Handler h = resolve(name);
            if (!h.readable()) {
                throw new HandlerException("'" + name + "' is not a read handler");
            }
            String v = h.reader().read(param(call, in.op == Op.READQ));
            PrintStream ps = context.errors();
            ps.print(displayName(name) + ":\n" + v + "\n");
            ps.flush();
        } catch (HandlerException e) {
            error(e.getMessage());
        }
    }

    private void doWrite(Insn in) {
        String call = expand(in.text, false);
        String name = ConfigText.firstWord(call);
        Handler h;
        try {
            h = resolve(name);
            if (!h.writable()) {
                throw new HandlerException("'" + name + "' is not a write handler");
            }
        } catch (HandlerException e) {
            error(e.getMessage());
            return;
        }
        try {
            h.writer().write(param(call, in.op == Op.WRITEQ));
            writeStatus = 0;
        } catch (HandlerException e) {
            error("While calling '" + call + "':\n  " + e.getMessage());
            writeStatus = EINVAL;
        }
    }

    // ---- handler calls ------------------------------------------------------------------------

    /** Finds a handler: own handlers by bare name first, then {@code elem.handler} or a global one. */
    private Handler resolve(String name) throws HandlerException {
        if (name.isEmpty()) {
            throw new HandlerException("missing handler name");
        }
        int dot = name.indexOf('.');
        if (dot < 0 && myHandlers != null) {
            Handler h = myHandlers.get(name);
            if (h != null) {
                return h;
            }
        }
        if (context instanceof Router r) {
            Handler h = r.findHandler(this, name);
            if (h != null) {
                return h;
            }
            if (dot >= 0 && r.findElement(this, name.substring(0, dot)) == null) {
                throw new HandlerException("no element named '" + name.substring(0, dot) + "'");
            }
            throw new HandlerException("no handler named '" + name + "'");
        }
        // not running in a Router: go through the generic context calls
        return new Handler(name, p -> context.readHandler(this, name, p), v -> context.writeHandler(this, name, v), true, false);
    }

    private String callRead(String name, String param) throws HandlerException {
        Handler h = resolve(name);
        if (!h.readable()) {
            throw new HandlerException("'" + name + "' is not a read handler");
        }
        return h.reader().read(param);
    }

    /** The name {@code read} prints: {@code element.handler}, or the bare name of a global handler. */
    private String displayName(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return myHandlers != null && myHandlers.get(name) != null ? name() + "." + name : name;
        }
        Element e = context.findElement(this, name.substring(0, dot));
        return (e != null ? e.name() : name.substring(0, dot)) + name.substring(dot);
    }

    // ---- substitution -------------------------------------------------------------------------

    /**
     * Expands {@code $x}, {@code ${x}} and {@code $(HANDLER ARGS)} in {@code s}. Single-quoted text
     * is left alone. With {@code quoteValues}, values inserted inside double quotes are escaped so
     * that a later unquote gives them back verbatim. Unknown variables stay as written.
     */
    String expand(String s, boolean quoteValues) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        boolean dq = false;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!dq && c == '\'') {
                int j = s.indexOf('\'', i + 1);
                j = j < 0 ? n : j + 1;
                out.append(s, i, j);
                i = j;
                continue;
            }
            if (dq && c == '\\' && i + 1 < n) {
                out.append(s, i, i + 2);
                i += 2;
                continue;
            }
            if (c == '"') {
                dq = !dq;
                out.append(c);
                i++;
                continue;
            }
            if (c == '$' && i + 1 < n) {
                int j = expandOne(s, i, out, dq && quoteValues);
                if (j > i) {
                    i = j;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Expands the reference at s[i] == '$' into out; returns the index after it, or i if none. */
    private int expandOne(String s, int i, StringBuilder out, boolean escape) {
        int n = s.length();
        char c = s.charAt(i + 1);
        String value;
        int end;
        if (c == '{') {
            int close = s.indexOf('}', i + 2);
            if (close < 0) {
                return i;
            }
            end = close + 1;
            value = variable(s.substring(i + 2, close));
        } else if (c == '(') {
            int close = matchParen(s, i + 1);
            if (close < 0) {
                return i;
            }
            end = close + 1;
            String call = expand(s.substring(i + 2, close), false).trim();
            value = variable(call);
            if (value == null) {
                try {
                    value = callRead(ConfigText.firstWord(call), ConfigText.restAfterFirstWord(call));
                } catch (HandlerException e) {
                    error(e.getMessage());
                    value = null;
                }
            }
        } else if (Character.isLetterOrDigit(c) || c == '_') {
            int j = i + 1;
            while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            end = j;
            value = variable(s.substring(i + 1, j));
        } else if (c == '?' || c == '#' || c == '$') {
            end = i + 2;
            value = variable(String.valueOf(c));
        } else {
            return i;
        }
        if (value == null) {
            out.append(s, i, end);
        } else if (escape) {
            for (int k = 0; k < value.length(); k++) {
                char v = value.charAt(k);
                if (v == '\\' || v == '"' || v == '$') {
                    out.append('\\');
                }
                out.append(v);
            }
        } else {
            out.append(value);
        }
        return end;
    }

    /** Index of the ')' matching the '(' at {@code open}, skipping quoted text; -1 if none. */
    private static int matchParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (c == '"' && s.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                i = j;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A variable's value, or null if it is not one. */
    private String variable(String name) {
        String v = vars.get(name);
        if (v != null) {
            return v;
        }
        switch (name) {
            case "?":
                return Integer.toString(writeStatus);
            case "args":
                return runArgs;
            case "$":
                return Long.toString(ProcessHandle.current().pid());
            case "0":
                return runHandlerName;
            case "#":
                return Integer.toString(ConfigText.splitWords(runArgs).size());
            case "write":
                return Boolean.toString(runWrite);
            default:
                break;
        }
        if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9' && name.chars().allMatch(Character::isDigit)) {
            List<String> w = ConfigText.splitWords(runArgs);
            int k;
            try {
                k = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return "";
            }
            return k <= w.size() ? w.get(k - 1) : "";
        }
        return null;
    }

    // ---- packets ------------------------------------------------------------------------------

    /** Runs the script for one packet from {@code port}; returns the chosen output, or -1 to drop. */
    private int runPacket(int port) {
        vars.put("input", Integer.toString(port));
        pos = 0;
        resetWaits();
        runHandlerName = "";
        runArgs = "";
        runSteps(0);
        flushErrors();
        Long out = ScriptFunctions.parseLong(returnValue().trim());
        return out == null || out > Integer.MAX_VALUE ? -1 : (int) (long) out;
    }

    @Override
    public void push(int port, PacketBatch b) {
        synchronized (this) {
            int w = 0;
            for (int i = 0, n = b.size(); i < n; i++) {
                Packet p = b.get(i);
                int out = runPacket(port);
                if (out == 0 && outputConnected(0)) {
                    b.set(w++, p);
                } else if (out > 0 && out < noutputs() && outputConnected(out)) {
                    PacketBatch ob = outBatches[out];
                    if (ob == null) {
                        ob = outBatches[out] = new PacketBatch();
                    }
                    ob.add(p);
                    if (ob.isFull()) {
                        output(out).push(ob);
                        ob.clear();
                    }
                } else {
                    p.kill();
                }
            }
            b.setSize(w);
            flushOthers();
            if (w > 0) {
                output(0).push(b);
            }
            b.clear();
        }
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input(0).pull(max);
        if (b == null || b.isEmpty()) {
            return b;
        }
        synchronized (this) {
            int w = 0;
            for (int i = 0, n = b.size(); i < n; i++) {
                Packet p = b.get(i);
                int out = runPacket(0);
                if (out == 0) {
                    b.set(w++, p);
                } else if (out > 0 && out < noutputs() && outputConnected(out) && outputIsPush(out)) {
                    PacketBatch ob = outBatches[out];
                    if (ob == null) {
                        ob = outBatches[out] = new PacketBatch();
                    }
                    ob.add(p);
                    if (ob.isFull()) {
                        output(out).push(ob);
                        ob.clear();
                    }
                } else {
                    p.kill();
                }
            }
            b.setSize(w);
            flushOthers();
            return b;
        }
    }

    private void flushOthers() {
        for (int o = 1; o < outBatches.length; o++) {
            PacketBatch ob = outBatches[o];
            if (ob != null && !ob.isEmpty()) {
                output(o).push(ob);
                ob.clear();
            }
        }
    }

    // ---- handlers -----------------------------------------------------------------------------

    @Override
    public void addHandlers(Handlers h) {
        myHandlers = h;
        h.write("step", this::stepHandler);
        h.write("goto", this::gotoHandler);
        h.add(new Handler("run", p -> runHandler(p, false), v -> runHandler(v, true), true, false));
        h.readParam("add", p -> ScriptFunctions.arith(Arith.ADD, p));
        h.readParam("sub", p -> ScriptFunctions.arith(Arith.SUB, p));
        h.readParam("min", p -> ScriptFunctions.arith(Arith.MIN, p));
        h.readParam("max", p -> ScriptFunctions.arith(Arith.MAX, p));
        h.readParam("mul", p -> ScriptFunctions.arith(Arith.MUL, p));
        h.readParam("div", p -> ScriptFunctions.arith(Arith.DIV, p));
        h.readParam("idiv", p -> ScriptFunctions.arith(Arith.IDIV, p));
        h.readParam("mod", p -> ScriptFunctions.modRem(false, p));
        h.readParam("rem", p -> ScriptFunctions.modRem(true, p));
        h.readParam("neg", p -> ScriptFunctions.negAbs(true, p));
        h.readParam("abs", p -> ScriptFunctions.negAbs(false, p));
        h.readParam("eq", p -> ScriptFunctions.compare(Cmp.EQ, p));
        h.readParam("ne", p -> ScriptFunctions.compare(Cmp.NE, p));
        h.readParam("lt", p -> ScriptFunctions.compare(Cmp.LT, p));
        h.readParam("gt", p -> ScriptFunctions.compare(Cmp.GT, p));
        h.readParam("le", p -> ScriptFunctions.compare(Cmp.LE, p));
        h.readParam("ge", p -> ScriptFunctions.compare(Cmp.GE, p));
        h.readParam("not", ScriptFunctions::not);
        h.readParam("and", p -> ScriptFunctions.logic(true, false, p));
        h.readParam("or", p -> ScriptFunctions.logic(false, false, p));
        h.readParam("nand", p -> ScriptFunctions.logic(true, true, p));
        h.readParam("nor", p -> ScriptFunctions.logic(false, true, p));
        h.readParam("if", ScriptFunctions::ifThenElse);
        h.readParam("in", ScriptFunctions::in);
        h.readParam("first", ScriptFunctions::first);
        h.readParam("sprintf", ScriptFunctions::sprintf);
        h.readParam("random", ScriptFunctions::random);
        h.readParam("length", p -> Integer.toString(p.length()));
        h.readParam("unquote", ConfigText::unquote);
        h.readParam("readable", p -> handlersHave(p, true));
        h.readParam("writable", p -> handlersHave(p, false));
        h.readParam("htons", p -> ScriptFunctions.byteOrder(false, p));
        h.readParam("ntohs", p -> ScriptFunctions.byteOrder(false, p));
        h.readParam("htonl", p -> ScriptFunctions.byteOrder(true, p));
        h.readParam("ntohl", p -> ScriptFunctions.byteOrder(true, p));
        h.read("now", () -> Clock.format(context.now()));
        h.add(new Handler("cat", p -> cat(p, false), null, true, true));
        h.add(new Handler("catq", p -> cat(p, true), null, true, true));
        h.add(new Handler("kill", Script::kill, null, true, true));
        h.readParam("get", this::getVar);
        h.write("set", this::setVar);
        h.add(new Handler("shift", this::shiftVar, v -> shiftVar(v), true, false));
        for (Insn in : insns) {
            if (in.op == Op.EXPORT || in.op == Op.EXPORTQ) {
                String var = in.var;
                h.read(var, () -> {
                    synchronized (this) {
                        ensureInit();
                        flushErrors();
                        return vars.getOrDefault(var, "");
                    }
                });
            }
        }
    }

    private void stepHandler(String v) throws HandlerException {
        String data = v.trim();
        int n;
        if (data.isEmpty() || data.equals("router")) {
            n = 1;
        } else {
            Long x = ScriptFunctions.parseLong(data);
            if (x == null || x < 0 || x > Integer.MAX_VALUE) {
                throw new HandlerException("syntax error");
            }
            n = (int) (long) x;
        }
        synchronized (this) {
            if (running) {
                extraSteps += n;
                return;
            }
            runHandlerName = "step";
            runArgs = "";
            runWrite = true;
            runSteps(n);
            completeHandlerRun();
        }
    }

    private void gotoHandler(String v) throws HandlerException {
        synchronized (this) {
            int idx = findLabel(v.trim());
            if (idx < 0 || idx >= insns.size()) {
                throw new HandlerException("jump to nonexistent label");
            }
            if (running) {
                throw new HandlerException("script is running");
            }
            for (int i = idx; i < insns.size(); i++) {
                if (insns.get(i).op == Op.WAIT_STEP) {
                    insns.get(i).done = 0;
                }
            }
            pos = idx;
            requestTimer(NONE);
            runHandlerName = "goto";
            runArgs = "";
            runWrite = true;
            runSteps(0);
            completeHandlerRun();
        }
    }

    private String runHandler(String args, boolean write) throws HandlerException {
        synchronized (this) {
            if (running) {
                throw new HandlerException("script is running");
            }
            runHandlerName = "run";
            runArgs = args == null ? "" : args;
            runWrite = write;
            pos = 0;
            resetWaits();
            requestTimer(NONE);
            runSteps(0);
            return completeHandlerRun();
        }
    }

    /** After a handler-driven run: report errors; fail the handler if the script ended in error. */
    private String completeHandlerRun() throws HandlerException {
        String err = lastError;
        flushErrors();
        if (type == Type.DRIVER && ended()) {
            routerStop();
        }
        if (endedWithError()) {
            throw new HandlerException(err == null ? "error" : err);
        }
        return returnValue();
    }

    private String handlersHave(String p, boolean read) {
        for (String w : ConfigText.splitWords(p)) {
            try {
                Handler h = resolve(w);
                if (read ? !h.readable() : !h.writable()) {
                    return "false";
                }
            } catch (HandlerException e) {
                return "false";
            }
        }
        return "true";
    }

    private String getVar(String p) throws HandlerException {
        List<String> w = ConfigText.splitWords(p);
        if (w.isEmpty()) {
            throw new HandlerException("no variable");
        }
        if (w.size() > 1) {
            throw new HandlerException("too many arguments");
        }
        synchronized (this) {
            ensureInit();
            String name = w.get(0);
            if (name.equals("args")) {
                return runArgs;
            }
            String v = vars.get(name);
            if (v == null) {
                throw new HandlerException("undefined variable '" + name + "'");
            }
            return v;
        }
    }

    private void setVar(String p) throws HandlerException {
        String name = ConfigText.firstWord(p);
        if (name.isEmpty()) {
            throw new HandlerException("no variable");
        }
        String value = ConfigText.restAfterFirstWord(p);
        synchronized (this) {
            ensureInit();
            if (name.equals("args")) {
                runArgs = value;
            } else {
                vars.put(name, value);
            }
        }
    }

    private String shiftVar(String p) throws HandlerException {
        List<String> w = ConfigText.splitWords(p);
        if (w.size() > 1) {
            throw new HandlerException("too many arguments");
        }
        String name = w.isEmpty() ? "args" : w.get(0);
        synchronized (this) {
            ensureInit();
            String v = name.equals("args") ? runArgs : vars.get(name);
            if (v == null) {
                throw new HandlerException("undefined variable '" + name + "'");
            }
            String first = ConfigText.firstWord(v);
            String rest = ConfigText.restAfterFirstWord(v);
            if (name.equals("args")) {
                runArgs = rest;
            } else {
                vars.put(name, rest);
            }
            return first;
        }
    }

    private static String cat(String p, boolean quote) throws HandlerException {
        String file = ConfigText.unquote(p.trim());
        if (file.isEmpty()) {
            throw new HandlerException("bad FILE");
        }
        try {
            String s = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
            return quote ? ConfigText.quote(s) : s;
        } catch (IOException | RuntimeException e) {
            throw new HandlerException(file + ": " + e.getMessage());
        }
    }

    private static String kill(String p) throws HandlerException {
        List<String> w = ConfigText.splitWords(p);
        if (w.isEmpty()) {
            throw new HandlerException("bad SIGNO");
        }
        String sig = w.get(0);
        boolean force;
        if (sig.equals("TERM") || sig.equals("15")) {
            force = false;
        } else if (sig.equals("KILL") || sig.equals("9")) {
            force = true;
        } else {
            throw new HandlerException("bad SIGNO (only TERM and KILL are supported)");
        }
        for (int i = 1; i < w.size(); i++) {
            Long pid = ScriptFunctions.parseLong(w.get(i));
            if (pid == null) {
                throw new HandlerException("bad PID");
            }
            if (pid == ProcessHandle.current().pid()) {
                throw new HandlerException("kill(" + pid + "): cannot signal the router's own process");
            }
            ProcessHandle ph = ProcessHandle.of(pid).orElseThrow(() -> new HandlerException("kill(" + pid + "): No such process"));
            boolean ok = force ? ph.destroyForcibly() : ph.destroy();
            if (!ok) {
                throw new HandlerException("kill(" + pid + "): Operation not permitted");
            }
        }
        return "";
    }
}
