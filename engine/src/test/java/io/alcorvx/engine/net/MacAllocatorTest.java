package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MacAllocatorTest {

    private static final long OPENSTACK = 0xfa163eL;

    @Test
    void hundredThousandDistinctMacsUnderThePrefix() {
        MacAllocator a = new MacAllocator(OPENSTACK, 24, 12345);
        Set<Long> seen = new HashSet<>();
        long previous = -1;
        int adjacent = 0;
        for (int i = 0; i < 100_000; i++) {
            long mac = a.allocate();
            assertEquals(OPENSTACK, mac >>> 24, MacAddress.format(mac));
            assertFalse(MacAddress.isMulticast(mac));
            assertTrue(seen.add(mac), "duplicate " + MacAddress.format(mac));
            if (Math.abs(mac - previous) == 1) {
                adjacent++;
            }
            previous = mac;
        }
        assertEquals(100_000, a.inUseCount());
        assertTrue(adjacent < 100, "allocations are not spread: " + adjacent + " adjacent pairs");
    }

    @Test
    void sequenceIsDeterministicPerSeed() {
        MacAllocator a = new MacAllocator(OPENSTACK, 24, 1);
        MacAllocator b = new MacAllocator(OPENSTACK, 24, 1);
        MacAllocator c = new MacAllocator(OPENSTACK, 24, 2);
        List<Long> la = new ArrayList<>();
        List<Long> lb = new ArrayList<>();
        List<Long> lc = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            la.add(a.allocate());
            lb.add(b.allocate());
            lc.add(c.allocate());
        }
        assertEquals(la, lb);
        assertNotEquals(la, lc);
    }

    @Test
    void coversSmallSpacesExactlyThenReportsExhaustion() {
        for (int prefixBits = 40; prefixBits <= 47; prefixBits++) {
            for (long seed = 0; seed < 5; seed++) {
                long prefix = 0xfa163e000000L >>> (48 - prefixBits);
                MacAllocator a = new MacAllocator(prefix, prefixBits, seed);
                int space = 1 << (48 - prefixBits);
                Set<Long> seen = new HashSet<>();
                for (int i = 0; i < space; i++) {
                    long mac = a.allocate();
                    assertEquals(prefix, mac >>> (48 - prefixBits));
                    assertTrue(seen.add(mac));
                }
                assertEquals(-1, a.allocate());
                assertEquals(-1, a.allocate());
            }
        }
    }

    @Test
    void releasedMacIsNotReusedBeforeTheSpaceIsCovered() {
        MacAllocator a = new MacAllocator(0xfa163e0000L, 40, 99);
        long first = a.allocate();
        for (int i = 0; i < 9; i++) {
            a.allocate();
        }
        assertTrue(a.release(first));
        for (int i = 0; i < 246; i++) {
            long mac = a.allocate();
            assertNotEquals(-1, mac);
            assertNotEquals(first, mac);
        }
        assertEquals(first, a.allocate());
        assertEquals(-1, a.allocate());
    }

    @Test
    void reservationsAreSkippedAndMayLieOutsideThePrefix() {
        MacAllocator a = new MacAllocator(0xfa163e0000L, 40, 3);
        for (long low = 0; low < 10; low++) {
            assertTrue(a.reserve(0xfa163e000000L | low));
        }
        assertFalse(a.reserve(0xfa163e000000L));
        long outside = MacAddress.parse("00:1b:21:aa:bb:cc");
        assertTrue(a.reserve(outside));
        assertTrue(a.inUse(outside));
        int allocated = 0;
        while (a.allocate() != -1) {
            allocated++;
        }
        assertEquals(246, allocated);
        assertEquals(257, a.inUseCount());
        // Releasing a MAC outside the prefix frees it but never feeds it to allocate().
        assertTrue(a.release(outside));
        assertFalse(a.release(outside));
        assertEquals(-1, a.allocate());
        assertThrows(IllegalArgumentException.class, () -> a.reserve(-1));
        assertThrows(IllegalArgumentException.class, () -> a.reserve(1L << 48));
        assertFalse(a.release(-1));
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new MacAllocator(0xfaL >>> 1, 7, 0));
        assertThrows(IllegalArgumentException.class, () -> new MacAllocator(OPENSTACK, 48, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MacAllocator(0xfa163e000000L, 24, 0));
        assertTrue(e.getMessage().contains("0xfa163e"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MacAllocator(-1, 24, 0));
        assertThrows(IllegalArgumentException.class, () -> new MacAllocator(0x01005eL, 24, 0)); // multicast
    }

    @Test
    void randomOperationsMatchAReferenceSet() {
        MacAllocator a = new MacAllocator(0xfa163e00L, 32, 77); // 65536 MACs
        Set<Long> ref = new HashSet<>();
        int inPrefix = 0; // reference MACs under the prefix, kept incrementally
        Random r = new Random(5);
        for (int op = 0; op < 300_000; op++) {
            long mac = 0xfa163e000000L | r.nextInt(1 << 16);
            if (r.nextInt(8) == 0) {
                mac ^= 1L << 30; // outside the prefix
            }
            int kind = r.nextInt(10);
            if (kind < 5) {
                long got = a.allocate();
                if (got == -1) {
                    assertEquals(1 << 16, inPrefix, "-1 while MACs are free");
                } else {
                    assertEquals(0xfa163e00L, got >>> 16);
                    assertTrue(ref.add(got), "duplicate");
                    inPrefix++;
                }
            } else if (kind < 7) {
                boolean added = ref.add(mac);
                assertEquals(added, a.reserve(mac));
                inPrefix += added && (mac >>> 16) == 0xfa163e00L ? 1 : 0;
            } else {
                if (!ref.isEmpty() && r.nextBoolean()) {
                    mac = ref.iterator().next();
                }
                boolean removed = ref.remove(mac);
                assertEquals(removed, a.release(mac));
                inPrefix -= removed && (mac >>> 16) == 0xfa163e00L ? 1 : 0;
            }
            assertEquals(ref.size(), a.inUseCount());
            assertEquals(ref.contains(mac), a.inUse(mac));
        }
    }
}
