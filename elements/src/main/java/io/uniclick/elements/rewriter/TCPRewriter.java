package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.Handlers;

/** TCP address, port and sequence-number translation (Click's TCPRewriter). */
@ElementInfo(name = "TCPRewriter", ports = "1-/1-", processing = "h/h",
        synopsis = "TCPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])",
        description = "IPRewriter for TCP only: INPUTSPECs as IPRewriter's; non-TCP packets, non-first fragments and packets "
                + "with fewer than 8 transport bytes follow the input's spec (nochange passes them, otherwise dropped). "
                + "Besides addresses and ports, a flow can carry per-direction sequence-number deltas, installed by elements "
                + "that change a TCP payload's length (FTPPortMapper): from the trigger sequence number on, the delta is added "
                + "to that direction's sequence numbers and subtracted from the other direction's acknowledgement numbers "
                + "and SACK blocks, with the TCP checksum updated incrementally. Every new flow starts with no delta.",
        keywords = {"TCP_TIMEOUT: flows with payload seen both ways (24h); TIMEOUT is a synonym",
                "TCP_DONE_TIMEOUT: flows closed both ways by FIN, or by RST (4min)",
                "TCP_NODATA_TIMEOUT: other flows (5min)", "TCP_GUARANTEE: eviction protection after each packet (5s)",
                "REAP_INTERVAL: full reap period (15min)", "MAPPING_CAPACITY: number or rewriter name", "DST_ANNO: (true)",
                "REPLY_ANNO: annotation restored on replies"},
        handlers = {"table (r): mappings in Click's format, with ' seq +N' where a direction has a delta",
                "mappings (r): deprecated synonym of table", "lookup (r with 'SADDR SPORT DADDR DPORT')",
                "table_size, nmappings, mapping_failures, size, capacity, patterns, patternN, clear, bad_packets: as IPRewriter"},
        example = "TCPRewriter(pattern 198.51.100.1 1024-65535# - - 0 1, drop)",
        notes = "A direction keeps its 8 newest delta transitions (Click's list is unbounded): an older one is folded into "
                + "the base delta, which only matters to retransmissions from before the 8th-newest change.")
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
        table.seq = new SeqDeltas();
    }

    /** The entry (flow * 2 + direction) of TCP flow (saddr, sport, daddr, dport), or -1 (never creates one). */
    int controlEntry(int saddr, int sport, int daddr, int dport) {
        return getEntry(6, saddr, sport, daddr, dport, -1);
    }

    /**
     * Click's {@code update_seqno_delta}: from sequence number {@code trigger} on, packets of
     * entry {@code e}'s direction carry {@code delta} more payload bytes. False if the trigger is
     * before the newest one of that direction.
     */
    boolean updateSeqnoDelta(int e, int trigger, int delta) {
        final int f = e >> 1;
        if (!table.live(f)) {
            return false;
        }
        if (!table.seq.update(f, e & 1, trigger, delta)) {
            return false;
        }
        table.setTflags(f, table.tflags(f) | FlowTable.TF_SEQ);
        return true;
    }

    /** The reply annotation stored with entry {@code e}'s flow. */
    int replyAnnoOf(int e) {
        return table.aux(e >> 1);
    }

    @Override
    void unparseExtra(StringBuilder sb, int f, int dir) {
        int d = table.seq.currentDelta(f, dir);
        if (d != 0) {
            sb.append(" seq ").append(d > 0 ? "+" : "").append(d);
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.read("table", () -> tableText(1));
        h.read("mappings", () -> tableText(1));
        h.readParam("lookup", p -> lookupText(p, 1));
    }
}
