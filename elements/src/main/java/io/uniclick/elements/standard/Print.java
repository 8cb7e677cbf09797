package io.uniclick.elements.standard;

import io.uniclick.core.config.ArgTypes;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerValues;
import io.uniclick.core.handler.Handlers;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Prints one line per packet to the router's error stream (Click's Print). */
@ElementInfo(name = "Print", ports = "1/1", processing = "a/a",
        synopsis = "Print([LABEL, MAXLENGTH, *keywords* CONTENTS, TIMESTAMP, PRINTANNO, HEADROOM, ACTIVE])",
        description = "Prints a line for each packet and passes it on unchanged. The line is: LABEL and ': ' (if there is "
                + "a label), the timestamp annotation and ': ' (with TIMESTAMP), the length right-aligned in 4 columns, "
                + "' (hH tT)' headroom and tailroom (with HEADROOM), ' | ' and the 48 annotation bytes in hex (with "
                + "PRINTANNO), then ' | ' and the first MAXLENGTH bytes of data: in hex, a space after every 4 bytes, or "
                + "in ASCII, '.' for unprintable bytes and a space before every 8. Example: 'ok:    5 | 68656c6c 6f'.",
        keywords = {"LABEL: text starting each line (default none)", "MAXLENGTH: bytes of data to print, negative = all (default 24)",
                "CONTENTS: NONE, HEX or ASCII, or a boolean (default HEX)", "TIMESTAMP: print the timestamp (default false)",
                "PRINTANNO: print the annotation area (default false)", "HEADROOM: print headroom and tailroom (default false)",
                "ACTIVE: whether to print (default true)"},
        handlers = {"active (rw)"},
        example = "FromDevice(eth0) -> Print(in, 64) -> Discard;",
        notes = "Timestamps print with nanosecond precision, as Click built with nanosecond timestamps. Lines go to the "
                + "router's error stream.")
public final class Print extends Element {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final int NONE = 0;
    private static final int HEXC = 1;
    private static final int ASCII = 2;

    private byte[] label;
    private int maxLength;
    private int contents;
    private boolean timestamp;
    private boolean printAnno;
    private boolean headroom;
    private volatile boolean active;
    private byte[] buf = new byte[256];
    private final byte[] digits = new byte[20];

    @Override
    public void configure(Args a) throws ConfigException {
        String l = a.positional("LABEL", ArgTypes.STRING, "");
        int max = a.positional("MAXLENGTH", ArgTypes.INT32, 24);
        max = a.keyword("LENGTH", ArgTypes.INT32, max);
        max = a.keyword("NBYTES", ArgTypes.INT32, max);
        String c = a.keyword("CONTENTS", ArgTypes.WORD, "HEX");
        timestamp = a.keyword("TIMESTAMP", ArgTypes.BOOL, false);
        printAnno = a.keyword("PRINTANNO", ArgTypes.BOOL, false);
        active = a.keyword("ACTIVE", ArgTypes.BOOL, true);
        headroom = a.keyword("HEADROOM", ArgTypes.BOOL, false);
        a.complete();
        contents = parseContents(c);
        label = l.getBytes(StandardCharsets.UTF_8);
        maxLength = max;
        ensure(label.length + 256 + (max > 0 ? 3 * max : 0));
    }

    private static int parseContents(String c) throws ConfigException {
        try {
            return ArgTypes.BOOL.parse(c) ? HEXC : NONE;
        } catch (io.uniclick.core.config.ArgException e) {
            // not a boolean
        }
        return switch (c.toUpperCase(Locale.ROOT)) {
            case "NONE" -> NONE;
            case "HEX" -> HEXC;
            case "ASCII" -> ASCII;
            default -> throw new ConfigException("bad contents value '" + c + "'; should be 'NONE', 'HEX', or 'ASCII'");
        };
    }

    private void ensure(int n) {
        if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
    }

    @Override
    public void push(int port, PacketBatch b) {
        if (active) {
            for (int i = 0, n = b.size(); i < n; i++) {
                print(b.get(i));
            }
        }
        output[0].push(b);
    }

    @Override
    public PacketBatch pull(int port, int max) {
        PacketBatch b = input[0].pull(max);
        if (b != null && active) {
            for (int i = 0, n = b.size(); i < n; i++) {
                print(b.get(i));
            }
        }
        return b;
    }

    /** Formats the line for {@code p} into the reused buffer and writes it. */
    void print(Packet p) {
        int len = p.length();
        int bytes = contents != NONE ? maxLength : 0;
        if (bytes < 0 || len < bytes) {
            bytes = len;
        }
        ensure(label.length + 128 + Packet.ANNO_SIZE * 2 + 3 * bytes);
        final byte[] o = buf;
        int k = 0;
        boolean sep = false;
        if (label.length > 0) {
            System.arraycopy(label, 0, o, 0, label.length);
            k = label.length;
            sep = true;
        }
        if (timestamp) {
            if (sep) {
                k = put2(o, k, ':', ' ');
            }
            long t = p.timestampNanos();
            k = putLong(o, k, Math.floorDiv(t, 1_000_000_000L), 0);
            o[k++] = '.';
            k = putLong(o, k, Math.floorMod(t, 1_000_000_000L), -9);
            sep = true;
        }
        if (sep) {
            k = put2(o, k, ':', ' ');
        }
        k = putLong(o, k, len, 4);
        if (headroom) {
            k = put2(o, k, ' ', '(');
            o[k++] = 'h';
            k = putLong(o, k, p.headroom(), 0);
            k = put2(o, k, ' ', 't');
            k = putLong(o, k, p.tailroom(), 0);
            o[k++] = ')';
        }
        if (printAnno) {
            k = put3(o, k);
            for (int j = 0; j < Packet.ANNO_SIZE; j++) {
                int v = p.anno8(j);
                o[k++] = HEX[v >>> 4];
                o[k++] = HEX[v & 15];
            }
        }
        if (bytes > 0) {
            k = put3(o, k);
            if (contents == HEXC) {
                for (int i = 0; i < bytes; i++) {
                    if (i != 0 && (i & 3) == 0) {
                        o[k++] = ' ';
                    }
                    int v = p.u8(i);
                    o[k++] = HEX[v >>> 4];
                    o[k++] = HEX[v & 15];
                }
            } else {
                for (int i = 0; i < bytes; i++) {
                    if ((i & 7) == 0) {
                        o[k++] = ' ';
                    }
                    int v = p.u8(i);
                    o[k++] = (byte) (v < 32 || v > 126 ? '.' : v);
                }
            }
        }
        o[k++] = '\n';
        context.errors().write(o, 0, k);
    }

    private static int put2(byte[] o, int k, char a, char b) {
        o[k] = (byte) a;
        o[k + 1] = (byte) b;
        return k + 2;
    }

    private static int put3(byte[] o, int k) {
        o[k] = ' ';
        o[k + 1] = '|';
        o[k + 2] = ' ';
        return k + 3;
    }

    /**
     * Writes {@code v} in decimal: {@code width > 0} right-aligns in that many columns with spaces,
     * {@code width < 0} pads with zeros to {@code -width} digits.
     */
    private int putLong(byte[] o, int k, long v, int width) {
        final byte[] d = digits;
        boolean neg = v < 0;
        long x = neg ? -v : v;
        int nd = 0;
        do {
            d[nd++] = (byte) ('0' + (x % 10));
            x /= 10;
        } while (x != 0 && nd < d.length);
        int total = nd + (neg ? 1 : 0);
        if (width > 0) {
            for (int i = total; i < width; i++) {
                o[k++] = ' ';
            }
        } else if (width < 0) {
            for (int i = nd; i < -width; i++) {
                o[k++] = '0';
            }
        }
        if (neg) {
            o[k++] = '-';
        }
        while (nd > 0) {
            o[k++] = d[--nd];
        }
        return k;
    }

    @Override
    public void addHandlers(Handlers h) {
        h.readWrite("active", () -> Boolean.toString(active), v -> active = HandlerValues.parse(ArgTypes.BOOL, v));
    }
}
