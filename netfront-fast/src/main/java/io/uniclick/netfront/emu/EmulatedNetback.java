package io.uniclick.netfront.emu;

import io.uniclick.netfront.ring.Netif;
import io.uniclick.netfront.ring.NetifRxRing;
import io.uniclick.netfront.ring.NetifTxPacket;
import io.uniclick.netfront.ring.NetifTxRing;
import io.uniclick.netfront.ring.SharedRing;
import io.uniclick.netfront.xen.EventChannel;
import io.uniclick.netfront.xen.XenException;
import io.uniclick.netfront.xen.XenStore;
import io.uniclick.netfront.xen.XenbusState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * An emulated Linux xen-netback (spec §8) serving the vifs of one guest over emulated grants
 * ({@link EmulatedXenMemory}), event channels and a xenstore connection. It follows netback's xenbus
 * state machine (probe → InitWait; frontend Connected → map rings, bind the channel, Connected;
 * Closing/Closed mirrored; back to InitWait when the frontend re-initialises), copies RX frames into
 * the guest's granted pages as netback's copy mode does (response in the slot of the consumed
 * request, offset 0, {@code data_validated}), consumes TX with all of netback's validations
 * ({@link NetifTxPacket}) and answers TX out of order and late if asked. It is event driven like
 * netback: TX is processed only after a notification (or when its own final check found more), RX
 * waits for a notification after it armed {@code req_event} for lack of slots, so a frontend that
 * misses a required notification stalls here as it would on Xen.
 *
 * <p>Run it on its own thread ({@link #start()}), drive it step by step ({@link #step()}), or as a
 * process ({@link #main}). A misbehaving frontend disables its vif (like {@code vif->disabled}) and
 * is counted; it never kills the backend. An evil mode ({@link #setEvil}) corrupts rings, pages and
 * xenstore to test frontends (spec §8.7).
 */
public final class EmulatedNetback implements Runnable, AutoCloseable {
    /** Largest frame without scatter-gather (MTU 1500 + Ethernet + VLAN). */
    public static final int MAX_FRAME = 1518;
    private static final int BATCH = 64;
    private static final long STORE_POLL_NANOS = 1_000_000;

    private final XenStore xs;
    private final EmulatedXenMemory mem;
    private final EventChannel evt;
    /** Views of granted guest pages by gref (backend thread only). */
    private final MemorySegment[] pageViews;
    private final int backendDomid;
    private final int guestDomid;
    private final List<Vif> vifs = new ArrayList<>();
    private volatile Vif[] vifArray = new Vif[0];
    private volatile boolean running;
    private volatile boolean busyPoll;
    private Thread thread;
    private long hotplugDelayNanos;
    private long rxStallNanos = 500_000_000L;
    private boolean lateCompletion;
    private final SplittableRandom random = new SplittableRandom(42);
    private double evilRate;
    private SplittableRandom evilRandom;
    private boolean evilXenstore;
    private volatile long internalErrors;
    private volatile String lastInternalError;

    /** A netback for guest memory {@code mem}, talking to xenstore through {@code xs}, as domain {@code backendDomid}. */
    public EmulatedNetback(XenStore xs, EmulatedXenMemory mem, int backendDomid) {
        this.xs = xs;
        this.mem = mem;
        this.backendDomid = backendDomid;
        this.guestDomid = mem.guestDomid();
        this.evt = mem.eventChannel(backendDomid, true);
        this.pageViews = new MemorySegment[mem.frames()];
    }

    /** Delay between the frontend's Connected and the backend's (the hotplug script); default 0. */
    public void setHotplugDelayMillis(long ms) {
        hotplugDelayNanos = ms * 1_000_000L;
    }

    /**
     * How long frames of a live bridge ({@link VifBridge#live()}) wait in the host device's queue while
     * the guest has no RX buffer posted before the netback starts dropping them (netback's
     * {@code rx_stall_timeout}, here short); default 500 ms.
     */
    public void setRxStallMillis(long ms) {
        rxStallNanos = ms * 1_000_000L;
    }

    /**
     * Busy polling: when idle, {@link #run()} spins and yields but never parks, so a frontend's
     * frames are picked up within microseconds (a backend with a core of its own, as in the
     * benchmarks). Off by default: an idle backend then parks for 20 µs at a time.
     */
    public void setBusyPoll(boolean on) {
        busyPoll = on;
    }

    /** Completes TX requests out of order and late (holding some), as the host stack does. */
    public void setLateCompletion(boolean on) {
        lateCompletion = on;
    }

    /**
     * Evil mode: at each step, with probability {@code rate}, corrupt a connected vif's rings, RX
     * pages or event channel (and xenstore if {@code xenstoreToo}); 0 turns it off.
     */
    public void setEvil(double rate, long seed, boolean xenstoreToo) {
        evilRandom = new SplittableRandom(seed);
        evilXenstore = xenstoreToo;
        evilRate = rate;
    }

    /** Unexpected exceptions inside the backend (a correct emulator keeps this at 0). */
    public long internalErrors() {
        return internalErrors;
    }

    /** The last unexpected exception, or null. */
    public String lastInternalError() {
        return lastInternalError;
    }

    /** Frontend directory of vif {@code devid}. */
    public String frontPath(int devid) {
        return "/local/domain/" + guestDomid + "/device/vif/" + devid;
    }

    /** Backend directory of vif {@code devid}. */
    public String backPath(int devid) {
        return "/local/domain/" + backendDomid + "/backend/vif/" + guestDomid + "/" + devid;
    }

    /**
     * Creates vif {@code devid} as the toolstack does (frontend and backend keys, the emulated
     * memory's path for the guest) and probes it (features, InitWait).
     */
    public Vif createVif(int devid, byte[] mac, VifBridge bridge) throws XenException {
        String f = frontPath(devid);
        String b = backPath(devid);
        String m = XenbusState.formatMac(mac);
        xs.write(f + "/backend", b);
        xs.write(f + "/backend-id", Integer.toString(backendDomid));
        xs.write(f + "/handle", Integer.toString(devid));
        xs.write(f + "/mac", m);
        xs.write(f + "/trusted", "1");
        xs.write(f + "/state", "1");
        xs.write("/local/domain/" + guestDomid + "/domid", Integer.toString(guestDomid));
        xs.write("/local/domain/" + guestDomid + "/data/uniclick-emu-shm", mem.path().toString());
        xs.write(b + "/frontend", f);
        xs.write(b + "/frontend-id", Integer.toString(guestDomid));
        xs.write(b + "/online", "1");
        xs.write(b + "/mac", m);
        xs.write(b + "/handle", Integer.toString(devid));
        xs.write(b + "/type", "vif");
        return attachVif(devid, bridge);
    }

    /**
     * Serves an existing vif (a restarted backend): probes it again — features, state InitWait —
     * as netback does when it is (re)loaded.
     */
    public synchronized Vif attachVif(int devid, VifBridge bridge) throws XenException {
        Vif v = new Vif(devid, bridge);
        String b = v.back;
        xs.write(b + "/feature-sg", "0");
        xs.write(b + "/feature-gso-tcpv4", "0");
        xs.write(b + "/feature-gso-tcpv6", "0");
        xs.write(b + "/feature-rx-copy", "1");
        xs.write(b + "/feature-rx-flip", "0");
        xs.write(b + "/feature-split-event-channels", "0");
        xs.write(b + "/multi-queue-max-queues", "1");
        xs.write(b + "/hotplug-status", "connected");
        v.setState(XenbusState.INIT_WAIT);
        xs.watch(v.front + "/state", "vif" + devid);
        vifs.add(v);
        vifArray = vifs.toArray(new Vif[0]);
        return v;
    }

    /** The vif served for {@code devid}, or null. */
    public Vif vif(int devid) {
        for (Vif v : vifArray) {
            if (v.devid == devid) {
                return v;
            }
        }
        return null;
    }

    /** Starts a daemon thread running {@link #run()}. */
    public synchronized EmulatedNetback start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("emulated-netback").start(this);
        return this;
    }

    @Override
    public void run() {
        running = true;
        int idle = 0;
        long nextStorePoll = 0;
        while (running) {
            // xenstore is read with a syscall (and allocates): at most every STORE_POLL_NANOS, or
            // each step once parking, so neither a batch nor an idle spin pays a read().
            boolean poll = idle >= 400 && !busyPoll;
            if (!poll) {
                long now = System.nanoTime();
                if (now - nextStorePoll >= 0) {
                    poll = true;
                    nextStorePoll = now + STORE_POLL_NANOS;
                }
            }
            int w = step(poll);
            if (w > 0) {
                idle = 0;
            } else if (++idle < 200) {
                Thread.onSpinWait();
            } else if (idle < 400 || busyPoll) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    /** Stops the thread (without touching xenstore: like a backend that dies). */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Vif v : vifArray) {
            v.bridge.close();
        }
    }

    /** One round: xenstore events, then TX and RX of every vif. Returns the work done. */
    public int step() {
        return step(true);
    }

    /**
     * One round, reading xenstore events only if {@code pollStore} (a read() and some garbage each
     * time): what {@link #run()} does between its periodic xenstore polls.
     */
    public int step(boolean pollStore) {
        int work = 0;
        if (pollStore) {
            try {
                String[] ev;
                while ((ev = xs.nextWatchEvent(0)) != null) {
                    for (Vif v : vifArray) {
                        if (ev[1].equals(v.token)) {
                            v.frontChanged = true;
                        }
                    }
                    work++;
                }
            } catch (XenException e) {
                internal(e);
            }
        }
        for (Vif v : vifArray) {
            try {
                if (v.frontChanged) {
                    v.frontChanged = false;
                    v.frontStateChanged();
                    work++;
                }
                if (v.connectAt != 0 && System.nanoTime() >= v.connectAt) {
                    v.connectAt = 0;
                    v.setState(XenbusState.CONNECTED);
                    evt.notify(v.port);
                }
                if (v.connected && !v.disabled) {
                    boolean kicked = evt.pending(v.port);
                    if (kicked) {
                        v.kicks++;
                    }
                    work += v.doTx(kicked);
                    work += v.doRx(kicked);
                    if (evilRate > 0 && evilRandom.nextDouble() < evilRate) {
                        v.evil();
                    }
                } else if (v.live) {
                    work += v.dropRx(); // nobody to deliver to: do not let the host device's queue go stale
                }
            } catch (XenException | RuntimeException e) {
                internal(e);
                v.disable("internal error: " + e);
            }
        }
        return work;
    }

    private void internal(Exception e) {
        internalErrors++;
        lastInternalError = e.toString();
    }

    /** One served vif, with its counters. */
    public final class Vif {
        final int devid;
        final String front;
        final String back;
        final String token;
        final VifBridge bridge;
        final boolean live;
        long rxStallSince;
        volatile int state;
        volatile boolean frontChanged;
        volatile boolean connected;
        volatile boolean disabled;
        volatile String disabledReason;
        long connectAt;
        int port;
        boolean noCsumOffload;
        boolean rxNotify;
        NetifTxRing.Back tx;
        NetifRxRing.Back rx;
        boolean txMore;
        boolean rxWaiting;
        final NetifTxPacket pkt = new NetifTxPacket();
        final MemorySegment buf = Arena.ofAuto().allocate(65536 + 4096, 4096);
        final int[] heldId = new int[64];
        final int[] heldStatus = new int[64];
        int held;
        volatile long txPackets;
        volatile long txErrors;
        volatile long rxPackets;
        volatile long rxDropped;
        volatile long rxGrantErrors;
        volatile long rxNoBuffer;
        volatile long notifiesSent;
        volatile long kicks;
        volatile long connects;
        volatile long fatal;

        Vif(int devid, VifBridge bridge) {
            this.devid = devid;
            this.front = frontPath(devid);
            this.back = backPath(devid);
            this.token = "vif" + devid;
            this.bridge = bridge;
            this.live = bridge.live();
        }

        /** The bridge this vif is connected to. */
        public VifBridge bridge() {
            return bridge;
        }

        /** Backend xenbus state. */
        public int state() {
            return state;
        }

        /** Whether the rings are mapped and the vif runs. */
        public boolean connected() {
            return connected && !disabled;
        }

        /** Whether the frontend misbehaved and the vif was disabled; see {@link #disabledReason()}. */
        public boolean disabled() {
            return disabled;
        }

        /** Why the vif was disabled, or null. */
        public String disabledReason() {
            return disabledReason;
        }

        /** Frames the guest sent that reached the bridge. */
        public long txPackets() {
            return txPackets;
        }

        /** TX packets answered with ERROR. */
        public long txErrors() {
            return txErrors;
        }

        /** Frames delivered into the guest's RX ring. */
        public long rxPackets() {
            return rxPackets;
        }

        /** Frames dropped towards the guest (too large). */
        public long rxDropped() {
            return rxDropped;
        }

        /**
         * Frames of a live bridge dropped because the guest had no RX buffer posted (for longer than
         * the stall time) or was not connected.
         */
        public long rxNoBuffer() {
            return rxNoBuffer;
        }

        /** RX copies refused by the grant table. */
        public long rxGrantErrors() {
            return rxGrantErrors;
        }

        /** Notifications sent to the guest. */
        public long notifiesSent() {
            return notifiesSent;
        }

        /** Notifications received from the guest. */
        public long kicks() {
            return kicks;
        }

        /** Times the vif connected. */
        public long connects() {
            return connects;
        }

        /** Times the frontend was found malicious. */
        public long fatalCount() {
            return fatal;
        }

        void setState(int s) throws XenException {
            state = s;
            xs.write(back + "/state", Integer.toString(s));
        }

        void frontStateChanged() throws XenException {
            int fs = XenbusState.parse(xs.read(front + "/state"));
            switch (fs) {
                case XenbusState.INITIALISING -> {
                    disconnect();
                    if (state != XenbusState.INIT_WAIT) {
                        setState(XenbusState.INIT_WAIT);
                    }
                }
                case XenbusState.CONNECTED -> {
                    if (state == XenbusState.INIT_WAIT || state == XenbusState.INITIALISED) {
                        connect();
                    }
                }
                case XenbusState.CLOSING -> {
                    disconnect();
                    if (state != XenbusState.CLOSING && state != XenbusState.CLOSED) {
                        setState(XenbusState.CLOSING);
                    }
                }
                case XenbusState.CLOSED -> {
                    disconnect();
                    if (state != XenbusState.CLOSED) {
                        setState(XenbusState.CLOSED);
                    }
                }
                default -> {
                    // InitWait/Initialised/unknown/garbage from the frontend: ignored, like netback
                }
            }
        }

        private void fail(String why) throws XenException {
            disabledReason = why;
            disconnect();
            setState(XenbusState.CLOSING); // xenbus_dev_fatal
        }

        void connect() throws XenException {
            long txRef = XenbusState.parseDecimal(xs.read(front + "/tx-ring-ref"), 0xFFFFFFFFL);
            long rxRef = XenbusState.parseDecimal(xs.read(front + "/rx-ring-ref"), 0xFFFFFFFFL);
            long ch = XenbusState.parseDecimal(xs.read(front + "/event-channel"), 0xFFFFFFFFL);
            if (txRef < 0 || rxRef < 0 || ch < 0) {
                fail("reading ring references / event channel");
                return;
            }
            if (!"1".equals(xs.read(front + "/request-rx-copy"))) {
                fail("frontend does not request rx-copy");
                return;
            }
            String q = xs.read(front + "/multi-queue-num-queues");
            if (q != null && XenbusState.parseDecimal(q, 1) < 0) {
                fail("multi-queue not supported by this backend");
                return;
            }
            rxNotify = "1".equals(xs.read(front + "/feature-rx-notify"));
            noCsumOffload = "1".equals(xs.read(front + "/feature-no-csum-offload"));
            long txo = mem.frameOffset(backendDomid, (int) txRef, true);
            long rxo = mem.frameOffset(backendDomid, (int) rxRef, true);
            if (txo < 0 || rxo < 0) {
                fail("mapping shared-frame " + (txo < 0 ? txRef : rxRef));
                return;
            }
            try {
                port = evt.bindInterdomain(guestDomid, (int) ch);
            } catch (XenException e) {
                fail("binding event-channel " + ch);
                return;
            }
            tx = new NetifTxRing.Back(mem.segment().asSlice(txo, Netif.PAGE_SIZE));
            rx = new NetifRxRing.Back(mem.segment().asSlice(rxo, Netif.PAGE_SIZE));
            txMore = true;
            rxWaiting = false;
            held = 0;
            disabled = false;
            disabledReason = null;
            connected = true;
            rxStallSince = 0;
            connects++;
            connectAt = System.nanoTime() + hotplugDelayNanos;
            if (connectAt == 0) {
                connectAt = 1;
            }
        }

        void disconnect() {
            if (connected) {
                connected = false;
                evt.unbind(port);
            }
            connectAt = 0;
            tx = null;
            rx = null;
        }

        void disable(String why) {
            fatal++;
            disabledReason = why;
            disabled = true;
        }

        private void respond(int id, int status) {
            if (lateCompletion && held < heldId.length && random.nextInt(4) == 0) {
                heldId[held] = id;
                heldStatus[held] = status;
                held++;
                return;
            }
            tx.putResponse(id, status);
        }

        private void releaseHeld(boolean all) {
            int i = 0;
            while (i < held) {
                if (all || random.nextBoolean()) {
                    tx.putResponse(heldId[i], heldStatus[i]);
                    held--;
                    heldId[i] = heldId[held];
                    heldStatus[i] = heldStatus[held];
                } else {
                    i++;
                }
            }
        }

        int doTx(boolean kicked) {
            if (!kicked && !txMore && held == 0) {
                return 0;
            }
            final NetifTxRing.Back r = tx;
            final NetifTxPacket p = pkt;
            final MemorySegment shm = mem.segment();
            int n = 0;
            long ok = 0;
            long err = 0;
            int reqProd = r.requestProducer();
            while (n < BATCH) {
                int res = p.parse(r, reqProd);
                if (res == NetifTxPacket.EMPTY) {
                    break;
                }
                if (res == NetifTxPacket.FATAL) {
                    disable(p.reason);
                    return n;
                }
                int status = Netif.NETIF_RSP_OKAY;
                if (res == NetifTxPacket.ERROR) {
                    status = Netif.NETIF_RSP_ERROR;
                } else if (p.dataSlots == 1 && p.offset[0] == 0) {
                    // the common one-slot frame: the bridge reads it in the granted page (no copy);
                    // it takes the frame before the response gives the page back to the guest
                    long off = mem.frameOffset(backendDomid, p.gref[0], false);
                    if (off < 0) {
                        status = Netif.NETIF_RSP_ERROR;
                    } else {
                        bridge.tx(pageView(p.gref[0]), p.size[0]);
                    }
                } else {
                    int pos = 0;
                    for (int i = 0; i < p.dataSlots; i++) {
                        long off = mem.frameOffset(backendDomid, p.gref[i], false);
                        if (off < 0) {
                            status = Netif.NETIF_RSP_ERROR;
                            break;
                        }
                        MemorySegment.copy(shm, off + p.offset[i], buf, pos, p.size[i]);
                        pos += p.size[i];
                    }
                    if (status == Netif.NETIF_RSP_OKAY) {
                        bridge.tx(buf, pos);
                    }
                }
                if (status == Netif.NETIF_RSP_OKAY) {
                    ok++;
                } else {
                    err++;
                }
                respond(p.id[0], status);
                for (int i = 0; i < p.extraSlots; i++) {
                    r.putResponse(0xFFFF, Netif.NETIF_RSP_NULL);
                }
                for (int i = 1; i < p.dataSlots; i++) {
                    respond(p.id[i], status);
                }
                n++;
            }
            if (held > 0) {
                releaseHeld(n == 0);
            }
            if (r.pushResponsesAndCheckNotify()) {
                evt.notify(port);
                notifiesSent++;
            }
            txMore = n == BATCH || r.finalCheckForRequests();
            if (ok != 0) {
                bridge.flush();
                txPackets += ok;
            }
            if (err != 0) {
                txErrors += err;
            }
            return n;
        }

        /**
         * Guest RX: takes a posted buffer first, then lets the bridge write the next frame straight
         * into that granted page (one copy, as netback's grant copy), and answers in the request's
         * slot. A frame the page's grant refuses is still taken from the bridge (into the private
         * buffer) and answered with the grant error, as before.
         */
        int doRx(boolean kicked) {
            if (rxWaiting && !kicked) {
                if (live && rxStallSince != 0 && System.nanoTime() - rxStallSince > rxStallNanos) {
                    return dropRx(); // stalled guest: drop at the source instead of delivering stale frames later
                }
                return 0;
            }
            rxWaiting = false;
            final NetifRxRing.Back r = rx;
            final VifBridge br = bridge;
            final int flags = noCsumOffload ? Netif.NETRXF_DATA_VALIDATED : (Netif.NETRXF_DATA_VALIDATED | Netif.NETRXF_CSUM_BLANK);
            int n = 0;
            long grantErr = 0;
            long dropped = 0;
            int reqProd = r.reqCons();
            while (n < BATCH) {
                int cons = r.reqCons();
                if (cons == reqProd) {
                    // the snapshot is used up: read req_prod again (acquire), once per run of slots
                    reqProd = r.requestProducer();
                    int avail = reqProd - cons;
                    if (Integer.compareUnsigned(avail, Netif.RING_SIZE) > 0) {
                        disable("Impossible number of requests (RX)");
                        return n;
                    }
                    if (avail < 1) {
                        r.setRequestEvent(reqProd + 1);
                        reqProd = r.requestProducer();
                        if (reqProd == cons) {
                            rxWaiting = true;
                            if (live && rxStallSince == 0) {
                                rxStallSince = System.nanoTime(); // a live bridge's frames wait in the host queue from now
                            }
                            break;
                        }
                        continue;
                    }
                }
                final long req = r.request(cons); // read once
                final int gref = NetifRxRing.requestGref(req);
                final long off = mem.frameOffset(backendDomid, gref, true);
                final int len = off < 0 ? br.nextRx(buf, 65536) : br.nextRx(pageView(gref), Netif.PAGE_SIZE);
                if (len < 0) {
                    break; // nothing to deliver: the slot stays posted
                }
                if (len > MAX_FRAME) {
                    dropped++; // too large without scatter-gather; the page is reused for the next frame
                    continue;
                }
                int status = len;
                if (off < 0) {
                    status = (int) off;
                    grantErr++;
                }
                r.setReqCons(cons + 1);
                r.putResponse(NetifRxRing.response(NetifRxRing.requestId(req), 0, flags, status));
                n++;
            }
            if (dropped != 0) {
                rxDropped += dropped;
            }
            if (n > 0) {
                if (!rxWaiting) {
                    rxStallSince = 0; // not when this very call used the last buffer: the stall starts now
                }
                if (r.pushResponsesAndCheckNotify()) {
                    evt.notify(port);
                    notifiesSent++;
                }
                rxPackets += n - grantErr;
                if (grantErr != 0) {
                    rxGrantErrors += grantErr;
                }
            }
            return n;
        }

        /** Drops up to a batch of the bridge's frames, counting them; returns how many. */
        int dropRx() {
            int n = 0;
            final VifBridge b = bridge;
            final MemorySegment m = buf;
            while (n < BATCH && b.nextRx(m, 65536) >= 0) {
                n++;
            }
            if (n > 0) {
                rxNoBuffer += n;
            }
            return n;
        }

        // ---- evil mode (spec §8.7) ----------------------------------------------------------

        void evil() throws XenException {
            SplittableRandom e = evilRandom;
            MemorySegment tp = tx.page();
            MemorySegment rp = rx.page();
            int action = e.nextInt(evilXenstore ? 12 : 11);
            switch (action) {
                case 0 -> tp.set(SharedRing.LE_INT, Netif.RSP_PROD, tp.get(SharedRing.LE_INT, Netif.RSP_PROD) + e.nextInt(-300, 600));
                case 1 -> rp.set(SharedRing.LE_INT, Netif.RSP_PROD, rp.get(SharedRing.LE_INT, Netif.RSP_PROD) + e.nextInt(-300, 600));
                case 2 -> { // TX response with a random / duplicate / stale id
                    tx.putResponse(e.nextInt(0, 0x10000) & (e.nextBoolean() ? 0xFF : 0xFFFF), e.nextInt(-3, 3));
                    tx.pushResponsesAndCheckNotify();
                }
                case 3 -> { // RX response with garbage status/offset/flags/id
                    rx.putResponse(NetifRxRing.response(e.nextInt(0x10000), e.nextInt(0x10000), e.nextInt(0x20),
                            (short) e.nextInt(-20000, 20000)));
                    rx.pushResponsesAndCheckNotify();
                }
                case 4 -> { // more_data / extra_info chain that never ends
                    int cons = rx.reqCons();
                    long req = rx.request(cons);
                    rx.setReqCons(cons + 1);
                    rx.putResponse(NetifRxRing.response(NetifRxRing.requestId(req), 0,
                            e.nextBoolean() ? Netif.NETRXF_MORE_DATA : Netif.NETRXF_EXTRA_INFO, 60));
                    rx.pushResponsesAndCheckNotify();
                }
                case 5 -> { // rewrite a published response slot (double-fetch detector)
                    long slot = Netif.RING_HEADER + 8L * e.nextInt(Netif.RING_SIZE);
                    rp.set(SharedRing.LE_LONG, slot, e.nextLong());
                }
                case 6 -> { // random bytes anywhere in a ring page, header included
                    MemorySegment pg = e.nextBoolean() ? tp : rp;
                    pg.set(ValueLayout.JAVA_BYTE, e.nextInt(Netif.PAGE_SIZE), (byte) e.nextInt());
                }
                case 7 -> { // rewrite RX data pages the guest posted
                    long req = rx.request(e.nextInt());
                    long off = mem.frameOffset(backendDomid, NetifRxRing.requestGref(req), true);
                    if (off >= 0) {
                        shm().set(ValueLayout.JAVA_LONG_UNALIGNED, off + e.nextInt(Netif.PAGE_SIZE - 8), e.nextLong());
                    }
                }
                case 8 -> { // event storm
                    for (int i = 0; i < 100; i++) {
                        evt.notify(port);
                    }
                }
                case 9 -> { // a plausible response in the wrong slot
                    rx.putResponse(NetifRxRing.response(e.nextInt(256), 0, 0, 60));
                    rx.pushResponsesAndCheckNotify();
                }
                case 10 -> { // TX status outside the defined set
                    tx.putResponse(e.nextInt(256), e.nextInt(2, 30000));
                    tx.pushResponsesAndCheckNotify();
                }
                default -> { // xenstore: bogus features, state flapping
                    if (e.nextBoolean()) {
                        xs.write(back + "/state", Integer.toString(e.nextInt(-1, 10)));
                    } else {
                        xs.write(back + "/feature-rx-copy", "x" + e.nextInt());
                    }
                }
            }
        }
    }

    private MemorySegment shm() {
        return mem.segment();
    }

    /**
     * A view of guest frame {@code gref}'s page (which {@link EmulatedXenMemory#frameOffset} has
     * just allowed), made once per frame and reused, so that delivering a frame allocates nothing
     * after warm-up.
     */
    private MemorySegment pageView(int gref) {
        MemorySegment v = pageViews[gref];
        if (v == null) {
            v = mem.segment().asSlice(mem.pageOffset(gref), Netif.PAGE_SIZE);
            pageViews[gref] = v;
        }
        return v;
    }

    /**
     * Runs a store, a guest memory and a netback as a process ({@link NetbackService}):
     * {@code EmulatedNetback DIR [--vif SPEC]... [--vifs N] [--pcap-in FILE] [--pcap-out FILE] [--generate SIZE] [--busy-poll 1]}.
     * Each {@code --vif} adds a vif bridged as {@link VifSpec} says; without one, vifs 0..N-1 are made
     * from the older options (vif 0 replays/captures the pcap files, or every vif generates SIZE-byte
     * frames). It creates {@code DIR/xenstored.sock}, {@code DIR/xenbus-1.sock} and the guest memory
     * under {@code /dev/shm}, serves until killed and then removes them. Point a frontend at it with
     * {@code -Duniclick.xen.xenbus=DIR/xenbus-1.sock}. {@code uniclick netback} is the same with a
     * proper command line.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EmulatedNetback DIR [--vif SPEC]... [--vifs N] [--pcap-in FILE] [--pcap-out FILE] [--generate SIZE] [--busy-poll 1]");
            System.err.println("  SPEC: " + VifSpec.SYNTAX);
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<VifSpec> specs = new ArrayList<>();
        int nvifs = 1;
        String pin = null;
        String pout = null;
        int gen = 0;
        boolean busy = false;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--vif" -> specs.add(VifSpec.parse(args[i + 1]));
                case "--vifs" -> nvifs = Integer.parseInt(args[i + 1]);
                case "--pcap-in" -> pin = args[i + 1];
                case "--pcap-out" -> pout = args[i + 1];
                case "--generate" -> gen = Integer.parseInt(args[i + 1]);
                case "--busy-poll" -> busy = !args[i + 1].equals("0");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (specs.isEmpty()) {
            for (int v = 0; v < nvifs; v++) {
                specs.add(gen > 0 ? new VifSpec("gen", null, null, gen)
                        : v == 0 && (pin != null || pout != null) ? new VifSpec("pcap", pin, pout, 0) : new VifSpec("none", null, null, 0));
            }
        }
        NetbackService svc = NetbackService.open(dir, specs);
        svc.netback().setBusyPoll(busy);
        System.err.println("emulated netback: xenbus socket " + svc.xenbus() + ", guest memory " + svc.memory());
        Runtime.getRuntime().addShutdownHook(new Thread(svc::close));
        svc.netback().run();
    }
}
