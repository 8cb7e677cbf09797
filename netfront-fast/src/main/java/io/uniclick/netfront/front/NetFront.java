package io.uniclick.netfront.front;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.netfront.ring.Netif;
import io.uniclick.netfront.ring.NetifExtra;
import io.uniclick.netfront.ring.NetifRxRing;
import io.uniclick.netfront.ring.NetifTxRing;
import io.uniclick.netfront.xen.EventChannel;
import io.uniclick.netfront.xen.GrantedPages;
import io.uniclick.netfront.xen.XenException;
import io.uniclick.netfront.xen.XenStore;
import io.uniclick.netfront.xen.XenbusState;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A poll-mode userspace Xen netfront for one vif (spec §4–§6).
 *
 * <p><b>Control path.</b> A daemon control thread runs the xenstore handshake (F=1, wait B=2, set up
 * rings and RX buffers, one transaction writing {@code tx-ring-ref}, {@code rx-ring-ref},
 * {@code event-channel}, {@code request-rx-copy=1}, {@code feature-rx-notify=1},
 * {@code feature-no-csum-offload=1}, then F=4, wait B=4, kick), watches the backend state, and tears
 * down (F=5 → B≥5 → F=6 → B=6) and reconnects when the backend goes away or restarts, or when the
 * data path found the backend misbehaving. Pages are granted once and reused across reconnects
 * (2 ring pages, 256 RX pages, 256 TX pages).
 *
 * <p><b>Data path.</b> {@link #receive} and {@link #transmit} (one thread each, possibly the same)
 * never block, never allocate, never throw. Each takes a per-direction token with one CAS, which is
 * how the control thread knows the rings are not in use when it re-initialises them. Every response
 * is read once into locals and validated (§6): producer window, ids, status, offset+size within the
 * page, chains; each violation is counted by kind ({@link Violation}) and the structural ones stop
 * the vif until it reconnects. Packet data are copied out of the RX page once, after the checks.
 * RX buffers are refilled in batches with one push; TX is pushed once per batch and the backend is
 * notified only when the event-index rule asks. {@code rsp_event} is never armed (the channel stays
 * quiet: poll mode).
 */
public final class NetFront implements AutoCloseable {
    /** Phase: rings not in use (setting up, closed, reconnecting). */
    public static final int DOWN = 0;
    /** Phase: connected, the data path runs. */
    public static final int UP = 1;
    /** Phase: the data path found a violation and stopped; the control thread will reconnect. */
    public static final int BROKEN = 2;
    private static final int FREE = 0;
    private static final int DATA = 1;
    private static final int CONTROL = 2;
    private static final int RX_REFILL_MIN = 32;
    private static final int RX_MAX_SLOTS = Netif.NR_SLOTS_MIN + 1;
    private static final VarHandle RX_TOKEN;
    private static final VarHandle TX_TOKEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RX_TOKEN = l.findVarHandle(NetFront.class, "rxToken", int.class);
            TX_TOKEN = l.findVarHandle(NetFront.class, "txToken", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final XenEnvironment env;
    private final XenStore xs;
    private final EventChannel evt;
    private final int devid;
    private final String front;
    private final PrintStream log;
    private String back;
    private int backendId;
    private byte[] mac;

    private final GrantedPages ringPages;
    private final GrantedPages rxPages;
    private final GrantedPages txPages;
    private final NetifTxRing.Front tx;
    private final NetifRxRing.Front rx;
    private final java.lang.foreign.MemorySegment[] rxPage = new java.lang.foreign.MemorySegment[Netif.RING_SIZE];
    private final java.lang.foreign.MemorySegment[] txPage = new java.lang.foreign.MemorySegment[Netif.RING_SIZE];
    private final int[] rxGref = new int[Netif.RING_SIZE];
    /** The RX request of each slot (cookie = slot, that slot's page): constant, posted in bulk. */
    private final long[] rxRequest = new long[Netif.RING_SIZE];
    private final int[] txGref = new int[Netif.RING_SIZE];
    private final boolean[] txPending = new boolean[Netif.RING_SIZE];
    private final int[] txFree = new int[Netif.RING_SIZE];
    private int txFreeTop;

    private volatile int phase = DOWN;
    @SuppressWarnings("unused")
    private volatile int rxToken;
    @SuppressWarnings("unused")
    private volatile int txToken;
    private volatile int port = -1;
    private int rxLastProd;
    private int txLastProd;
    private volatile boolean closed;
    private int lastQueued;
    private final Thread control;
    private final Object connectedSignal = new Object();

    // counters (written by their data-path thread, read by handlers)
    private final long[] violations = new long[Violation.COUNT];
    private long rxPackets;
    private long rxBytes;
    private long rxDropped;
    private long rxNoBuffers;
    private long rxNotifies;
    private long txPackets;
    private long txBytes;
    private long txCompleted;
    private long txErrors;
    private long txBackendDropped;
    private long txRingFull;
    private long txBadLength;
    private long txNotifies;
    private long notifyFailures;
    private volatile long connects;
    private volatile long disconnects;
    private volatile String lastProblem;

    private NetFront(XenEnvironment env, int devid, PrintStream log) throws XenException {
        this.env = env;
        this.xs = env.xenstore();
        this.evt = env.events();
        this.devid = devid;
        this.log = log;
        this.front = "/local/domain/" + env.domid() + "/device/vif/" + devid;
        readConfig();
        ringPages = env.grants().grant(backendId, 2, true);
        rxPages = env.grants().grant(backendId, Netif.RING_SIZE, true);
        txPages = env.grants().grant(backendId, Netif.RING_SIZE, false);
        tx = new NetifTxRing.Front(ringPages.page(0));
        rx = new NetifRxRing.Front(ringPages.page(1));
        for (int i = 0; i < Netif.RING_SIZE; i++) {
            rxPage[i] = rxPages.page(i);
            rxGref[i] = rxPages.gref(i);
            rxRequest[i] = (i & 0xFFFFL) | ((long) rxGref[i] << 32);
            txPage[i] = txPages.page(i);
            txGref[i] = txPages.gref(i);
        }
        control = Thread.ofPlatform().daemon().name("netfront-vif" + devid).unstarted(this::controlLoop);
    }

    /**
     * Opens vif {@code devid} of this guest and starts connecting in the background; see
     * {@link #awaitConnected}. Problems on the control path are printed to {@code log}.
     */
    public static NetFront open(XenEnvironment env, int devid, PrintStream log) throws XenException {
        NetFront f = new NetFront(env, devid, log);
        f.control.start();
        return f;
    }

    /** The vif whose {@code mac} key equals {@code mac}, or -1. */
    public static int findByMac(XenEnvironment env, byte[] mac) throws XenException {
        String base = "/local/domain/" + env.domid() + "/device/vif";
        for (String d : env.xenstore().directory(XenStore.NO_TX, base)) {
            byte[] m = XenbusState.parseMac(env.xenstore().read(base + "/" + d + "/mac"));
            if (m != null && java.util.Arrays.equals(m, mac)) {
                long id = XenbusState.parseDecimal(d, Integer.MAX_VALUE);
                if (id >= 0) {
                    return (int) id;
                }
            }
        }
        return -1;
    }

    private void readConfig() throws XenException {
        String b = xs.read(front + "/backend");
        if (b == null || !b.startsWith("/")) {
            throw new XenException("vif " + devid + ": no " + front + "/backend in xenstore (no such vif?)", "ENOENT");
        }
        long bid = XenbusState.parseDecimal(xs.read(front + "/backend-id"), 0x7FF0);
        if (bid < 0) {
            throw new XenException("vif " + devid + ": bad " + front + "/backend-id", "EINVAL");
        }
        byte[] m = XenbusState.parseMac(xs.read(front + "/mac"));
        if (m == null) {
            throw new XenException("vif " + devid + ": bad " + front + "/mac", "EINVAL");
        }
        back = b;
        backendId = (int) bid;
        mac = m;
    }

    /** Waits until connected or {@code millis} pass; returns whether connected. */
    public boolean awaitConnected(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (connectedSignal) {
            while (phase != UP) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                connectedSignal.wait(left);
            }
        }
        return true;
    }

    // ---- data path ------------------------------------------------------------------------------

    /**
     * Receives up to {@code max} frames into {@code out} (appended), allocating packets from
     * {@code pool}, then refills the RX ring. Never blocks, allocates or throws.
     *
     * @return frames appended
     */
    public int receive(PacketBatch out, int max, PacketPool pool) {
        if (!RX_TOKEN.compareAndSet(this, FREE, DATA)) {
            return 0;
        }
        try {
            if (phase != UP) {
                return 0;
            }
            return doReceive(out, Math.min(max, out.capacity() - out.size()), pool);
        } finally {
            RX_TOKEN.setRelease(this, FREE);
        }
    }

    private int doReceive(PacketBatch out, int max, PacketPool pool) {
        final NetifRxRing.Front r = rx;
        final int rp = r.responseProducer();
        int cons = r.rspCons();
        final int posted = r.reqProdPublished();
        final int last = rxLastProd;
        if (Integer.compareUnsigned(rp - last, posted - last) > 0) {
            return brk((rp - last) < 0 ? Violation.RX_PROD_BACKWARDS : Violation.RX_PROD_OVERFLOW);
        }
        rxLastProd = rp;
        int n = 0;
        long bytes = 0;
        boolean broken = false;
        while (cons != rp && n < max) {
            final long w = r.response(cons);
            final int slot = cons & Netif.RING_MASK;
            if (NetifRxRing.responseId(w) != slot) {
                brk(Violation.RX_BAD_ID);
                broken = true;
                break;
            }
            final int flags = NetifRxRing.responseFlags(w);
            if ((flags & (Netif.NETRXF_MORE_DATA | Netif.NETRXF_EXTRA_INFO)) != 0) {
                int end = chainEnd(r, cons, rp, flags);
                if (end < 0) {
                    brk(-end - 1);
                    broken = true;
                    break;
                }
                violations[Violation.RX_UNNEGOTIATED_CHAIN]++;
                rxDropped++;
                cons = end;
                continue;
            }
            cons++;
            final int status = NetifRxRing.responseStatus(w);
            final int offset = NetifRxRing.responseOffset(w);
            if (status < 0) {
                violations[Violation.RX_ERROR_STATUS]++;
                rxDropped++;
                continue;
            }
            if (offset + status > Netif.PAGE_SIZE) {
                violations[Violation.RX_BAD_OFFSET]++;
                rxDropped++;
                continue;
            }
            if (status < Netif.ETH_HLEN) {
                violations[Violation.RX_RUNT]++;
                rxDropped++;
                continue;
            }
            Packet p = pool.allocate(status);
            if (p == null) {
                rxNoBuffers++;
                rxDropped++;
                continue;
            }
            p.copyFrom(rxPage[slot], offset, 0, status);
            p.setMacHeaderOffset(0);
            out.add(p);
            bytes += status;
            n++;
        }
        r.setRspCons(cons);
        rxPackets += n;
        rxBytes += bytes;
        if (!broken && r.freeRequests() >= RX_REFILL_MIN) {
            refillRx();
        }
        return n; // frames validated and copied before a violation are delivered
    }

    /**
     * End (exclusive) of an RX chain starting at {@code cons}, or {@code -(kind+1)} for a
     * structural violation. Reads each slot once; never past the snapshot {@code rp}.
     */
    private int chainEnd(NetifRxRing.Front r, int cons, int rp, int flags) {
        int k = cons + 1;
        int slots = 1;
        if ((flags & Netif.NETRXF_EXTRA_INFO) != 0) {
            long e;
            do {
                if (k == rp) {
                    return -(Violation.RX_CHAIN_UNTERMINATED + 1);
                }
                e = r.response(k);
                k++;
                if (!NetifExtra.valid(e)) {
                    return -(Violation.RX_BAD_EXTRA + 1);
                }
                if (k - cons > RX_MAX_SLOTS + Netif.EXTRA_TYPE_MAX) {
                    return -(Violation.RX_TOO_MANY_SLOTS + 1);
                }
            } while (NetifExtra.more(e));
        }
        while ((flags & Netif.NETRXF_MORE_DATA) != 0) {
            if (k == rp) {
                return -(Violation.RX_CHAIN_UNTERMINATED + 1);
            }
            if (++slots > RX_MAX_SLOTS) {
                return -(Violation.RX_TOO_MANY_SLOTS + 1);
            }
            long w = r.response(k);
            if (NetifRxRing.responseId(w) != (k & Netif.RING_MASK)) {
                return -(Violation.RX_BAD_ID + 1);
            }
            flags = NetifRxRing.responseFlags(w);
            k++;
        }
        return k;
    }

    private void refillRx() {
        final NetifRxRing.Front r = rx;
        r.putRequests(rxRequest, r.freeRequests());
        if (r.pushRequestsAndCheckNotify()) {
            rxNotifies++;
            if (!evt.notify(port)) {
                notifyFailures++;
            }
        }
    }

    /**
     * Transmits frames {@code [0, batch.size())} of {@code batch}: each is copied into a granted TX
     * page and killed; frames that do not fit (ring full, or length outside 14..4096) are killed and
     * counted. One push and at most one notification for the whole batch. The batch is left empty.
     * Never blocks, allocates or throws.
     *
     * @return frames queued to the backend
     */
    public int transmit(PacketBatch batch) {
        return transmit(batch, null);
    }

    /**
     * Like {@link #transmit(PacketBatch)}, but frames that found no room are appended to
     * {@code rejected} (if not null and not full) instead of being killed.
     */
    public int transmit(PacketBatch batch, PacketBatch rejected) {
        final int n = batch.size();
        int stop = 0;
        int queued = 0;
        if (TX_TOKEN.compareAndSet(this, FREE, DATA)) {
            try {
                if (phase == UP && reapTx()) {
                    stop = doTransmit(batch, n);
                    queued = lastQueued;
                }
            } finally {
                TX_TOKEN.setRelease(this, FREE);
            }
        }
        for (int i = stop; i < n; i++) {
            Packet p = batch.get(i);
            if (rejected != null && !rejected.isFull()) {
                rejected.add(p);
            } else {
                p.kill();
            }
        }
        if (stop < n) {
            txRingFull += n - stop;
        }
        batch.clear();
        return queued;
    }

    /** Free TX slots now (reaps completions first); 0 when not connected. For pull-mode sinks. */
    public int txRoom() {
        if (!TX_TOKEN.compareAndSet(this, FREE, DATA)) {
            return 0;
        }
        try {
            if (phase != UP || !reapTx()) {
                return 0;
            }
            return Math.min(txFreeTop, tx.freeRequests());
        } finally {
            TX_TOKEN.setRelease(this, FREE);
        }
    }

    /** Queues frames from index 0 while there is room; returns the index where it stopped. */
    private int doTransmit(PacketBatch batch, int n) {
        final NetifTxRing.Front r = tx;
        final int room = Math.min(txFreeTop, r.freeRequests());
        int i = 0;
        long bytes = 0;
        int queued = 0;
        for (; i < n && queued < room; i++) {
            Packet p = batch.get(i);
            int len = p.length();
            if (len < Netif.ETH_HLEN || len > Netif.PAGE_SIZE) {
                txBadLength++;
                p.kill();
                continue;
            }
            int id = txFree[--txFreeTop];
            p.copyTo(0, txPage[id], 0, len);
            txPending[id] = true;
            r.putRequest(txGref[id], 0, 0, id, len);
            p.kill();
            bytes += len;
            queued++;
        }
        if (queued > 0 && r.pushRequestsAndCheckNotify()) {
            txNotifies++;
            if (!evt.notify(port)) {
                notifyFailures++;
            }
        }
        txPackets += queued;
        txBytes += bytes;
        lastQueued = queued;
        return i;
    }

    /** Reaps TX responses; false if the backend misbehaved (vif broken). */
    private boolean reapTx() {
        final NetifTxRing.Front r = tx;
        final int rp = r.responseProducer();
        int cons = r.rspCons();
        final int posted = r.reqProdPublished();
        final int last = txLastProd;
        if (rp == cons) {
            return true;
        }
        if (Integer.compareUnsigned(rp - last, posted - last) > 0) {
            brk((rp - last) < 0 ? Violation.TX_PROD_BACKWARDS : Violation.TX_PROD_OVERFLOW);
            return false;
        }
        txLastProd = rp;
        final boolean[] pending = txPending;
        long done = 0;
        while (cons != rp) {
            final int w = r.response(cons);
            cons++;
            final int status = NetifTxRing.responseStatus(w);
            if (status == Netif.NETIF_RSP_NULL) {
                r.setRspCons(cons);
                brk(Violation.TX_UNEXPECTED_NULL);
                return false;
            }
            final int id = NetifTxRing.responseId(w);
            if (id >= Netif.RING_SIZE) {
                r.setRspCons(cons);
                brk(Violation.TX_BAD_ID);
                return false;
            }
            if (!pending[id]) {
                r.setRspCons(cons);
                brk(Violation.TX_ID_NOT_PENDING);
                return false;
            }
            pending[id] = false;
            txFree[txFreeTop++] = id;
            if (status == Netif.NETIF_RSP_OKAY) {
                done++;
            } else if (status == Netif.NETIF_RSP_ERROR) {
                txErrors++;
            } else if (status == Netif.NETIF_RSP_DROPPED) {
                txBackendDropped++;
            } else {
                violations[Violation.TX_BAD_STATUS]++;
                txErrors++;
            }
        }
        r.setRspCons(cons);
        txCompleted += done;
        return true;
    }

    private int brk(int kind) {
        violations[kind]++;
        phase = BROKEN;
        return 0;
    }

    // ---- control path ---------------------------------------------------------------------------

    private void acquireRings() {
        while (!RX_TOKEN.compareAndSet(this, FREE, CONTROL)) {
            Thread.onSpinWait();
        }
        while (!TX_TOKEN.compareAndSet(this, FREE, CONTROL)) {
            Thread.onSpinWait();
        }
    }

    private void releaseRings() {
        TX_TOKEN.setRelease(this, FREE);
        RX_TOKEN.setRelease(this, FREE);
    }

    private void problem(String s) {
        lastProblem = s;
        if (log != null) {
            log.println("netfront vif" + devid + ": " + s);
        }
    }

    private int backendState() throws XenException {
        String s = xs.read(back + "/state");
        int v = XenbusState.parse(s);
        if (s != null && v < 0) {
            violations[Violation.XS_BAD_VALUE]++;
        }
        return v;
    }

    /** Waits for a backend state in {@code mask} (bit per state); returns the state, or -1 on timeout/close. */
    private int waitBackend(int mask, long timeoutMs) throws XenException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!closed) {
            int s = backendState();
            if (s >= 0 && (mask & (1 << s)) != 0) {
                return s;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return -1;
            }
            xs.nextWatchEvent(Math.min(left, 20));
        }
        return -1;
    }

    private void setFrontState(int s) throws XenException {
        xs.write(front + "/state", Integer.toString(s));
    }

    private void controlLoop() {
        String token = "netfront-vif" + devid;
        boolean watching = false;
        while (!closed) {
            try {
                if (!watching) {
                    xs.watch(back + "/state", token);
                    watching = true;
                }
                if (connect()) {
                    monitor();
                }
                teardown();
            } catch (XenException | RuntimeException e) {
                problem("control: " + e.getMessage());
                sleep(100);
            }
        }
        try {
            acquireRings();
            phase = DOWN;
            releaseRings();
            teardown();
        } catch (XenException | RuntimeException e) {
            // closing anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean connect() throws XenException {
        acquireRings();
        phase = DOWN;
        releaseRings();
        setFrontState(XenbusState.INITIALISING);
        if (waitBackend(1 << XenbusState.INIT_WAIT, 30_000) < 0) {
            if (!closed) {
                problem("backend " + back + " not in InitWait (state " + backendState() + "); retrying");
            }
            return false;
        }
        String rxCopy = xs.read(back + "/feature-rx-copy");
        if (rxCopy != null && !rxCopy.equals("1") && !rxCopy.equals("0")) {
            violations[Violation.XS_BAD_VALUE]++;
        }
        // rings and buffers (we own them: phase DOWN and the tokens are ours)
        acquireRings();
        try {
            tx.init();
            rx.init();
            rxLastProd = 0;
            txLastProd = 0;
            txFreeTop = 0;
            for (int i = Netif.RING_SIZE - 1; i >= 0; i--) {
                txPending[i] = false;
                txFree[txFreeTop++] = i;
            }
            for (int i = 0; i < Netif.RING_SIZE; i++) {
                rx.putRequest(i, rxGref[i]);
            }
            rx.pushRequestsAndCheckNotify();
        } finally {
            releaseRings();
        }
        if (port >= 0) {
            evt.unbind(port);
            port = -1;
        }
        int p = evt.bindUnboundPort(backendId);
        port = p;
        while (true) {
            int t = xs.transactionStart();
            xs.write(t, front + "/tx-ring-ref", Integer.toUnsignedString(ringPages.gref(0)));
            xs.write(t, front + "/rx-ring-ref", Integer.toUnsignedString(ringPages.gref(1)));
            xs.write(t, front + "/event-channel", Integer.toString(p));
            xs.write(t, front + "/request-rx-copy", "1");
            xs.write(t, front + "/feature-rx-notify", "1");
            xs.write(t, front + "/feature-no-csum-offload", "1");
            xs.write(t, front + "/feature-sg", "0");
            if (xs.transactionEnd(t, true)) {
                break;
            }
        }
        setFrontState(XenbusState.CONNECTED);
        int s = waitBackend(1 << XenbusState.CONNECTED | 1 << XenbusState.CLOSING | 1 << XenbusState.CLOSED, 30_000);
        if (s != XenbusState.CONNECTED) {
            problem("backend did not connect (state " + s + ")");
            return false;
        }
        phase = UP;
        connects++;
        evt.notify(p);
        synchronized (connectedSignal) {
            connectedSignal.notifyAll();
        }
        return true;
    }

    private void monitor() throws XenException {
        long nextCheck = System.nanoTime();
        while (!closed) {
            if (phase == BROKEN) {
                problem("backend misbehaved (" + violationSummary() + "); closing the vif");
                break;
            }
            String[] ev = xs.nextWatchEvent(5);
            if (ev != null || System.nanoTime() - nextCheck > 0) {
                nextCheck = System.nanoTime() + 100_000_000L;
                int s = backendState();
                if (s != XenbusState.CONNECTED) {
                    violations[Violation.BACKEND_DISCONNECTED]++;
                    problem("backend left Connected (state " + s + "); reconnecting");
                    break;
                }
            }
        }
    }

    private void teardown() throws XenException {
        acquireRings();
        if (phase == UP || phase == BROKEN) {
            disconnects++;
        }
        phase = DOWN;
        releaseRings();
        setFrontState(XenbusState.CLOSING);
        waitBackend(1 << XenbusState.CLOSING | 1 << XenbusState.CLOSED | 1 << XenbusState.INIT_WAIT, closed ? 500 : 2000);
        setFrontState(XenbusState.CLOSED);
        waitBackend(1 << XenbusState.CLOSED | 1 << XenbusState.INIT_WAIT, closed ? 500 : 2000);
    }

    // ---- status -----------------------------------------------------------------------------------

    /** Current phase ({@link #UP}, {@link #DOWN}, {@link #BROKEN}). */
    public int phase() {
        return phase;
    }

    /** Whether connected. */
    public boolean connected() {
        return phase == UP;
    }

    /** The vif number. */
    public int devid() {
        return devid;
    }

    /** The MAC from xenstore. */
    public byte[] mac() {
        return mac.clone();
    }

    /** The environment. */
    public XenEnvironment environment() {
        return env;
    }

    /** Violations of {@code kind}. */
    public long violations(int kind) {
        return violations[kind];
    }

    /** Total violations. */
    public long violationsTotal() {
        long s = 0;
        for (long v : violations) {
            s += v;
        }
        return s;
    }

    /** Non-zero violation counts, {@code name count} per line. */
    public String violationSummary() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Violation.COUNT; k++) {
            if (violations[k] != 0) {
                sb.append(Violation.name(k)).append(' ').append(violations[k]).append('\n');
            }
        }
        return sb.toString().trim();
    }

    /** Frames received. */
    public long rxPackets() {
        return rxPackets;
    }

    /** Bytes received. */
    public long rxBytes() {
        return rxBytes;
    }

    /** Frames dropped on receive (bad responses, no packet buffers). */
    public long rxDropped() {
        return rxDropped;
    }

    /** Frames dropped on receive because the packet pool was empty. */
    public long rxNoBuffers() {
        return rxNoBuffers;
    }

    /** Notifications sent after posting RX buffers. */
    public long rxNotifies() {
        return rxNotifies;
    }

    /** Frames queued on TX. */
    public long txPackets() {
        return txPackets;
    }

    /** Bytes queued on TX. */
    public long txBytes() {
        return txBytes;
    }

    /** TX responses OKAY. */
    public long txCompleted() {
        return txCompleted;
    }

    /** TX responses ERROR (or undefined statuses). */
    public long txErrors() {
        return txErrors;
    }

    /** TX responses DROPPED. */
    public long txBackendDropped() {
        return txBackendDropped;
    }

    /** Frames dropped because the TX ring was full or the vif down. */
    public long txRingFull() {
        return txRingFull;
    }

    /** Frames dropped for a length outside 14..4096. */
    public long txBadLength() {
        return txBadLength;
    }

    /** Notifications sent after pushing TX. */
    public long txNotifies() {
        return txNotifies;
    }

    /** Event-channel notifications that failed. */
    public long notifyFailures() {
        return notifyFailures;
    }

    /** Times connected. */
    public long connects() {
        return connects;
    }

    /** Times a connection ended. */
    public long disconnects() {
        return disconnects;
    }

    /** RX buffers currently posted. */
    public int rxPosted() {
        return rx.outstanding();
    }

    /** TX requests in flight. */
    public int txInFlight() {
        return tx.outstanding();
    }

    /** The last control-path problem, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    /** Event-channel port (or -1). */
    public int port() {
        return port;
    }

    /** Stops the control thread and closes the vif (F=5, F=6); keeps the environment open. */
    @Override
    public void close() {
        closed = true;
        try {
            control.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
