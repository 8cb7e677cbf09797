package io.uniclick.elements.classifier;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;
import java.util.ArrayList;
import java.util.List;

/** Click's IPFilter: ACTION EXPR rules. */
@ElementInfo(name = "IPFilter", ports = "1/-", processing = "h/h",
        synopsis = "IPFilter(ACTION_1 PATTERN_1, ..., ACTION_N PATTERN_N)",
        description = "Filters IP packets. Each argument is an ACTION followed by an IPClassifier expression; the first "
                + "rule whose expression matches decides: ACTION 'allow' sends the packet to output 0, a number to that "
                + "output, 'deny' or 'drop' drops it. Packets matching no rule are dropped. An ACTION alone, or followed by "
                + "'-', 'any' or 'all', matches everything. See IPClassifier for the expression language; the network-header "
                + "annotation must be set (CheckIPHeader or MarkIPHeader). The rules are compiled into one decision program "
                + "and then into bytecode.",
        handlers = {"program (r): the compiled decision program", "drops (r): packets dropped (deny/drop rules or no match)"},
        example = "IPFilter(allow tcp && dst port 80, allow udp && dst port 53, deny all);",
        notes = "As IPClassifier. The drops handler is an addition.")
public final class IPFilter extends ClassifierBase {
    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        a.complete();
        IPFilterParser.Result r = IPFilterParser.parseFilter(conf, noutputs(), a.addresses());
        if (!r.errors().isEmpty()) {
            throw new ConfigException(r.errors());
        }
        warn(r.warnings());
        List<Expr> rules = new ArrayList<>();
        int[] outs = new int[r.rules().size()];
        for (int i = 0; i < outs.length; i++) {
            rules.add(Lowering.lower(r.rules().get(i).ast()));
            outs[i] = r.rules().get(i).output();
        }
        install(compile(rules, outs));
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.readLong("drops", this::drops);
    }
}
