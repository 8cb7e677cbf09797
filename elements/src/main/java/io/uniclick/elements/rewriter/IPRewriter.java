package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;

/** TCP and UDP network address and port translation (Click's IPRewriter). */
@ElementInfo(name = "IPRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "IPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "Rewrites TCP and UDP flows by changing source and destination addresses and ports, keeping a mapping per "
                + "flow so that all packets of a flow, and of its reply flow, are rewritten consistently. There is one INPUTSPEC per "
                + "input: 'drop' (or 'discard'); 'pass OUTPUT' ('passthrough', 'nochange'): send unmapped packets to OUTPUT "
                + "unchanged; 'keep FOUTPUT ROUTPUT': install an identity mapping; 'pattern SADDR SPORT DADDR DPORT FOUTPUT "
                + "ROUTPUT': rewrite to the pattern, '-' keeping a field; SPORT may be a range L-H (suffix '#' sequential, '?' "
                + "random not preferring the packet's own port; by default the packet's own port is kept when it is in the "
                + "range and free, else a random free port is taken); SADDR may be a range A-B or a prefix A/len; "
                + "'pattern NAME FOUTPUT ROUTPUT' names an IPRewriterPatterns pattern; 'ELEMENTNAME' names an IPMapper "
                + "(RoundRobinIPMapper, SourceIPHashMapper, MaglevIPMapper). Packets matching a mapping go to its forward output, "
                + "replies to its reply output. Non-TCP/UDP packets and non-first fragments follow the input's spec (passed by "
                + "'pass', dropped otherwise). Checksums are updated incrementally; a UDP checksum of 0 stays 0.",
        keywords = {"TCP_TIMEOUT: timeout of TCP flows with data both ways (24h); TIMEOUT is a synonym",
                "TCP_DONE_TIMEOUT: timeout after FIN both ways or RST (4min)",
                "TCP_NODATA_TIMEOUT: timeout of other TCP flows (5min)", "TCP_GUARANTEE: time a used TCP flow is safe from eviction (5s)",
                "UDP_TIMEOUT: UDP timeout (5min)", "UDP_STREAMING_TIMEOUT: timeout of UDP flows seen both ways with 3+ packets (UDP_TIMEOUT)",
                "UDP_GUARANTEE: time a used UDP flow is safe from eviction (5s)",
                "REAP_INTERVAL: period of the full reap (15min); expired flows are also removed incrementally as packets arrive",
                "MAPPING_CAPACITY: maximum number of flows, or the name of a rewriter whose capacity to share (CAPACITY is a synonym)",
                "DST_ANNO: set the destination address annotation to the rewritten destination (true)",
                "REPLY_ANNO: annotation byte offset saved from the first packet and restored on reply packets"},
        handlers = {"table_size (r): number of mappings (nmappings is a synonym)", "mapping_failures (r): flows that could not be mapped",
                "size (r): flows in the (possibly shared) flow set", "capacity (rw): maximum flows", "patterns (r): input specs",
                "patternN (rw): input spec N; writing replaces it and removes its flows", "clear (w): remove every mapping",
                "tcp_table, udp_table (r): mappings in Click's format", "tcp_mappings, udp_mappings (r): synonyms",
                "tcp_lookup, udp_lookup (r with 'SADDR SPORT DADDR DPORT'): the rewritten flow, or nothing",
                "lookup (r with 'SADDR SPORT DADDR DPORT'): TCP first, then UDP", "bad_packets (r): packets too short for an IP header"},
        example = "nat :: IPRewriter(pattern 198.51.100.1 1024-65535 - - 0 1, drop);",
        notes = "Flow tables are preallocated open-addressing arrays (65536 flows, doubling up to the capacity); expired flows "
                + "are removed incrementally on the data path instead of only every REAP_INTERVAL, so a packet arriving after "
                + "its flow's timeout but before Click's next reap gets a fresh mapping here. Random port choices use a "
                + "deterministic generator (see Pattern). When several rewriters share a capacity, a full set evicts from the "
                + "rewriter adding the flow. Timeouts have millisecond resolution.")
public final class IPRewriter extends TcpUdpRewriter {
    /** For the registry. */
    public IPRewriter() {
        super(MODE_IP);
    }

    @Override
    public void configure(Args a) throws ConfigException {
        readUdpKeywords(a, false);
        readTcpKeywords(a);
        readAnnoKeywords(a);
        readBaseKeywords(a);
        configureSpecs(a, true);
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.read("tcp_table", () -> tableText(1));
        h.read("udp_table", () -> tableText(2));
        h.read("tcp_mappings", () -> tableText(1));
        h.read("udp_mappings", () -> tableText(2));
        h.readParam("tcp_lookup", p -> lookupText(p, 1));
        h.readParam("udp_lookup", p -> lookupText(p, 2));
        h.readParam("lookup", p -> {
            String r = lookupText(p, 1);
            return r.isEmpty() ? lookupText(p, 2) : r;
        });
    }
}
