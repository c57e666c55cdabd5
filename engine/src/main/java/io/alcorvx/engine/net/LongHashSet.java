package io.alcorvx.engine.net;

import java.util.function.LongConsumer;

/**
 * A set of primitive longs: open addressing with linear probing and backward-shift deletion.
 *
 * <p>Written for the allocators, which track millions of in-use values and must not box them.
 * Linear probing keeps probes within a cache line or two; backward-shift deletion (rather than
 * tombstones) keeps lookups short under endless allocate/release churn without periodic cleanup.
 * Not thread-safe.
 */
public final class LongHashSet {

    private static final int MIN_CAPACITY = 8;
    private static final int MAX_CAPACITY = 1 << 30;
    /** 2^64 / golden ratio: Fibonacci hashing spreads sequential keys evenly over the table. */
    private static final long PHI = 0x9E37_79B9_7F4A_7C15L;

    /** Slots; 0 marks an empty slot, so the key 0 is tracked by {@link #hasZero} instead. */
    private long[] table;
    private boolean hasZero;
    /** Keys stored in {@link #table} (excludes the zero key). */
    private int used;
    /** 64 - log2(table.length): hashes take the top bits of the product. */
    private int shift;
    /** Grow when {@link #used} reaches this (load factor 3/4). */
    private int growAt;
    /** Never shrink below the capacity the caller asked for. */
    private final int floorCapacity;

    public LongHashSet() {
        this(0);
    }

    /** A set that holds {@code expectedSize} keys without resizing. */
    public LongHashSet(int expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize must be >= 0 but was " + expectedSize);
        }
        floorCapacity = capacityFor(expectedSize);
        allocate(floorCapacity);
    }

    private static int capacityFor(int keys) {
        long wanted = Math.max(MIN_CAPACITY, (long) keys * 4 / 3 + 1);
        if (wanted > MAX_CAPACITY) {
            throw new IllegalArgumentException("a LongHashSet cannot hold " + keys + " keys");
        }
        return Integer.highestOneBit((int) wanted - 1) << 1;
    }

    private void allocate(int capacity) {
        table = new long[capacity];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        growAt = capacity - capacity / 4;
    }

    private int home(long key) {
        return (int) (((key ^ (key >>> 32)) * PHI) >>> shift);
    }

    public int size() {
        return used + (hasZero ? 1 : 0);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public boolean contains(long key) {
        if (key == 0) {
            return hasZero;
        }
        long[] t = table;
        int mask = t.length - 1;
        for (int i = home(key); ; i = (i + 1) & mask) {
            long k = t[i];
            if (k == key) {
                return true;
            }
            if (k == 0) {
                return false;
            }
        }
    }

    /** Adds {@code key}; returns false if it was already present. */
    public boolean add(long key) {
        if (key == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            return true;
        }
        long[] t = table;
        int mask = t.length - 1;
        int i = home(key);
        for (long k; (k = t[i]) != 0; i = (i + 1) & mask) {
            if (k == key) {
                return false;
            }
        }
        if (used + 1 >= growAt) {
            // Resize first so the table always keeps empty slots (probe loops rely on one).
            resize(t.length << 1);
            insertAbsent(key);
        } else {
            t[i] = key;
        }
        used++;
        return true;
    }

    /** Removes {@code key}; returns false if it was not present. */
    public boolean remove(long key) {
        if (key == 0) {
            boolean had = hasZero;
            hasZero = false;
            return had;
        }
        long[] t = table;
        int mask = t.length - 1;
        int i = home(key);
        for (long k; (k = t[i]) != key; i = (i + 1) & mask) {
            if (k == 0) {
                return false;
            }
        }
        // Backward shift: pull later members of the probe run into the hole when their home
        // slot allows it, so no tombstone is needed and lookups stay exact.
        int hole = i;
        for (int j = (hole + 1) & mask; ; j = (j + 1) & mask) {
            long k = t[j];
            if (k == 0) {
                break;
            }
            int h = home(k);
            // k may move to the hole iff the hole lies on its probe path, i.e. between h and j.
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                t[hole] = k;
                hole = j;
            }
        }
        t[hole] = 0;
        used--;
        // Give memory back after a mass release (e.g. a /8 emptied), without thrashing:
        // after halving, the load is below 1/4, far from the 3/4 growth point.
        if (t.length > floorCapacity && used < t.length / 8) {
            resize(t.length >>> 1);
        }
        return true;
    }

    /** Removes every key and returns to the initial capacity. */
    public void clear() {
        hasZero = false;
        used = 0;
        allocate(floorCapacity);
    }

    /** Calls {@code action} for every key, in no particular order. */
    public void forEach(LongConsumer action) {
        if (hasZero) {
            action.accept(0);
        }
        for (long k : table) {
            if (k != 0) {
                action.accept(k);
            }
        }
    }

    private void resize(int capacity) {
        if (capacity <= 0 || capacity > MAX_CAPACITY) { // <= 0: doubling 2^30 overflows int
            throw new IllegalStateException("LongHashSet is full (" + size() + " keys)");
        }
        long[] old = table;
        allocate(capacity);
        for (long k : old) {
            if (k != 0) {
                insertAbsent(k);
            }
        }
    }

    private void insertAbsent(long key) {
        long[] t = table;
        int mask = t.length - 1;
        int i = home(key);
        while (t[i] != 0) {
            i = (i + 1) & mask;
        }
        t[i] = key;
    }
}
