package io.uniclick.elements.rewriter;

import io.uniclick.core.config.ArgTypes;

/** A mutable flow id (Click's IPFlowID): addresses as packed ints, ports as 0–65535. Reused on the data path. */
final class FlowId {
    int saddr;
    int sport;
    int daddr;
    int dport;

    void set(int saddr, int sport, int daddr, int dport) {
        this.saddr = saddr;
        this.sport = sport;
        this.daddr = daddr;
        this.dport = dport;
    }

    void copy(FlowId o) {
        set(o.saddr, o.sport, o.daddr, o.dport);
    }

    /** Click's IPFlowID unparse: {@code (1.2.3.4, 80, 5.6.7.8, 1024)}. */
    static String unparse(int saddr, int sport, int daddr, int dport) {
        return "(" + ArgTypes.formatIPv4(saddr) + ", " + sport + ", " + ArgTypes.formatIPv4(daddr) + ", " + dport + ")";
    }

    @Override
    public String toString() {
        return unparse(saddr, sport, daddr, dport);
    }
}
