package io.uniclick.netfront.emu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.netfront.xen.XenStore;
import io.uniclick.netfront.xen.XsClient;
import io.uniclick.netfront.xen.XsWire;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatedXenStoreTest {
    @TempDir
    Path dir;

    @Test
    void readWriteDirectoryRmOverTheWire() throws Exception {
        try (EmulatedXenStore s = new EmulatedXenStore()) {
            s.listen(dir.resolve("d0.sock"), 0);
            s.listen(dir.resolve("d1.sock"), 1);
            try (XsClient c0 = XsClient.connect(dir.resolve("d0.sock")); XsClient c1 = XsClient.connect(dir.resolve("d1.sock"))) {
                c0.write("/a/b/c", "hello");
                assertEquals("hello", c0.read("/a/b/c"));
                assertEquals("", c0.read("/a/b"));
                assertNull(c0.read("/nope"));
                c0.write("/a/b/d", "x");
                assertEquals(List.of("c", "d"), c0.directory(XenStore.NO_TX, "/a/b"));
                c1.write("device/vif/0/state", "1"); // relative: under /local/domain/1
                assertEquals("1", c0.read("/local/domain/1/device/vif/0/state"));
                c0.rm(XenStore.NO_TX, "/a/b");
                assertNull(c0.read("/a/b/c"));
                assertEquals(List.of(), c0.directory(XenStore.NO_TX, "/a/b"));
            }
        }
    }

    @Test
    void watchFiresOnRegistrationAndOnChange() throws Exception {
        try (EmulatedXenStore s = new EmulatedXenStore()) {
            s.listen(dir.resolve("d0.sock"), 0);
            try (XsClient c = XsClient.connect(dir.resolve("d0.sock"))) {
                c.watch("/be/state", "tok");
                String[] ev = c.nextWatchEvent(1000);
                assertArrayEquals(new String[] {"/be/state", "tok"}, ev);
                s.write("/be/state", "4");
                ev = c.nextWatchEvent(1000);
                assertEquals("tok", ev[1]);
                assertNull(c.nextWatchEvent(0));
                // events interleaved with replies are kept
                s.write("/be/state", "5");
                assertEquals("5", c.read("/be/state"));
                assertEquals("tok", c.nextWatchEvent(1000)[1]);
            }
        }
    }

    @Test
    void transactionsCommitAtomicallyAndRetryOnEagain() throws Exception {
        try (EmulatedXenStore s = new EmulatedXenStore()) {
            s.listen(dir.resolve("d0.sock"), 0);
            try (XsClient c = XsClient.connect(dir.resolve("d0.sock"))) {
                int t = c.transactionStart();
                c.write(t, "/f/k", "v");
                assertNull(s.read("/f/k"));
                assertEquals("v", c.read(t, "/f/k"));
                assertTrue(c.transactionEnd(t, true));
                assertEquals("v", s.read("/f/k"));
                t = c.transactionStart();
                c.write(t, "/f/k", "w");
                assertTrue(c.transactionEnd(t, false));
                assertEquals("v", s.read("/f/k"));
                s.setEagainRate(1.0);
                t = c.transactionStart();
                c.write(t, "/f/k", "z");
                assertFalse(c.transactionEnd(t, true));
                assertEquals("v", s.read("/f/k"));
            }
        }
    }

    @Test
    void wireHeaderIsLittleEndianAndOversizedMessagesKillTheConnection() throws Exception {
        try (EmulatedXenStore s = new EmulatedXenStore()) {
            s.listen(dir.resolve("d0.sock"), 0);
            s.write("/k", "val");
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(dir.resolve("d0.sock")));
                OutputStream o = Channels.newOutputStream(ch);
                InputStream in = Channels.newInputStream(ch);
                o.write(XsWire.message(XsWire.XS_READ, 77, 0, new byte[] {'/', 'k', 0}));
                byte[] h = in.readNBytes(16);
                assertArrayEquals(new byte[] {2, 0, 0, 0, 77, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0}, h);
                assertArrayEquals(new byte[] {'v', 'a', 'l'}, in.readNBytes(3));
                byte[] bad = new byte[16];
                XsWire.putInt(bad, 0, XsWire.XS_READ);
                XsWire.putInt(bad, 12, 5000);
                o.write(bad);
                assertEquals(-1, in.read());
            }
        }
    }
}
