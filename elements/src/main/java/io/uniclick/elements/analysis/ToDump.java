package io.uniclick.elements.analysis;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PullTask;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.pcap.PcapFile;
import io.uniclick.core.pcap.PcapWriter;
import java.io.IOException;
import java.util.Locale;

/** Writes packets to a pcap file (Click's ToDump). */
@ElementInfo(name = "ToDump", ports = "1/0-1", processing = "a/a",
        synopsis = "ToDump(FILENAME [, *keywords* SNAPLEN, ENCAP, EXTRA_LENGTH, UNBUFFERED, NANO])",
        description = "Writes every packet to FILENAME in classic pcap format ('-' is standard output), then passes it to "
                + "output 0 if that is connected, else frees it. In a pull context a task pulls packets. The file is flushed "
                + "when the driver stops.",
        keywords = {"SNAPLEN: bytes kept per packet, 0 = all (default 2000)", "ENCAP: link type, ETHER or IP (default ETHER)",
                "EXTRA_LENGTH: add the packets' extra length annotation to the original length (default true; uniclick keeps none)",
                "UNBUFFERED: flush after every packet (default false)",
                "NANO: nanosecond timestamps (default true, as a Click build with nanosecond timestamps writes)"},
        handlers = {"count (r): packets written", "reset_counts (w)", "filename (r)"},
        example = "FromDump(in.pcap, STOP true) -> ToDump(out.pcap);")
public final class ToDump extends Element {
    private String filename;
    private int snaplen;
    private int linkType;
    private boolean unbuffered;
    private boolean nano;
    private PcapWriter writer;
    private long count;
    private boolean failed;

    @Override
    public void configure(Args a) throws ConfigException {
        filename = a.mandatoryPositional("FILENAME", ArgTypes.STRING);
        snaplen = a.keyword("SNAPLEN", ArgTypes.UINT32, 2000);
        String encap = a.keyword("ENCAP", ArgTypes.WORD, "ETHER");
        a.keyword("EXTRA_LENGTH", ArgTypes.BOOL, true);
        a.keyword("USE_ENCAP_FROM", ArgTypes.STRING, "");
        unbuffered = a.keyword("UNBUFFERED", ArgTypes.BOOL, false);
        nano = a.keyword("NANO", ArgTypes.BOOL, true);
        switch (encap.toUpperCase(Locale.ROOT)) {
            case "ETHER" -> linkType = PcapFile.LINKTYPE_ETHERNET;
            case "IP" -> linkType = PcapFile.LINKTYPE_RAW;
            default -> a.error("ENCAP", "bad encapsulation type, expected 'ETHER' or 'IP'");
        }
        a.complete();
    }

    @Override
    public void initialize() throws ConfigException {
        try {
            writer = PcapWriter.create(filename, System.out, linkType, snaplen, nano, unbuffered);
        } catch (IOException e) {
            throw new ConfigException(filename + ": " + e.getMessage());
        }
        if (!inputIsPush(0)) {
            context.addTask(new PullTask(this, 0, 32) {
                @Override
                protected int consume(PacketBatch b) {
                    int n = b.size();
                    write(b);
                    return n;
                }
            });
        }
    }

    private void write(PacketBatch b) {
        record(b);
        if (outputConnected(0)) {
            output[0].push(b);
        } else {
            b.killAll();
        }
    }

    private void record(PacketBatch b) {
        final PcapWriter w = writer;
        for (int i = 0, n = b.size(); i < n && !failed; i++) {
            try {
                w.write(b.get(i), 0);
            } catch (IOException e) {
                failed = true;
                context.errors().println(declaration() + ": " + filename + ": " + e.getMessage());
            }
        }
        count += b.size();
    }

    @Override
    public void push(int port, PacketBatch b) {
        write(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null && !b.isEmpty()) {
            record(b);
        }
        return b;
    }

    @Override
    public void cleanup() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                context.errors().println(declaration() + ": " + filename + ": " + e.getMessage());
            }
            writer = null;
        }
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.write("reset_counts", v -> count = 0);
        h.read("filename", () -> filename);
    }
}
