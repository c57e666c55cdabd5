package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "1.2.3.4", "192.168.100.200", "100.64.0.0"})
    void acceptsDottedQuads(String s) {
        IpAddress ip = IpAddress.parse(s);
        assertEquals(4, ip.version());
        assertTrue(ip.isV4());
        assertEquals(s, ip.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "1.2.3", "1.2.3.4.5", "256.0.0.0", "10.0.0.256", "1.2.3.1000", "010.0.0.1", "1.02.3.4",
        "00.0.0.0", "1.2.3.0004", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d",
        "1.2.3.-4", "+1.2.3.4", "0x1.2.3.4", "1.2.3.4e", "\uFF11.2.3.4", "4294967295", "1.2.3.4/32",
        "1,2,3,4", "1.2.3.4.", "[1.2.3.4]", "99999999999.1.1.1"
    })
    void rejectsBadIpv4(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(s));
        assertTrue(e.getMessage().startsWith("'" + s + "' is not a valid IP address"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertEquals("'10.0.0.256' is not a valid IP address: octet '256' is out of range 0..255",
                message("10.0.0.256"));
        assertEquals("'010.0.0.1' is not a valid IP address: octet '010' has a leading zero", message("010.0.0.1"));
        assertEquals("'10.0.0.1000' is not a valid IP address: octet '1000' is out of range 0..255", message("10.0.0.1000"));
        assertEquals("'10.99999999999.0.1' is not a valid IP address: octet '99999999999' is out of range 0..255",
                message("10.99999999999.0.1"));
        assertEquals("'10.0.x.1' is not a valid IP address: unexpected character 'x'", message("10.0.x.1"));
        assertEquals("'1.2.3' is not a valid IP address: an IPv4 address has exactly 4 dot-separated parts",
                message("1.2.3"));
        assertEquals("'fe80::1%eth0' is not a valid IP address: zone ids are not supported", message("fe80::1%eth0"));
        assertEquals("'1::2::3' is not a valid IP address: '::' may appear only once", message("1::2::3"));
        assertEquals("'12345::' is not a valid IP address: group '12345' has more than 4 hex digits",
                message("12345::"));
        assertEquals("null is not a valid IP address", message(null));
    }

    private static String message(String s) {
        return assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(s)).getMessage();
    }

    /** Input, canonical RFC 5952 form. */
    @ParameterizedTest
    @CsvSource({
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "0:0:0:0:0:0:0:0, ::",
        "0000:0000:0000:0000:0000:0000:0000:0000, ::",
        "0:0:0:0:0:0:0:1, ::1",
        // RFC 5952 4.1: no leading zeros
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "2001:db8::0:1, 2001:db8::1",
        // 4.2.2: a single zero group is not compressed
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
        // 4.2.3: the longest run is compressed; on ties the first
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
        // 4.3: lowercase
        "2001:DB8::ABCD, 2001:db8::abcd",
        "FE80::1, fe80::1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
        "1:0:0:0:0:0:0:0, 1::",
        "0:1:0:0:0:0:0:0, 0:1::",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        // embedded IPv4; section 5: mixed notation for IPv4-mapped addresses only
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::FFFF:0102:0304, ::ffff:1.2.3.4",
        "::ffff:0:0, ::ffff:0.0.0.0",
        "::1.2.3.4, ::102:304",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "1::255.255.255.255, 1::ffff:ffff",
    })
    void acceptsIpv6AndPrintsRfc5952(String input, String canonical) {
        IpAddress ip = IpAddress.parse(input);
        assertEquals(6, ip.version());
        assertFalse(ip.isV4());
        assertEquals(canonical, ip.toString());
        assertEquals(ip, IpAddress.parse(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ":", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "::1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "12345::", "g::", "::g", "fe80::1%eth0",
        "[::1]", "::1/128", "::ffff:1.2.3", "::ffff:01.2.3.4", "::ffff:1.2.3.256", "1.2.3.4::", "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.4.5", " ::1", "::1 ", "::.1.2.3", "1: :2", "::-1", "1:2:3:4:5::6:7:8",
        "::ffff:1.2.3.4/96", "::1.2.3.4::", "0x1::", ":1::", "1::2:"
    })
    void rejectsBadIpv6(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(s));
        assertTrue(e.getMessage().startsWith("'" + s + "' is not a valid IP address: "), e.getMessage());
    }

    @Test
    void randomValuesRoundTripThroughText() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            // Mix in zero groups so that compression paths are exercised.
            long hi = r.nextLong() & r.nextLong() & r.nextLong();
            long lo = r.nextLong() & r.nextLong() & r.nextLong();
            IpAddress v6 = IpAddress.ofV6(hi, lo);
            IpAddress back = IpAddress.parse(v6.toString());
            assertEquals(v6, back);
            assertEquals(hi, back.hi());
            assertEquals(lo, back.lo());
            IpAddress v4 = IpAddress.ofV4(r.nextInt());
            assertEquals(v4, IpAddress.parse(v4.toString()));
        }
    }

    @Test
    void accessors() {
        IpAddress v4 = IpAddress.parse("255.1.2.3");
        assertEquals(0, v4.hi());
        assertEquals(0xFF010203L, v4.lo());
        assertEquals(0xFF010203, v4.v4Bits());
        assertEquals(v4, IpAddress.ofV4(0xFF010203));

        IpAddress v6 = IpAddress.parse("2001:db8::8000:0:0:1");
        assertEquals(0x20010db800000000L, v6.hi());
        assertEquals(0x8000000000000001L, v6.lo());
        assertEquals(v6, IpAddress.ofV6(0x20010db800000000L, 0x8000000000000001L));
        assertThrows(IllegalStateException.class, v6::v4Bits);
    }

    @Test
    void plusWithinFamily() {
        assertEquals(IpAddress.parse("10.0.1.0"), IpAddress.parse("10.0.0.255").plus(1));
        assertEquals(IpAddress.parse("10.0.0.254"), IpAddress.parse("10.0.0.255").plus(-1));
        assertEquals(IpAddress.parse("255.255.255.255"), IpAddress.parse("0.0.0.0").plus(0xFFFF_FFFFL));
        assertEquals(IpAddress.parse("1.2.3.4"), IpAddress.parse("1.2.3.4").plus(0));
        assertThrows(ArithmeticException.class, () -> IpAddress.parse("255.255.255.255").plus(1));
        assertThrows(ArithmeticException.class, () -> IpAddress.parse("0.0.0.0").plus(-1));
        assertThrows(ArithmeticException.class, () -> IpAddress.parse("1.0.0.0").plus(Long.MAX_VALUE));
        assertThrows(ArithmeticException.class, () -> IpAddress.parse("1.0.0.0").plus(Long.MIN_VALUE));

        assertEquals(IpAddress.parse("0:0:0:1::"), IpAddress.parse("::ffff:ffff:ffff:ffff").plus(1));
        assertEquals(IpAddress.parse("::ffff:ffff:ffff:ffff"), IpAddress.parse("0:0:0:1::").plus(-1));
        assertEquals(IpAddress.parse("::7fff:ffff:ffff:ffff"), IpAddress.parse("::").plus(Long.MAX_VALUE));
        assertEquals(IpAddress.parse("::"), IpAddress.parse("::8000:0:0:0").plus(Long.MIN_VALUE));
        assertEquals(IpAddress.parse("0:0:0:1:7fff:ffff:ffff:ffff"), IpAddress.parse("0:0:0:1:ffff:ffff:ffff:ffff").plus(Long.MIN_VALUE));
        IpAddress max = IpAddress.ofV6(-1, -1);
        assertThrows(ArithmeticException.class, () -> max.plus(1));
        assertThrows(ArithmeticException.class, () -> max.plus(Long.MAX_VALUE));
        assertEquals(IpAddress.ofV6(-1, -2), max.plus(-1));
        assertThrows(ArithmeticException.class, () -> IpAddress.parse("::").plus(-1));
        assertThrows(ArithmeticException.class, () -> IpAddress.parse("::7fff:ffff:ffff:ffff").plus(Long.MIN_VALUE));
    }

    @Test
    void distanceTo() {
        IpAddress a = IpAddress.parse("10.0.0.1");
        assertEquals(9, a.distanceTo(IpAddress.parse("10.0.0.10")));
        assertEquals(-9, IpAddress.parse("10.0.0.10").distanceTo(a));
        assertEquals(0, a.distanceTo(a));
        assertEquals(0xFFFF_FFFFL, IpAddress.parse("0.0.0.0").distanceTo(IpAddress.parse("255.255.255.255")));
        assertThrows(IllegalArgumentException.class, () -> a.distanceTo(IpAddress.parse("::1")));

        IpAddress zero = IpAddress.ofV6(0, 0);
        assertEquals(Long.MAX_VALUE, zero.distanceTo(IpAddress.ofV6(0, Long.MAX_VALUE)));
        assertEquals(-Long.MAX_VALUE, IpAddress.ofV6(0, Long.MAX_VALUE).distanceTo(zero));
        assertEquals(Long.MIN_VALUE, IpAddress.ofV6(0, Long.MIN_VALUE).distanceTo(zero));
        assertThrows(ArithmeticException.class, () -> zero.distanceTo(IpAddress.ofV6(0, Long.MIN_VALUE)));
        assertThrows(ArithmeticException.class, () -> zero.distanceTo(IpAddress.ofV6(1, 0)));
        // 2^128 - 1 wraps to -1 in 128-bit arithmetic; it must still be reported as too large.
        assertThrows(ArithmeticException.class, () -> zero.distanceTo(IpAddress.ofV6(-1, -1)));
        assertThrows(ArithmeticException.class, () -> IpAddress.ofV6(-1, -1).distanceTo(zero));
        // Across the 64-bit word boundary.
        assertEquals(2, IpAddress.ofV6(0, -1).distanceTo(IpAddress.ofV6(1, 1)));
        assertEquals(-2, IpAddress.ofV6(1, 1).distanceTo(IpAddress.ofV6(0, -1)));
    }

    @Test
    void orderingEqualityAndHashing() {
        List<IpAddress> sorted = new ArrayList<>(List.of(
                IpAddress.parse("8000::"), IpAddress.parse("::8000:0:0:0"), IpAddress.parse("::1"),
                IpAddress.parse("255.255.255.255"), IpAddress.parse("::"), IpAddress.parse("128.0.0.0"),
                IpAddress.parse("0.0.0.0"), IpAddress.parse("7fff::")));
        sorted.sort(null);
        assertEquals(List.of(
                IpAddress.parse("0.0.0.0"), IpAddress.parse("128.0.0.0"), IpAddress.parse("255.255.255.255"),
                IpAddress.parse("::"), IpAddress.parse("::1"), IpAddress.parse("::8000:0:0:0"),
                IpAddress.parse("7fff::"), IpAddress.parse("8000::")), sorted);

        assertNotEquals(IpAddress.ofV4(0), IpAddress.ofV6(0, 0));
        assertNotEquals(IpAddress.parse("1.2.3.4"), IpAddress.parse("::1.2.3.4"));
        assertEquals(IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:0DB8:0:0:0:0:0:0001"));
        assertEquals(IpAddress.parse("2001:db8::1").hashCode(), IpAddress.parse("2001:0DB8:0:0:0:0:0:0001").hashCode());
        assertEquals(0, IpAddress.parse("::ffff:1.2.3.4").compareTo(IpAddress.parse("::ffff:102:304")));
    }
}
