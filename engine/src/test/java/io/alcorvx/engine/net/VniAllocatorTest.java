package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VniAllocatorTest {

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new VniAllocator(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new VniAllocator(-5, 10));
        assertThrows(IllegalArgumentException.class, () -> new VniAllocator(10, 9));
        assertThrows(IllegalArgumentException.class, () -> new VniAllocator(1, 1 << 24));
        VniAllocator full = new VniAllocator(1, (1 << 24) - 1);
        assertEquals(1, full.allocate());
        assertEquals(1, full.min());
        assertEquals(VniAllocator.MAX_VNI, full.max());
    }

    @Test
    void ascendingThenExhausted() {
        VniAllocator a = new VniAllocator(100, 104);
        for (long v = 100; v <= 104; v++) {
            assertEquals(v, a.allocate());
        }
        assertEquals(-1, a.allocate());
        assertEquals(5, a.inUseCount());
    }

    @Test
    void releasedVniIsReusedOnlyAfterTheSweepOldestFirst() {
        VniAllocator a = new VniAllocator(1, 10);
        assertEquals(1, a.allocate());
        assertEquals(2, a.allocate());
        assertTrue(a.release(1));
        for (long v = 3; v <= 10; v++) {
            assertEquals(v, a.allocate());
        }
        assertTrue(a.release(7));
        assertTrue(a.release(3));
        assertEquals(1, a.allocate());
        assertEquals(7, a.allocate());
        assertEquals(3, a.allocate());
        assertEquals(-1, a.allocate());
    }

    @Test
    void reservationsMayLieOutsideTheRange() {
        VniAllocator a = new VniAllocator(100, 102);
        assertTrue(a.reserve(5));
        assertTrue(a.reserve(VniAllocator.MAX_VNI));
        assertFalse(a.reserve(5));
        assertTrue(a.reserve(101));
        assertEquals(100, a.allocate());
        assertEquals(102, a.allocate());
        assertEquals(-1, a.allocate());
        assertThrows(IllegalArgumentException.class, () -> a.reserve(0));
        assertThrows(IllegalArgumentException.class, () -> a.reserve(1 << 24));
        assertTrue(a.release(5));
        assertEquals(-1, a.allocate()); // outside the range: never handed out
        assertTrue(a.release(101));
        assertEquals(101, a.allocate());
        assertFalse(a.release(0));
        assertFalse(a.inUse(0));
        assertTrue(a.inUse(VniAllocator.MAX_VNI));
    }

    @Test
    void randomOperationsMatchAReferenceSet() {
        VniAllocator a = new VniAllocator(1000, 2999);
        Set<Long> ref = new HashSet<>();
        int inRange = 0; // reference VNIs inside [1000, 2999], kept incrementally
        Random r = new Random(11);
        for (int op = 0; op < 200_000; op++) {
            long vni = 900 + r.nextInt(2200);
            int kind = r.nextInt(10);
            if (kind < 5) {
                long got = a.allocate();
                if (got == -1) {
                    assertEquals(2000, inRange, "-1 while VNIs are free");
                } else {
                    assertTrue(got >= 1000 && got <= 2999);
                    assertTrue(ref.add(got), "duplicate " + got);
                    inRange++;
                }
            } else if (kind < 7) {
                boolean added = ref.add(vni);
                assertEquals(added, a.reserve(vni));
                inRange += added && vni >= 1000 && vni <= 2999 ? 1 : 0;
            } else {
                if (!ref.isEmpty() && r.nextBoolean()) {
                    vni = ref.iterator().next();
                }
                boolean removed = ref.remove(vni);
                assertEquals(removed, a.release(vni));
                inRange -= removed && vni >= 1000 && vni <= 2999 ? 1 : 0;
            }
            assertEquals(ref.size(), a.inUseCount());
            assertEquals(ref.contains(vni), a.inUse(vni));
        }
    }

    @Test
    void largeRangeStaysCheap() {
        VniAllocator a = new VniAllocator(1, VniAllocator.MAX_VNI);
        for (long v = 1; v <= 500_000; v++) {
            assertEquals(v, a.allocate());
        }
        assertTrue(a.release(42));
        assertNotEquals(42, a.allocate());
    }
}
