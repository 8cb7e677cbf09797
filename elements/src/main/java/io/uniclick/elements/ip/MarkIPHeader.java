package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Sets the network header annotation without checking anything (Click's MarkIPHeader). */
@ElementInfo(name = "MarkIPHeader", ports = "1/1", processing = "a/a",
        synopsis = "MarkIPHeader([OFFSET])",
        description = "Marks packets as IP packets by setting the network header annotation to OFFSET bytes into the "
                + "packet (default 0), with the header length taken from the IP header length field; the transport "
                + "header annotation follows the IP header. Does not check the header: use CheckIPHeader for that.",
        keywords = {"OFFSET: where the IP header starts (default 0)"},
        example = "FromDump(t.pcap) -> MarkIPHeader(14) -> IPPrint -> Discard;",
        notes = "A packet not long enough to hold OFFSET plus one byte passes unmarked (Click would read past its end).")
public final class MarkIPHeader extends Element {
    private int offset;

    @Override
    public void configure(Args a) throws ConfigException {
        offset = a.positional("OFFSET", ArgTypes.UINT32, 0);
        a.complete();
    }

    private void mark(PacketBatch b) {
        final int off = offset;
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            if (p.length() > off) {
                p.setNetworkHeader(off, (p.u8(off) & 15) << 2);
            }
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        mark(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            mark(b);
        }
        return b;
    }
}
