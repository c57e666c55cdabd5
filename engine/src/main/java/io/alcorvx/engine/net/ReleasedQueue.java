package io.alcorvx.engine.net;

/**
 * FIFO of released values waiting to be handed out again, shared by the allocators.
 *
 * <p>Entries are checked lazily: a value may have been reserved again, or released twice, since
 * it was queued, so the allocator skips entries that are in use when it polls them. To keep such
 * stale entries from piling up under churn, the queue compacts itself (drops in-use entries and
 * duplicates) whenever it has doubled since the last compaction, which keeps push amortised O(1)
 * and the length within twice the number of distinct free values it holds.
 */
final class ReleasedQueue {

    private static final int MIN_COMPACT_AT = 64;

    /** The owning allocator's in-use set, consulted only when compacting. */
    private final LongHashSet inUse;
    private long[] ring = new long[16];
    private int head;
    private int size;
    private int compactAt = MIN_COMPACT_AT;

    ReleasedQueue(LongHashSet inUse) {
        this.inUse = inUse;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void push(long value) {
        if (size >= compactAt) {
            compact();
            compactAt = Math.max(MIN_COMPACT_AT, size * 2);
        }
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = value;
        size++;
    }

    /** Removes and returns the oldest entry; the caller checks {@link #isEmpty()} first. */
    long poll() {
        long value = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return value;
    }

    private void grow() {
        long[] bigger = new long[ring.length << 1];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }

    /**
     * Drops entries that are in use and all but the newest copy of duplicates: the newest
     * release is the one that says how long the value has been free.
     */
    private void compact() {
        int mask = ring.length - 1;
        LongHashSet seen = new LongHashSet(size);
        long[] keptNewestFirst = new long[size];
        int kept = 0;
        for (int i = size - 1; i >= 0; i--) {
            long v = ring[(head + i) & mask];
            if (!inUse.contains(v) && seen.add(v)) {
                keptNewestFirst[kept++] = v;
            }
        }
        for (int i = 0; i < kept; i++) {
            ring[i] = keptNewestFirst[kept - 1 - i];
        }
        head = 0;
        size = kept;
    }
}
