package io.alcorvx.engine.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Allocates addresses of one subnet from its allocation pools. Mutable, not thread-safe: one per
 * subnet, owned by a single thread.
 *
 * <p>Memory is proportional to the addresses in use, never to the subnet size, so a /8, a /64 or
 * an IPv6 /48 costs the same as a /24. In-use addresses are tracked in primitive hash sets:
 *
 * <ul>
 *   <li>a pool address by its <em>position</em>: its index in the pools laid end to end (pool 0
 *       first). Positions fit in a long for any subnet, even an IPv6 /48 whose pools span 2^80
 *       addresses, because no pool is given more than Long.MAX_VALUE / pools positions (a limit no
 *       sweep can reach: the in-use set itself tops out near 2^30 entries);
 *   <li>any other address (a gateway, a fixed IP outside the pools) by its offset from the
 *       network address, which fits in 64 bits for any subnet of /64 or longer; only in a shorter
 *       IPv6 subnet can an address be farther than that, and those rare ones go to a boxed set.
 * </ul>
 *
 * <p>Allocation order: first a sweep through the pools in address order; released addresses are
 * reused (oldest release first) only after that sweep has covered every pool, so an address a
 * host may still have programmed is not handed to someone else right away. See
 * {@link RangeAllocator}.
 */
public final class IpAllocator {

    private final Cidr subnet;
    private final List<IpRange> pools;
    /** First address of each pool, sorted. */
    private final IpAddress[] poolStart;
    /** Position of each pool's first address. */
    private final long[] poolBase;
    /** Positions each pool owns: its size, capped so that the positions of all pools fit. */
    private final long[] poolLength;
    /** In-use pool addresses, by position; also runs the sweep-then-FIFO policy. */
    private final RangeAllocator core;
    /** In-use addresses outside the position space, by offset from the network address. */
    private final LongHashSet outside = new LongHashSet();
    /** Same, for offsets of 2^64 and more (IPv6 subnets shorter than /64 only). */
    private final Set<IpAddress> farOutside = new HashSet<>();

    /**
     * @param subnet the subnet
     * @param pools allocation pools: inside the subnet and pairwise disjoint (may be empty, then
     *     only explicit {@link #reserve} works); kept sorted by start address
     * @throws IllegalArgumentException if a pool is outside the subnet or pools overlap
     */
    public IpAllocator(Cidr subnet, List<IpRange> pools) {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(pools, "pools");
        List<IpRange> sorted = new ArrayList<>(pools.size());
        for (IpRange pool : pools) {
            sorted.add(Objects.requireNonNull(pool, "pools must not contain null"));
        }
        sorted.sort(Comparator.comparing(IpRange::start));
        int n = sorted.size();
        poolStart = new IpAddress[n];
        poolBase = new long[n];
        poolLength = new long[n];
        long cap = n == 0 ? 0 : Long.MAX_VALUE / n;
        long next = 0;
        for (int i = 0; i < n; i++) {
            IpRange pool = sorted.get(i);
            if (!subnet.contains(pool.start()) || !subnet.contains(pool.end())) {
                throw new IllegalArgumentException(
                        "allocation pool '" + pool + "' is not inside subnet '" + subnet + "'");
            }
            if (i > 0 && sorted.get(i - 1).overlaps(pool)) {
                throw new IllegalArgumentException(
                        "allocation pools '" + sorted.get(i - 1) + "' and '" + pool + "' overlap");
            }
            poolStart[i] = pool.start();
            poolBase[i] = next;
            poolLength[i] = Math.min(pool.sizeCapped(), cap);
            next += poolLength[i];
        }
        this.subnet = subnet;
        this.pools = List.copyOf(sorted);
        this.core = next == 0
                ? new RangeAllocator(new long[0], new long[0])
                : new RangeAllocator(new long[] {0}, new long[] {next - 1});
    }

    /** Position of {@code ip} (in the subnet), or -1 if it has none. */
    private long positionOf(IpAddress ip) {
        // Last pool starting at or before ip.
        int lo = 0;
        int hi = poolStart.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (poolStart[mid].compareTo(ip) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        long offset = IpAddress.offsetOrNegative(poolStart[found], ip);
        return offset >= 0 && offset < poolLength[found] ? poolBase[found] + offset : -1;
    }

    private IpAddress addressAt(long position) {
        int i = Arrays.binarySearch(poolBase, position);
        if (i < 0) {
            i = -i - 2; // the pool whose base is just below position
        }
        return poolStart[i].plus(position - poolBase[i]);
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
        long position = positionOf(ip);
        if (position >= 0) {
            return core.reserve(position);
        }
        return isNear(ip) ? outside.add(nearOffset(ip)) : farOutside.add(ip);
    }

    /** Frees {@code ip}; false if it was not in use (including addresses outside the subnet). */
    public boolean release(IpAddress ip) {
        if (!subnet.contains(ip)) {
            return false;
        }
        long position = positionOf(ip);
        if (position >= 0) {
            return core.release(position);
        }
        return isNear(ip) ? outside.remove(nearOffset(ip)) : farOutside.remove(ip);
    }

    public boolean inUse(IpAddress ip) {
        if (!subnet.contains(ip)) {
            return false;
        }
        long position = positionOf(ip);
        if (position >= 0) {
            return core.inUse(position);
        }
        return isNear(ip) ? outside.contains(nearOffset(ip)) : farOutside.contains(ip);
    }

    /** Whether the offset of {@code ip} (in the subnet) from the network fits in 64 bits. */
    private boolean isNear(IpAddress ip) {
        return ip.hi() == subnet.network().hi();
    }

    /** Offset from the network as an unsigned long; exact when {@link #isNear} holds. */
    private long nearOffset(IpAddress ip) {
        return ip.lo() - subnet.network().lo();
    }

    /** Addresses in use, whether allocated or reserved, inside the pools or not. */
    public long inUseCount() {
        return core.inUseCount() + outside.size() + farOutside.size();
    }

    public Cidr subnet() {
        return subnet;
    }

    /** The pools, sorted by start address (unmodifiable). */
    public List<IpRange> pools() {
        return pools;
    }
}
