package io.alcorvx.engine.ondemand;

import java.util.List;

/**
 * What the resolver decides on about an endpoint, packed into one {@code long} that the (VNI, IP)
 * index keeps beside the address's key: whether the port is up, and numbers for its subnet, host
 * key and set of security groups. In a large VPC the endpoint object is a cache miss of its own
 * after the index slot's; with these facts a decision reads the slot's line only, and the subnet
 * id, host key and group list behind the numbers are shared by many ports (so in cache).
 *
 * <p>0 means "no facts" (a number ran out, or a concurrent change left them in doubt): the
 * resolver then reads the endpoint. Layout: bit 63 admin state up, bits 42–62 subnet, 21–41 host,
 * 0–20 security groups; numbers start at 1, so known facts are never 0. Numbers are never reused
 * (see {@link Ordinals}): a view numbers at most about two million distinct values of each kind
 * in its life, after which new ones go without facts.
 */
public final class EndpointFacts {
  public static final long NONE = 0;
  static final int BITS = 21;
  static final int LIMIT = (1 << BITS) - 1;
  private static final long MASK = LIMIT;

  private final Ordinals<String> subnets;
  private final Ordinals<String> hosts;
  private final Ordinals<List<String>> groups;

  EndpointFacts() { this(LIMIT); }

  /** @param limit how many values of each kind get numbers (tests use a small one) */
  EndpointFacts(int limit) {
    if (limit < 0 || limit > LIMIT) throw new IllegalArgumentException("fact numbers must be 0.." + LIMIT + ", got " + limit);
    subnets = new Ordinals<>(limit);
    hosts = new Ordinals<>(limit);
    groups = new Ordinals<>(limit);
  }

  /** The facts of an endpoint, numbering what is new, or {@link #NONE} if a number ran out. Writer only. */
  long of(Endpoint e) {
    int s = subnets.ordinal(e.subnetId());
    int h = hosts.ordinal(e.hostKey());
    int g = groups.ordinal(e.securityGroupIds());
    if (s == 0 || h == 0 || g == 0) return NONE;
    return (e.adminStateUp() ? 1L << 63 : 0) | (long) s << 42 | (long) h << 21 | g;
  }

  /** The instance a view shares among endpoints for this host key. Writer only. */
  String sharedHostKey(String hostKey) { return hosts.shared(hostKey); }

  /** The instance a view shares among endpoints for this list of groups. Writer only. */
  List<String> sharedGroups(List<String> groupIds) { return groups.shared(groupIds); }

  /** The number facts carry for this host key, or -1 if no endpoint was ever on it. Any thread. */
  int hostNumber(String hostKey) { return hosts.find(hostKey); }

  static boolean adminStateUp(long facts) { return facts < 0; }

  static int hostNumberOf(long facts) { return (int) (facts >>> 21 & MASK); }

  String subnetId(long facts) { return subnets.value((int) (facts >>> 42 & MASK)); }

  List<String> securityGroupIds(long facts) { return groups.value((int) (facts & MASK)); }
}
