package io.uniclick.dsl.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.element.GenericPort;
import io.uniclick.core.element.Port;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlueGeneratorTest {
    /** Counts pushed batches by input port and passes them on; pulls answer with the port number. */
    @ElementInfo(name = "Probe", ports = "-/-", processing = "a/a")
    public static final class Probe extends Element {
        final int[] seen = new int[4];

        @Override
        public void push(int port, PacketBatch b) {
            seen[port]++;
            if (noutputs() > 0) {
                output[0].push(b);
            }
        }

        @Override
        public PacketBatch pull(int port, int max) {
            seen[port]++;
            return null;
        }
    }

    private static Router compile(String cfg, RouterCompiler.Linking linking) {
        ElementRegistry reg = new ElementRegistry();
        reg.register(Probe.class);
        Diagnostics d = new Diagnostics();
        Router r = RouterCompiler.compile(cfg, "config", Map.of(), reg, RouterCompiler.Options.defaults().withLinking(linking), d, List.of());
        assertNotNull(r, d.toString());
        return r;
    }

    @Test
    void generatedGlueIsAHiddenClassPerConnectionCallingThePeerPort() {
        Router r = compile("a :: Probe; b :: Probe; c :: Probe; a [0] -> [0] b; a [1] -> [1] b; a [2] -> [2] b; a [3] -> [3] c;"
                + " b -> [0] c; Probe -> [1] c; Probe -> [2] c;", RouterCompiler.Linking.GENERATED);
        Element a = r.element("a");
        Port p0 = a.output(2);
        Port p1 = a.output(3);
        assertTrue(p0.getClass().isHidden());
        assertTrue(p0.getClass() != p1.getClass(), "each connection has its own class");
        assertSame(r.element("b"), p0.peer());
        assertEquals(2, p0.peerPort());
        p0.push(new PacketBatch());
        p1.push(new PacketBatch());
        assertEquals(1, ((Probe) r.element("b")).seen[2]);
        assertEquals(1, ((Probe) r.element("c")).seen[3]);
        assertEquals(1, ((Probe) r.element("c")).seen[0], "b forwarded to c's input 0");
    }

    @Test
    void genericLinkingUsesOneSharedPortClass() {
        Router r = compile("a :: Probe; b :: Probe; a -> b;", RouterCompiler.Linking.GENERIC);
        assertEquals(GenericPort.class, r.element("a").output(0).getClass());
        assertTrue(r.element("a").output(0) instanceof GenericPort);
    }

    @Test
    void glueReachesPullPeersToo() {
        byte[] bytes = GlueGenerator.generate(Probe.class, 5);
        assertTrue(bytes.length > 100);
        Probe p = new Probe();
        Port glue = GlueGenerator.link(p, 3);
        glue.pull(8);
        assertEquals(1, p.seen[3]);
    }
}
