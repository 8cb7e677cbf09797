package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;

/** TCP address and port translation (Click's TCPRewriter). */
@ElementInfo(name = "TCPRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "TCPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "IPRewriter for TCP only: INPUTSPECs as IPRewriter's; non-TCP packets follow the input's spec.",
        keywords = {"TCP_TIMEOUT: flows with data both ways (24h); TIMEOUT is a synonym", "TCP_DONE_TIMEOUT: after FIN/RST (4min)",
                "TCP_NODATA_TIMEOUT: other flows (5min)", "TCP_GUARANTEE: eviction protection after use (5s)",
                "REAP_INTERVAL: full reap period (15min)", "MAPPING_CAPACITY: number or rewriter name", "DST_ANNO: (true)",
                "REPLY_ANNO: annotation restored on replies"},
        handlers = {"table, mappings (r): mappings in Click's format", "lookup (r with 'SADDR SPORT DADDR DPORT')",
                "table_size, mapping_failures, size, capacity, patterns, patternN, clear: as IPRewriter"},
        example = "TCPRewriter(pattern 198.51.100.1 1024-65535# - - 0 1, drop)",
        notes = "Sequence-number deltas (Click's FTPPortMapper interface) are not implemented: no uniclick element requests "
                + "them. Otherwise as IPRewriter.")
public final class TCPRewriter extends TcpUdpRewriter {
    /** For the registry. */
    public TCPRewriter() {
        super(MODE_TCP);
    }

    @Override
    public void configure(Args a) throws ConfigException {
        readTcpKeywords(a);
        readAnnoKeywords(a);
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
