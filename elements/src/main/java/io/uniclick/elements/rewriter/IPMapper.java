package io.uniclick.elements.rewriter;

import io.uniclick.core.element.Element;
import io.uniclick.core.packet.Packet;
import java.util.List;

/**
 * An element a rewriter can name as an INPUTSPEC (Click's IPMapper): it chooses the rewritten
 * flow of each new flow, and sets the input's forward and reply outputs.
 */
interface IPMapper {
    /** Checks the mapper's output ports against the rewriter {@code user}; appends errors. */
    void notifyRewriter(Element user, InputSpec input, List<String> errors);

    /** Rewrites {@code in} into {@code out}; returns {@link Pattern#RW_ADDMAP}, {@link Pattern#RW_DROP} or an output port. */
    int rewriteFlowid(InputSpec input, FlowId in, FlowId out, FlowTable table, int cls, Packet p);
}
