package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;

/** UDP (and TCP/DCCP, without TCP state) address and port translation (Click's UDPRewriter). */
@ElementInfo(name = "UDPRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "UDPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "IPRewriter with UDP timeouts for every flow: UDP, TCP and DCCP packets share one table and one set of "
                + "timeouts (TCP connection state is not tracked). INPUTSPECs as IPRewriter's.",
        keywords = {"TIMEOUT: flow timeout (5min); UDP_TIMEOUT is a synonym",
                "STREAMING_TIMEOUT: flows seen both ways with 3+ packets (TIMEOUT); UDP_STREAMING_TIMEOUT is a synonym",
                "GUARANTEE: eviction protection after use (5s); UDP_GUARANTEE is a synonym", "REAP_INTERVAL: (15min)",
                "MAPPING_CAPACITY: number or rewriter name", "DST_ANNO: (true)", "REPLY_ANNO: annotation restored on replies"},
        handlers = {"table, mappings (r): mappings in Click's format", "lookup (r with 'SADDR SPORT DADDR DPORT')",
                "table_size, mapping_failures, size, capacity, patterns, patternN, clear: as IPRewriter"},
        example = "UDPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1, drop)")
public final class UDPRewriter extends TcpUdpRewriter {
    /** For the registry. */
    public UDPRewriter() {
        super(MODE_UDP);
    }

    @Override
    public void configure(Args a) throws ConfigException {
        readAnnoKeywords(a);
        readUdpKeywords(a, true);
        readBaseKeywords(a);
        configureSpecs(a, true);
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.read("table", () -> tableText(1));
        h.read("mappings", () -> tableText(1));
        h.readParam("lookup", p -> lookupText(p, 1));
    }
}
