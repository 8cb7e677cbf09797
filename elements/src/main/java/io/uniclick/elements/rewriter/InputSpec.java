package io.uniclick.elements.rewriter;

import io.uniclick.core.packet.Packet;

/** One rewriter input's specification (Click's IPRewriterInput). */
final class InputSpec {
    static final int DROP = 0;
    static final int NOCHANGE = 1;
    static final int KEEP = 2;
    static final int PATTERN = 3;
    static final int MAPPER = 4;

    int kind = DROP;
    int foutput = -1;
    int routput = -1;
    Pattern pattern;
    IPMapper mapper;
    long failures;
    int index;

    InputSpec() {
    }

    InputSpec(int kind, Pattern p, int fout, int rout) {
        this.kind = kind;
        this.pattern = p;
        this.foutput = fout;
        this.routput = rout;
    }

    /**
     * Click's {@code rewrite_flowid}: an output port (nochange), {@link Pattern#RW_ADDMAP} with
     * {@code out} set, or {@link Pattern#RW_DROP}. Pattern and mapper failures count here.
     */
    int rewrite(FlowId in, FlowId out, FlowTable table, int cls, Packet p) {
        int r;
        switch (kind) {
            case NOCHANGE:
                return foutput;
            case KEEP:
                out.copy(in);
                return Pattern.RW_ADDMAP;
            case PATTERN:
                r = pattern.rewrite(in, out, table, cls);
                break;
            case MAPPER:
                r = mapper.rewriteFlowid(this, in, out, table, cls, p);
                break;
            default:
                return Pattern.RW_DROP;
        }
        if (r == Pattern.RW_DROP) {
            failures++;
        }
        return r;
    }

    /** The {@code patterns} handler's description of this input. */
    String describe() {
        return switch (kind) {
            case DROP -> "<drop>";
            case NOCHANGE -> "<nochange>";
            case KEEP -> "<keep>";
            case PATTERN -> pattern.unparse();
            default -> "<mapper>";
        };
    }
}
