package io.uniclick.elements.ip;

import io.uniclick.core.element.ElementInfo;

/** Checks IPv4 headers without the checksum by default (Click's CheckIPHeader2). */
@ElementInfo(name = "CheckIPHeader2", ports = "1/1-2", processing = "a/ah",
        synopsis = "CheckIPHeader2([OFFSET, *keywords* OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM, VERBOSE, DETAILS])",
        description = "Expects IPv4 packets whose header starts OFFSET bytes in (default 0). Checks, in this order, that "
                + "the packet holds at least 20 bytes of header ('tiny packet'), the version is 4 ('bad IP version'), the "
                + "header length is at least 20 ('bad IP header length'), the total length is at least the header length "
                + "and at most the packet length ('bad IP length'), the header checksum ('bad IP checksum'), and that the "
                + "source is not in BADSRC unless the destination is in GOODDST ('bad source address'). Good packets are "
                + "trimmed to the IP total length (Ethernet padding goes), get the network header annotation and the "
                + "destination IP annotation, and leave on output 0. Bad packets go to output 1 if it is connected, "
                + "otherwise they are dropped. The first bad packet prints 'NAME: IP header check failed: REASON' "
                + "(every one with VERBOSE).",
        keywords = {"OFFSET: where the IP header starts (default 0)",
                "INTERFACES: space-separated ADDR/LEN prefixes of this router's interfaces; acts as BADSRC of their "
                        + "broadcast addresses plus 0.0.0.0 and 255.255.255.255, and GOODDST of the addresses",
                "BADSRC: space-separated source addresses to reject (default none)",
                "GOODDST: space-separated destinations exempt from BADSRC (default none)",
                "CHECKSUM: check the header checksum (default false)",
                "VERBOSE: print a message for every bad packet, not just the first (default false)",
                "DETAILS: count drops per reason for drop_details (default false)"},
        handlers = {"drops (r): bad packets seen",
                "drop_details (r): with DETAILS, one line per reason: COUNT<tab>REASON"},
        example = "FromDevice(eth0) -> Strip(14) -> CheckIPHeader2(INTERFACES 10.0.0.1/24) -> ...",
        notes = "CheckIPHeader without the checksum test. The old form CheckIPHeader2(BADSRC2 [, OFFSET]) is accepted: BADSRC2 adds 0.0.0.0 and 255.255.255.255. "
                + "Without INTERFACES, BADSRC or GOODDST no source address is rejected, as in current Click.")
public final class CheckIPHeader2 extends CheckIPHeaderBase {
    @Override
    boolean defaultChecksum() {
        return false;
    }
}
