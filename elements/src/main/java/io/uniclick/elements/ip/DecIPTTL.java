package io.uniclick.elements.ip;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Decrements the IP time-to-live (Click's DecIPTTL). */
@ElementInfo(name = "DecIPTTL", ports = "1/1-2", processing = "a/ah",
        synopsis = "DecIPTTL([*keywords* ACTIVE, MULTICAST])",
        description = "Expects IP packets with the network header annotation (set by CheckIPHeader or MarkIPHeader). "
                + "A packet whose TTL is 0 or 1 is counted and sent to output 1 (usually to ICMPError timeexceeded), or "
                + "dropped if output 1 is not connected. Otherwise the TTL is decremented and the header checksum "
                + "updated incrementally (RFC 1624), and the packet leaves on output 0.",
        keywords = {"ACTIVE: if false, pass packets unchanged (default true)",
                "MULTICAST: if false, pass multicast packets unchanged (default true)"},
        handlers = {"drops (r): expired packets", "active (rw)"},
        example = "... -> dt :: DecIPTTL -> ...; dt[1] -> ICMPError(10.0.0.1, timeexceeded) -> ...",
        notes = "A packet without an IP header annotation, or too short for the header, is dropped and counted in drops "
                + "(Click asserts).")
public final class DecIPTTL extends Element implements SimpleAction {
    private volatile boolean active;
    private boolean multicast;
    private long drops;
    private Rejects rejects;

    @Override
    public void configure(Args a) throws ConfigException {
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        multicast = a.keyword("MULTICAST", ArgTypes.BOOL, true);
        a.complete();
    }

    @Override
    public void initialize() {
        rejects = new Rejects(noutputs() > 1 && outputConnected(1) ? output[1] : null);
    }

    @Override
    public boolean action(Packet p) {
        if (!active) {
            return true;
        }
        int nh = p.networkHeaderOffset();
        if (!p.hasNetworkHeader() || nh < 0 || nh + 20 > p.length()) {
            drops++;
            p.kill();
            return false;
        }
        if (!multicast && (p.i32(nh + 16) & 0xF0000000) == 0xE0000000) {
            return true;
        }
        // TTL, protocol and checksum are one 32-bit word: one load and one store
        int w = p.i32(nh + 8);
        int ttl = w >>> 24;
        if (ttl <= 1) {
            drops++;
            rejects.add(p);
            return false;
        }
        // Click's incremental update for a TTL decrement: ~(~old_sum + 0xFEFF)
        int sum = (~w & 0xFFFF) + 0xFEFF;
        p.setI32(nh + 8, (w - 0x0100_0000) & 0xFFFF_0000 | ~(sum + (sum >>> 16)) & 0xFFFF);
        return true;
    }

    @Override
    public void actionsDone() {
        rejects.flush();
    }

    @Override
    public void push(int port, PacketBatch b) {
        SimpleAction.push(this, b, output[0]);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        return SimpleAction.pull(this, input[0].pull(max));
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("drops", () -> drops);
        h.readWrite("active", () -> Boolean.toString(active), v -> active = HandlerValues.parse(ArgTypes.BOOL, v));
    }
}
