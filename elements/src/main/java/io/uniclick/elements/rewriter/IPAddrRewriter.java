package io.uniclick.elements.rewriter;

import io.uniclick.core.element.ElementInfo;

/** Basic NAT by source address, any protocol (Click's IPAddrRewriter). */
@ElementInfo(name = "IPAddrRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "IPAddrRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "Rewrites the source address of packets of any protocol, keeping one mapping per source address: a packet "
                + "whose source has a mapping gets the new source and goes to the forward output; a packet whose destination "
                + "is a mapped new address gets the original address back as destination and goes to the reply output. "
                + "INPUTSPECs as IPRewriter's, with patterns 'SADDR - FOUTPUT ROUTPUT' (SADDR may be A-B or A/len with '#' or '?'). "
                + "Ports are unchanged; IP, TCP and UDP checksums are updated.",
        keywords = {"TIMEOUT: idle timeout (2h)", "GUARANTEE: eviction protection after use (5s)", "REAP_INTERVAL: (15min)",
                "MAPPING_CAPACITY: number or rewriter name", "REPLY_ANNO: annotation restored on replies"},
        handlers = {"table, mappings (r): 'ADDR => NEWADDR [ports] iN expS' lines",
                "table_size, mapping_failures, size, capacity, patterns, patternN, clear: as IPRewriter"},
        example = "IPAddrRewriter(pattern 198.51.100.0/24# - 0 1)",
        notes = "The destination annotation is set on reply packets (always, as in Click).")
public final class IPAddrRewriter extends AddrRewriter {
    /** For the registry. */
    public IPAddrRewriter() {
        super(false);
    }
}
