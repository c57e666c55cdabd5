package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static Cidr cidr(String s) {
        return Cidr.parse(s);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8, 8, 4",
        "0.0.0.0/0, 0.0.0.0/0, 0, 4",
        "10.0.0.1/32, 10.0.0.1/32, 32, 4",
        "192.168.1.128/25, 192.168.1.128/25, 25, 4",
        "::/0, ::/0, 0, 6",
        "::1/128, ::1/128, 128, 6",
        "2001:DB8:0::/48, 2001:db8::/48, 48, 6",
        "2001:db8:0:0:8000::/65, 2001:db8:0:0:8000::/65, 65, 6",
        "::ffff:10.0.0.0/104, ::ffff:10.0.0.0/104, 104, 6",
    })
    void acceptsAndCanonicalises(String input, String canonical, int length, int version) {
        Cidr c = Cidr.parse(input);
        assertEquals(canonical, c.toString());
        assertEquals(length, c.prefixLength());
        assertEquals(version, c.version());
        assertEquals(c, Cidr.parse(canonical));
        assertEquals(c.hashCode(), Cidr.parse(canonical).hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08", "10.0.0.0/8/8",
        "10.0.0.0 /8", "10.0.0.0/ 8", "::/129", "::/0128", "10.0.0.256/24", "/24", "10.0.0.0/8a", "10.0.0/24",
        "", "fe80::%eth0/64", "[::]/0", "10.0.0.0/1000"
    })
    void rejectsMalformed(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(s));
        assertTrue(e.getMessage().startsWith("'" + s + "' is not a valid CIDR: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseLenient(s));
    }

    @Test
    void rejectsHostBitsAndSuggestsTheNetwork() {
        assertEquals("'10.0.0.1/24' is not a valid CIDR: host bits are set; did you mean '10.0.0.0/24'?",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/24")).getMessage());
        assertEquals("'2001:DB8::1/64' is not a valid CIDR: host bits are set; did you mean '2001:db8::/64'?",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:DB8::1/64")).getMessage());
        assertEquals("'1.2.3.4/0' is not a valid CIDR: host bits are set; did you mean '0.0.0.0/0'?",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("1.2.3.4/0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::1/127"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.of(ip("10.0.0.1"), 24));
    }

    @Test
    void badAddressMessageIsNested() {
        assertEquals("'10.0.0.256/24' is not a valid CIDR: '10.0.0.256' is not a valid IP address: "
                        + "octet '256' is out of range 0..255",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.256/24")).getMessage());
        assertEquals("'10.0.0.0/33' is not a valid CIDR: prefix length '33' is not an integer in 0..32",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage());
        assertEquals("null is not a valid CIDR",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse(null)).getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1/24, 10.0.0.0/24",
        "10.0.0.0/24, 10.0.0.0/24",
        "1.2.3.4/0, 0.0.0.0/0",
        "255.255.255.255/31, 255.255.255.254/31",
        "2001:db8::ffff/112, 2001:db8::/112",
        "2001:db8:1:2:3:4:5:6/64, 2001:db8:1:2::/64",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/1, 8000::/1",
        "::1/0, ::/0",
    })
    void lenientMasksHostBits(String input, String expected) {
        assertEquals(expected, Cidr.parseLenient(input).toString());
    }

    @Test
    void ofBuildsStrictly() {
        assertEquals(cidr("10.0.0.0/8"), Cidr.of(ip("10.0.0.0"), 8));
        assertThrows(IllegalArgumentException.class, () -> Cidr.of(ip("10.0.0.0"), 33));
        assertThrows(IllegalArgumentException.class, () -> Cidr.of(ip("::"), -1));
        assertEquals(cidr("::/128"), Cidr.of(ip("::"), 128));
    }

    @Test
    void containsAddress() {
        Cidr all4 = cidr("0.0.0.0/0");
        assertTrue(all4.contains(ip("0.0.0.0")));
        assertTrue(all4.contains(ip("255.255.255.255")));
        assertFalse(all4.contains(ip("::")));
        assertFalse(all4.contains(ip("::ffff:1.2.3.4")));

        Cidr all6 = cidr("::/0");
        assertTrue(all6.contains(ip("::")));
        assertTrue(all6.contains(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(all6.contains(ip("0.0.0.0")));

        Cidr host = cidr("10.0.0.1/32");
        assertTrue(host.contains(ip("10.0.0.1")));
        assertFalse(host.contains(ip("10.0.0.0")));
        assertFalse(host.contains(ip("10.0.0.2")));

        Cidr host6 = cidr("2001:db8::1/128");
        assertTrue(host6.contains(ip("2001:db8::1")));
        assertFalse(host6.contains(ip("2001:db8::")));
        assertFalse(host6.contains(ip("2001:db8::2")));

        Cidr ten = cidr("10.0.0.0/8");
        assertTrue(ten.contains(ip("10.0.0.0")));
        assertTrue(ten.contains(ip("10.255.255.255")));
        assertFalse(ten.contains(ip("11.0.0.0")));
        assertFalse(ten.contains(ip("9.255.255.255")));

        // Prefixes around the 64-bit word boundary.
        Cidr p63 = cidr("2001:db8:0:2::/63");
        assertTrue(p63.contains(ip("2001:db8:0:3:ffff:ffff:ffff:ffff")));
        assertFalse(p63.contains(ip("2001:db8:0:4::")));
        Cidr p64 = cidr("2001:db8::/64");
        assertTrue(p64.contains(ip("2001:db8::ffff:ffff:ffff:ffff")));
        assertFalse(p64.contains(ip("2001:db8:0:1::")));
        Cidr p65 = cidr("2001:db8::8000:0:0:0/65");
        assertTrue(p65.contains(ip("2001:db8::ffff:ffff:ffff:ffff")));
        assertFalse(p65.contains(ip("2001:db8::7fff:ffff:ffff:ffff")));
    }

    @Test
    void containsAndOverlapsCidrs() {
        Cidr ten = cidr("10.0.0.0/8");
        Cidr tenOne = cidr("10.1.0.0/16");
        assertTrue(ten.contains(tenOne));
        assertFalse(tenOne.contains(ten));
        assertTrue(ten.contains(ten));
        assertTrue(ten.overlaps(tenOne));
        assertTrue(tenOne.overlaps(ten));
        assertTrue(ten.overlaps(ten));
        assertFalse(ten.overlaps(cidr("11.0.0.0/8")));
        assertFalse(cidr("10.0.0.0/25").overlaps(cidr("10.0.0.128/25")));
        assertTrue(cidr("0.0.0.0/0").contains(cidr("255.255.255.255/32")));
        assertTrue(cidr("0.0.0.0/0").overlaps(cidr("1.2.3.4/32")));
        // Different families never contain or overlap, even for /0.
        assertFalse(cidr("0.0.0.0/0").overlaps(cidr("::/0")));
        assertFalse(cidr("::/0").contains(cidr("0.0.0.0/0")));
        assertTrue(cidr("::/0").contains(cidr("::ffff:0:0/96")));
        assertTrue(cidr("2001:db8::/32").contains(cidr("2001:db8:ffff::/48")));
        assertFalse(cidr("2001:db8::/32").overlaps(cidr("2001:db9::/32")));
        assertTrue(cidr("::/0").overlaps(cidr("::1/128")));
    }

    @Test
    void firstLastAndSize() {
        Cidr c = cidr("10.0.0.0/24");
        assertEquals(ip("10.0.0.0"), c.first());
        assertEquals(ip("10.0.0.0"), c.network());
        assertEquals(ip("10.0.0.255"), c.last());
        assertEquals(256, c.sizeCapped());

        assertEquals(ip("10.0.0.1"), cidr("10.0.0.1/32").last());
        assertEquals(1, cidr("10.0.0.1/32").sizeCapped());
        assertEquals(ip("255.255.255.255"), cidr("0.0.0.0/0").last());
        assertEquals(1L << 32, cidr("0.0.0.0/0").sizeCapped());

        assertEquals(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), cidr("::/0").last());
        assertEquals(Long.MAX_VALUE, cidr("::/0").sizeCapped());
        assertEquals(ip("2001:db8::ffff:ffff:ffff:ffff"), cidr("2001:db8::/64").last());
        assertEquals(Long.MAX_VALUE, cidr("2001:db8::/64").sizeCapped());
        assertEquals(Long.MAX_VALUE, cidr("2001:db8::/65").sizeCapped()); // 2^63 does not fit
        assertEquals(1L << 62, cidr("2001:db8::/66").sizeCapped());
        assertEquals(ip("2001:db8:0:1:ffff:ffff:ffff:ffff"), cidr("2001:db8::/63").last());
        assertEquals(ip("::1"), cidr("::1/128").last());
        assertEquals(1, cidr("::1/128").sizeCapped());
        assertEquals(256, cidr("2001:db8::/120").sizeCapped());
    }

    @Test
    void equality() {
        assertEquals(cidr("10.0.0.0/8"), Cidr.parseLenient("10.1.2.3/8"));
        assertNotEquals(cidr("10.0.0.0/8"), cidr("10.0.0.0/9"));
        assertNotEquals(cidr("0.0.0.0/0"), cidr("::/0"));
    }
}
