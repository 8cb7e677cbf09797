package io.uniclick.elements.classifier;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import java.util.ArrayList;
import java.util.List;

/** Click's Classifier: byte patterns, first match wins. */
@ElementInfo(name = "Classifier", ports = "1/-", processing = "h/h",
        synopsis = "Classifier(PATTERN_1, ..., PATTERN_N)",
        description = "Classifies packets by their contents. Each argument is a pattern for the output of the same number: "
                + "space-separated clauses OFFSET/VALUE or OFFSET/VALUE%MASK, where OFFSET is a decimal byte offset from the "
                + "packet data start and VALUE and MASK are hex strings of equal, even length; '?' in VALUE is a don't-care "
                + "nibble and '!' before a clause negates it. A packet matches a pattern when every clause matches; the "
                + "pattern '-' matches every packet. Packets go to the output of the first matching pattern; packets that "
                + "match none are dropped. A packet too short for a clause fails it (so it matches a negated clause). "
                + "The patterns are compiled into one decision program (tests shared across patterns, switches over fields "
                + "compared with many values) and then into bytecode.",
        handlers = {"program (r): the compiled decision program: numbered steps with offsets, values, masks and yes/no "
                + "branches, the safe length and the decision count", "drops (r): packets that matched no pattern"},
        example = "c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);",
        notes = "The program handler's format is uniclick's (tests of 1-4 bytes at any offset, switches). "
                + "Unreachable outputs are reported as warnings 'output N matches no packets'. The drops handler is an addition.")
public final class Classifier extends ClassifierBase {
    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        a.complete();
        if (conf.size() != noutputs()) {
            throw new ConfigException("need " + noutputs() + " arguments, one per output port");
        }
        List<String> errors = new ArrayList<>();
        List<Expr> rules = new ArrayList<>();
        int[] outs = new int[conf.size()];
        for (int i = 0; i < conf.size(); i++) {
            rules.add(ClassifierPatterns.parse(conf.get(i), i, errors));
            outs[i] = i;
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        Compiled c = compile(rules, outs);
        install(c);
        warnUnusedOutputs(c, conf.size());
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.readLong("drops", this::drops);
    }
}
