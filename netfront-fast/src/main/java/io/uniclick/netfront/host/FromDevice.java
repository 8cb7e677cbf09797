package io.uniclick.netfront.host;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.Task;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Checksum;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/** Click's user-level FromDevice over an AF_PACKET socket with a memory-mapped TPACKET_V2 receive ring. */
@ElementInfo(name = "FromDevice", ports = "0/1-2", processing = "h/h",
        synopsis = "FromDevice(DEVNAME [, *keywords* SNIFFER, PROMISC, SNAPLEN, FORCE_IP, METHOD, BPF_FILTER, OUTBOUND, "
                + "HEADROOM, BURST, TIMESTAMP, ENCAP, RING_SIZE])",
        description = "Reads the frames received by the Linux network interface DEVNAME and pushes them, link-level header "
                + "included, out output 0 in batches of up to BURST. Like Click's user-level FromDevice it is a sniffer: "
                + "the kernel also processes every frame it emits (keep the interface free of addresses, or filter in the "
                + "kernel, if that matters). Frames sent on DEVNAME by a ToDevice, or by the host, are not emitted unless "
                + "OUTBOUND is true.\n\n"
                + "The socket is an AF_PACKET/SOCK_RAW/ETH_P_ALL socket bound to DEVNAME whose receive ring (TPACKET_V2, "
                + "RING_SIZE frames) is memory-mapped into the process. A task polls the ring: it copies up to BURST ready "
                + "frames into packets from the thread's pool, hands each frame back to the kernel, and pushes the batch. "
                + "No system call is made on the data path; when no frame is ready the task reports no work and the "
                + "driver thread backs off. Each packet gets the kernel's receive timestamp and the packet type annotation "
                + "(HOST, BROADCAST, MULTICAST, OTHERHOST, OUTGOING) from the frame's sll_pkttype. Frames longer than "
                + "SNAPLEN are truncated to SNAPLEN bytes.\n\n"
                + "With FORCE_IP, non-IPv4 frames go to output 1 if it is connected and are dropped otherwise.",
        keywords = {"SNIFFER: boolean, accepted for compatibility (FromDevice is always a sniffer), default true",
                "PROMISC: boolean, put the interface into promiscuous mode while running (default false)",
                "SNAPLEN: unsigned, bytes of each frame kept (default 2046)",
                "FORCE_IP: boolean, emit only IPv4 frames on output 0 (default false)",
                "METHOD (or CAPTURE): word, LINUX or MMAP (the default; both mean the mapped ring); PCAP is accepted and also "
                        + "uses the ring",
                "BPF_FILTER: string, ignored with a warning (Click also ignores it unless the capture method is PCAP)",
                "OUTBOUND: boolean, also emit frames the host sends on DEVNAME (default false)",
                "HEADROOM: unsigned, headroom of each packet (default 128)",
                "BURST: unsigned, most frames pushed per task run (default 32, at most 256)",
                "TIMESTAMP: boolean, set the timestamp annotation (default true)",
                "ENCAP: word, ETHER only",
                "RING_SIZE: unsigned, frames in the receive ring (uniclick; default 4096)",
                "CHECKSUM: boolean, complete the TCP/UDP checksum of IPv4 frames that a local sender left to checksum "
                        + "offload (the kernel marks them TP_STATUS_CSUMNOTREADY), so that they can be forwarded "
                        + "(uniclick; default true)"},
        handlers = {"count (r): frames emitted", "reset_counts (w): resets count and drops",
                "kernel_drops (r): frames the kernel dropped because the ring was full",
                "drops (r): frames dropped because the packet pool was empty",
                "encap (r): the link encapsulation, ETHER",
                "checksums_completed (r): frames whose transport checksum was completed (CHECKSUM)", "ring_size (r): frames in the receive ring"},
        example = "FromDevice(eth0, PROMISC true) -> Queue -> ToDevice(eth1);",
        notes = "Uses a memory-mapped TPACKET_V2 ring instead of Click's recvfrom() or libpcap; BPF_FILTER is not "
                + "supported. Output 1 (Click's newer port count 0/1-2) receives only non-IP frames under FORCE_IP. "
                + "RING_SIZE and CHECKSUM are uniclick extensions. A VLAN tag the kernel stripped on receive is not put back. "
                + "Frames of a sender using segmentation offload (veth, tap: TSO/GSO) can exceed the MTU and are truncated "
                + "to SNAPLEN; turn offloads off on such senders (ethtool -K DEV tx off). Needs CAP_NET_RAW.")
public final class FromDevice extends Element implements PacketCounting {
    private static final VarHandle STATUS = AfPacket.STATUS;
    private static final int SLL_PKTTYPE = Sys.TPACKET2_HDR + 10;
    private static final int TP_STATUS_CSUMNOTREADY = 0x8;

    private String dev;
    private boolean promisc;
    private int snaplen;
    private boolean forceIp;
    private boolean outbound;
    private int headroom;
    private int burst;
    private boolean timestamp;
    private int ringSize;
    private boolean fixChecksums;
    private long checksumsFixed;
    private int frameSize;

    private AfPacket sock;
    private MemorySegment ring;
    private long[] frames;
    private int head;
    private PacketPool pool;
    private final PacketBatch batch = new PacketBatch();
    private final PacketBatch nonIp = new PacketBatch();
    private Task task;
    private long count;
    private long drops;

    @Override
    public void configure(Args a) throws ConfigException {
        dev = a.mandatoryPositional("DEVNAME", ArgTypes.STRING);
        a.keyword("SNIFFER", ArgTypes.BOOL, true);
        promisc = a.keyword("PROMISC", ArgTypes.BOOL, false);
        snaplen = a.keyword("SNAPLEN", ArgTypes.UINT32, 2046);
        forceIp = a.keyword("FORCE_IP", ArgTypes.BOOL, false);
        String method = a.keyword("METHOD", ArgTypes.WORD, a.keyword("CAPTURE", ArgTypes.WORD, "LINUX"));
        String bpf = a.keyword("BPF_FILTER", ArgTypes.STRING, "");
        outbound = a.keyword("OUTBOUND", ArgTypes.BOOL, false);
        headroom = a.keyword("HEADROOM", ArgTypes.UINT32, PacketPool.DEFAULT_HEADROOM);
        burst = a.keyword("BURST", ArgTypes.UINT32, 32);
        timestamp = a.keyword("TIMESTAMP", ArgTypes.BOOL, true);
        String encap = a.keyword("ENCAP", ArgTypes.WORD, "ETHER");
        ringSize = a.keyword("RING_SIZE", ArgTypes.UINT32, 4096);
        fixChecksums = a.keyword("CHECKSUM", ArgTypes.BOOL, true);
        switch (method.toUpperCase(Locale.ROOT)) {
            case "LINUX", "MMAP", "PCAP", "DEFAULT" -> {
            }
            default -> a.error("METHOD", "bad METHOD '" + method + "', expected LINUX, MMAP or PCAP");
        }
        if (!encap.equalsIgnoreCase("ETHER")) {
            a.error("ENCAP", "bad encapsulation type, expected 'ETHER'");
        }
        if (snaplen < 14 || snaplen > 65535) {
            a.error("SNAPLEN", "out of range, expected 14 to 65535");
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
        if (!bpf.isEmpty()) {
            context.errors().println(declaration() + ": warning: BPF_FILTER ignored (no PCAP capture method)");
        }
    }

    @Override
    public void initialize() throws ConfigException {
        sock = AfPacket.openRx(dev, snaplen, ringSize, promisc, outbound);
        ring = sock.ring;
        frames = sock.frameOffsets;
        frameSize = sock.frameSize;
        pool = context.pool(this);
        task = new Task(this) {
            @Override
            public int doWork() {
                return runTask();
            }
        };
        context.addTask(task);
    }

    private int runTask() {
        final MemorySegment r = ring;
        final long[] fr = frames;
        final int nframes = fr.length;
        final PacketPool pl = pool;
        final PacketBatch b = batch;
        final int max = burst;
        final int snap = snaplen;
        final int hr = headroom;
        final boolean ob = outbound;
        final boolean ts = timestamp;
        final boolean fip = forceIp;
        final int fsz = frameSize; // a frame never holds more; guards against a corrupt header
        int h = head;
        int seen = 0;
        while (seen < max) {
            long off = fr[h];
            int status = (int) STATUS.getAcquire(r, off);
            if ((status & Sys.TP_STATUS_USER) == 0) {
                break;
            }
            int pkttype = r.get(ValueLayout.JAVA_BYTE, off + SLL_PKTTYPE) & 0xff;
            if (ob || pkttype != Packet.OUTGOING) {
                int len = r.get(ValueLayout.JAVA_INT, off + 8); // tp_snaplen
                int mac = r.get(ValueLayout.JAVA_SHORT, off + 12) & 0xffff;
                if (len > snap) {
                    len = snap;
                }
                if (len < 0 || mac + len > fsz) {
                    drops++;
                } else {
                    Packet p = pl.allocate(hr, len);
                    if (p == null) {
                        drops++;
                    } else {
                        p.copyFrom(r, off + mac, 0, len);
                        p.setMacHeaderOffset(0);
                        p.setPacketType(pkttype);
                        if (ts) {
                            long sec = Integer.toUnsignedLong(r.get(ValueLayout.JAVA_INT, off + 16));
                            p.setTimestampNanos(sec * 1_000_000_000L + r.get(ValueLayout.JAVA_INT, off + 20));
                        }
                        if ((status & TP_STATUS_CSUMNOTREADY) != 0 && fixChecksums) {
                            completeChecksum(p);
                        }
                        if (fip && !isIPv4(p)) {
                            nonIp.add(p);
                        } else {
                            b.add(p);
                        }
                    }
                }
            }
            STATUS.setRelease(r, off, Sys.TP_STATUS_KERNEL);
            h = h + 1 == nframes ? 0 : h + 1;
            seen++;
        }
        head = h;
        if (!b.isEmpty()) {
            count += b.size();
            output[0].push(b);
            b.clear();
        }
        if (!nonIp.isEmpty()) {
            if (noutputs() > 1) {
                output[1].push(nonIp);
            } else {
                nonIp.killAll();
            }
            nonIp.clear();
        }
        return seen;
    }

    /**
     * Completes the TCP or UDP checksum of an IPv4 frame that the sending host left for checksum
     * offload (CHECKSUM_PARTIAL: the field holds only the pseudo-header sum). Such frames come from
     * local senders (veth, tap, loopback); forwarded unchanged they would be dropped by the receiver.
     */
    private void completeChecksum(Packet p) {
        int len = p.length();
        if (len < 34 || p.u16(12) != 0x0800 || (p.u8(14) >> 4) != 4) {
            return;
        }
        int ihl = (p.u8(14) & 0xf) * 4;
        int total = p.u16(16);
        if (ihl < 20 || total < ihl || 14 + total > len || (p.u16(20) & 0x3fff) != 0) {
            return; // malformed or a fragment: leave it to the checks downstream
        }
        int proto = p.u8(23);
        int l4 = 14 + ihl;
        int l4len = total - ihl;
        int field;
        if (proto == 6 && l4len >= 20) {
            field = l4 + 16;
        } else if (proto == 17 && l4len >= 8) {
            field = l4 + 6;
        } else {
            return;
        }
        p.setU16(field, 0);
        int sum = Checksum.sum(p, l4, l4len, Checksum.pseudoHeader(p.i32(26), p.i32(30), proto, l4len));
        int c = ~sum & 0xffff;
        if (c == 0 && proto == 17) {
            c = 0xffff;
        }
        p.setU16(field, c);
        checksumsFixed++;
    }

    private static boolean isIPv4(Packet p) {
        return p.length() >= 34 && p.u16(12) == 0x0800 && (p.u8(14) >> 4) == 4;
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
            sock.close();
            ring = MemorySegment.NULL;
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.readLong("drops", () -> drops);
        h.write("reset_counts", v -> {
            count = 0;
            drops = 0;
        });
        h.readLong("kernel_drops", () -> sock == null ? 0 : sock.kernelDrops());
        h.read("encap", () -> "ETHER");
        h.readLong("checksums_completed", () -> checksumsFixed);
        h.readLong("ring_size", () -> frames == null ? 0 : frames.length);
    }
}
