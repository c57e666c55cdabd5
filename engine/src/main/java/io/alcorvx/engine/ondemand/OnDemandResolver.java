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
    return decide(askingHost, vni, src, dst, protocol, dstPort, model.endpoint(vni, src), model.endpoint(vni, dst));
  }

  /**
   * Resolves every request of {@code batch}, all asked by {@code askingHost}, with the answers
   * {@link #resolve} gives one by one. First a pass that only touches where the lookups of both
   * ends start ({@link ResolverView#warm}; in a large VPC the asking host's own ports are as cold
   * as the destinations), then both ends of every request are looked up, then every request is
   * decided. In a large VPC the lookups are cache misses; one request at a
   * time, each waits for the one before it, while a loop of reads that no branch depends on lets
   * the CPU overlap them. A request that fails (an inconsistency inside the engine)
   * gets an {@link OnDemandBatch#error} and the others are still answered.
   */
  public void resolve(String askingHost, OnDemandBatch batch) {
    int n = batch.size();
    long warmth = 0;
    for (int i = 0; i < n; i++) warmth += model.warm(batch.vni[i], batch.src[i]) + model.warm(batch.vni[i], batch.dst[i]);
    batch.warmth = warmth;
    for (int i = 0; i < n; i++) {
      try {
        batch.source[i] = model.endpoint(batch.vni[i], batch.src[i]);
        batch.dest[i] = model.endpoint(batch.vni[i], batch.dst[i]);
      } catch (RuntimeException e) {
        batch.fail(i, e);
      }
    }
    for (int i = 0; i < n; i++) {
      if (batch.failed(i)) continue;
      try {
        batch.resolution[i] = decide(askingHost, batch.vni[i], batch.src[i], batch.dst[i], batch.protocol[i], batch.dstPort[i],
            batch.source[i], batch.dest[i]);
      } catch (RuntimeException e) {
        batch.fail(i, e);
      }
    }
  }

  /** The answer, given both ends as the (VNI, IP) index found them (null when no port holds that address). */
  private Resolution decide(String askingHost, long vni, IpAddress src, IpAddress dst, int protocol, int dstPort,
      Endpoint source, Endpoint dest) {
    if (model.networkByVni(vni) == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_NETWORK, null);
    if (source == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_SOURCE, null);
    if (askingHost != null && !askingHost.equals(source.hostKey())) {
      return Resolution.refused(Resolution.Outcome.SOURCE_NOT_ON_HOST, source.port());
    }
    String sourceSubnet = source.subnetId();
    boolean l3 = false;
    if (dest != null) {
      l3 = !dest.subnetId().equals(sourceSubnet);
      if (l3 && !joined(sourceSubnet, dest.subnetId())) dest = null; // another subnet, not routed to; look behind routers
    }
    if (dest == null) {
      // behind a router: the subnets the source subnet's routers join, possibly other networks
      for (String routerId : model.routersOfSubnet(sourceSubnet)) {
        for (Router.Interface i : model.router(routerId).interfaces()) {
          if (i.subnetId().equals(sourceSubnet)) continue;
          Subnet s = model.subnet(i.subnetId());
          if (!s.cidr().contains(dst)) continue;
          Network other = model.network(s.networkId());
          Endpoint candidate = model.endpoint(other.segmentationId(), dst);
          if (candidate != null) {
            dest = candidate;
            l3 = true;
          }
        }
      }
    }
    if (dest == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_DESTINATION, source.port());
    if (!source.adminStateUp() || !dest.adminStateUp()) return Resolution.refused(Resolution.Outcome.PORT_DOWN, source.port());
    if (!matcher.allows(source.securityGroupIds(), false, dest.securityGroupIds(), dst, protocol, dstPort)) {
      return Resolution.refused(Resolution.Outcome.DENIED_BY_SOURCE_EGRESS, source.port());
    }
    if (!matcher.allows(dest.securityGroupIds(), true, source.securityGroupIds(), src, protocol, dstPort)) {
      return Resolution.refused(Resolution.Outcome.DENIED_BY_DESTINATION_INGRESS, source.port());
    }
    return new Resolution(Resolution.Outcome.ROUTABLE, source.port(), sourceSubnet, l3, dest);
  }

  /**
   * The states an agent needs to forward a routable flow: the destination's neighbor entry, its
   * subnet and, across a router, the routers that join the two subnets.
   */
  public List<Entry> statesFor(Resolution r) {
    if (!r.routable()) return List.of();
    List<Entry> out = new ArrayList<>(4);
    Entry neighbor = replyEntries.neighbor(model, r.destinationEndpoint(), !r.layer3());
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

  /**
   * Before the replies of a resolved batch are built and encoded one by one: reads what they will
   * copy of each destination (its cached neighbor entry and that entry's reply bytes), so that the
   * cache misses of the whole batch overlap (as the lookups' do in {@link #resolve(String,
   * OnDemandBatch)}) instead of each reply waiting for its own. One pass per hop of that chain
   * (slot, entry, bytes), each over the whole batch: within a pass no load waits for another,
   * where one pass following each chain to its end lets the CPU overlap only a few chains.
   * Builds nothing.
   */
  public void warmReplies(OnDemandBatch batch) {
    int n = batch.size();
    Entry[] entries = new Entry[n];
    for (int i = 0; i < n; i++) { // the endpoints are in cache since the lookups; their slots are not
      Resolution r = batch.resolution[i];
      if (r != null && r.destinationEndpoint() != null) entries[i] = replyEntries.cached(r.destinationEndpoint(), !r.layer3());
    }
    byte[][] wires = new byte[n][];
    for (int i = 0; i < n; i++) {
      if (entries[i] != null) wires[i] = entries[i].builtReplyWire();
    }
    long warmth = 0;
    for (int i = 0; i < n; i++) {
      if (wires[i] != null) warmth += Entry.warmLines(wires[i]);
    }
    batch.warmth += warmth;
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

}
