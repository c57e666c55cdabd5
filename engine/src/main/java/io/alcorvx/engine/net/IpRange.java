package io.alcorvx.engine.net;

import java.util.Objects;

/** An immutable, inclusive range of addresses of one family, e.g. an allocation pool. */
public final class IpRange {

    private final IpAddress start;
    private final IpAddress end;

    /**
     * @throws IllegalArgumentException if the families differ or {@code start > end}
     */
    public IpRange(IpAddress start, IpAddress end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.version() != end.version()) {
            throw new IllegalArgumentException(
                    "'" + start + "-" + end + "' is not a valid IP range: start and end are different IP versions");
        }
        if (start.compareTo(end) > 0) {
            throw new IllegalArgumentException(
                    "'" + start + "-" + end + "' is not a valid IP range: start is after end");
        }
        this.start = start;
        this.end = end;
    }

    public IpAddress start() {
        return start;
    }

    public IpAddress end() {
        return end;
    }

    public int version() {
        return start.version();
    }

    /** Whether {@code ip} is in the range; false for the other family. */
    public boolean contains(IpAddress ip) {
        return ip.version() == start.version() && start.compareTo(ip) <= 0 && ip.compareTo(end) <= 0;
    }

    /** Whether the two ranges share an address; false for different families. */
    public boolean overlaps(IpRange other) {
        return other.version() == version() && start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
    }

    /** Number of addresses, capped at {@link Long#MAX_VALUE}. */
    public long sizeCapped() {
        return IpAddress.countCapped(start, end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.start.equals(start) && r.end.equals(end);
    }

    @Override
    public int hashCode() {
        return 31 * start.hashCode() + end.hashCode();
    }

    /** "start-end" in canonical address form. */
    @Override
    public String toString() {
        return start + "-" + end;
    }
}
