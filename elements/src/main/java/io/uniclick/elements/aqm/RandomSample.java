package io.uniclick.elements.aqm;

import io.uniclick.core.config.ArgType;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.util.SplittableRandom;

/** Keeps each packet with a probability (Click's RandomSample). */
@ElementInfo(name = "RandomSample", ports = "1/1-2", processing = "a/ah",
        synopsis = "RandomSample([P, *keywords* SAMPLE, DROP, ACTIVE])",
        description = "Sends each packet to output 0 with probability P (the sampling probability); the others are dropped, "
                + "or pushed to output 1 if it exists. SAMPLE P is the same as the positional P, DROP Q means a sampling "
                + "probability of 1 - Q; one of them is required. When inactive, every packet goes to output 0. Works in "
                + "push and in pull context (pulled packets that are not sampled are pushed to output 1 or dropped). The "
                + "probability is kept in 28-bit fixed point, as in Click.",
        keywords = {"SAMPLE: sampling probability (0 to 1)", "DROP: drop probability (0 to 1)",
                "ACTIVE: whether to sample (default true)"},
        handlers = {"sampling_prob (rw): the sampling probability", "drop_prob (rw): 1 - sampling_prob",
                "active (rw)", "drops (r): packets not sampled"},
        example = "FromDump(trace.pcap, STOP true) -> RandomSample(0.01) -> ToDump(sample.pcap);",
        notes = "The generator is seeded from the element's index, so runs are repeatable.")
public final class RandomSample extends Element {
    private static final ArgType<Integer> PROB = Prob::parse;

    private volatile int prob;
    private volatile boolean active;
    private long drops;
    private SplittableRandom random;
    private PacketBatch dropped;
    private boolean dropPort;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer p = a.positional("P", PROB, null);
        Integer s = a.keyword("SAMPLE", PROB, null);
        Integer d = a.keyword("DROP", PROB, null);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        a.complete();
        if (s != null) {
            p = s;
        }
        if (d != null) {
            p = Prob.ONE - d;
        }
        if (p == null) {
            throw new ConfigException("you must specify a sampling probability");
        }
        prob = p;
    }

    @Override
    public void initialize() {
        random = new SplittableRandom(0x5A3D_0000L + index());
        dropped = new PacketBatch();
        dropPort = noutputs() > 1 && outputConnected(1);
    }

    /** Keeps the sampled packets at the front of {@code b}; returns how many; disposes of the others. */
    private int filter(PacketBatch b) {
        final int pr = prob;
        final SplittableRandom r = random;
        final PacketBatch d = dropped;
        final boolean toPort = dropPort;
        int kept = 0;
        int n = b.size();
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            if ((r.nextInt() & Prob.MASK) < pr || pr >= Prob.ONE) {
                b.set(kept++, p);
            } else if (toPort) {
                if (d.isFull()) {
                    output[1].push(d);
                    d.clear();
                }
                d.add(p);
            } else {
                p.kill();
            }
        }
        drops += n - kept;
        b.setSize(kept);
        if (!d.isEmpty()) {
            output[1].push(d);
            d.clear();
        }
        return kept;
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (active && filter(b) == 0) {
            return;
        }
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null && active) {
            filter(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("sampling_prob", () -> Prob.format(prob), v -> prob = parseProb(v));
        h.readWrite("drop_prob", () -> Prob.format(Prob.ONE - prob), v -> prob = Prob.ONE - parseProb(v));
        h.readWrite("active", () -> Boolean.toString(active), v -> active = HandlerValues.parse(ArgTypes.BOOL, v));
        h.readLong("drops", () -> drops);
    }

    private static int parseProb(String v) throws HandlerException {
        return HandlerValues.parse(PROB, v);
    }
}
