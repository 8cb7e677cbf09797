package io.uniclick.dsl.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusedGlueTest {
    /** Adds one to byte 0; drops packets whose byte 0 reaches its LIMIT; counts its batches and flushes. */
    @ElementInfo(name = "Bump", ports = "1/1", processing = "a/a")
    public static final class Bump extends Element implements SimpleAction {
        int limit = 256;
        int seen;
        int flushes;

        @Override
        public void configure(io.uniclick.core.config.Args a) throws io.uniclick.core.element.ConfigException {
            limit = a.positional("LIMIT", io.uniclick.core.config.ArgTypes.UINT32, 256);
            a.complete();
        }

        @Override
        public boolean action(Packet p) {
            seen++;
            int v = p.u8(0) + 1;
            if (v >= limit) {
                p.kill();
                return false;
            }
            p.setU8(0, v);
            return true;
        }

        @Override
        public void actionsDone() {
            flushes++;
        }

        int ownPushes;

        @Override
        public void push(int port, PacketBatch b) {
            ownPushes++;
            int k = 0;
            for (int i = 0; i < b.size(); i++) {
                Packet p = b.get(i);
                if (action(p)) {
                    b.set(k++, p);
                }
            }
            b.truncate(k);
            actionsDone();
            if (k > 0) {
                output[0].push(b);
            }
        }
    }

    /** Records the first byte of what reaches it, kills the packets. */
    @ElementInfo(name = "Sink", ports = "1/0", processing = "h/")
    public static final class Sink extends Element {
        final java.util.ArrayList<Integer> got = new java.util.ArrayList<>();

        @Override
        public void push(int port, PacketBatch b) {
            for (int i = 0; i < b.size(); i++) {
                got.add(b.get(i).u8(0));
            }
            b.killAll();
        }
    }

    /** A push source element with nothing to do: the test pushes through its output. */
    @ElementInfo(name = "Src", ports = "0/1", processing = "/h")
    public static final class Src extends Element {
    }

    private static Router compile(String cfg, RouterCompiler.Linking linking) {
        ElementRegistry reg = new ElementRegistry();
        reg.register(Bump.class);
        reg.register(Sink.class);
        reg.register(Src.class);
        Diagnostics d = new Diagnostics();
        Router r = RouterCompiler.compile(cfg, "config", Map.of(), reg, RouterCompiler.Options.defaults().withLinking(linking), d, List.of());
        assertNotNull(r, d.toString());
        return r;
    }

    @Test
    void aLongChainIsCutIntoFusedPiecesAndKeepsEveryElementsEffectAndDrops() {
        String cfg = "s :: Src -> b0 :: Bump -> b1 :: Bump -> b2 :: Bump -> b3 :: Bump -> b4 :: Bump -> b5 :: Bump(9)"
                + " -> b6 :: Bump -> b7 :: Bump -> b8 :: Bump -> b9 :: Bump -> k :: Sink;";
        for (RouterCompiler.Linking l : RouterCompiler.Linking.values()) {
            Router r = compile(cfg, l);
            PacketPool pool = new PacketPool(2048, 64, null);
            PacketBatch b = new PacketBatch();
            for (int v = 0; v < 8; v++) {
                Packet p = pool.allocate(1);
                p.setU8(0, v);
                b.add(p);
            }
            r.element("s").output(0).push(b);
            // b5 drops what reaches 9 there (started at 3 and above); the rest gained 10
            assertEquals(List.of(10, 11, 12), ((Sink) r.element("k")).got, l.toString());
            assertEquals(3, ((Bump) r.element("b9")).seen, l.toString());
            assertEquals(1, ((Bump) r.element("b9")).flushes, l.toString());
            assertEquals(pool.capacity(), pool.available(), l + ": every packet went home");
            String glue = r.element("s").output(0).getClass().getName();
            assertEquals(l == RouterCompiler.Linking.FUSED, glue.contains("Fused$Bump$Bump$Bump$Bump$Bump$Bump$Bump$Bump/"), glue);
            if (l == RouterCompiler.Linking.FUSED) {
                String second = r.element("b7").output(0).getClass().getName();
                assertTrue(second.contains("Fused$Bump$Bump/"), "the ninth and tenth form a chain of their own: " + second);
                assertEquals(0, ((Bump) r.element("b8")).ownPushes, "the first chain pushes into the second chain's loop, not b8's own push");
            }
        }
    }
}
