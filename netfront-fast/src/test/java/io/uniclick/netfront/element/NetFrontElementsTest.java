package io.uniclick.netfront.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.ElementRegistry;
import io.uniclick.core.runtime.Clock;
import io.uniclick.core.runtime.Router;
import io.uniclick.dsl.Diagnostics;
import io.uniclick.dsl.compile.RouterCompiler;
import io.uniclick.netfront.emu.EmuFixture;
import io.uniclick.netfront.emu.GeneratorBridge;
import io.uniclick.netfront.front.NetFronts;
import io.uniclick.netfront.front.XenEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetFrontElementsTest {
    private static final ElementRegistry REGISTRY = ElementRegistry.load(NetFrontElementsTest.class.getClassLoader());
    private static final byte[] MAC = {0x00, 0x16, 0x3e, 0x0a, 0x0b, 0x0c};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void clear() {
        String s = System.getProperty(XenEnvironment.PROPERTY);
        System.clearProperty(XenEnvironment.PROPERTY);
        if (s != null) {
            NetFronts.forgetEnvironment(s);
        }
    }

    private Router compile(String config, Diagnostics d) {
        PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
        RouterCompiler.Options opt = new RouterCompiler.Options(1, Clock.real(), RouterCompiler.Linking.GENERATED, ps);
        return RouterCompiler.compile(config, "config", Map.of(), REGISTRY, opt, d, List.of());
    }

    private static String read(Router r, String h) throws Exception {
        return r.readHandler(null, h, "").trim();
    }

    @Test
    void mirrorsFramesBackThroughTheVif() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(60, false);
            fx.netback.createVif(0, MAC, gen);
            fx.netback.start();
            System.setProperty(XenEnvironment.PROPERTY, fx.xenbus().toString());
            Diagnostics d = new Diagnostics();
            Router r = compile("FromNetFront(0, BURST 64) -> c :: Counter -> t :: ToNetFront(00:16:3e:0a:0b:0c);", d);
            assertNotNull(r, d.toString());
            Thread t = Thread.ofPlatform().start(r::run);
            gen.addCredits(5000);
            EmuFixture.waitFor(() -> {
                try {
                    long sent = Long.parseLong(read(r, "t.count"));
                    return Long.parseLong(read(r, "c.count")) == 5000 && sent + Long.parseLong(read(r, "t.dropped")) == 5000
                            && gen.received() == sent;
                } catch (Exception e) {
                    return false;
                }
            }, 20_000, "all frames mirrored or counted as dropped (push mode drops when the TX ring is full)");
            r.stop();
            t.join(10_000);
            assertEquals("5000", read(r, "c.count"));
            assertEquals("5000", read(r, "FromNetFront@1.count"));
            assertTrue(Long.parseLong(read(r, "t.count")) > 0);
            assertEquals("0", read(r, "FromNetFront@1.violations"));
            assertEquals("true", read(r, "t.connected"));
            assertTrue(read(r, "FromNetFront@1.errors").contains("rx_bad_id 0"));
            r.cleanup();
        }
    }

    @Test
    void pullModeSinkPullsOnlyWhatFits() throws Exception {
        try (EmuFixture fx = new EmuFixture(dir)) {
            GeneratorBridge gen = new GeneratorBridge(60, false);
            fx.netback.createVif(0, MAC, gen);
            fx.netback.start();
            System.setProperty(XenEnvironment.PROPERTY, fx.xenbus().toString());
            Diagnostics d = new Diagnostics();
            Router r = compile("InfiniteSource(LENGTH 60, LIMIT 3000, STOP false) -> Queue(4096) -> t :: ToNetFront(0, BURST 128);", d);
            assertNotNull(r, d.toString());
            Thread th = Thread.ofPlatform().start(r::run);
            EmuFixture.waitFor(() -> gen.received() == 3000, 20_000, "3000 frames sent in pull mode");
            r.stop();
            th.join(10_000);
            assertEquals("3000", read(r, "t.count"));
            assertEquals("0", read(r, "t.dropped"));
            r.cleanup();
        }
    }

    @Test
    void badArgumentsAreReportedLikeClick() {
        Diagnostics d = new Diagnostics();
        Router r = compile("FromNetFront(eth-zero) -> Discard; Idle -> ToNetFront(0, BURST 1000);", d);
        assertNull(r);
        String e = d.toString() + printed;
        assertTrue(e.contains("DEVID"), e);
    }

    @Test
    void missingXenIsAClearConfigurationError() {
        System.clearProperty(XenEnvironment.PROPERTY);
        Diagnostics d = new Diagnostics();
        Router r = compile("FromNetFront(0) -> Discard;", d);
        String e = d.toString() + printed;
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(Path.of("/dev/xen/xenbus")), "a real Xen guest");
        assertNull(r);
        assertTrue(e.contains("/dev/xen/xenbus") && e.contains("uniclick.xen.xenbus"), e);
    }

    @Test
    void libraryRegistersBothElements() {
        assertEquals(List.of(FromNetFront.class, ToNetFront.class), new NetfrontLibrary().elementClasses());
        assertEquals(FromNetFront.class, NetfrontLibrary.xenGuestAliases().get("FromDevice"));
    }
}
