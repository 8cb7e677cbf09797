package io.uniclick.elements.iproute;

import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.compile.RouterCompiler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support for this package: compiles configurations with the element library plus the
 * test elements below, runs them, and reads and writes pcap files.
 */
final class Harness {
    private static final ElementRegistry REGISTRY = ElementRegistry.load(Harness.class.getClassLoader());

    static {
        REGISTRY.register(TestSetDst.class);
        REGISTRY.register(TestTypeSwitch.class);
    }

    final Router router;
    final Diagnostics diags;
    private final ByteArrayOutputStream printed;

    private Harness(Router r, Diagnostics d, ByteArrayOutputStream printed) {
        this.router = r;
        this.diags = d;
        this.printed = printed;
    }

    static Harness compile(String config) {
        return compile(config, Map.of());
    }

    static Harness compile(String config, Map<String, String> defines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Diagnostics d = new Diagnostics();
        RouterCompiler.Options opt = new RouterCompiler.Options(1, Clock.real(), RouterCompiler.Linking.FUSED, ps);
        Router r = RouterCompiler.compile(config, "config", defines, REGISTRY, opt, d, List.of());
        return new Harness(r, d, out);
    }

    /** Compiles, failing with the diagnostics if it does not compile. */
    static Harness ok(String config) {
        Harness h = compile(config);
        if (h.router == null) {
            throw new AssertionError("configuration failed:\n" + h.errors());
        }
        return h;
    }

    /** Runs to the end and cleans up (ToDump files are complete afterwards). */
    Harness run() {
        runOnly();
        router.cleanup();
        return this;
    }

    /** Runs to the end without cleaning up, so handlers still show the final state; call {@code router.cleanup()} later. */
    Harness runOnly() {
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(20_000);
                router.stop();
            } catch (InterruptedException ignored) {
                // done
            }
        });
        router.run();
        watchdog.interrupt();
        return this;
    }

    String errors() {
        StringBuilder sb = new StringBuilder();
        diags.all().forEach(x -> sb.append(x.format()).append('\n'));
        return sb.toString();
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    String read(String h) throws HandlerException {
        return router.readHandler(null, h, "");
    }

    String read(String h, String param) throws HandlerException {
        return router.readHandler(null, h, param);
    }

    void write(String h, String v) throws HandlerException {
        router.writeHandler(null, h, v);
    }

    // ---- pcap ----------------------------------------------------------------------------------

    static void writePcap(Path f, List<byte[]> frames) throws IOException {
        int size = 24;
        for (byte[] b : frames) {
            size += 16 + b.length;
        }
        ByteBuffer bb = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int t = 1000;
        for (byte[] b : frames) {
            bb.putInt(t++).putInt(0).putInt(b.length).putInt(b.length).put(b);
        }
        Files.write(f, bb.array());
    }

    static List<byte[]> readPcap(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        bb.position(24);
        List<byte[]> out = new ArrayList<>();
        while (bb.remaining() >= 16) {
            bb.getInt();
            bb.getInt();
            int caplen = bb.getInt();
            bb.getInt();
            byte[] b = new byte[caplen];
            bb.get(b);
            out.add(b);
        }
        return out;
    }

    // ---- frames --------------------------------------------------------------------------------

    static byte[] mac(String s) {
        String[] p = s.split("[:-]");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return b;
    }

    static byte[] ip(String s) {
        String[] p = s.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return b;
    }

    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    /** An ARP frame (42 bytes, or padded to {@code pad}). */
    static byte[] arp(String ethDst, String ethSrc, int op, String sha, String spa, String tha, String tpa, int pad) {
        byte[] f = cat(mac(ethDst), mac(ethSrc), u16(0x0806), u16(1), u16(0x0800), new byte[] {6, 4}, u16(op),
                mac(sha), ip(spa), mac(tha), ip(tpa));
        return pad > f.length ? java.util.Arrays.copyOf(f, pad) : f;
    }

    /** A 20-byte IPv4 header (valid checksum) plus {@code payload} bytes of zeros, UDP protocol. */
    static byte[] ipPacket(String src, String dst, int ttl, int payload) {
        byte[] h = cat(new byte[] {0x45, 0}, u16(20 + payload), u16(0x1234), u16(0), new byte[] {(byte) ttl, 17},
                u16(0), ip(src), ip(dst));
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += (h[i] & 0xFF) << 8 | (h[i + 1] & 0xFF);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        int c = ~sum & 0xFFFF;
        h[10] = (byte) (c >> 8);
        h[11] = (byte) c;
        return cat(h, new byte[payload]);
    }

    static byte[] ether(String dst, String src, int type, byte[] payload) {
        return cat(mac(dst), mac(src), u16(type), payload);
    }

    /** Test element: sets the destination IP annotation from the IPv4 header at OFFSET (default 14). */
    @ElementInfo(name = "TestSetDst", ports = "1/1", processing = "a/a", synopsis = "TestSetDst([OFFSET])")
    public static final class TestSetDst extends Element {
        private int offset;

        @Override
        public void configure(Args a) throws ConfigException {
            offset = a.positional("OFFSET", io.uniclick.core.config.ArgTypes.UINT32, 14);
            a.complete();
        }

        @Override
        public void push(int port, PacketBatch b) {
            for (int i = 0; i < b.size(); i++) {
                Packet p = b.get(i);
                p.setDstIpAnno(p.i32(offset + 16));
            }
            output[0].push(b);
        }
    }

    /** Test element: sends each packet to the output numbered by its packet-type annotation. */
    @ElementInfo(name = "TestTypeSwitch", ports = "1/-", processing = "h", synopsis = "TestTypeSwitch")
    public static final class TestTypeSwitch extends Element {
        @Override
        public void push(int port, PacketBatch b) {
            for (int i = 0; i < b.size(); i++) {
                Packet p = b.get(i);
                PacketBatch one = new PacketBatch(1);
                one.add(p);
                output[p.packetType()].push(one);
            }
            b.clear();
        }
    }
}
