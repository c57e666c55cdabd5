package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpRangeTest {

    private static IpRange range(String start, String end) {
        return new IpRange(IpAddress.parse(start), IpAddress.parse(end));
    }

    @Test
    void validates() {
        assertEquals("'10.0.0.5-10.0.0.1' is not a valid IP range: start is after end",
                assertThrows(IllegalArgumentException.class, () -> range("10.0.0.5", "10.0.0.1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> range("10.0.0.1", "::1"));
        assertThrows(IllegalArgumentException.class, () -> range("::2", "::1"));
        assertThrows(NullPointerException.class, () -> new IpRange(null, IpAddress.parse("::1")));
        IpRange single = range("10.0.0.1", "10.0.0.1");
        assertEquals(1, single.sizeCapped());
    }

    @Test
    void contains() {
        IpRange r = range("10.0.0.2", "10.0.0.254");
        assertTrue(r.contains(IpAddress.parse("10.0.0.2")));
        assertTrue(r.contains(IpAddress.parse("10.0.0.254")));
        assertFalse(r.contains(IpAddress.parse("10.0.0.1")));
        assertFalse(r.contains(IpAddress.parse("10.0.0.255")));
        assertFalse(r.contains(IpAddress.parse("::ffff:10.0.0.3")));
    }

    @Test
    void overlaps() {
        IpRange r = range("10.0.0.10", "10.0.0.20");
        assertTrue(r.overlaps(range("10.0.0.20", "10.0.0.30")));
        assertTrue(r.overlaps(range("10.0.0.0", "10.0.0.10")));
        assertTrue(r.overlaps(range("10.0.0.12", "10.0.0.13")));
        assertTrue(r.overlaps(range("10.0.0.0", "10.0.0.255")));
        assertTrue(r.overlaps(r));
        assertFalse(r.overlaps(range("10.0.0.21", "10.0.0.30")));
        assertFalse(r.overlaps(range("10.0.0.0", "10.0.0.9")));
        assertFalse(range("::", "::ffff:ffff").overlaps(range("0.0.0.0", "255.255.255.255")));
    }

    @Test
    void sizeCapped() {
        assertEquals(253, range("10.0.0.2", "10.0.0.254").sizeCapped());
        assertEquals(1L << 32, range("0.0.0.0", "255.255.255.255").sizeCapped());
        assertEquals(1L << 32, range("::ffff:ffff:ffff", "::1:0:ffff:fffe").sizeCapped());
        IpAddress zero = IpAddress.parse("::");
        assertEquals(Long.MAX_VALUE, new IpRange(zero, IpAddress.ofV6(0, Long.MAX_VALUE - 1)).sizeCapped());
        assertEquals(Long.MAX_VALUE, new IpRange(zero, IpAddress.ofV6(0, Long.MAX_VALUE)).sizeCapped());
        assertEquals(Long.MAX_VALUE - 1, new IpRange(zero, IpAddress.ofV6(0, Long.MAX_VALUE - 2)).sizeCapped());
        assertEquals(Long.MAX_VALUE, new IpRange(zero, IpAddress.ofV6(-1, -1)).sizeCapped());
        assertEquals(Long.MAX_VALUE, new IpRange(zero, IpAddress.ofV6(0, -1)).sizeCapped());
    }

    @Test
    void textAndEquality() {
        IpRange r = range("10.0.0.2", "10.0.0.254");
        assertEquals("10.0.0.2-10.0.0.254", r.toString());
        assertEquals("2001:db8::2-2001:db8::ff", range("2001:DB8::2", "2001:db8::00ff").toString());
        assertEquals(r, range("10.0.0.2", "10.0.0.254"));
        assertEquals(r.hashCode(), range("10.0.0.2", "10.0.0.254").hashCode());
        assertNotEquals(r, range("10.0.0.2", "10.0.0.253"));
        assertEquals(IpAddress.parse("10.0.0.2"), r.start());
        assertEquals(IpAddress.parse("10.0.0.254"), r.end());
    }
}
