package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.net.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * One address of a port, with what the resolver decides on copied beside it: the subnet of that
 * address, the port's host, admin state and security groups. The resolver reads this one object
 * per end instead of the port and, behind it, its fixed-IP list, each fixed IP and its address
 * object: in a large VPC each of those reads is a cache miss, and they depend on each other, so
 * they cannot overlap. {@code port} is carried for the answer, not read.
 *
 * <p>An endpoint a view keeps ({@link PublishedView}) also holds the reply entries built for its
 * address ({@link #replyCache}), so a reply finds them without a lookup. It is replaced whenever
 * its port changes, which empties that cache. Equality is over the address's facts, not the cache.
 */
public final class Endpoint {
  private final Port port;
  private final String subnetId;
  private final String hostKey;
  private final boolean adminStateUp;
  private final List<String> securityGroupIds;
  private final boolean kept;
  /** Written by any reader thread, racily: a hint that whoever reads it checks (see ReplyEntries). */
  private volatile Object replyCache;

  /**
   * @param hostKey the port's host key, or an equal string to share among endpoints
   * @param kept whether a view keeps this endpoint for as long as its port is unchanged (then it
   *     is worth caching reply entries on)
   */
  Endpoint(Port port, String subnetId, String hostKey, List<String> securityGroupIds, boolean kept) {
    this.port = port;
    this.subnetId = subnetId;
    this.hostKey = hostKey;
    this.adminStateUp = port.adminStateUp();
    this.securityGroupIds = securityGroupIds;
    this.kept = kept;
  }

  /**
   * The endpoint of {@code port}'s address {@code ip}, made for one use (not kept).
   *
   * @throws IllegalStateException if the port does not hold {@code ip} (the index that found it is wrong)
   */
  public static Endpoint of(Port port, IpAddress ip) {
    List<Port.FixedIp> ips = port.fixedIps();
    for (int i = 0; i < ips.size(); i++) {
      if (ips.get(i).ipAddress().equals(ip)) {
        return new Endpoint(port, ips.get(i).subnetId(), port.hostKey(), port.securityGroupIds(), false);
      }
    }
    throw new IllegalStateException("port " + port.id() + " is indexed under " + ip + " but does not hold it");
  }

  public Port port() { return port; }

  /** The subnet of this address. */
  public String subnetId() { return subnetId; }

  public String hostKey() { return hostKey; }

  public boolean adminStateUp() { return adminStateUp; }

  public List<String> securityGroupIds() { return securityGroupIds; }

  boolean kept() { return kept; }

  Object replyCache() { return replyCache; }

  void keepReplyCache(Object cache) { replyCache = cache; }

  @Override public boolean equals(Object o) {
    return o instanceof Endpoint e && port.equals(e.port) && subnetId.equals(e.subnetId) && hostKey.equals(e.hostKey)
        && adminStateUp == e.adminStateUp && securityGroupIds.equals(e.securityGroupIds);
  }

  @Override public int hashCode() { return Objects.hash(port.id(), subnetId); }

  @Override public String toString() { return "Endpoint[" + port.id() + " on " + subnetId + "]"; }
}
