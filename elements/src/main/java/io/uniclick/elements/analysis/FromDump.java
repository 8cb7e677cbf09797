package io.uniclick.elements.analysis;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.FullSignal;
import io.uniclick.core.element.Restartable;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import io.uniclick.core.pcap.PcapException;
import io.uniclick.core.pcap.PcapFile;
import java.nio.file.Path;

/** Replays a pcap file (Click's FromDump), memory-mapped. */
@ElementInfo(name = "FromDump", ports = "0/1-2", processing = "a/ah",
        synopsis = "FromDump(FILENAME [, *keywords* STOP, TIMING, ACTIVE, BURST, FORCE_IP, SAMPLE, END_CALL, FILEPOS, MMAP])",
        description = "Reads packets from a classic pcap file (micro- or nanosecond timestamps, either byte order), which is "
                + "memory-mapped, and pushes them in batches of BURST, or hands one out per pull. Each packet's timestamp "
                + "annotation is set from the file. At the end of the file, STOP true stops the driver. A missing, unreadable, "
                + "non-pcap or truncated file is reported with its name; a truncated last record ends the replay with a warning.",
        keywords = {"STOP: stop the driver at the end of the file (default false)",
                "TIMING: replay with the file's inter-packet timing (default false)",
                "ACTIVE: whether to read (default true)",
                "BURST: packets per scheduling (default 32)",
                "FORCE_IP: send packets that are not IPv4 to output 1, or drop them (default false)",
                "SAMPLE: keep each packet with this probability (default 1)",
                "END_CALL: handler to write at the end of the file, instead of STOP",
                "FILEPOS: byte offset of the first record to read",
                "MMAP: accepted for compatibility; the file is always mapped"},
        handlers = {"count (r): packets read", "reset_counts (w)", "active (rw)", "encap (r)", "filename (r)", "filesize (r)",
                "filepos (rw)", "packet_filepos (r)", "reset_timing (w)"},
        example = "FromDump(trace.pcap, STOP true, TIMING false) -> c :: Counter -> Discard;")
public final class FromDump extends Element implements Restartable, PacketCounting {
    private String filename;
    private boolean stop;
    private boolean timing;
    private volatile boolean active;
    private int burst;
    private boolean forceIp;
    private double sample;
    private String endCall;
    private long filepos;
    private PcapFile file;
    private PacketPool pool;
    private final PacketBatch batch = new PacketBatch();
    private final PacketBatch nonIp = new PacketBatch();
    private long count;
    private long timingOffset = Long.MIN_VALUE;
    private Task task;
    private FullSignal full;
    private java.util.SplittableRandom random;
    private boolean atEnd;
    private boolean endPending;
    /** Bytes of the file the last burst read. */
    private int burstBytes;
    private static final int MIN_PREFETCH = 1024;
    private static final int MAX_PREFETCH = 32 * 1024;

    @Override
    public void configure(Args a) throws ConfigException {
        filename = a.mandatoryPositional("FILENAME", ArgTypes.STRING);
        stop = a.keyword("STOP", ArgTypes.BOOL, false);
        timing = a.keyword("TIMING", ArgTypes.BOOL, false);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        forceIp = a.keyword("FORCE_IP", ArgTypes.BOOL, false);
        sample = a.keyword("SAMPLE", ArgTypes.REAL, 1.0);
        endCall = a.keyword("END_CALL", ArgTypes.STRING, null);
        filepos = a.keyword("FILEPOS", ArgTypes.UNSIGNED, 0L);
        a.keyword("MMAP", ArgTypes.BOOL, true);
        if (burst < 1 || burst > PacketBatch.MAX_SIZE) {
            a.error("BURST", "out of range, bound " + PacketBatch.MAX_SIZE);
        }
        if (sample < 0 || sample > 1) {
            a.error("SAMPLE", "out of range, bound 1");
        }
        a.complete();
    }

    @Override
    public void initialize() throws ConfigException {
        try {
            file = PcapFile.open(Path.of(filename));
        } catch (PcapException e) {
            throw new ConfigException(e.getMessage());
        }
        if (filepos > 0 && !file.seek(filepos)) {
            throw new ConfigException("FILEPOS: out of range, bound " + file.size());
        }
        if (sample < 1) {
            random = new java.util.SplittableRandom(1);
        }
        pool = context.pool(this);
        if (outputIsPush(0)) {
            task = new Task(this) {
                @Override
                public int doWork() {
                    return runTask();
                }
            };
            context.addTask(task);
            if (!active) {
                task.unschedule();
            }
        }
    }

    /**
     * Reads the next packet that passes sampling into a pool packet; null at the end (setting
     * {@link #endPending}) or when the pool is dry. The caller counts the packets, once per burst:
     * a count kept here would be a memory update per packet, since the record copy is a call.
     */
    private Packet readOne() {
        final PcapFile f = file;
        while (f.next()) {
            if (random != null && random.nextDouble() >= sample) {
                continue;
            }
            int len = f.caplen();
            Packet p = pool.allocate(len);
            if (p == null) {
                f.seek(f.recordPosition()); // the pool is dry: the record is read again next time
                return null;
            }
            p.setTimestampNanos(f.timestampNanos());
            if (f.linkType() == PcapFile.LINKTYPE_ETHERNET) {
                p.setMacHeaderOffset(0);
            }
            if (!f.copyRecordTo(p)) {
                p.kill(); // cannot happen after next(): the record was in the file
                break;
            }
            return p;
        }
        endPending = true; // the caller counts its packets first, then calls end()
        return null;
    }

    int runTask() {
        if (!active) {
            return 0;
        }
        if (full == null) {
            full = FullSignal.downstream(this, 0, task);
        }
        if (full.sleepIfFull(task)) {
            return 0;
        }
        if (timing && !due()) {
            return 0;
        }
        final PacketBatch b = batch;
        final int n = burst;
        final long start = prefetch();
        for (int i = 0; i < n; i++) {
            Packet p = readOne();
            if (p == null) {
                break;
            }
            if (forceIp && !isIPv4(p)) {
                nonIp.add(p);
            } else {
                b.add(p);
            }
            if (timing && !due()) {
                break;
            }
        }
        int made = b.size() + nonIp.size();
        count += made;
        burstDone(start);
        if (!b.isEmpty()) {
            output[0].push(b);
            b.clear();
        }
        if (!nonIp.isEmpty()) {
            output[noutputs() > 1 ? 1 : 0].push(nonIp);
            nonIp.clear();
        }
        return made;
    }

    /** TIMING: whether the next record's time has come. Peeks by comparing the last record read. */
    private boolean due() {
        long now = context.now();
        long pos = file.position();
        if (!file.next()) {
            return true; // the end: let readOne see it
        }
        long ts = file.timestampNanos();
        file.seek(pos);
        if (timingOffset == Long.MIN_VALUE) {
            timingOffset = now - ts;
        }
        return ts + timingOffset <= now;
    }

    private static boolean isIPv4(Packet p) {
        int mac = p.macHeaderOffset();
        if (mac >= 0) {
            return p.length() >= 34 && p.u16(12) == 0x0800 && (p.u8(14) >> 4) == 4;
        }
        return p.length() >= 20 && (p.u8(0) >> 4) == 4;
    }

    private void end() {
        endPending = false;
        if (atEnd) {
            return;
        }
        atEnd = true;
        if (file.problem() != null) {
            context.errors().println(declaration() + ": warning: " + file.problem());
        }
        if (task != null) {
            task.unschedule();
        }
        active = false;
        sourceFinished(endCall, stop);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        if (!active) {
            return null;
        }
        final PacketBatch b = batch;
        b.clear();
        final long start = prefetch();
        int n = Math.min(max, burst);
        while (b.size() < n) {
            Packet p = readOne();
            if (p == null) {
                break;
            }
            count++;
            if (forceIp && !isIPv4(p)) {
                p.kill();
                continue;
            }
            b.add(p);
        }
        burstDone(start);
        return b;
    }

    /** After a burst that began at file offset {@code start} and was counted: its size, and end() if the file ended. */
    private void burstDone(long start) {
        burstBytes = (int) Math.min(file.position() - start, MAX_PREFETCH);
        if (endPending) {
            end();
        }
    }

    /**
     * Has the CPU fetch the next burst's records while this one is processed (about two bursts of
     * bytes past the cursor, as much as the last burst read). Returns the cursor, from which the
     * caller measures the burst. Without it the copy of each record stalled on cache misses: nat
     * spent 13 % of its time there, its flow table having taken the cache that the hardware
     * prefetcher had filled.
     */
    private long prefetch() {
        final PcapFile f = file;
        f.prefetchAhead(2 * Math.max(burstBytes, MIN_PREFETCH));
        return f.position();
    }

    @Override
    public void cleanup() {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /** Starts again from the first record (benchmarks). */
    @Override
    public void restart() {
        file.rewind();
        atEnd = false;
        active = true;
        if (task != null) {
            task.reschedule();
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset_counts", v -> count = 0);
        h.readWrite("active", () -> Boolean.toString(active), v -> {
            active = HandlerValues.parse(ArgTypes.BOOL, v);
            if (active && task != null && !atEnd) {
                task.reschedule();
            }
        });
        h.read("encap", () -> file == null ? "" : file.linkType() == PcapFile.LINKTYPE_ETHERNET ? "ETHER" : "LINKTYPE " + file.linkType());
        h.read("filename", () -> filename);
        h.readLong("filesize", () -> file == null ? -1 : file.size());
        h.readWrite("filepos", () -> Long.toString(file == null ? 0 : file.position()), v -> {
            long off = HandlerValues.parse(ArgTypes.UNSIGNED, v);
            if (file == null || !file.seek(off)) {
                throw new io.uniclick.core.handler.HandlerException("filepos out of range");
            }
            atEnd = false;
        });
        h.readLong("packet_filepos", () -> file == null ? 0 : file.recordPosition());
        h.write("reset_timing", v -> timingOffset = Long.MIN_VALUE);
    }

}
