package io.uniclick.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void positionalThenKeywordArguments() throws ConfigException {
        Args a = Args.of("trace.pcap, STOP true, TIMING false");
        assertEquals("trace.pcap", a.mandatoryPositional("FILENAME", ArgTypes.STRING));
        assertEquals(true, a.keyword("STOP", ArgTypes.BOOL, false));
        assertEquals(false, a.keyword("TIMING", ArgTypes.BOOL, true));
        a.complete();
    }

    @Test
    void keywordsFillOptionalPositionalSlotsByName() throws ConfigException {
        Args a = Args.of("LENGTH 60, LIMIT 20000000, STOP true");
        assertEquals("x", a.positional("DATA", ArgTypes.STRING, "x"));
        assertEquals(20_000_000L, a.positional("LIMIT", ArgTypes.INT, -1L));
        assertEquals(60, a.keyword("LENGTH", ArgTypes.INT32, -1));
        assertEquals(true, a.keyword("STOP", ArgTypes.BOOL, false));
        a.complete();
    }

    @Test
    void mandatoryPositionalAbsorbsAKeywordLookingValue() throws ConfigException {
        Args a = Args.of("HELLO world");
        assertEquals("HELLO world", a.mandatoryPositional("MESSAGE", ArgTypes.STRING));
        a.complete();
    }

    @Test
    void lowerCaseWordsStayPositional() throws ConfigException {
        Args a = Args.of("ok there");
        assertEquals("ok there", a.positional("LABEL", ArgTypes.STRING, ""));
        a.complete();
    }

    @Test
    void everyProblemIsReportedWithTheKeyword() {
        Args a = Args.of("xx, FOO 1, 3, 4");
        a.positional("CAPACITY", ArgTypes.UINT32, 1000);
        a.mandatory("DEVNAME", ArgTypes.STRING);
        ConfigException e = assertThrows(ConfigException.class, a::complete);
        assertEquals(List.of("CAPACITY: invalid number", "DEVNAME: required argument missing", "FOO: unknown argument", "too many arguments"),
                e.messages());
    }

    @Test
    void lastRepeatedKeywordWins() throws ConfigException {
        Args a = Args.of("LIMIT 1, LIMIT 2");
        assertEquals(2L, a.keyword("LIMIT", ArgTypes.INT, 0L));
        a.complete();
    }

    @Test
    void integersInClicksForms() throws ArgException {
        assertEquals(255L, ArgTypes.INT.parse("0xff"));
        assertEquals(8L, ArgTypes.INT.parse("010"));
        assertEquals(-5L, ArgTypes.INT.parse("-5"));
        assertThrows(ArgException.class, () -> ArgTypes.INT.parse("12abc"));
        assertEquals("out of range, bound 0", assertThrows(ArgException.class, () -> ArgTypes.UNSIGNED.parse("-1")).getMessage());
    }

    @Test
    void timesAndBandwidthsWithUnits() throws ArgException {
        assertEquals(1_500_000_000L, ArgTypes.TIME.parse("1.5s"));
        assertEquals(2_000_000L, ArgTypes.TIME.parse("2ms"));
        assertEquals(300_000_000_000L, ArgTypes.TIME.parse("5min"));
        assertEquals(500_000_000L, ArgTypes.TIME.parse("0.5"));
        assertEquals(1_250_000L, ArgTypes.BANDWIDTH.parse("10Mbps"));
        assertEquals(1_000_000L, ArgTypes.BANDWIDTH.parse("1MBps"));
    }

    @Test
    void addressesAndPrefixes() throws ArgException {
        assertEquals(0x121A040F, ArgTypes.IPV4.parse("18.26.4.15"));
        assertArrayEquals(new int[] {0x121A0400, 0xFFFFFF00}, ArgTypes.IPV4_PREFIX.parse("18.26.4/24"));
        assertArrayEquals(new int[] {0x0A000000, 0xFF000000}, ArgTypes.IPV4_PREFIX.parse("10.1.2.3 mask 255.0.0.0".replace(" mask", "")));
        assertArrayEquals(new byte[] {0, (byte) 0xa0, (byte) 0xc9, (byte) 0x9c, (byte) 0xfd, (byte) 0x9c}, ArgTypes.ETHER.parse("0-a0-c9-9c-fd-9c"));
        assertArrayEquals(ArgTypes.ETHER.parse("00:a0:c9:9c:fd:9c"), ArgTypes.ETHER.parse("0-a0-c9-9c-fd-9c"));
        assertThrows(ArgException.class, () -> ArgTypes.IPV4.parse("1.2.3.256"));
    }

    @Test
    void addressInfoNamesResolveForAddressTypesOnly() throws ConfigException {
        Args a = Args.of("me, me").withAddresses((name, kind) -> name.equals("me") && kind == AddressResolver.Kind.IPV4 ? "10.0.0.1" : null);
        assertEquals(0x0A000001, a.mandatoryPositional("ADDR", ArgTypes.IPV4));
        assertEquals("me", a.mandatoryPositional("NAME", ArgTypes.STRING));
        a.complete();
        assertTrue(true);
    }
}
