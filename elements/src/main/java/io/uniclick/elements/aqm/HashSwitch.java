package io.uniclick.elements.aqm;

import io.uniclick.core.element.OutputBatches;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;

/** Spreads packets over its outputs by a hash of some of their bytes (Click's HashSwitch). */
@ElementInfo(name = "HashSwitch", ports = "1/1-", processing = "h/h",
        synopsis = "HashSwitch(OFFSET, LENGTH)",
        description = "Adds up the LENGTH bytes starting OFFSET bytes into each packet and sends the packet to the output "
                + "that sum selects: with 2, 4 or 8 outputs, (sum ^ (sum >> 4)) masked to the output count, otherwise sum "
                + "modulo the output count. Packets with equal bytes there (one flow, when the bytes are addresses and "
                + "ports) always take the same output. Packets too short to hold those bytes go to output 0.",
        keywords = {"OFFSET: first byte hashed", "LENGTH: number of bytes hashed (> 0)"},
        example = "hs :: HashSwitch(26, 8); hs[0] -> q0 :: Queue; hs[1] -> q1 :: Queue;  // IP addresses after Ethernet",
        notes = "Same hash as Click, so the same packet picks the same output number. Per-output batches are pushed after "
                + "the whole input batch is distributed, in output order.")
public final class HashSwitch extends Element {
    private int offset;
    private int length;
    private OutputBatches split;

    @Override
    public void configure(Args a) throws ConfigException {
        Integer off = a.mandatoryPositional("OFFSET", ArgTypes.UINT32);
        Integer len = a.mandatoryPositional("LENGTH", ArgTypes.UINT32);
        a.complete();
        if (len == 0) {
            throw new ConfigException("LENGTH: length must be > 0");
        }
        offset = off;
        length = len;
    }

    @Override
    public void initialize() {
        split = new OutputBatches(output);
    }

    @Override
    public void push(int port, PacketBatch b) {
        final int nout = output.length;
        if (nout == 1) {
            output[0].push(b);
            return;
        }
        final OutputBatches s = split;
        final int off = offset;
        final int end = offset + length;
        final boolean mask = nout == 2 || nout == 4 || nout == 8;
        for (int i = 0, n = b.size(); i < n; i++) {
            Packet p = b.get(i);
            int o = 0;
            if (p.length() >= end) {
                int d = 0;
                for (int k = off; k < end; k++) {
                    d += p.u8(k);
                }
                o = mask ? (d ^ (d >> 4)) & (nout - 1) : d % nout;
            }
            s.add(o, p);
        }
        b.clear();
        s.flush();
    }
}
