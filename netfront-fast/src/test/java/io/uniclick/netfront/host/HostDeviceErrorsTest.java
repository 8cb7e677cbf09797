package io.uniclick.netfront.host;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.dsl.Diagnostics;
import org.junit.jupiter.api.Test;

/** Configuration errors that need no privileges. */
class HostDeviceErrorsTest {
    @Test
    void fromDeviceOnAMissingDeviceFailsNamingTheDevice() {
        Diagnostics d = new Diagnostics();
        assertNull(Host.compileOnly("FromDevice(ucnosuch0) -> Discard;", d));
        assertTrue(d.toString().contains("ucnosuch0: SIOCGIFINDEX: No such device"), d.toString());
    }

    @Test
    void toDeviceOnAMissingDeviceFailsNamingTheDevice() {
        Diagnostics d = new Diagnostics();
        assertNull(Host.compileOnly("InfiniteSource(LIMIT 1) -> Queue -> ToDevice(ucnosuch1);", d));
        assertTrue(d.toString().contains("ucnosuch1: SIOCGIFINDEX: No such device"), d.toString());
    }

    @Test
    void badKeywordsAreConfigurationErrors() {
        Diagnostics d = new Diagnostics();
        assertNull(Host.compileOnly("FromDevice(lo, BURST 0, METHOD FOO) -> Discard;", d));
        String s = d.toString();
        assertTrue(s.contains("BURST") && s.contains("METHOD"), s);
    }

    @Test
    void clickKeywordsAreAccepted() {
        Diagnostics d = new Diagnostics();
        // configure only: the element's initialize needs CAP_NET_RAW, so use a device that does not exist
        Host.compileOnly("FromDevice(ucnosuch2, SNIFFER true, PROMISC true, SNAPLEN 1500, OUTBOUND false, HEADROOM 64, "
                + "BURST 64, METHOD LINUX, TIMESTAMP true) -> Discard;", d);
        String s = d.toString();
        assertTrue(s.contains("SIOCGIFINDEX") && !s.contains("While configuring"), s);
    }

    @Test
    void fromHostRejectsABadAddress() {
        Diagnostics d = new Diagnostics();
        assertNull(Host.compileOnly("FromHost(uctap9, 10.0.0.300/24) -> Discard;", d));
        assertTrue(d.toString().contains("ADDR"), d.toString());
    }
}
