package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016) as an IPMapper: new flows are spread
 * evenly over backends, and when a backend is added or removed only about 1/N of the flow space
 * changes backend. Beyond Click.
 */
@ElementInfo(name = "MaglevIPMapper", ports = "0/0", processing = "a/a",
        synopsis = "MaglevIPMapper(PATTERN1 FOUTPUT ROUTPUT, ... [, TABLE_SIZE M])",
        description = "An IPMapper for load balancing: name it as a rewriter's INPUTSPEC. Each argument is a backend pattern "
                + "'SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' (usually '- - BACKEND - 0 1'). A lookup table of M entries (a "
                + "prime, default 65537) is filled by Maglev's algorithm: backend i, identified by its pattern text, has "
                + "offset h1 mod M and skip h2 mod (M-1) + 1, and the backends take turns claiming the next free entry of their "
                + "permutation offset + j * skip. A new flow's 5-tuple hash selects an entry and so a backend; the rewriter keeps "
                + "the flow there afterwards. Every backend owns M/N entries (rounded), and removing one of N backends moves "
                + "its flows plus only a small fraction of the others'.",
        keywords = {"TABLE_SIZE: lookup table size, a prime at least 100 times the largest expected number of backends (65537)"},
        handlers = {"backends (r): one line per backend, 'INDEX: PATTERN FOUTPUT ROUTPUT ENTRIES'",
                "add (w): 'PATTERN FOUTPUT ROUTPUT' adds a backend and rebuilds the table",
                "remove (w): a backend's index or its pattern text ('- - 10.0.0.1 -') removes it and rebuilds the table",
                "table_size (r): M"},
        example = "mg :: MaglevIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1, - - 10.0.0.3 - 0 1);\nlb :: IPRewriter(mg);",
        notes = "Existing flows stay on their backend after a change (the rewriter's mapping persists); only new flows use "
                + "the new table. With no backends left, new flows are dropped and counted as mapping failures. The table is "
                + "rebuilt on the handler thread and swapped in with one reference write.")
public final class MaglevIPMapper extends Element implements IPMapper {
    private final List<InputSpec> backends = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private int m = 65537;
    private volatile InputSpec[] active = new InputSpec[0];
    private volatile int[] lookup = new int[0];

    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_DEFAULT - 1;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        long size = a.keyword("TABLE_SIZE", ArgTypes.UNSIGNED, 65537L);
        List<String> conf = a.rest();
        a.complete();
        if (size < 2 || size > (1 << 26) || !isPrime(size)) {
            throw new ConfigException("TABLE_SIZE: must be a prime");
        }
        m = (int) size;
        List<String> errors = new ArrayList<>();
        for (String c : conf) {
            try {
                addBackend(c);
            } catch (ConfigException e) {
                errors.addAll(e.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        if (backends.isEmpty()) {
            throw new ConfigException("no patterns given");
        }
        if ((long) backends.size() * 100 > m) {
            context.errors().println(landmark() + ": warning: TABLE_SIZE " + m + " is less than 100 times the " + backends.size()
                    + " backends; balance will suffer");
        }
        rebuild();
    }

    private void addBackend(String c) throws ConfigException {
        InputSpec s = new InputSpec();
        s.kind = InputSpec.PATTERN;
        List<String> words = ConfigText.splitWords(c);
        RewriterBase.parsePatternWithPorts(words, s, "", this, context);
        backends.add(s);
        names.add(s.pattern.unparse());
    }

    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** 64-bit FNV-1a of the text, then a finalizer; {@code salt} gives the second hash. */
    static long hash(String s, long salt) {
        long h = 0xcbf29ce484222325L ^ salt;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h & Long.MAX_VALUE;
    }

    /** Maglev's population: backends take turns claiming the next free entry of their permutation. */
    static int[] populate(List<String> names, int m) {
        int n = names.size();
        int[] entry = new int[m];
        java.util.Arrays.fill(entry, -1);
        if (n == 0) {
            return entry;
        }
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            offset[i] = hash(names.get(i), 0) % m;
            skip[i] = hash(names.get(i), 0x5bd1e995L) % (m - 1) + 1;
        }
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                long c = (offset[i] + next[i] * skip[i]) % m;
                while (entry[(int) c] >= 0) {
                    next[i]++;
                    c = (offset[i] + next[i] * skip[i]) % m;
                }
                entry[(int) c] = i;
                next[i]++;
                if (++filled == m) {
                    return entry;
                }
            }
        }
    }

    private synchronized void rebuild() {
        int[] t = populate(names, m);
        InputSpec[] act = backends.toArray(new InputSpec[0]);
        active = act;
        lookup = t;
    }

    static int flowHash(int saddr, int sport, int daddr, int dport, int cls) {
        long h = FlowTable.keyA(saddr, daddr) * 0x9E3779B97F4A7C15L + FlowTable.keyB(cls, sport, dport);
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (int) (h >>> 33);
    }

    /** The backend index for a flow (for tests and the data path). */
    int backendFor(int saddr, int sport, int daddr, int dport, int cls) {
        int[] t = lookup;
        return t.length == 0 ? -1 : t[flowHash(saddr, sport, daddr, dport, cls) % t.length];
    }

    @Override
    public void notifyRewriter(Element user, InputSpec input, List<String> errors) {
        for (int i = 0; i < backends.size(); i++) {
            InputSpec s = backends.get(i);
            if (s.foutput >= user.noutputs() || s.routput >= user.noutputs()) {
                errors.add("output port out of range in " + declaration() + " pattern " + i);
            }
        }
    }

    @Override
    public int rewriteFlowid(InputSpec input, FlowId in, FlowId out, FlowTable table, int cls, Packet p) {
        final InputSpec[] act = active;
        final int[] t = lookup;
        if (act.length == 0 || t.length == 0) {
            return Pattern.RW_DROP;
        }
        int b = t[flowHash(in.saddr, in.sport, in.daddr, in.dport, cls) % t.length];
        if (b < 0 || b >= act.length) {
            return Pattern.RW_DROP;
        }
        InputSpec s = act[b];
        input.foutput = s.foutput;
        input.routput = s.routput;
        return s.rewrite(in, out, table, cls, p);
    }

    /** Number of lookup entries owned by each backend. */
    int[] entryCounts() {
        int[] c = new int[backends.size()];
        for (int b : lookup) {
            if (b >= 0 && b < c.length) {
                c[b]++;
            }
        }
        return c;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.read("backends", () -> {
            StringBuilder sb = new StringBuilder();
            int[] counts = entryCounts();
            synchronized (this) {
                for (int i = 0; i < backends.size(); i++) {
                    InputSpec s = backends.get(i);
                    sb.append(i).append(": ").append(names.get(i)).append(' ').append(s.foutput).append(' ').append(s.routput)
                            .append(' ').append(i < counts.length ? counts[i] : 0).append('\n');
                }
            }
            return sb.toString();
        });
        h.readLong("table_size", () -> m);
        h.write("add", v -> {
            synchronized (this) {
                try {
                    addBackend(v);
                } catch (ConfigException e) {
                    throw new HandlerException(String.join("\n", e.messages()));
                }
                InputSpec s = backends.get(backends.size() - 1);
                if (names.indexOf(names.get(names.size() - 1)) != names.size() - 1) {
                    backends.remove(backends.size() - 1);
                    names.remove(names.size() - 1);
                    throw new HandlerException("backend '" + s.pattern.unparse() + "' already present");
                }
                rebuild();
            }
        });
        h.write("remove", v -> {
            synchronized (this) {
                String t = v.trim();
                int i = Pattern.intOr(t, -1);
                if (i < 0 || i >= backends.size() || !t.matches("\\d+")) {
                    i = names.indexOf(String.join(" ", ConfigText.splitWords(t)));
                }
                if (i < 0) {
                    throw new HandlerException("no backend '" + t + "'");
                }
                backends.remove(i);
                names.remove(i);
                rebuild();
            }
        });
    }
}
