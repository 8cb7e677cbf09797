package io.uniclick.elements.classifier;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Test-only: sets the network header annotation at OFFSET with length ip_hl*4 (like MarkIPHeader), no checks. */
@ElementInfo(name = "TestMarkIPHeader", ports = "1/1", processing = "a/a", synopsis = "TestMarkIPHeader([OFFSET])")
public final class TestMarkIPHeader extends Element {
    private int offset;

    @Override
    public void configure(Args a) throws ConfigException {
        offset = a.positional("OFFSET", ArgTypes.INT32, 0);
        a.complete();
    }

    @Override
    public void push(int port, PacketBatch b) {
        for (int i = 0; i < b.size(); i++) {
            Packet p = b.get(i);
            int hl = p.length() > offset ? (p.u8(offset) & 15) << 2 : 0;
            p.setNetworkHeader(offset, hl);
        }
        output[0].push(b);
    }
}
