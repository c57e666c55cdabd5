package io.alcorvx.engine.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Allocates addresses of one subnet from its allocation pools. Mutable, not thread-safe: one per
 * subnet, owned by a single thread.
 *
 * <p>Addresses are tracked as their offset from the subnet's network address in a primitive hash
 * set, so memory is proportional to the addresses in use, not to the subnet size, and a /8 or a
 * /64 costs the same as a /24. For the same reason IPv6 subnets must be /64 or longer: the offset
 * of a larger subnet does not fit in 64 bits.
 *
 * <p>Allocation order: first a sweep through the pools in address order; released addresses are
 * reused (oldest release first) only after that sweep has covered every pool, so an address a
 * host may still have programmed is not handed to someone else right away. See
 * {@link RangeAllocator}.
 */
public final class IpAllocator {

    private final Cidr subnet;
    private final List<IpRange> pools;
    private final RangeAllocator core;

    /**
     * @param subnet the subnet; IPv6 subnets must be /64 or longer
     * @param pools allocation pools: inside the subnet and pairwise disjoint (may be empty, then
     *     only explicit {@link #reserve} works); kept sorted by start address
     * @throws IllegalArgumentException if a pool is outside the subnet, pools overlap, or the
     *     subnet is too large
     */
    public IpAllocator(Cidr subnet, List<IpRange> pools) {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(pools, "pools");
        if (subnet.version() == 6 && subnet.prefixLength() < 64) {
            throw new IllegalArgumentException("subnet '" + subnet
                    + "' is too large: IpAllocator supports IPv6 subnets of /64 or longer");
        }
        List<IpRange> sorted = new ArrayList<>(pools.size());
        for (IpRange pool : pools) {
            sorted.add(Objects.requireNonNull(pool, "pools must not contain null"));
        }
        sorted.sort(Comparator.comparing(IpRange::start));
        long[] starts = new long[sorted.size()];
        long[] ends = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            IpRange pool = sorted.get(i);
            if (!subnet.contains(pool.start()) || !subnet.contains(pool.end())) {
                throw new IllegalArgumentException(
                        "allocation pool '" + pool + "' is not inside subnet '" + subnet + "'");
            }
            if (i > 0 && sorted.get(i - 1).overlaps(pool)) {
                throw new IllegalArgumentException(
                        "allocation pools '" + sorted.get(i - 1) + "' and '" + pool + "' overlap");
            }
            starts[i] = offsetOf(subnet, pool.start());
            ends[i] = offsetOf(subnet, pool.end());
        }
        this.subnet = subnet;
        this.pools = List.copyOf(sorted);
        this.core = new RangeAllocator(starts, ends);
    }

    /**
     * Offset of an address of the subnet from its network address, as an unsigned long. Exact
     * because the subnet has at most 2^64 addresses: the high word is shared, no borrow occurs.
     */
    private static long offsetOf(Cidr subnet, IpAddress ip) {
        return ip.lo() - subnet.network().lo();
    }

    private IpAddress addressAt(long offset) {
        IpAddress net = subnet.network();
        return IpAddress.sameFamily(net, net.hi(), net.lo() + offset);
    }

    /**
     * Marks a free pool address in use and returns it, or returns null if every pool address is
     * in use. Amortised O(1).
     */
    public IpAddress allocate() {
        return core.allocate() ? addressAt(core.last()) : null;
    }

    /**
     * Marks a specific address in use, e.g. a gateway or a user-chosen fixed IP. It may lie
     * outside the pools.
     *
     * @return false (and changes nothing) if it was already in use
     * @throws IllegalArgumentException if {@code ip} is not inside the subnet
     */
    public boolean reserve(IpAddress ip) {
        if (!subnet.contains(ip)) {
            throw new IllegalArgumentException("'" + ip + "' is not inside subnet '" + subnet + "'");
        }
        return core.reserve(offsetOf(subnet, ip));
    }

    /** Frees {@code ip}; false if it was not in use (including addresses outside the subnet). */
    public boolean release(IpAddress ip) {
        return subnet.contains(ip) && core.release(offsetOf(subnet, ip));
    }

    public boolean inUse(IpAddress ip) {
        return subnet.contains(ip) && core.inUse(offsetOf(subnet, ip));
    }

    /** Addresses in use, whether allocated or reserved, inside the pools or not. */
    public long inUseCount() {
        return core.inUseCount();
    }

    public Cidr subnet() {
        return subnet;
    }

    /** The pools, sorted by start address (unmodifiable). */
    public List<IpRange> pools() {
        return pools;
    }
}
