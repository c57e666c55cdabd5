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
  /** Decodes the facts the view's lookups give, or null if they give none. */
  private final EndpointFacts facts;
  private final SecurityGroupMatcher matcher;
  private final ReplyEntries replyEntries = new ReplyEntries();

  /** @param view the engine's model (owner thread) or a {@link PublishedView} (any thread) */
  public OnDemandResolver(ResolverView view) {
    this.model = view;
    this.facts = view.endpointFacts();
    this.matcher = new SecurityGroupMatcher(view);
  }

  /**
   * @param askingHost the host key of the agent that asks; the source must be one of its ports
   *     (null skips that check, for tools and tests)
   */
  public Resolution resolve(String askingHost, long vni, IpAddress src, IpAddress dst, int protocol, int dstPort) {
    return decide(askingHost, -1, vni, src, dst, protocol, dstPort,
        model.endpoint(vni, src), EndpointFacts.NONE, model.endpoint(vni, dst), EndpointFacts.NONE);
  }

  /**
   * Resolves every request of {@code batch}, all asked by {@code askingHost}, with the answers
   * {@link #resolve} gives one by one. First a pass that only touches where the lookups of both
   * ends start ({@link ResolverView#warm}; in a large VPC the asking host's own ports are as cold
   * as the destinations), then both ends of every request are looked up, then every request is
   * decided. In a large VPC the lookups are cache misses; one request at a
   * time, each waits for the one before it, while a loop of reads that no branch depends on lets
   * the CPU overlap them. The decisions read the ends' {@link EndpointFacts} where the view keeps
   * them, which came with the index slot, not the endpoints (each a further miss). A request that
   * fails (an inconsistency inside the engine) gets an {@link OnDemandBatch#error} and the others
   * are still answered.
   */
  public void resolve(String askingHost, OnDemandBatch batch) {
    int n = batch.size();
    long warmth = 0;
    for (int i = 0; i < n; i++) warmth += model.warm(batch.vni[i], batch.src[i]) + model.warm(batch.vni[i], batch.dst[i]);
    batch.warmth = warmth;
    for (int i = 0; i < n; i++) {
      try {
        batch.source[i] = model.endpoint(batch.vni[i], batch.src[i], batch.sourceFacts, i);
        batch.dest[i] = model.endpoint(batch.vni[i], batch.dst[i], batch.destFacts, i);
      } catch (RuntimeException e) {
        batch.fail(i, e);
      }
    }
    // the number the asking host's ports carry in their facts: compared as a number, not a string per request
    int askingNumber = askingHost == null || facts == null ? -1 : facts.hostNumber(askingHost);
    for (int i = 0; i < n; i++) {
      if (batch.failed(i)) continue;
      try {
        batch.resolution[i] = decide(askingHost, askingNumber, batch.vni[i], batch.src[i], batch.dst[i], batch.protocol[i],
            batch.dstPort[i], batch.source[i], batch.sourceFacts[i], batch.dest[i], batch.destFacts[i]);
      } catch (RuntimeException e) {
        batch.fail(i, e);
      }
    }
  }

  /**
   * The answer, given both ends as the (VNI, IP) index found them (null when no port holds that
   * address) with their facts ({@link EndpointFacts#NONE} where unknown: then the endpoint is read).
   *
   * @param askingNumber the number {@code askingHost} has in the view's facts, or -1
   */
  private Resolution decide(String askingHost, int askingNumber, long vni, IpAddress src, IpAddress dst, int protocol,
      int dstPort, Endpoint source, long sourceFacts, Endpoint dest, long destFacts) {
    if (model.networkByVni(vni) == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_NETWORK, null);
    if (source == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_SOURCE, null);
    if (askingHost != null && !onHost(source, sourceFacts, askingHost, askingNumber)) {
      return Resolution.refused(Resolution.Outcome.SOURCE_NOT_ON_HOST, source);
    }
    String sourceSubnet = subnetOf(source, sourceFacts);
    String destSubnet = null;
    boolean l3 = false;
    if (dest != null) {
      destSubnet = subnetOf(dest, destFacts);
      l3 = !destSubnet.equals(sourceSubnet);
      if (l3 && !joined(sourceSubnet, destSubnet)) dest = null; // another subnet, not routed to; look behind routers
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
            destFacts = EndpointFacts.NONE;
            destSubnet = candidate.subnetId();
            l3 = true;
          }
        }
      }
    }
    if (dest == null) return Resolution.refused(Resolution.Outcome.UNKNOWN_DESTINATION, source);
    if (!adminStateUp(source, sourceFacts) || !adminStateUp(dest, destFacts)) {
      return Resolution.refused(Resolution.Outcome.PORT_DOWN, source);
    }
    List<String> sourceGroups = securityGroupIds(source, sourceFacts);
    List<String> destGroups = securityGroupIds(dest, destFacts);
    if (!matcher.allows(sourceGroups, false, destGroups, dst, protocol, dstPort)) {
      return Resolution.refused(Resolution.Outcome.DENIED_BY_SOURCE_EGRESS, source);
    }
    if (!matcher.allows(destGroups, true, sourceGroups, src, protocol, dstPort)) {
      return Resolution.refused(Resolution.Outcome.DENIED_BY_DESTINATION_INGRESS, source);
    }
    return new Resolution(Resolution.Outcome.ROUTABLE, source, sourceSubnet, l3, dest, destSubnet);
  }

  // An end's facts where known, else its endpoint's fields: the same answer either way.

  private static boolean onHost(Endpoint e, long f, String askingHost, int askingNumber) {
    return f != EndpointFacts.NONE ? EndpointFacts.hostNumberOf(f) == askingNumber : askingHost.equals(e.hostKey());
  }

  private String subnetOf(Endpoint e, long f) { return f != EndpointFacts.NONE ? facts.subnetId(f) : e.subnetId(); }

  private static boolean adminStateUp(Endpoint e, long f) {
    return f != EndpointFacts.NONE ? EndpointFacts.adminStateUp(f) : e.adminStateUp();
  }

  private List<String> securityGroupIds(Endpoint e, long f) {
    return f != EndpointFacts.NONE ? facts.securityGroupIds(f) : e.securityGroupIds();
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
   * (endpoint, its cache slot, entry, bytes), each over the whole batch: within a pass no load
   * waits for another, where one pass following each chain to its end lets the CPU overlap only a
   * few chains. The decisions did not read the endpoints (see {@link EndpointFacts}), so the first
   * pass is the first to. Builds nothing.
   */
  public void warmReplies(OnDemandBatch batch) {
    int n = batch.size();
    Object[] caches = new Object[n];
    for (int i = 0; i < n; i++) {
      Resolution r = batch.resolution[i];
      if (r != null && r.destinationEndpoint() != null) caches[i] = r.destinationEndpoint().replyCache();
    }
    Entry[] entries = new Entry[n];
    for (int i = 0; i < n; i++) {
      if (caches[i] != null) entries[i] = ReplyEntries.cached(caches[i], !batch.resolution[i].layer3());
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
