package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.Timer;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * What every rewriter shares (Click's IPRewriterBase): INPUTSPEC parsing, the flow table and its
 * capacity (shareable through MAPPING_CAPACITY), the reap timer and the common handlers. The data
 * path lives in each concrete class.
 */
public abstract class RewriterBase extends Element {
    InputSpec[] specs = new InputSpec[0];
    FlowTable table;
    final FlowTable.Budget budget = new FlowTable.Budget();
    FlowTable.Budget sharedBudget;
    private String capacityWord;
    long reapIntervalMs = 15 * 60 * 1000L;
    boolean dstAnno = true;
    int replyAnno = -1;
    PacketBatch[] outBatches;
    final FlowId inFlow = new FlowId();
    final FlowId outFlow = new FlowId();
    private final Timer reapTimer = new Timer() {
        @Override
        public void run() {
            reapAll();
        }
    };

    /** Click's configure phase for rewriters (mappers configure just before). */
    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_DEFAULT;
    }

    /** Reads the keywords every rewriter has (call after the class's own keywords). */
    void readBaseKeywords(Args a) {
        String c1 = a.keyword("CAPACITY", ArgTypes.STRING, null);
        String c2 = a.keyword("MAPPING_CAPACITY", ArgTypes.STRING, null);
        capacityWord = c2 != null ? c2 : c1;
        Long reap = a.keyword("REAP_TIME", ArgTypes.TIME, null);
        reap = a.keyword("REAP_INTERVAL", ArgTypes.TIME, reap);
        if (reap != null) {
            reapIntervalMs = reap / 1_000_000L;
        }
    }

    /** Reads DST_ANNO and REPLY_ANNO. */
    void readAnnoKeywords(Args a) {
        dstAnno = a.keyword("DST_ANNO", ArgTypes.BOOL, true);
        String ra = a.keyword("REPLY_ANNO", ArgTypes.WORD, null);
        if (ra != null) {
            replyAnno = ra.equalsIgnoreCase("PAINT") ? 16 : Pattern.intOr(ra, -1);
            if (replyAnno < 0 || replyAnno >= 48) {
                a.error("REPLY_ANNO", "expected annotation");
            }
        }
    }

    static long ms(Long ns, long dfltMs) {
        return ns == null ? dfltMs : ns / 1_000_000L;
    }

    /**
     * Parses the INPUTSPECs (the arguments left over), resolves MAPPING_CAPACITY and creates the
     * table. {@code mappersAllowed}: whether ELEMENTNAME specs are accepted.
     */
    void configureSpecs(Args a, boolean mappersAllowed) throws ConfigException {
        List<String> conf = a.rest();
        a.complete();
        List<String> errors = new ArrayList<>();
        long capacity = -1;
        if (capacityWord != null) {
            String w = ConfigText.unquote(capacityWord.trim());
            int n = Pattern.intOr(w, Integer.MIN_VALUE);
            Element e;
            if (n != Integer.MIN_VALUE) {
                capacity = n;
            } else if ((e = context.findElement(this, w)) instanceof RewriterBase rb && rb != this) {
                sharedBudget = rb.budget;
            } else {
                errors.add("bad MAPPING_CAPACITY");
            }
        }
        if (conf.size() != ninputs()) {
            errors.add("need " + ninputs() + " arguments, one per input port");
        }
        List<InputSpec> out = new ArrayList<>();
        for (int i = 0; i < conf.size(); i++) {
            try {
                out.add(parseInputSpec(conf.get(i), i, mappersAllowed));
            } catch (ConfigException ce) {
                errors.addAll(ce.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        specs = out.toArray(new InputSpec[0]);
        FlowTable.Budget b = sharedBudget != null ? sharedBudget : budget;
        if (capacity >= 0) {
            b.capacity = capacity;
        }
        table = new FlowTable(FlowTable.MAX_FLOWS, Math.max(1, specs.length), Math.min(b.capacity, 1 << 12));
        table.budget = b;
        setTimeouts(table);
    }

    /** Sets the table's per-class timeouts and guarantees (milliseconds). */
    abstract void setTimeouts(FlowTable t);

    /** Parses one INPUTSPEC; errors carry Click's "input spec N: " prefix. */
    InputSpec parseInputSpec(String line, int i, boolean mappersAllowed) throws ConfigException {
        String prefix = "input spec " + i + ": ";
        List<String> words = ConfigText.splitWords(line);
        if (words.isEmpty()) {
            throw new ConfigException(prefix + "empty argument");
        }
        String word = words.get(0);
        List<String> rest = words.subList(1, words.size());
        InputSpec is = new InputSpec();
        is.index = i;
        switch (word) {
            case "pass", "passthrough", "nochange" -> {
                int outnum = 0;
                if (!rest.isEmpty()) {
                    outnum = rest.size() == 1 ? Pattern.intOr(rest.get(0), Integer.MIN_VALUE) : Integer.MIN_VALUE;
                    if (outnum == Integer.MIN_VALUE) {
                        throw new ConfigException(prefix + "syntax error, expected 'nochange [OUTPUT]'");
                    }
                }
                if (outnum < 0 || outnum >= noutputs()) {
                    throw new ConfigException(prefix + "output port out of range");
                }
                is.kind = InputSpec.NOCHANGE;
                is.foutput = outnum;
            }
            case "keep" -> {
                parsePorts(rest, is, prefix);
                checkPorts(is, prefix);
                is.kind = InputSpec.KEEP;
            }
            case "drop", "discard" -> {
                if (!rest.isEmpty()) {
                    throw new ConfigException(prefix + "syntax error, expected '" + word + "'");
                }
            }
            case "pattern", "xpattern" -> {
                parsePatternWithPorts(rest, is, prefix);
                checkPorts(is, prefix);
                is.kind = InputSpec.PATTERN;
            }
            default -> {
                Element e = context.findElement(this, word);
                if (e == null) {
                    throw new ConfigException(prefix + "unknown specification");
                }
                if (!rest.isEmpty()) {
                    throw new ConfigException(prefix + "syntax error, expected element name");
                }
                if (!(e instanceof IPMapper m) || !mappersAllowed) {
                    throw new ConfigException(prefix + "element is not an IPMapper");
                }
                is.kind = InputSpec.MAPPER;
                is.mapper = m;
            }
        }
        return is;
    }

    private void checkPorts(InputSpec is, String prefix) throws ConfigException {
        if (is.foutput < 0 || is.foutput >= noutputs() || is.routput < 0 || is.routput >= noutputs()) {
            throw new ConfigException(prefix + "output port out of range");
        }
    }

    /** Click's {@code parse_ports}: FOUTPUT ROUTPUT. */
    static void parsePorts(List<String> words, InputSpec is, String prefix) throws ConfigException {
        if (words.size() != 2 || (is.foutput = Pattern.intOr(words.get(0), Integer.MIN_VALUE)) == Integer.MIN_VALUE) {
            throw new ConfigException(prefix + "bad forward port");
        }
        if ((is.routput = Pattern.intOr(words.get(1), Integer.MIN_VALUE)) == Integer.MIN_VALUE) {
            throw new ConfigException(prefix + "bad reply port");
        }
    }

    /** Click's {@code parse_with_ports}: PATTERN FOUTPUT ROUTPUT. */
    void parsePatternWithPorts(List<String> words, InputSpec is, String prefix) throws ConfigException {
        parsePatternWithPorts(words, is, prefix, this, context);
    }

    static void parsePatternWithPorts(List<String> words, InputSpec is, String prefix, Element elem,
            io.uniclick.core.element.ElementContext ctx) throws ConfigException {
        if (words.size() <= 2) {
            throw new ConfigException(prefix + "syntax error");
        }
        try {
            is.pattern = Pattern.parse(words.subList(0, words.size() - 2), elem, ctx);
        } catch (Pattern.PatternException e) {
            throw new ConfigException(prefix + e.getMessage());
        }
        parsePorts(words.subList(words.size() - 2, words.size()), is, prefix);
    }

    @Override
    public void initialize() throws ConfigException {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            if (specs[i].kind == InputSpec.MAPPER) {
                List<String> errs = new ArrayList<>();
                specs[i].mapper.notifyRewriter(this, specs[i], errs);
                for (String s : errs) {
                    errors.add("input spec " + i + ": " + s);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        outBatches = new PacketBatch[noutputs()];
        for (int i = 0; i < outBatches.length; i++) {
            outBatches[i] = new PacketBatch();
        }
        if (reapIntervalMs > 0) {
            context.schedule(this, reapTimer, context.now() + reapIntervalMs * 1_000_000L);
        }
    }

    private void reapAll() {
        table.reap(nowMs(), Integer.MAX_VALUE);
        if (reapIntervalMs > 0) {
            context.schedule(this, reapTimer, context.now() + reapIntervalMs * 1_000_000L);
        }
    }

    final long nowMs() {
        return context.now() / 1_000_000L;
    }

    /** Adds {@code p} to output {@code o}'s batch, pushing it first if full. */
    final void emit(int o, io.uniclick.core.packet.Packet p) {
        PacketBatch b = outBatches[o];
        if (b.isFull()) {
            output[o].push(b);
            b.clear();
        }
        b.add(p);
    }

    /** Pushes every non-empty output batch. */
    final void flush() {
        final PacketBatch[] bs = outBatches;
        for (int i = 0; i < bs.length; i++) {
            PacketBatch b = bs[i];
            if (!b.isEmpty()) {
                output[i].push(b);
                b.clear();
            }
        }
    }

    long mappingCount() {
        long n = 0;
        for (int c : table.ownerCount) {
            n += c;
        }
        return n;
    }

    long failures() {
        long n = 0;
        for (InputSpec s : specs) {
            n += s.failures;
        }
        return n;
    }

    String patternsText(int only) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < specs.length; i++) {
            if (only >= 0 && i != only) {
                continue;
            }
            sb.append(specs[i].describe());
            if (table.ownerCount[i] != 0) {
                sb.append(" [").append(table.ownerCount[i]).append(']');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("table_size", this::mappingCount);
        h.readLong("nmappings", this::mappingCount);
        h.readLong("mapping_failures", this::failures);
        h.read("patterns", () -> patternsText(-1));
        h.readLong("size", () -> table.budget.size);
        h.readWrite("capacity", () -> Long.toString(table.budget.capacity), v -> {
            List<String> w = ConfigText.splitWords(v);
            long c = w.size() == 1 ? Pattern.intOr(w.get(0), -1) : -1;
            if (c < 0) {
                throw new HandlerException("CAPACITY: expected integer");
            }
            table.budget.capacity = c;
            table.shrinkTo(c, nowMs());
        });
        h.write("clear", v -> table.clear());
        for (int i = 0; i < ninputs(); i++) {
            final int in = i;
            h.readWrite("pattern" + i, () -> patternsText(in), v -> {
                InputSpec is;
                try {
                    is = parseInputSpec(v, in, true);
                } catch (ConfigException e) {
                    throw new HandlerException(e.getMessage());
                }
                removeFlowsOf(in);
                specs[in] = is;
            });
        }
    }

    private void removeFlowsOf(int input) {
        for (int l = 0; l < FlowTable.NLISTS; l++) {
            int f = table.first(l);
            while (f >= 0) {
                int n = table.nextInList(f);
                if (table.owner[f] == input) {
                    table.destroy(f);
                }
                f = n;
            }
        }
    }

    /** One line of Click's table format for entry {@code e}. */
    String unparseEntry(int e, long nowMs) {
        int f = e >> 1;
        int d = e & 1;
        long ka = table.keyA(e);
        long kb = table.keyB(e);
        long ra = table.keyA(e ^ 1);
        long rb = table.keyB(e ^ 1);
        StringBuilder sb = new StringBuilder();
        sb.append(FlowId.unparse((int) (ka >>> 32), (int) (kb >>> 16) & 0xFFFF, (int) ka, (int) kb & 0xFFFF));
        sb.append(" => ");
        // rewritten flow = reverse of the other entry's key
        sb.append(FlowId.unparse((int) ra, (int) rb & 0xFFFF, (int) (ra >>> 32), (int) (rb >>> 16) & 0xFFFF));
        unparseExtra(sb, f, d);
        sb.append(" [");
        if (d == 0) {
            sb.append('*');
        }
        sb.append(table.out(2 * f)).append(' ');
        if (d == 1) {
            sb.append('*');
        }
        long exp = table.expiry(f);
        sb.append(table.out(2 * f + 1)).append("] i").append(table.owner[f]).append(" exp").append((exp + 500 - nowMs) / 1000);
        return sb.toString();
    }

    /** Adds what a subclass shows between the rewritten flow and the ports (TCPRewriter's sequence delta). */
    void unparseExtra(StringBuilder sb, int f, int dir) {
    }

    /** Click's table listing for flows of key class {@code cls} (0 = all). */
    String tableText(int cls) {
        long now = nowMs();
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < FlowTable.NLISTS; l++) {
            for (int f = table.first(l); f >= 0; f = table.nextInList(f)) {
                if (cls != 0 && (int) (table.keyB(2 * f) >>> 32) != cls) {
                    continue;
                }
                sb.append(unparseEntry(2 * f, now)).append('\n');
                sb.append(unparseEntry(2 * f + 1, now)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Click's lookup handler: "SADDR SPORT DADDR DPORT" → the rewritten flow in the same form, or "". */
    String lookupText(String param, int cls) throws HandlerException {
        List<String> w = ConfigText.splitWords(param);
        if (w.size() != 4) {
            throw new HandlerException("expected 'SADDR SPORT DADDR DPORT'");
        }
        int[] s = ArgTypes.parseIPv4(w.get(0), false);
        int[] d = ArgTypes.parseIPv4(w.get(2), false);
        int sp = Pattern.intOr(w.get(1), -1);
        int dp = Pattern.intOr(w.get(3), -1);
        if (s == null || d == null || sp < 0 || sp > 65535 || dp < 0 || dp > 65535) {
            throw new HandlerException("expected 'SADDR SPORT DADDR DPORT'");
        }
        int e = table.lookup(FlowTable.keyA(s[0], d[0]), FlowTable.keyB(cls, sp, dp));
        if (e < 0) {
            return "";
        }
        long ra = table.keyA(e ^ 1);
        long rb = table.keyB(e ^ 1);
        return ArgTypes.formatIPv4((int) ra) + " " + ((int) rb & 0xFFFF) + " " + ArgTypes.formatIPv4((int) (ra >>> 32)) + " "
                + ((int) (rb >>> 16) & 0xFFFF);
    }
}
