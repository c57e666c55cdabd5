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

  Set<String> routersOfSubnet(String subnetId);
}
