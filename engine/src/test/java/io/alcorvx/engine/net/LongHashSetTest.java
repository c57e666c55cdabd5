package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

    /** Checks size, and that forEach yields exactly the reference contents. */
    private static void assertSame(Set<Long> expected, LongHashSet actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.isEmpty(), actual.isEmpty());
        Set<Long> seen = new HashSet<>();
        actual.forEach(k -> assertTrue(seen.add(k), "forEach repeated " + k));
        assertEquals(expected, seen);
    }

    @Test
    void randomisedAgainstHashSet() {
        // Several key shapes: dense small ranges (many collisions and re-adds), special values,
        // and strided keys that stress the hash's use of high bits.
        long[] strides = {1, 1L << 32, 1L << 40, 1L << 63, 0x9E3779B97F4A7C15L};
        for (long stride : strides) {
            Random r = new Random(stride);
            LongHashSet set = new LongHashSet();
            Set<Long> ref = new HashSet<>();
            for (int op = 0; op < 200_000; op++) {
                long key = pick(r, stride);
                int kind = r.nextInt(10);
                if (kind < 5) {
                    assertEquals(ref.add(key), set.add(key), "add " + key);
                } else if (kind < 9) {
                    assertEquals(ref.remove(key), set.remove(key), "remove " + key);
                } else {
                    assertEquals(ref.contains(key), set.contains(key), "contains " + key);
                }
                assertEquals(ref.size(), set.size());
                if (op % 20_000 == 0) {
                    assertSame(ref, set);
                }
            }
            assertSame(ref, set);
            for (Long k : ref) {
                assertTrue(set.contains(k));
            }
        }
    }

    private static long pick(Random r, long stride) {
        switch (r.nextInt(20)) {
            case 0: return 0;
            case 1: return Long.MIN_VALUE;
            case 2: return Long.MAX_VALUE;
            case 3: return -1;
            case 4: return r.nextLong();
            default: return stride * r.nextInt(5_000);
        }
    }

    @Test
    void growsAndShrinksThroughMassInsertAndRemove() {
        LongHashSet set = new LongHashSet();
        int n = 1_000_000;
        for (long k = 0; k < n; k++) {
            assertTrue(set.add(k));
        }
        assertEquals(n, set.size());
        assertFalse(set.add(500_000));
        for (long k = 0; k < n; k += 2) {
            assertTrue(set.remove(k));
        }
        assertEquals(n / 2, set.size());
        for (long k = 0; k < n; k++) {
            assertEquals(k % 2 == 1, set.contains(k));
        }
        for (long k = 1; k < n; k += 2) {
            assertTrue(set.remove(k));
        }
        assertTrue(set.isEmpty());
        assertFalse(set.contains(1));
        assertTrue(set.add(7));
        assertTrue(set.contains(7));
    }

    @Test
    void zeroIsAnOrdinaryKey() {
        LongHashSet set = new LongHashSet();
        assertFalse(set.contains(0));
        assertTrue(set.add(0));
        assertFalse(set.add(0));
        assertTrue(set.contains(0));
        assertEquals(1, set.size());
        assertTrue(set.remove(0));
        assertFalse(set.remove(0));
        assertEquals(0, set.size());
    }

    @Test
    void clearAndPresizing() {
        LongHashSet set = new LongHashSet(1000);
        for (long k = -500; k < 500; k++) {
            set.add(k);
        }
        assertEquals(1000, set.size());
        set.clear();
        assertEquals(0, set.size());
        assertFalse(set.contains(0));
        assertFalse(set.contains(-1));
        assertTrue(set.add(-1));
        assertThrows(IllegalArgumentException.class, () -> new LongHashSet(-1));
    }
}
