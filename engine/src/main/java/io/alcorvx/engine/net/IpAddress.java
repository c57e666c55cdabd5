package io.alcorvx.engine.net;

/**
 * An immutable IPv4 or IPv6 address.
 *
 * <p>The value is kept as two longs (an unsigned 128-bit number, {@code hi} then {@code lo}) so
 * that both families share one representation and arithmetic never allocates. An IPv4 address has
 * {@code hi == 0} and its unsigned 32-bit value in {@code lo}.
 *
 * <p>Parsing is deliberately strict: anything a user could mean in two ways (leading zeros that
 * some stacks read as octal, zone ids, brackets, prefix lengths) is rejected rather than guessed.
 */
public final class IpAddress implements Comparable<IpAddress> {

    /** Largest IPv4 value, as an unsigned 32-bit number held in a long. */
    static final long V4_MAX = 0xFFFF_FFFFL;

    private final int version;
    private final long hi;
    private final long lo;

    private IpAddress(int version, long hi, long lo) {
        this.version = version;
        this.hi = hi;
        this.lo = lo;
    }

    /** The IPv4 address whose 32 bits are {@code bits} (e.g. {@code 0x0A000001} is 10.0.0.1). */
    public static IpAddress ofV4(int bits) {
        return new IpAddress(4, 0, bits & V4_MAX);
    }

    /** The IPv6 address whose upper 64 bits are {@code hi} and lower 64 bits are {@code lo}. */
    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(6, hi, lo);
    }

    /** Same family as {@code like}, with the given value (callers guarantee it is in range). */
    static IpAddress sameFamily(IpAddress like, long hi, long lo) {
        return like.version == 4 ? new IpAddress(4, 0, lo & V4_MAX) : new IpAddress(6, hi, lo);
    }

    /**
     * Parses a dotted-quad IPv4 address or an IPv6 address (full, compressed, or with an embedded
     * IPv4 tail such as {@code ::ffff:1.2.3.4}).
     *
     * @throws IllegalArgumentException naming the input and the reason if it is not valid
     */
    public static IpAddress parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("null is not a valid IP address");
        }
        if (s.isEmpty()) {
            throw invalid(s, "empty string");
        }
        // Catch the usual near-misses up front so the message says what is actually wrong.
        if (s.indexOf('/') >= 0) {
            throw invalid(s, "a prefix length is not allowed here (use a CIDR)");
        }
        if (s.indexOf('%') >= 0) {
            throw invalid(s, "zone ids are not supported");
        }
        if (s.charAt(0) == '[') {
            throw invalid(s, "brackets are not allowed");
        }
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        return ofV4(parseV4(s, 0, s.length()));
    }

    /** Parses {@code s[from, to)} as a dotted quad; errors name the whole of {@code s}. */
    private static int parseV4(String s, int from, int to) {
        int bits = 0;
        int parts = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && s.charAt(i) != '.') {
                continue;
            }
            if (++parts > 4) {
                throw invalid(s, "an IPv4 address has exactly 4 dot-separated parts");
            }
            bits = (bits << 8) | parseOctet(s, start, i);
            start = i + 1;
        }
        if (parts != 4) {
            throw invalid(s, "an IPv4 address has exactly 4 dot-separated parts");
        }
        return bits;
    }

    private static int parseOctet(String s, int from, int to) {
        if (from == to) {
            throw invalid(s, "empty octet");
        }
        // the value as the digits go by (capped, so a long run cannot overflow): on-demand parses
        // two addresses per request, and a substring and two parseInt calls per octet were most of it
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(s, "unexpected character '" + c + "'");
            }
            value = Math.min(value * 10 + (c - '0'), 1000);
        }
        // A leading zero means octal to inet_aton(), decimal to others: refuse to guess.
        if (to - from > 1 && s.charAt(from) == '0') {
            throw invalid(s, "octet '" + s.substring(from, to) + "' has a leading zero");
        }
        if (to - from > 3 || value > 255) {
            throw invalid(s, "octet '" + s.substring(from, to) + "' is out of range 0..255");
        }
        return value;
    }

    private static IpAddress parseV6(String s) {
        int len = s.length();
        int[] groups = new int[8];
        int n = 0; // groups read so far
        int gap = -1; // index in groups where "::" stands, or -1
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (s.charAt(0) == ':') {
            throw invalid(s, "a leading ':' must be part of '::'");
        }
        while (i < len) {
            int start = i;
            int value = 0;
            while (i < len && hexValue(s.charAt(i)) >= 0) {
                value = (value << 4) | hexValue(s.charAt(i));
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                // Embedded IPv4: must be the last thing and fills the last two groups.
                if (n > 6) {
                    throw invalid(s, "too many groups");
                }
                int v4 = parseV4(s, start, len);
                groups[n++] = v4 >>> 16;
                groups[n++] = v4 & 0xFFFF;
                i = len;
                break;
            }
            int digits = i - start;
            if (digits == 0) {
                throw invalid(s, "unexpected character '" + s.charAt(i) + "'");
            }
            if (digits > 4) {
                throw invalid(s, "group '" + s.substring(start, i) + "' has more than 4 hex digits");
            }
            if (n == 8) {
                throw invalid(s, "too many groups");
            }
            groups[n++] = value;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                throw invalid(s, "unexpected character '" + s.charAt(i) + "'");
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (gap >= 0) {
                    throw invalid(s, "'::' may appear only once");
                }
                gap = n;
                i++;
            } else if (i == len) {
                throw invalid(s, "a trailing ':' must be part of '::'");
            }
        }
        if (gap < 0 && n != 8) {
            throw invalid(s, "expected 8 groups but found " + n);
        }
        if (gap >= 0 && n > 7) {
            throw invalid(s, "too many groups");
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            // Groups before "::" stay at the front, groups after it move to the end.
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (n - gap), n - gap);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return ofV6(hi, lo);
    }

    /** Value of an ASCII hex digit, or -1 (no Character.digit: it accepts non-ASCII digits). */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String s, String why) {
        return new IllegalArgumentException("'" + s + "' is not a valid IP address: " + why);
    }

    /** 4 or 6. */
    public int version() {
        return version;
    }

    public boolean isV4() {
        return version == 4;
    }

    /** Upper 64 bits of the 128-bit value (always 0 for IPv4). */
    public long hi() {
        return hi;
    }

    /** Lower 64 bits of the value; for IPv4 the unsigned 32-bit address. */
    public long lo() {
        return lo;
    }

    /**
     * The 32 address bits of an IPv4 address.
     *
     * @throws IllegalStateException for an IPv6 address
     */
    public int v4Bits() {
        if (version != 4) {
            throw new IllegalStateException(this + " is not an IPv4 address");
        }
        return (int) lo;
    }

    /** Largest {@code hi} of this family. */
    private long maxHi() {
        return version == 4 ? 0 : -1L;
    }

    /** Largest {@code lo} of this family. */
    private long maxLo() {
        return version == 4 ? V4_MAX : -1L;
    }

    /**
     * The address {@code n} after this one ({@code n} may be negative to go back).
     *
     * @throws ArithmeticException if the result would leave the family's address space
     */
    public IpAddress plus(long n) {
        if (version == 4) {
            // lo is in [0, 2^32), so neither bound computation can overflow.
            if (n > V4_MAX - lo || n < -lo) {
                throw new ArithmeticException(this + " + " + n + " is outside the IPv4 address space");
            }
            return new IpAddress(4, 0, lo + n);
        }
        // 128-bit add of n sign-extended to 128 bits.
        long rlo = lo + n;
        long carry = Long.compareUnsigned(rlo, lo) < 0 ? 1 : 0;
        long rhi = hi + (n >> 63) + carry;
        int cmp = compareUnsigned128(rhi, rlo, hi, lo);
        if ((n > 0 && cmp < 0) || (n < 0 && cmp > 0)) {
            throw new ArithmeticException(this + " + " + n + " is outside the IPv6 address space");
        }
        return new IpAddress(6, rhi, rlo);
    }

    /**
     * {@code other - this} as a signed long.
     *
     * @throws IllegalArgumentException if the families differ
     * @throws ArithmeticException if the distance does not fit in a long
     */
    public long distanceTo(IpAddress other) {
        if (other.version != version) {
            throw new IllegalArgumentException(
                    "cannot measure the distance from " + this + " to " + other + ": different IP versions");
        }
        long dlo = other.lo - lo;
        long borrow = Long.compareUnsigned(other.lo, lo) < 0 ? 1 : 0;
        long dhi = other.hi - hi - borrow;
        // The 128-bit difference is exact only modulo 2^128, so decide the sign from the inputs.
        boolean fits = compareTo(other) <= 0 ? (dhi == 0 && dlo >= 0) : (dhi == -1 && dlo < 0);
        if (!fits) {
            throw new ArithmeticException("the distance from " + this + " to " + other + " does not fit in a long");
        }
        return dlo;
    }

    /**
     * Number of addresses in {@code [first, last]} (same family, first &le; last), capped at
     * {@link Long#MAX_VALUE}.
     */
    static long countCapped(IpAddress first, IpAddress last) {
        long dlo = last.lo - first.lo;
        long borrow = Long.compareUnsigned(last.lo, first.lo) < 0 ? 1 : 0;
        long dhi = last.hi - first.hi - borrow;
        if (dhi != 0 || dlo < 0 || dlo == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return dlo + 1;
    }

    /**
     * {@code to - from} (same family) if it lies in [0, Long.MAX_VALUE], else -1. Allocation-
     * and exception-free, for the allocator's lookups.
     */
    static long offsetOrNegative(IpAddress from, IpAddress to) {
        long dlo = to.lo - from.lo;
        long borrow = Long.compareUnsigned(to.lo, from.lo) < 0 ? 1 : 0;
        long dhi = to.hi - from.hi - borrow;
        return dhi == 0 && dlo >= 0 ? dlo : -1;
    }

    private static int compareUnsigned128(long ahi, long alo, long bhi, long blo) {
        int c = Long.compareUnsigned(ahi, bhi);
        return c != 0 ? c : Long.compareUnsigned(alo, blo);
    }

    /** IPv4 sorts before IPv6; within a family, by unsigned value. */
    @Override
    public int compareTo(IpAddress o) {
        if (version != o.version) {
            return Integer.compare(version, o.version);
        }
        return compareUnsigned128(hi, lo, o.hi, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.version == version && a.hi == hi && a.lo == lo;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version + Long.hashCode(hi)) + Long.hashCode(lo);
    }

    /**
     * Canonical text: dotted quad for IPv4; RFC 5952 for IPv6 (lowercase, no leading zeros, the
     * longest run of two or more zero groups compressed to "::", the leftmost on ties, and
     * IPv4-mapped addresses ::ffff:0:0/96 in mixed notation as RFC 5952 section 5 recommends).
     */
    @Override
    public String toString() {
        if (version == 4) {
            return dotted(lo);
        }
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
            return "::ffff:" + dotted(lo & V4_MAX);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // Find the longest run of zero groups; only runs of 2+ are compressed, strict '>' keeps
        // the leftmost on ties.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; ) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
            i++;
        }
        return sb.toString();
    }

    private static String dotted(long v4) {
        return (v4 >>> 24) + "." + ((v4 >>> 16) & 0xFF) + "." + ((v4 >>> 8) & 0xFF) + "." + (v4 & 0xFF);
    }
}
