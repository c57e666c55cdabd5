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
   * A cache the view keeps next to its (VNI, IP) entry, for the resolver's reply entries; null
   * when it keeps none there. A hint only: the reader checks that what it finds still fits.
   */
  default Object replyCache(long vni, IpAddress ip) { return null; }

  /** Keeps {@code cache} next to the (VNI, IP) entry; false when the view cannot (then the caller keeps it). */
  default boolean keepReplyCache(long vni, IpAddress ip, Object cache) { return false; }
}
