package io.alcorvx.engine.net;

/**
 * Allocates VXLAN network identifiers (segmentation ids) from an inclusive tenant range. Mutable,
 * not thread-safe.
 *
 * <p>Same policy as {@link IpAllocator}: ascending sweep, then oldest-released-first (see
 * {@link RangeAllocator}), so a VNI that was just freed is not immediately given to another
 * network whose traffic could then reach stale flows.
 */
public final class VniAllocator {

    /** Largest VXLAN VNI (24 bits). */
    public static final long MAX_VNI = (1L << 24) - 1;

    private final long min;
    private final long max;
    private final RangeAllocator core;

    /**
     * @throws IllegalArgumentException unless {@code 1 <= min <= max <= 2^24-1}
     */
    public VniAllocator(long min, long max) {
        if (min < 1 || max > MAX_VNI || min > max) {
            throw new IllegalArgumentException(
                    "'" + min + ":" + max + "' is not a valid VNI range: need 1 <= min <= max <= " + MAX_VNI);
        }
        this.min = min;
        this.max = max;
        this.core = new RangeAllocator(new long[] {min}, new long[] {max});
    }

    /** Marks a free VNI of the range in use and returns it, or -1 if the range is exhausted. */
    public long allocate() {
        return core.allocate() ? core.last() : -1;
    }

    /**
     * Marks a specific VNI in use. Like Neutron (where an admin may pick any segmentation id), it
     * may lie outside the allocation range.
     *
     * @return false if it was already in use
     * @throws IllegalArgumentException if {@code vni} is not in 1..2^24-1
     */
    public boolean reserve(long vni) {
        if (vni < 1 || vni > MAX_VNI) {
            throw new IllegalArgumentException(vni + " is not a valid VXLAN VNI: must be in 1.." + MAX_VNI);
        }
        return core.reserve(vni);
    }

    /** Frees {@code vni}; false if it was not in use. */
    public boolean release(long vni) {
        return core.release(vni);
    }

    public boolean inUse(long vni) {
        return core.inUse(vni);
    }

    public long inUseCount() {
        return core.inUseCount();
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }
}
