package io.uniclick.elements.standard;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.PacketCounting;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.PacketBatch;

/** Counts packets and bytes passing through (Click's Counter). */
@ElementInfo(name = "Counter", ports = "1/1", processing = "a/a",
        synopsis = "Counter([*keywords* COUNT_CALL, BYTE_COUNT_CALL])",
        description = "Passes packets unchanged, counting them and their bytes. COUNT_CALL N H [V] calls write handler H "
                + "(with V) when the count reaches N; BYTE_COUNT_CALL likewise for bytes.",
        keywords = {"COUNT_CALL: N HANDLER [VALUE], called once when count reaches N",
                "BYTE_COUNT_CALL: N HANDLER [VALUE], called once when byte_count reaches N"},
        handlers = {"count (r): packets", "byte_count (r): bytes", "rate (r): packets/s since the previous read of a rate",
                "bit_rate (r)", "byte_rate (r)", "reset_counts (w)", "reset (w)", "count_call (rw)", "byte_count_call (w)"},
        example = "FromDump(trace.pcap, STOP true) -> c :: Counter -> Discard;",
        notes = "rate, bit_rate and byte_rate average over the time since the previous rate read (or the first packet), "
                + "not Click's EWMA: the data path then only adds two numbers per batch.")
public final class Counter extends Element implements PacketCounting, SimpleAction {
    private long count;
    private long byteCount;
    private long countCall = -1;
    private String countCallHandler;
    private long byteCountCall = -1;
    private String byteCountCallHandler;
    private long rateCount;
    private long rateBytes;
    private long rateTime;

    @Override
    public void configure(Args a) throws ConfigException {
        String cc = a.keyword("COUNT_CALL", ArgTypes.STRING, null);
        String bc = a.keyword("BYTE_COUNT_CALL", ArgTypes.STRING, null);
        a.complete();
        if (cc != null) {
            countCall = callThreshold("COUNT_CALL", cc);
            countCallHandler = ConfigText.restAfterFirstWord(cc);
        }
        if (bc != null) {
            byteCountCall = callThreshold("BYTE_COUNT_CALL", bc);
            byteCountCallHandler = ConfigText.restAfterFirstWord(bc);
        }
    }

    private static long callThreshold(String kw, String text) throws ConfigException {
        try {
            long n = ArgTypes.UNSIGNED.parse(ConfigText.firstWord(text));
            if (ConfigText.restAfterFirstWord(text).isEmpty()) {
                throw new ConfigException(kw + ": expected 'N HANDLER [VALUE]'");
            }
            return n;
        } catch (io.uniclick.core.config.ArgException e) {
            throw new ConfigException(kw + ": " + e.getMessage());
        }
    }

    @Override
    public void initialize() {
        rateTime = context.now();
    }

    @Override
    public boolean action(Packet p) {
        count++;
        byteCount += p.length();
        return true;
    }

    @Override
    public void actionsDone() {
        if (countCall >= 0 || byteCountCall >= 0) {
            checkCalls();
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        count += b.size();
        byteCount += b.byteCount();
        if (countCall >= 0 || byteCountCall >= 0) {
            checkCalls();
        }
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null) {
            count += b.size();
            byteCount += b.byteCount();
            if (countCall >= 0 || byteCountCall >= 0) {
                checkCalls();
            }
        }
        return b;
    }

    private void checkCalls() {
        if (countCall >= 0 && count >= countCall) {
            countCall = -1;
            call(countCallHandler);
        }
        if (byteCountCall >= 0 && byteCount >= byteCountCall) {
            byteCountCall = -1;
            call(byteCountCallHandler);
        }
    }

    private void call(String handlerAndValue) {
        callHandler("COUNT_CALL", handlerAndValue);
    }

    /** Packets counted. */
    @Override
    public long count() {
        return count;
    }

    /** Bytes counted. */
    public long byteCount() {
        return byteCount;
    }

    private double rate(boolean bytes) {
        long now = context.now();
        double secs = Math.max(1e-9, (now - rateTime) / 1e9);
        double r = ((bytes ? byteCount - rateBytes : count - rateCount)) / secs;
        rateTime = now;
        rateCount = count;
        rateBytes = byteCount;
        return r;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readLong("count", () -> count);
        h.readLong("byte_count", () -> byteCount);
        h.read("rate", () -> Long.toString(Math.round(rate(false))));
        h.read("bit_rate", () -> Long.toString(Math.round(rate(true) * 8)));
        h.read("byte_rate", () -> Long.toString(Math.round(rate(true))));
        h.write("reset_counts", v -> reset());
        h.write("reset", v -> reset());
        h.readWrite("count_call", () -> countCall < 0 ? "" : countCall + " " + countCallHandler, v -> {
            countCall = callThresholdOrFail("count_call", v);
            countCallHandler = ConfigText.restAfterFirstWord(v);
        });
        h.write("byte_count_call", v -> {
            byteCountCall = callThresholdOrFail("byte_count_call", v);
            byteCountCallHandler = ConfigText.restAfterFirstWord(v);
        });
    }

    private void reset() {
        count = 0;
        byteCount = 0;
        rateCount = 0;
        rateBytes = 0;
        rateTime = context.now();
    }

    private static long callThresholdOrFail(String kw, String v) throws io.uniclick.core.handler.HandlerException {
        try {
            return callThreshold(kw, v);
        } catch (ConfigException e) {
            throw new io.uniclick.core.handler.HandlerException(e.getMessage());
        }
    }
}
