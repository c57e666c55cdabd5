package io.alcorvx.engine.net;

/**
 * The allocation core shared by {@link IpAllocator} (over pool positions) and
 * {@link VniAllocator}: hands out values from sorted, disjoint, inclusive ranges of unsigned
 * longs.
 *
 * <p>Policy: a cursor sweeps the ranges once, in order, handing out every value it finds free.
 * A value released behind the cursor goes to a FIFO instead of being reused at once, so a value
 * that was just freed (an IP some host may still have programmed) is the last candidate, not the
 * first. Once the cursor has swept everything, every free value in the ranges is in the FIFO
 * (all others were handed out or were in use, and reached the free state only via
 * {@link #release}), so from then on the FIFO alone serves allocations. Each cursor step is paid
 * for by the allocate or reserve that made the value in use, and each FIFO entry by a release,
 * so allocate is amortised O(1) however large the ranges are.
 *
 * <p>Values are compared unsigned, so a range may even end at 0xffff_ffff_ffff_ffff.
 */
final class RangeAllocator {

    private final long[] starts;
    private final long[] ends;
    private final LongHashSet inUse = new LongHashSet();
    private final ReleasedQueue released = new ReleasedQueue(inUse);
    /** Range the cursor is in; equals starts.length once the sweep has finished (wrapped). */
    private int range;
    /** Next value the cursor will try, inside range {@link #range}. */
    private long cursor;
    /** Result of the last successful {@link #allocate()}; no sentinel fits a full 64-bit range. */
    private long lastAllocated;

    /** {@code starts}/{@code ends}: sorted, disjoint, inclusive, unsigned; validated by callers. */
    RangeAllocator(long[] starts, long[] ends) {
        this.starts = starts.clone();
        this.ends = ends.clone();
        this.cursor = starts.length > 0 ? starts[0] : 0;
    }

    /** Marks a free value in use; returns false if none is free. Read it with {@link #last()}. */
    boolean allocate() {
        while (range < starts.length) {
            long candidate = cursor;
            if (candidate == ends[range]) {
                // Compare before incrementing: the end may be the largest unsigned long.
                if (++range < starts.length) {
                    cursor = starts[range];
                }
            } else {
                cursor = candidate + 1;
            }
            if (inUse.add(candidate)) {
                lastAllocated = candidate;
                return true;
            }
        }
        while (!released.isEmpty()) {
            long candidate = released.poll();
            if (inUse.add(candidate)) {
                lastAllocated = candidate;
                return true;
            }
        }
        return false;
    }

    long last() {
        return lastAllocated;
    }

    /** Marks {@code value} in use (it need not be in the ranges); false if it already was. */
    boolean reserve(long value) {
        return inUse.add(value);
    }

    boolean release(long value) {
        if (!inUse.remove(value)) {
            return false;
        }
        // Values still ahead of the cursor will be found by the sweep; queueing them would only
        // create stale entries.
        boolean behindCursor = range >= starts.length || Long.compareUnsigned(value, cursor) < 0;
        if (behindCursor && inRanges(value)) {
            released.push(value);
        }
        return true;
    }

    boolean inUse(long value) {
        return inUse.contains(value);
    }

    long inUseCount() {
        return inUse.size();
    }

    boolean inRanges(long value) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(value, starts[mid]) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(value, ends[mid]) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
