package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;

/**
 * Configuration, drop accounting and handlers shared by CheckTCPHeader, CheckUDPHeader and
 * CheckICMPHeader. Each subclass checks one packet in {@code action} (so that fused chains run it)
 * and has its own one-line {@code push} and {@code pull}, which keep its exact type at the call.
 */
abstract sealed class CheckHeaderBase extends Element implements SimpleAction permits CheckTCPHeader, CheckUDPHeader, CheckICMPHeader {
    private boolean verbose;
    private long[] reasonDrops;
    long drops;
    private byte[][] messages;
    Rejects rejects;

    /** Reason texts, Click's order. */
    abstract String[] reasons();

    /** The message prefix Click prints before the reason. */
    abstract String messagePrefix();

    @Override
    public final void actionsDone() {
        rejects.flush();
    }

    @Override
    public void configure(Args a) throws ConfigException {
        verbose = a.keyword("VERBOSE", ArgTypes.BOOL, false);
        boolean details = a.keyword("DETAILS", ArgTypes.BOOL, false);
        a.complete();
        reasonDrops = details ? new long[reasons().length] : null;
    }

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
        String[] r = reasons();
        messages = new byte[r.length][];
        for (int i = 0; i < r.length; i++) {
            messages[i] = IPSupport.line(messagePrefix() + r[i]);
        }
    }

    /** Drops (or rejects to output 1) a packet that failed for {@code reason}; returns false, the action's result. */
    final boolean drop(int reason, Packet p) {
        if (drops == 0 || verbose) {
            byte[] m = messages[reason];
            context.errors().write(m, 0, m.length);
        }
        drops++;
        if (reasonDrops != null) {
            reasonDrops[reason]++;
        }
        rejects.add(p);
        return false;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
        if (reasonDrops != null) {
            h.read("drop_details", () -> {
                StringBuilder sb = new StringBuilder();
                String[] r = reasons();
                for (int i = 0; i < r.length; i++) {
                    sb.append(reasonDrops[i]).append('\t').append(r[i]).append('\n');
                }
                return sb.toString();
            });
        }
    }
}
