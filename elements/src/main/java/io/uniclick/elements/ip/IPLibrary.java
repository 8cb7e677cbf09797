package io.uniclick.elements.ip;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** The IPv4 path: header checks, TTL, checksums, encapsulation, fragments, ICMP. */
public final class IPLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(
                CheckIPHeader.class,
                CheckIPHeader2.class,
                MarkIPHeader.class,
                StripToNetworkHeader.class,
                GetIPAddress.class,
                SetIPAddress.class,
                DecIPTTL.class,
                SetIPChecksum.class,
                SetTCPChecksum.class,
                SetUDPChecksum.class,
                CheckTCPHeader.class,
                CheckUDPHeader.class,
                CheckICMPHeader.class,
                ICMPPingResponder.class,
                IPEncap.class,
                UDPIPEncap.class,
                StoreIPAddress.class,
                FixIPSrc.class,
                DropBroadcasts.class,
                IPPrint.class,
                ICMPError.class,
                IPFragmenter.class,
                IPReassembler.class,
                IPGWOptions.class);
    }
}
