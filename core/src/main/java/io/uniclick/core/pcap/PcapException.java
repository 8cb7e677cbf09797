package io.uniclick.core.pcap;

/** A pcap file that cannot be used; the message names the file. */
public final class PcapException extends Exception {
    /** With a message such as {@code "t.pcap: not a pcap file (bad magic number 0x0)"}. */
    public PcapException(String message) {
        super(message, null, false, false);
    }
}
