package io.uniclick.netfront.emu;

import io.uniclick.core.element.ConfigException;
import io.uniclick.netfront.host.AfPacketBridge;
import io.uniclick.netfront.host.TapBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one vif of the emulated netback is bridged to, as written on the command line:
 * <ul>
 * <li>{@code tap:NAME} — a TAP device (created if absent);
 * <li>{@code dev:IFNAME} — an existing interface through AF_PACKET rings (promiscuous);
 * <li>{@code pcap:IN[,OUT]} — replay pcap file IN into the guest once, capture what the guest sends
 *     into OUT ({@code pcap:,OUT} only captures);
 * <li>{@code gen:SIZE} — an endless generator of SIZE-byte UDP frames (60..1518);
 * <li>{@code none} — no frames in, the guest's frames discarded.
 * </ul>
 *
 * @param kind   {@code tap}, {@code dev}, {@code pcap}, {@code gen} or {@code none}
 * @param name   the device name, or the pcap input (may be null)
 * @param output the pcap output, or null
 * @param size   the generator's frame size
 */
public record VifSpec(String kind, String name, String output, int size) {
    /** The syntax, for usage messages. */
    public static final String SYNTAX = "tap:NAME | dev:IFNAME | pcap:IN[,OUT] | pcap:,OUT | gen:SIZE | none";

    /** Parses {@code s}; throws {@link IllegalArgumentException} with a message saying what is wrong. */
    public static VifSpec parse(String s) {
        if (s.equals("none")) {
            return new VifSpec("none", null, null, 0);
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + s + "': expected " + SYNTAX);
        }
        String kind = s.substring(0, colon);
        String arg = s.substring(colon + 1);
        switch (kind) {
            case "tap", "dev" -> {
                if (arg.isEmpty() || arg.length() > 15 || arg.indexOf('/') >= 0 || arg.indexOf(',') >= 0 || arg.isBlank()
                        || !arg.strip().equals(arg)) {
                    throw new IllegalArgumentException("'" + s + "': bad interface name (1 to 15 characters, no '/', ',' or spaces)");
                }
                return new VifSpec(kind, arg, null, 0);
            }
            case "pcap" -> {
                int comma = arg.indexOf(',');
                String in = comma < 0 ? arg : arg.substring(0, comma);
                String out = comma < 0 ? null : arg.substring(comma + 1);
                if (in.isEmpty() && (out == null || out.isEmpty())) {
                    throw new IllegalArgumentException("'" + s + "': expected pcap:IN, pcap:IN,OUT or pcap:,OUT");
                }
                if (out != null && out.isEmpty()) {
                    throw new IllegalArgumentException("'" + s + "': empty output file after ','");
                }
                return new VifSpec(kind, in.isEmpty() ? null : in, out, 0);
            }
            case "gen" -> {
                int size;
                try {
                    size = Integer.parseInt(arg);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "': expected gen:SIZE, SIZE a number of bytes");
                }
                if (size < 60 || size > EmulatedNetback.MAX_FRAME) {
                    throw new IllegalArgumentException("'" + s + "': frame size out of range, expected 60 to " + EmulatedNetback.MAX_FRAME);
                }
                return new VifSpec(kind, null, null, size);
            }
            default -> throw new IllegalArgumentException("'" + s + "': unknown kind '" + kind + "', expected " + SYNTAX);
        }
    }

    /** Opens the bridge: creates the TAP, opens the interface's rings or the files. */
    public VifBridge open() throws IOException {
        try {
            return switch (kind) {
                case "tap" -> TapBridge.open(name);
                case "dev" -> AfPacketBridge.open(name);
                case "pcap" -> {
                    if (name != null && !Files.isReadable(Path.of(name))) {
                        throw new IOException(name + ": no such readable file");
                    }
                    yield new PcapBridge(name == null ? null : Path.of(name), 1, output == null ? null : Path.of(output));
                }
                case "gen" -> new GeneratorBridge(size, true);
                default -> VifBridge.NULL;
            };
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "tap", "dev" -> kind + ":" + name;
            case "pcap" -> "pcap:" + (name == null ? "" : name) + (output == null ? "" : "," + output);
            case "gen" -> "gen:" + size;
            default -> "none";
        };
    }
}
