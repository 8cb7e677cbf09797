package io.uniclick.elements.aqm;

import io.uniclick.core.element.OutputBatches;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.PacketBatch;
import java.util.SplittableRandom;

/** Sends each packet to a randomly chosen output (Click's RandomSwitch). */
@ElementInfo(name = "RandomSwitch", ports = "1/1-", processing = "h/h",
        synopsis = "RandomSwitch",
        description = "Pushes each packet to one of its outputs, chosen uniformly at random for every packet.",
        example = "rs :: RandomSwitch; rs[0] -> q0 :: Queue; rs[1] -> q1 :: Queue;",
        notes = "The generator is seeded from the element's index, so runs are repeatable. Per-output batches are pushed "
                + "after the whole input batch is distributed, in output order.")
public final class RandomSwitch extends Element {
    private OutputBatches split;
    private SplittableRandom random;

    @Override
    public void initialize() {
        split = new OutputBatches(output);
        random = new SplittableRandom(0x5EED_0000L + index());
    }

    @Override
    public void push(int port, PacketBatch b) {
        final int nout = output.length;
        if (nout == 1) {
            output[0].push(b);
            return;
        }
        final OutputBatches s = split;
        final SplittableRandom r = random;
        for (int i = 0, n = b.size(); i < n; i++) {
            s.add(r.nextInt(nout), b.get(i));
        }
        b.clear();
        s.flush();
    }
}
