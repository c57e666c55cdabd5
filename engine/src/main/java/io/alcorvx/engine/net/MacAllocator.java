package io.alcorvx.engine.net;

/**
 * Allocates MAC addresses under a fixed prefix, e.g. fa:16:3e as OpenStack does. Mutable, not
 * thread-safe.
 *
 * <p>Order: a counter walks 0, 1, 2, ... over the free (non-prefix) bits and each position goes
 * through a seeded bijection of those bits, so the sequence visits every MAC under the prefix
 * exactly once, is reproducible from the seed, and consecutive MACs look unrelated (two
 * controllers or test runs with different seeds rarely collide early, and no one comes to rely
 * on sequential MACs). After the counter has covered the whole space, released MACs are reused,
 * oldest release first. Amortised O(1) like the other allocators; memory is proportional to the
 * MACs in use.
 */
public final class MacAllocator {

    private final long prefix;
    private final int freeBits;
    /** prefix shifted into place: the MAC at position 0 before permutation. */
    private final long base;
    private final long mask;
    private final long space;
    // Seeded constants of the bijection (see permute).
    private final long add;
    private final long mul1;
    private final long mul2;
    private final int shift;

    private final LongHashSet inUse = new LongHashSet();
    private final ReleasedQueue released = new ReleasedQueue(inUse);
    /** Next position to try, 0..space; equal to space once every position has been visited. */
    private long counter;

    /**
     * @param prefix the value of the prefix bits only, e.g. {@code 0xfa163eL} (not
     *     {@code 0xfa163e000000L})
     * @param prefixBits length of the prefix, 8..47 (at least the first octet, so the prefix
     *     alone decides that allocated MACs are unicast)
     * @param seed selects the pseudo-random order
     * @throws IllegalArgumentException if the prefix does not fit its length or is multicast
     */
    public MacAllocator(long prefix, int prefixBits, long seed) {
        if (prefixBits < 8 || prefixBits > 47) {
            throw new IllegalArgumentException("MAC prefix length must be in 8..47 but was " + prefixBits);
        }
        freeBits = 48 - prefixBits;
        if (prefix < 0 || prefix >= 1L << prefixBits) {
            String hint = "";
            if (prefix > 0 && prefix <= MacAddress.MAX && (prefix & ((1L << freeBits) - 1)) == 0) {
                hint = "; pass only the prefix bits, e.g. 0x" + Long.toHexString(prefix >>> freeBits);
            }
            throw new IllegalArgumentException(
                    "MAC prefix 0x" + Long.toHexString(prefix) + " does not fit in " + prefixBits + " bits" + hint);
        }
        this.prefix = prefix;
        this.base = prefix << freeBits;
        if (MacAddress.isMulticast(base)) {
            throw new IllegalArgumentException("MAC prefix 0x" + Long.toHexString(prefix)
                    + " is a multicast prefix (lowest bit of the first octet is set)");
        }
        this.space = 1L << freeBits;
        this.mask = space - 1;
        this.shift = (freeBits + 1) / 2; // >= 1, so each xorshift step really mixes
        long s = seed;
        this.add = splitMix(s += 0x9E37_79B9_7F4A_7C15L);
        this.mul1 = splitMix(s += 0x9E37_79B9_7F4A_7C15L) | 1; // odd: invertible mod 2^k
        this.mul2 = splitMix(s + 0x9E37_79B9_7F4A_7C15L) | 1;
    }

    /** SplitMix64 finaliser: turns the seed into well-mixed constants. */
    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A bijection of [0, 2^freeBits): each step (add mod 2^k, xor with own right shift, multiply
     * by an odd number mod 2^k) is invertible on k bits, so the composition is too.
     */
    private long permute(long x) {
        x = (x + add) & mask;
        x ^= x >>> shift;
        x = (x * mul1) & mask;
        x ^= x >>> shift;
        x = (x * mul2) & mask;
        x ^= x >>> shift;
        return x;
    }

    /** Marks a free MAC under the prefix in use and returns it, or -1 if none is free. */
    public long allocate() {
        while (counter < space) {
            long mac = base | permute(counter++);
            if (inUse.add(mac)) {
                return mac;
            }
        }
        while (!released.isEmpty()) {
            long mac = released.poll();
            if (inUse.add(mac)) {
                return mac;
            }
        }
        return -1;
    }

    /**
     * Marks a specific MAC in use (a user-supplied port MAC may be outside the prefix).
     *
     * @return false if it was already in use
     * @throws IllegalArgumentException if {@code mac} is not a 48-bit value
     */
    public boolean reserve(long mac) {
        MacAddress.checkRange(mac);
        return inUse.add(mac);
    }

    /** Frees {@code mac}; false if it was not in use. */
    public boolean release(long mac) {
        if (!inUse.remove(mac)) {
            return false;
        }
        // Unlike the range allocators we cannot cheaply tell whether the counter has passed this
        // MAC (that would need the inverse permutation), so queue every prefix MAC; one the
        // counter later hands out becomes a stale entry that poll skips and compaction drops.
        if ((mac >>> freeBits) == prefix) {
            released.push(mac);
        }
        return true;
    }

    public boolean inUse(long mac) {
        return inUse.contains(mac);
    }

    public long inUseCount() {
        return inUse.size();
    }
}
