package io.uniclick.elements.rewriter;

import io.uniclick.core.element.ElementInfo;

/** Basic NAT by address pair, any protocol (Click's IPAddrPairRewriter). */
@ElementInfo(name = "IPAddrPairRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "IPAddrPairRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "Like IPAddrRewriter, but mappings are keyed by the (source, destination) address pair and may rewrite "
                + "both addresses: patterns 'SADDR DADDR FOUTPUT ROUTPUT'. Ports are unchanged; checksums are updated; the "
                + "destination annotation is set.",
        keywords = {"TIMEOUT: idle timeout (2h)", "GUARANTEE: (5s)", "REAP_INTERVAL: (15min)", "MAPPING_CAPACITY: number or rewriter name",
                "REPLY_ANNO: annotation restored on replies"},
        handlers = {"table, mappings (r): Click's flow format", "table_size, mapping_failures, size, capacity, patterns, patternN, clear"},
        example = "IPAddrPairRewriter(pattern 198.51.100.1 - 0 1)")
public final class IPAddrPairRewriter extends AddrRewriter {
    /** For the registry. */
    public IPAddrPairRewriter() {
        super(true);
    }
}
