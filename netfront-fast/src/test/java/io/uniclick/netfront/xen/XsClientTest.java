package io.uniclick.netfront.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The client's bytes on the wire, against a scripted transport (as /dev/xen/xenbus would see them). */
class XsClientTest {
    /** Replies delivered in small pieces, to exercise reassembly. */
    static final class Scripted implements XsTransport {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final ArrayDeque<Byte> in = new ArrayDeque<>();

        void reply(int type, int req, byte[] payload) {
            for (byte b : XsWire.message(type, req, 0, payload)) {
                in.add(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written.write(b, off, len);
        }

        @Override
        public int read(byte[] b, int off, int len, long timeoutMillis) {
            int n = 0;
            while (n < Math.min(len, 3) && !in.isEmpty()) {
                b[off + n++] = in.poll();
            }
            return n;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void writeIsPathNulValueWithoutNul() throws Exception {
        Scripted t = new Scripted();
        t.reply(XsWire.XS_WRITE, 1, new byte[] {'O', 'K', 0});
        new XsClient(t).write("device/vif/0/state", "4");
        byte[] w = t.written.toByteArray();
        assertEquals(16 + 19 + 1, w.length);
        assertArrayEquals(new byte[] {11, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0}, java.util.Arrays.copyOf(w, 16));
        assertEquals(0, w[16 + 18]);
        assertEquals('4', w[w.length - 1]);
    }

    @Test
    void repliesErrorsAndInterleavedWatchEvents() throws Exception {
        Scripted t = new Scripted();
        XsClient c = new XsClient(t);
        t.reply(XsWire.XS_WATCH_EVENT, 0, XsWire.strings(false, "/be/state", "tok"));
        t.reply(XsWire.XS_READ, 1, "4".getBytes());
        assertEquals("4", c.read("/be/state"));
        assertArrayEquals(new String[] {"/be/state", "tok"}, c.nextWatchEvent(0));
        t.reply(XsWire.XS_ERROR, 2, XsWire.strings(false, "ENOENT"));
        assertNull(c.read("/nope"));
        t.reply(XsWire.XS_ERROR, 3, XsWire.strings(false, "EACCES"));
        XenException e = assertThrows(XenException.class, () -> c.write("/x", "y"));
        assertEquals("EACCES", e.errno());
        t.reply(XsWire.XS_TRANSACTION_START, 4, XsWire.strings(false, "17"));
        assertEquals(17, c.transactionStart());
        t.reply(XsWire.XS_ERROR, 5, XsWire.strings(false, "EAGAIN"));
        assertFalse(c.transactionEnd(17, true));
        t.reply(XsWire.XS_DIRECTORY, 6, XsWire.strings(false, "0", "1"));
        assertEquals(java.util.List.of("0", "1"), c.directory(XenStore.NO_TX, "/d"));
        assertNull(c.nextWatchEvent(0));
    }

    @Test
    void strictParsingOfUntrustedValues() {
        assertEquals(4, XenbusState.parse("4"));
        assertEquals(-1, XenbusState.parse("4 "));
        assertEquals(-1, XenbusState.parse("9"));
        assertEquals(-1, XenbusState.parse("-1"));
        assertEquals(-1, XenbusState.parse(null));
        assertEquals(-1, XenbusState.parseDecimal("99999999999", Long.MAX_VALUE));
        assertEquals(4294967295L, XenbusState.parseDecimal("4294967295", 0xFFFFFFFFL));
        assertNull(XenbusState.parseMac("00:16:3e:00:00"));
        assertNull(XenbusState.parseMac("00:16:3e:00:00:zz"));
        assertEquals("00:16:3e:ab:cd:ef", XenbusState.formatMac(XenbusState.parseMac("00:16:3E:AB:CD:EF")));
    }
}
