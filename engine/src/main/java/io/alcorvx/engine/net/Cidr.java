package io.alcorvx.engine.net;

/**
 * An immutable IPv4 or IPv6 network: a network address plus a prefix length.
 *
 * <p>{@link #parse} is strict and refuses host bits ("10.0.0.1/24"), because a user typing that
 * usually meant something else and silently masking would hide the mistake; {@link #parseLenient}
 * is there for input that is known to carry an interface address.
 */
public final class Cidr {

    private final IpAddress network;
    private final int prefixLength;
    // Masks for the network part of hi/lo, precomputed because contains() is on hot paths.
    private final long hiMask;
    private final long loMask;

    private Cidr(IpAddress network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.hiMask = hiMask(network.version(), prefixLength);
        this.loMask = loMask(network.version(), prefixLength);
    }

    /**
     * Parses "address/length", rejecting host bits.
     *
     * @throws IllegalArgumentException naming the input and the reason (for host bits, also the
     *     network the user probably meant)
     */
    public static Cidr parse(String s) {
        return parse(s, false);
    }

    /** Like {@link #parse} but clears any host bits ("10.0.0.1/24" gives 10.0.0.0/24). */
    public static Cidr parseLenient(String s) {
        return parse(s, true);
    }

    /**
     * The network {@code address/prefixLength}; strict like {@link #parse}.
     *
     * @throws IllegalArgumentException if the length is out of range or host bits are set
     */
    public static Cidr of(IpAddress address, int prefixLength) {
        String text = address + "/" + prefixLength;
        int max = maxLength(address.version());
        if (prefixLength < 0 || prefixLength > max) {
            throw invalid(text, "prefix length must be in 0.." + max);
        }
        return build(text, address, prefixLength, false);
    }

    private static Cidr parse(String s, boolean lenient) {
        if (s == null) {
            throw new IllegalArgumentException("null is not a valid CIDR");
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw invalid(s, "missing '/<prefix length>'");
        }
        IpAddress address;
        try {
            address = IpAddress.parse(s.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw invalid(s, e.getMessage());
        }
        int max = maxLength(address.version());
        String lenText = s.substring(slash + 1);
        int len = parseLength(lenText);
        if (len < 0 || len > max) {
            throw invalid(s, "prefix length '" + lenText + "' is not an integer in 0.." + max);
        }
        return build(s, address, len, lenient);
    }

    private static Cidr build(String text, IpAddress address, int len, boolean lenient) {
        int v = address.version();
        IpAddress net = IpAddress.sameFamily(
                address, address.hi() & hiMask(v, len), address.lo() & loMask(v, len));
        if (!lenient && !net.equals(address)) {
            throw invalid(text, "host bits are set; did you mean '" + net + "/" + len + "'?");
        }
        return new Cidr(net, len);
    }

    /** Strict decimal (no sign, no leading zeros, at most 3 digits); -1 if malformed. */
    private static int parseLength(String t) {
        if (t.isEmpty() || t.length() > 3 || (t.length() > 1 && t.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int maxLength(int version) {
        return version == 4 ? 32 : 128;
    }

    private static long hiMask(int version, int len) {
        if (version == 4 || len == 0) {
            return 0;
        }
        return len >= 64 ? -1L : -1L << (64 - len);
    }

    private static long loMask(int version, int len) {
        if (version == 4) {
            return len == 0 ? 0 : (IpAddress.V4_MAX << (32 - len)) & IpAddress.V4_MAX;
        }
        // Java shifts are mod 64, so the /0../64 cases must not reach the shift.
        return len <= 64 ? 0 : -1L << (128 - len);
    }

    private static IllegalArgumentException invalid(String s, String why) {
        return new IllegalArgumentException("'" + s + "' is not a valid CIDR: " + why);
    }

    public IpAddress network() {
        return network;
    }

    public int prefixLength() {
        return prefixLength;
    }

    public int version() {
        return network.version();
    }

    /** Whether {@code ip} is in this network; false for the other IP family. */
    public boolean contains(IpAddress ip) {
        return ip.version() == network.version()
                && (ip.hi() & hiMask) == network.hi()
                && (ip.lo() & loMask) == network.lo();
    }

    /** Whether every address of {@code other} is in this network; false for the other family. */
    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    /** Whether the two networks share an address; for CIDRs that means one contains the other. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The network address. */
    public IpAddress first() {
        return network;
    }

    /** The last address (the broadcast address for IPv4). */
    public IpAddress last() {
        long maxLo = network.isV4() ? IpAddress.V4_MAX : -1L;
        return IpAddress.sameFamily(network, network.hi() | ~hiMask, network.lo() | (maxLo & ~loMask));
    }

    /** Number of addresses, capped at {@link Long#MAX_VALUE} (IPv6 networks can hold 2^128). */
    public long sizeCapped() {
        int hostBits = (network.isV4() ? 32 : 128) - prefixLength;
        return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && c.network.equals(network);
    }

    @Override
    public int hashCode() {
        return 31 * network.hashCode() + prefixLength;
    }

    /** Canonical "network/length", with the network in canonical form. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
