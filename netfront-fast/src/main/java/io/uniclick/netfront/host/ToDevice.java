package io.uniclick.netfront.host;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/** Click's user-level ToDevice over an AF_PACKET socket with a memory-mapped TPACKET_V2 transmit ring. */
@ElementInfo(name = "ToDevice", ports = "1/0-1", processing = "a/h",
        synopsis = "ToDevice(DEVNAME [, *keywords* BURST, METHOD, IGNORE_QUEUE_OVERFLOWS, SET_ERROR_ANNO, QDISC_BYPASS, RING_SIZE])",
        description = "Sends the packets it receives out the Linux network interface DEVNAME. Packets must already carry "
                + "their link-level (Ethernet) header.\n\n"
                + "In a pull context (the usual Click form, a Queue upstream) a task pulls up to BURST packets at a time, "
                + "but never more than there are free frames in the transmit ring, so the Queue keeps what the interface "
                + "cannot take yet; the task sleeps while the upstream queues are empty. Pushed packets are sent at once; "
                + "when the ring is full they are dropped (counted in drops). Packets go through an AF_PACKET socket "
                + "whose transmit ring (TPACKET_V2, RING_SIZE frames of 2048 bytes) is memory-mapped: each packet is "
                + "copied into a free frame and marked for sending, and one non-blocking send() per batch tells the "
                + "kernel to transmit every marked frame.\n\n"
                + "Packets that cannot be sent (too long for a ring frame, ring full in push mode) leave on output 1 if it "
                + "is connected and are dropped otherwise.",
        keywords = {"BURST: unsigned, most packets sent per batch in pull mode (default 32, at most 256)",
                "METHOD: word, LINUX or MMAP (the default; both mean the mapped ring)",
                "IGNORE_QUEUE_OVERFLOWS: boolean, accepted for compatibility (overflows are counted, never printed)",
                "SET_ERROR_ANNO: boolean, accepted for compatibility (no SEND_ERR annotation exists)",
                "QDISC_BYPASS: boolean, hand frames straight to the driver, bypassing the qdisc (uniclick; default false)",
                "RING_SIZE: unsigned, frames in the transmit ring (uniclick; default 1024)"},
        handlers = {"count (r): packets handed to the kernel", "drops (r): packets that could not be sent",
                "calls (r): send() calls made", "reset_counts (w): resets count, drops and calls",
                "kernel_drops (r): 0 (the kernel reports no transmit drops for packet sockets)"},
        example = "FromDevice(eth0) -> Queue(1000) -> ToDevice(eth1);",
        notes = "Sends through a mapped TPACKET_V2 ring with one send() per batch instead of Click's send() per packet. "
                + "A FromDevice on the same interface does not see these packets (unless OUTBOUND is true), as in Click. "
                + "Frames longer than 2016 bytes do not fit a ring frame and are dropped. Needs CAP_NET_RAW.")
public final class ToDevice extends Element implements PacketCounting {
    private static final VarHandle STATUS = AfPacket.STATUS;
    private static final int BUSY = Sys.TP_STATUS_SEND_REQUEST | Sys.TP_STATUS_SENDING;
    private static final int FRAME_SIZE = 2048;
    private static final int MAX_DATA = FRAME_SIZE - Sys.TPACKET2_HDR;

    private String dev;
    private int burst;
    private boolean bypass;
    private int ringSize;

    private AfPacket sock;
    private MemorySegment ring;
    private long[] frames;
    private int head;
    private int fd;
    private MemorySegment errState;
    private final PacketBatch errors = new PacketBatch();
    private PullTask task;
    private long count;
    private long drops;
    private long calls;

    @Override
    public void configure(Args a) throws ConfigException {
        dev = a.mandatoryPositional("DEVNAME", ArgTypes.STRING);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        String method = a.keyword("METHOD", ArgTypes.WORD, "LINUX");
        a.keyword("IGNORE_QUEUE_OVERFLOWS", ArgTypes.BOOL, false);
        a.keyword("SET_ERROR_ANNO", ArgTypes.BOOL, false);
        a.keyword("DEBUG", ArgTypes.BOOL, false);
        bypass = a.keyword("QDISC_BYPASS", ArgTypes.BOOL, false);
        ringSize = a.keyword("RING_SIZE", ArgTypes.UINT32, 1024);
        switch (method.toUpperCase(Locale.ROOT)) {
            case "LINUX", "MMAP", "PCAP", "DEFAULT" -> {
            }
            default -> a.error("METHOD", "bad METHOD '" + method + "', expected LINUX or MMAP");
        }
        if (burst < 1 || burst > PacketBatch.MAX_SIZE) {
            a.error("BURST", "out of range, bound " + PacketBatch.MAX_SIZE);
        }
        if (ringSize < 8 || ringSize > 1 << 20) {
            a.error("RING_SIZE", "out of range, expected 8 to 1048576");
        }
        if (dev.isEmpty()) {
            a.error("DEVNAME", "empty device name");
        }
        a.complete();
    }

    @Override
    public void initialize() throws ConfigException {
        sock = AfPacket.openTx(dev, ringSize, FRAME_SIZE, bypass);
        ring = sock.ring;
        frames = sock.frameOffsets;
        fd = sock.fd;
        errState = Sys.newErrnoState(sock.arena);
        if (!inputIsPush(0)) {
            task = new PullTask(this, 0, burst) {
                @Override
                protected int allowance(int want) {
                    return freeFrames(want);
                }

                @Override
                protected int consume(PacketBatch b) {
                    int n = b.size();
                    send(b);
                    return n;
                }
            };
            context.addTask(task);
        }
    }

    /** How many of the next {@code want} ring frames are free (stops at the first busy one). */
    private int freeFrames(int want) {
        final MemorySegment r = ring;
        final long[] fr = frames;
        final int n = fr.length;
        int h = head;
        int free = 0;
        while (free < want) {
            if (((int) STATUS.getAcquire(r, fr[h]) & BUSY) != 0) {
                break;
            }
            free++;
            h = h + 1 == n ? 0 : h + 1;
        }
        return free;
    }

    @Override
    public void push(int port, PacketBatch b) {
        send(b);
    }

    private void send(PacketBatch b) {
        final MemorySegment r = ring;
        final long[] fr = frames;
        final int nframes = fr.length;
        final int n = b.size();
        final PacketBatch err = errors;
        int h = head;
        int queued = 0;
        for (int i = 0; i < n; i++) {
            Packet p = b.get(i);
            long off = fr[h];
            int len = p.length();
            if (len > MAX_DATA || len <= 0 || ((int) STATUS.getAcquire(r, off) & BUSY) != 0) {
                err.add(p);
                continue;
            }
            p.copyTo(0, r, off + Sys.TPACKET2_HDR, len);
            r.set(ValueLayout.JAVA_INT, off + 4, len);  // tp_len
            r.set(ValueLayout.JAVA_INT, off + 8, len);  // tp_snaplen
            STATUS.setRelease(r, off, Sys.TP_STATUS_SEND_REQUEST);
            h = h + 1 == nframes ? 0 : h + 1;
            queued++;
            p.kill();
        }
        head = h;
        if (queued > 0) {
            count += queued;
            calls++;
            Sys.send(errState, fd, MemorySegment.NULL, 0L, Sys.MSG_DONTWAIT);
        }
        if (!err.isEmpty()) {
            drops += err.size();
            if (noutputs() > 0 && outputConnected(0)) {
                output[0].push(err);
            } else {
                err.killAll();
            }
            err.clear();
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void cleanup() {
        if (task != null) {
            task.unschedule();
        }
        if (sock != null) {
            // let the kernel finish what is marked, then unmap
            long until = System.nanoTime() + 100_000_000L;
            while (System.nanoTime() < until && freeFrames(frames.length) < frames.length) {
                Sys.send(errState, fd, MemorySegment.NULL, 0L, Sys.MSG_DONTWAIT);
                Thread.onSpinWait();
            }
            sock.close();
            ring = MemorySegment.NULL;
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.readLong("drops", () -> drops);
        h.readLong("calls", () -> calls);
        h.readLong("kernel_drops", () -> 0);
        h.write("reset_counts", v -> {
            count = 0;
            drops = 0;
            calls = 0;
        });
    }
}
