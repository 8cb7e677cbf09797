package io.uniclick.elements.ip;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.Port;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one element directly: configures and initializes it in a bare router, pushes packets
 * into it and records what leaves each output (packets stay alive until {@link #close}).
 */
final class Harness {
    final Router router;
    final Element element;
    final List<List<Packet>> outputs = new ArrayList<>();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Handlers handlers = new Handlers();
    final PacketPool pool;

    private Harness(Element e, int noutputs, long clockStart) {
        router = new Router(1, clockStart < 0 ? Clock.real() : Clock.simulated(clockStart));
        router.setErrors(new PrintStream(printed, true, StandardCharsets.UTF_8));
        element = e;
        pool = router.pool(e);
        Port[] outs = new Port[noutputs];
        boolean[] outPush = new boolean[noutputs];
        for (int i = 0; i < noutputs; i++) {
            List<Packet> sink = new ArrayList<>();
            outputs.add(sink);
            outPush[i] = true;
            outs[i] = new Port() {
                @Override
                public void push(PacketBatch b) {
                    for (int j = 0; j < b.size(); j++) {
                        sink.add(b.get(j));
                    }
                    b.clear();
                }

                @Override
                public PacketBatch pull(int max) {
                    return null;
                }

                @Override
                public Element peer() {
                    return null;
                }

                @Override
                public int peerPort() {
                    return 0;
                }
            };
        }
        e.identify(0, "e", e.getClass().getSimpleName(), "", "test", router);
        e.wire(new Port[] {Port.UNCONNECTED}, outs, new boolean[] {true}, outPush);
        router.add(e);
    }

    /** Configures and initializes {@code e} with {@code noutputs} connected push outputs. */
    static Harness of(Element e, String config, int noutputs) throws ConfigException {
        return of(e, config, noutputs, -1);
    }

    /** Same, on a simulated clock starting at {@code clockStart} ns. */
    static Harness of(Element e, String config, int noutputs, long clockStart) throws ConfigException {
        Harness h = new Harness(e, noutputs, clockStart);
        e.configure(Args.of(config));
        e.initialize();
        e.addHandlers(h.handlers);
        return h;
    }

    /** The configuration error messages, or fails if configuration succeeds. */
    static List<String> configErrors(Element e, String config) {
        try {
            of(e, config, 2);
        } catch (ConfigException ex) {
            return ex.messages();
        }
        throw new AssertionError("configuration succeeded: " + config);
    }

    /** A packet holding {@code data}. */
    Packet packet(byte[] data) {
        Packet p = pool.allocate(data.length);
        p.copyFrom(data, 0, 0, data.length);
        return p;
    }

    /** Pushes packets in one batch. */
    void push(Packet... ps) {
        PacketBatch b = new PacketBatch();
        for (Packet p : ps) {
            b.add(p);
        }
        element.push(0, b);
    }

    /** Pushes one packet holding {@code data}; returns it. */
    Packet push(byte[] data) {
        Packet p = packet(data);
        push(p);
        return p;
    }

    List<Packet> out(int i) {
        return outputs.get(i);
    }

    /** The only packet on output {@code i}. */
    Packet single(int i) {
        if (outputs.get(i).size() != 1) {
            throw new AssertionError("output " + i + " has " + outputs.get(i).size() + " packets");
        }
        return outputs.get(i).get(0);
    }

    String read(String handler) {
        try {
            return handlers.get(handler).reader().read("");
        } catch (HandlerException ex) {
            throw new AssertionError(ex);
        }
    }

    void write(String handler, String value) throws HandlerException {
        handlers.get(handler).writer().write(value);
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Packets in the pool's free stack (to check nothing leaks). */
    int available() {
        return pool.available();
    }

    void clearOutputs() {
        for (List<Packet> l : outputs) {
            for (Packet p : l) {
                p.kill();
            }
            l.clear();
        }
    }
}
