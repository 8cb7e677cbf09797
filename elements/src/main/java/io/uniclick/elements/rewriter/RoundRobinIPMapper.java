package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/** Round-robin choice among rewrite patterns for new flows (Click's RoundRobinIPMapper). */
@ElementInfo(name = "RoundRobinIPMapper", ports = "0/0", processing = "a/a",
        synopsis = "RoundRobinIPMapper(PATTERN1, ..., PATTERNn)",
        description = "An IPMapper: name it as a rewriter's INPUTSPEC. Each argument is 'SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' "
                + "(or 'NAME FOUTPUT ROUTPUT'). Each new flow takes the next pattern in turn, starting with the first; a pattern "
                + "that cannot map the flow (its port range is exhausted) is skipped. With patterns rewriting the destination "
                + "this is a stateful layer-4 load balancer: every packet of a flow, and its replies, follow the first choice.",
        example = "rr :: RoundRobinIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1);\nlb :: IPRewriter(rr);",
        notes = "The turn is shared by every rewriter using the mapper, as in Click.")
public final class RoundRobinIPMapper extends Element implements IPMapper {
    private InputSpec[] is = new InputSpec[0];
    private int last;

    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_DEFAULT - 1;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        if (conf.isEmpty()) {
            throw new ConfigException("no patterns given");
        }
        if (conf.size() == 1) {
            context.errors().println(landmark() + ": warning: only one pattern given");
        }
        List<String> errors = new ArrayList<>();
        List<InputSpec> list = new ArrayList<>();
        for (String c : conf) {
            InputSpec s = new InputSpec();
            s.kind = InputSpec.PATTERN;
            try {
                RewriterBase.parsePatternWithPorts(ConfigText.splitWords(c), s, "", this, context);
                list.add(s);
            } catch (ConfigException e) {
                errors.addAll(e.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        is = list.toArray(new InputSpec[0]);
    }

    @Override
    public void notifyRewriter(Element user, InputSpec input, List<String> errors) {
        for (int i = 0; i < is.length; i++) {
            if (is[i].foutput >= user.noutputs() || is[i].routput >= user.noutputs()) {
                errors.add("output port out of range in " + declaration() + " pattern " + i);
            }
        }
    }

    @Override
    public int rewriteFlowid(InputSpec input, FlowId in, FlowId out, FlowTable table, int cls, Packet p) {
        final InputSpec[] specs = is;
        for (int i = 0; i < specs.length; i++) {
            InputSpec s = specs[last];
            if (++last == specs.length) {
                last = 0;
            }
            int r = s.rewrite(in, out, table, cls, p);
            if (r != Pattern.RW_DROP) {
                input.foutput = s.foutput;
                input.routput = s.routput;
                return r;
            }
        }
        return Pattern.RW_DROP;
    }
}
