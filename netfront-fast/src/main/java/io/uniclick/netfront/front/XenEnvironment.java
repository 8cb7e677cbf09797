package io.uniclick.netfront.front;

import io.uniclick.netfront.emu.EmulatedXenMemory;
import io.uniclick.netfront.xen.EventChannel;
import io.uniclick.netfront.xen.EvtchnEventChannel;
import io.uniclick.netfront.xen.GntallocGrantTable;
import io.uniclick.netfront.xen.GrantTable;
import io.uniclick.netfront.xen.XenException;
import io.uniclick.netfront.xen.XenStore;
import io.uniclick.netfront.xen.XenbusDeviceTransport;
import io.uniclick.netfront.xen.XsClient;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a frontend needs from Xen: xenstore, a grant table and event channels, either real
 * ({@code /dev/xen/xenbus}, {@code /dev/xen/gntalloc}, {@code /dev/xen/evtchn}) or emulated (the
 * emulated store's per-guest socket, and the guest memory file whose path the emulated toolstack
 * left in {@code data/uniclick-emu-shm}).
 *
 * <p>{@link #detect()} chooses: the system property {@code uniclick.xen.xenbus} or the environment
 * variable {@code UNICLICK_XENBUS} naming an emulated xenbus socket wins; otherwise the real devices
 * if {@code /dev/xen/xenbus} exists; otherwise it fails with a message saying both.
 */
public final class XenEnvironment implements AutoCloseable {
    /** System property naming the emulated xenbus socket. */
    public static final String PROPERTY = "uniclick.xen.xenbus";
    /** Environment variable naming the emulated xenbus socket. */
    public static final String ENV = "UNICLICK_XENBUS";

    private final XenStore xs;
    private final GrantTable gnt;
    private final EventChannel evt;
    private final int domid;
    private final String description;

    private XenEnvironment(XenStore xs, GrantTable gnt, EventChannel evt, int domid, String description) {
        this.xs = xs;
        this.gnt = gnt;
        this.evt = evt;
        this.domid = domid;
        this.description = description;
    }

    /** An environment made of given parts (tests). */
    public static XenEnvironment of(XenStore xs, GrantTable gnt, EventChannel evt, int domid, String description) {
        return new XenEnvironment(xs, gnt, evt, domid, description);
    }

    /** The emulated socket named by the property or environment variable, or null. */
    public static String configuredSocket() {
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isEmpty()) {
            s = System.getenv(ENV);
        }
        return s == null || s.isEmpty() ? null : s;
    }

    /** Opens the environment the configuration or the host offers. */
    public static XenEnvironment detect() throws XenException {
        String s = configuredSocket();
        if (s != null) {
            return emulated(Path.of(s));
        }
        if (Files.exists(Path.of(XenbusDeviceTransport.DEVICE))) {
            return real();
        }
        throw new XenException("no Xen here: " + XenbusDeviceTransport.DEVICE + " does not exist (not a Xen guest, or xenfs/xen modules "
                + "not loaded), and no emulated xenstore is configured (-D" + PROPERTY + "=SOCKET or " + ENV + "=SOCKET)");
    }

    /** Connects to an emulated guest's xenbus socket. */
    public static XenEnvironment emulated(Path socket) throws XenException {
        XsClient xs = XsClient.connect(socket);
        try {
            int domid = (int) io.uniclick.netfront.xen.XenbusState.parseDecimal(xs.read("domid"), 0x7FF0);
            if (domid < 0) {
                throw new XenException("emulated xenstore at " + socket + ": no valid 'domid' key for this guest");
            }
            String shm = xs.read("data/uniclick-emu-shm");
            if (shm == null) {
                throw new XenException("emulated xenstore at " + socket + ": no 'data/uniclick-emu-shm' key (no emulated backend?)");
            }
            EmulatedXenMemory mem = EmulatedXenMemory.open(Path.of(shm));
            return new XenEnvironment(xs, mem.grantTable(), mem.eventChannel(domid, false), domid, "emulated (" + socket + ", " + shm + ")");
        } catch (XenException e) {
            xs.close();
            throw e;
        }
    }

    /** Opens the real devices of a Linux domU. */
    public static XenEnvironment real() throws XenException {
        XsClient xs = new XsClient(XenbusDeviceTransport.open());
        GrantTable g = null;
        try {
            int domid = (int) io.uniclick.netfront.xen.XenbusState.parseDecimal(xs.read("domid"), 0x7FF0);
            g = GntallocGrantTable.open();
            EventChannel e = EvtchnEventChannel.open();
            return new XenEnvironment(xs, g, e, domid, "Xen (/dev/xen)");
        } catch (XenException e) {
            if (g != null) {
                g.close();
            }
            xs.close();
            throw e;
        }
    }

    /** xenstore. */
    public XenStore xenstore() {
        return xs;
    }

    /** The grant table. */
    public GrantTable grants() {
        return gnt;
    }

    /** Event channels. */
    public EventChannel events() {
        return evt;
    }

    /** Our domain id (-1 if unknown). */
    public int domid() {
        return domid;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        evt.close();
        gnt.close();
        xs.close();
    }
}
