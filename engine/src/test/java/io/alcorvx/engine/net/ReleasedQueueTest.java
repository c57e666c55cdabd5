package io.alcorvx.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasedQueueTest {

    @Test
    void isFifo() {
        ReleasedQueue q = new ReleasedQueue(new LongHashSet());
        for (long v = 0; v < 1000; v++) {
            q.push(v);
        }
        for (long v = 0; v < 1000; v++) {
            assertEquals(v, q.poll());
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void duplicatesAndInUseEntriesAreCompactedAway() {
        LongHashSet inUse = new LongHashSet();
        ReleasedQueue q = new ReleasedQueue(inUse);
        for (int i = 0; i < 100_000; i++) {
            q.push(5);
            q.push(6);
        }
        assertTrue(q.size() <= 128, "size " + q.size());
        inUse.add(6);
        for (int i = 0; i < 100_000; i++) {
            q.push(7);
        }
        List<Long> rest = new ArrayList<>();
        while (!q.isEmpty()) {
            long v = q.poll();
            if (!inUse.contains(v) && !rest.contains(v)) {
                rest.add(v);
            }
        }
        assertEquals(List.of(5L, 7L), rest);
    }

    @Test
    void compactionKeepsTheNewestCopyOfADuplicate() {
        ReleasedQueue q = new ReleasedQueue(new LongHashSet());
        q.push(1);
        for (long v = 2; v < 64; v++) {
            q.push(v);
        }
        q.push(1); // size reaches 64, the next push compacts
        q.push(100);
        List<Long> order = new ArrayList<>();
        while (!q.isEmpty()) {
            order.add(q.poll());
        }
        assertEquals(64, order.size());
        assertEquals(2L, order.get(0));
        assertEquals(1L, order.get(order.size() - 2));
        assertEquals(100L, order.get(order.size() - 1));
    }
}
