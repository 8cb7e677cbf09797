package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/** Sets the destination IP address annotation to a constant (Click's SetIPAddress). */
@ElementInfo(name = "SetIPAddress", ports = "1/1", processing = "a/a",
        synopsis = "SetIPAddress(IPADDR [, *keywords* ANNO])",
        description = "Sets the destination IP address annotation (or the 4-byte annotation ANNO) of every packet to "
                + "IPADDR. Typically used before ARPQuerier to send everything to one next hop.",
        keywords = {"ANNO: annotation to set (default DST_IP)"},
        handlers = {"addr (rw): the address"},
        example = "... -> SetIPAddress(10.0.0.1) -> ARPQuerier(eth0) -> ...")
public final class SetIPAddress extends Element {
    private volatile int addr;
    private int anno;

    @Override
    public void configure(Args a) throws ConfigException {
        addr = a.mandatoryPositional("IPADDR", ArgTypes.IPV4) instanceof Integer i ? i : 0;
        anno = a.keyword("ANNO", AnnoArg.of(4), 0);
        a.complete();
    }

    private void set(PacketBatch b) {
        final int v = addr;
        final int an = anno;
        for (int i = 0, n = b.size(); i < n; i++) {
            b.get(i).setAnno32(an, v);
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        set(b);
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            set(b);
        }
        return b;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("addr", () -> ArgTypes.formatIPv4(addr), v -> addr = HandlerValues.parse(ArgTypes.IPV4, v));
    }
}
