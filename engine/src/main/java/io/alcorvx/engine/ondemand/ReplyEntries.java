package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.goalstate.Contents;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.goalstate.View;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The destination-neighbor and subnet entries of on-demand replies, built once and shared by
 * every reply that needs them (and encoded once, see {@link Entry#stateBytes}). Rebuilding them
 * per request was most of a reply's cost and allocation (about 4 KB per resolution), and the
 * garbage was what made the gateway's tail latency grow with the model's size.
 *
 * <p>A cached entry is valid while the records it was built from are the very objects the view
 * returns now (records are immutable and replaced on every change): a neighbor's port and host,
 * a subnet's subnet and network. The host is not looked up again while the view's
 * {@link ResolverView#hostsVersion} is the one the slot was checked at. A request that races with a newer record may get the newer
 * body, never a stale one from before the record it resolved against.
 *
 * <p>Thread-safe (the gateway's event loops share one resolver). Bounded: when full it starts
 * over, which costs only rebuilding.
 */
final class ReplyEntries {
  static final int MAX_ENTRIES = 1 << 18;

  /**
   * A port's neighbor entries on one subnet: the L2 one (asked from its own subnet) and the L3 one
   * (asked across a router), each null until first needed. Both are kept, so routed and local
   * traffic to the same port do not rebuild each other's entry on every request.
   */
  private record NeighborSlot(Port port, Host host, long hostsVersion, String subnetId, Entry l2, Entry l3) {
    /** Built for this very port record and subnet (the host aside). */
    boolean isFor(Port p, String subnet) { return port == p && subnetId.equals(subnet); }

    boolean fits(Port p, Host h, String subnet) { return isFor(p, subnet) && host == h; }

    /** Whether no host record changed since this slot's host was looked up (so it is still current). */
    boolean hostUnchanged(long version) { return version >= 0 && version == hostsVersion; }

    Entry entry(boolean layer2) { return layer2 ? l2 : l3; }

    NeighborSlot with(boolean layer2, Entry e) {
      return new NeighborSlot(port, host, hostsVersion, subnetId, layer2 ? e : l2, layer2 ? l3 : e);
    }

    NeighborSlot at(long version) { return new NeighborSlot(port, host, version, subnetId, l2, l3); }
  }

  private record SubnetSlot(Subnet subnet, Network network, Entry entry) {}

  private final ConcurrentHashMap<String, NeighborSlot> neighbors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SubnetSlot> subnets = new ConcurrentHashMap<>();

  /**
   * The L2 or L3 neighbor entry of the endpoint's address, or null if it has none. Kept on the
   * endpoint where a view keeps its endpoints ({@link PublishedView}): on a large VPC, a lookup by
   * port id, or the port's own records behind it, cost a request several cache misses.
   */
  Entry neighbor(ResolverView view, Endpoint end, boolean l2) {
    Port port = end.port();
    String subnetId = end.subnetId();
    long hostsVersion = view.hostsVersion(); // before the host lookup (see ResolverView#hostsVersion)
    NeighborSlot s = end.kept() ? (end.replyCache() instanceof NeighborSlot held ? held : null) : neighbors.get(port.id());
    if (s != null && s.hostUnchanged(hostsVersion) && s.isFor(port, subnetId) && s.entry(l2) != null) {
      return s.entry(l2); // no host changed since the slot was checked: skip the lookup, a miss in a large fleet
    }
    Host host = end.hostKey().isEmpty() ? null : view.host(end.hostKey());
    boolean fits = s != null && s.fits(port, host, subnetId);
    if (fits && s.entry(l2) != null) {
      if (hostsVersion >= 0) keep(end, s.at(hostsVersion)); // checked at this version: the next reply skips the lookup
      return s.entry(l2);
    }
    Entry e = Contents.of(view, l2 ? EntryKey.l2Neighbor(port.id(), subnetId) : EntryKey.l3Neighbor(port.id(), subnetId));
    if (e == null) return null;
    NeighborSlot slot = fits ? s.at(hostsVersion).with(l2, e) : new NeighborSlot(port, host, hostsVersion, subnetId, null, null).with(l2, e);
    keep(end, slot);
    return e;
  }

  private void keep(Endpoint end, NeighborSlot slot) {
    if (end.kept()) {
      end.keepReplyCache(slot);
      return;
    }
    if (neighbors.size() >= MAX_ENTRIES) neighbors.clear();
    neighbors.put(slot.port().id(), slot);
  }

  /**
   * The L2 or L3 neighbor entry cached on the endpoint, unchecked, or null; builds and checks
   * nothing (for warming: {@link #neighbor} decides whether it is still valid).
   */
  Entry cached(Endpoint end, boolean l2) {
    return end.replyCache() instanceof NeighborSlot s ? s.entry(l2) : null;
  }

  /** The subnet's entry, or null if it is gone. */
  Entry subnet(View view, String subnetId) {
    Subnet subnet = view.subnet(subnetId);
    if (subnet == null) return null;
    Network network = view.network(subnet.networkId());
    SubnetSlot s = subnets.get(subnetId);
    if (s != null && s.subnet == subnet && s.network == network) return s.entry;
    Entry e = Contents.of(view, EntryKey.subnet(subnetId));
    if (e == null) return null;
    if (subnets.size() >= MAX_ENTRIES) subnets.clear();
    subnets.put(subnetId, new SubnetSlot(subnet, network, e));
    return e;
  }
}
