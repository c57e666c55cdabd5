package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.goalstate.View;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.net.IpAddress;
import java.util.Set;

/**
 * What the on-demand resolver reads: records by id plus the O(1) lookups by VNI and by
 * (VNI, IP). Implemented by the engine's own {@link io.alcorvx.engine.Model} (owner thread) and by
 * {@link PublishedView} (any thread), so one resolution rule serves both paths.
 */
public interface ResolverView extends View {
  Network networkByVni(long vni);

  Port portByVniIp(long vni, IpAddress ip);

  /**
   * The address's endpoint (what the resolver decides on), or null when no port holds it. The
   * default builds one from {@link #portByVniIp}; {@link PublishedView} keeps them built.
   */
  default Endpoint endpoint(long vni, IpAddress ip) {
    Port p = portByVniIp(vni, ip);
    return p == null ? null : Endpoint.of(p, ip);
  }

  /**
   * Reads, without deciding anything, the memory a lookup of the address's endpoint starts with,
   * so that the lookup soon after finds it in cache; returns a value of what it read, which the
   * caller must use (a batch sums them). For batches: see {@link OnDemandResolver#resolve(String,
   * OnDemandBatch)}. Views without a cheaper way do nothing.
   */
  default long warm(long vni, IpAddress ip) { return 0; }

  Set<String> routersOfSubnet(String subnetId);

  /**
   * A number that grows whenever a host record is added, replaced or removed, or -1 when this
   * view does not keep one. While it is unchanged, a host record looked up after reading it is
   * still the current one, so a cache built from it needs no new lookup (in a large fleet each
   * is a cache miss). Read it before the lookup, never after.
   */
  default long hostsVersion() { return -1; }
}
