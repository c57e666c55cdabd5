package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;

/**
 * The rule that decides whether a host's goal state holds an entry, given the host's scope and
 * the records: the definition of a goal state, in one place. The compiler evaluates it before and
 * after a change for exactly the (host, entry) pairs the change can touch.
 */
public final class Membership {
  private Membership() {}

  public static boolean holds(HostScope scope, View view, String host, EntryKey key) {
    return switch (key.type()) {
      case VPC -> scope.networks.contains(key.key()) && view.network(key.key()) != null;
      case SUBNET -> (scope.subnets.contains(key.key()) || scope.l3Subnets.contains(key.key())) && view.subnet(key.key()) != null;
      case PORT -> scope.ports.contains(key.key()) && view.port(key.key()) != null;
      case DHCP -> scope.ports.contains(key.key()) && Contents.dhcp(view, view.port(key.key())) != null;
      case SECURITYGROUP -> scope.securityGroups.contains(key.key()) && view.securityGroup(key.key()) != null;
      case ROUTER -> scope.routers.contains(key.key()) && view.router(key.key()) != null;
      case NEIGHBOR -> holdsNeighbor(scope, view, host, key);
      default -> false;
    };
  }

  /** A remote bound port's address on a subnet of the host's L2 (or L3) domain, in push mode. */
  private static boolean holdsNeighbor(HostScope scope, View view, String host, EntryKey key) {
    return holdsNeighbor(scope, host, key, neighborOwner(view, key));
  }

  /**
   * The host-independent half of {@link #holdsNeighbor}: the host of the port behind a neighbor
   * key when the entry exists at all (push mode, bound port, an address on that subnet), else
   * null. One neighbor key is evaluated for thousands of hosts per change; this part is the same
   * for all of them.
   */
  public static String neighborOwner(View view, EntryKey key) {
    String subnetId = key.neighborSubnet();
    if (!pushes(view, subnetId)) return null;
    Port q = view.port(key.neighborPort());
    return q != null && q.isBound() && q.ipOn(subnetId) != null ? q.hostKey() : null;
  }

  /** {@link #holdsNeighbor} given {@link #neighborOwner}'s answer for the key. */
  public static boolean holdsNeighbor(HostScope scope, String host, EntryKey key, String owner) {
    if (owner == null || owner.equals(host)) return false;
    String subnetId = key.neighborSubnet();
    return key.isL2Neighbor() ? scope.subnets.contains(subnetId) : scope.l3Subnets.contains(subnetId);
  }

  /** Whether neighbors of this subnet are pushed (its network is in push mode). */
  public static boolean pushes(View view, String subnetId) {
    Subnet s = view.subnet(subnetId);
    if (s == null) return false;
    Network n = view.network(s.networkId());
    return n != null && n.pushMode();
  }
}
