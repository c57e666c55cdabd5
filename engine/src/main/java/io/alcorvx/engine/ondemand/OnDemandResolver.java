package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.goalstate.Contents;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.goalstate.View;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers an agent's data-plane miss: (VNI, source IP, destination IP, protocol, port) to
 * routable or not. Both ends are found through the (VNI, IP) index, so the cost does not depend
 * on how many ports the VPC has; a destination behind a router is looked up in each subnet the
 * source subnet's routers join. The source port's egress and the destination port's ingress
 * security-group rules must both allow the flow.
 */
public final class OnDemandResolver {
  /** IANA protocol numbers the gateway translates upstream's Protocol enum into. */
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMP = 1;

  private final ResolverView model;
  private final SecurityGroupMatcher matcher;
  private final ReplyEntries replyEntries = new ReplyEntries();

  /** @param view the engine's model (owner thread) or a {@link PublishedView} (any thread) */
  public OnDemandResolver(ResolverView view) {
    this.model = view;
    this.matcher = new SecurityGroupMatcher(view);
  }

  /**
   * @param askingHost the host key of the agent that asks; the source must be one of its ports
   *     (null skips that check, for tools and tests)
   */
  public Resolution resolve(String askingHost, long vni, IpAddress src, IpAddress dst, int protocol, int dstPort) {
    Network net = model.networkByVni(vni);
    if (net == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_NETWORK, null);
    Port source = model.portByVniIp(vni, src);
    if (source == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_SOURCE, null);
    if (askingHost != null && !askingHost.equals(source.hostKey())) {
      return Resolution.refused(Resolution.Outcome.SOURCE_NOT_ON_HOST, source);
    }
    String sourceSubnet = subnetOf(source, src);
    Port dest = model.portByVniIp(vni, dst);
    String destSubnet = null;
    boolean l3 = false;
    if (dest != null) {
      destSubnet = subnetOf(dest, dst);
      l3 = !destSubnet.equals(sourceSubnet);
      if (l3 && !joined(sourceSubnet, destSubnet)) { // another subnet, not routed to; look behind routers
        dest = null;
        destSubnet = null;
        l3 = false;
      }
    }
    if (dest == null) {
      // behind a router: the subnets the source subnet's routers join, possibly other networks
      for (String routerId : model.routersOfSubnet(sourceSubnet)) {
        for (Router.Interface i : model.router(routerId).interfaces()) {
          if (i.subnetId().equals(sourceSubnet)) continue;
          Subnet s = model.subnet(i.subnetId());
          if (!s.cidr().contains(dst)) continue;
          Network other = model.network(s.networkId());
          Port candidate = model.portByVniIp(other.segmentationId(), dst);
          if (candidate != null) {
            dest = candidate;
            destSubnet = s.id();
            l3 = true;
          }
        }
      }
    }
    if (dest == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_DESTINATION, source);
    if (!source.adminStateUp() || !dest.adminStateUp()) return Resolution.refused(Resolution.Outcome.PORT_DOWN, source);
    if (!matcher.allows(source, false, dest, dst, protocol, dstPort)) {
      return Resolution.refused(Resolution.Outcome.DENIED_BY_SOURCE_EGRESS, source);
    }
    if (!matcher.allows(dest, true, source, src, protocol, dstPort)) {
      return Resolution.refused(Resolution.Outcome.DENIED_BY_DESTINATION_INGRESS, source);
    }
    return new Resolution(Resolution.Outcome.ROUTABLE, source, dest, sourceSubnet, destSubnet, l3);
  }

  /**
   * The states an agent needs to forward a routable flow: the destination's neighbor entry, its
   * subnet and, across a router, the routers that join the two subnets.
   */
  public List<Entry> statesFor(Resolution r) {
    if (!r.routable()) return List.of();
    List<Entry> out = new ArrayList<>(4);
    Entry neighbor = replyEntries.neighbor(model, r.destination(), r.destinationSubnetId(), !r.layer3());
    if (neighbor != null) out.add(neighbor);
    Entry subnet = replyEntries.subnet(model, r.destinationSubnetId());
    if (subnet != null) out.add(subnet);
    if (r.layer3()) {
      for (String routerId : model.routersOfSubnet(r.sourceSubnetId())) {
        if (model.router(routerId).hasInterfaceOn(r.destinationSubnetId())) addIfPresent(out, model, EntryKey.router(routerId));
      }
    }
    return out;
  }

  private static void addIfPresent(List<Entry> out, View view, EntryKey key) {
    Entry e = Contents.of(view, key);
    if (e != null) out.add(e);
  }

  private boolean joined(String a, String b) {
    for (String routerId : model.routersOfSubnet(a)) {
      if (model.router(routerId).hasInterfaceOn(b)) return true;
    }
    return false;
  }

  private static String subnetOf(Port p, IpAddress ip) {
    List<Port.FixedIp> ips = p.fixedIps();
    for (int i = 0; i < ips.size(); i++) {
      if (ips.get(i).ipAddress().equals(ip)) return ips.get(i).subnetId();
    }
    throw new IllegalStateException("port " + p.id() + " is indexed under " + ip + " but does not hold it");
  }
}
