package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.Model;
import io.alcorvx.engine.index.IdSet;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import java.util.List;
import java.util.Set;

/**
 * What a host's goal state is made of, at the level of whole resources (small: proportional to
 * the host's own ports, never to the size of its VPCs): its ports, the subnets it has ports in
 * (its L2 domains), the other subnets its routers join (its L3 domains), and the networks,
 * security groups and routers those bring. The entries follow from it (see {@link Membership}).
 *
 * <p>Sets of ids are {@link IdSet}s: a host's scope lives as long as the host, and a bound create
 * copies its port set ({@link #withBoundPorts}), which for a set of nodes is one object per port.
 */
public final class HostScope {
  public static final HostScope EMPTY = new HostScope();

  // never changed once the scope is built (scopes share the sets they have in common)
  final IdSet ports;
  final Set<String> subnets;
  final Set<String> l3Subnets;
  final Set<String> networks;
  final Set<String> securityGroups;
  final Set<String> routers;

  private HostScope() { this(0); }

  /** An empty scope with room for {@code ports} ports. */
  private HostScope(int ports) {
    this(new IdSet(ports), new IdSet(), new IdSet(), new IdSet(), new IdSet(), new IdSet());
  }

  private HostScope(IdSet ports, Set<String> subnets, Set<String> l3Subnets, Set<String> networks,
      Set<String> securityGroups, Set<String> routers) {
    this.ports = ports;
    this.subnets = subnets;
    this.l3Subnets = l3Subnets;
    this.networks = networks;
    this.securityGroups = securityGroups;
    this.routers = routers;
  }

  public boolean isEmpty() { return ports.isEmpty(); }

  /** Computes a host's scope from the current model; O(ports of the host + their routers). */
  public static HostScope of(Model model, String hostKey) {
    Set<String> portIds = model.portsOfHost(hostKey);
    HostScope s = new HostScope(portIds.size()); // sized once, not grown port by port
    for (String portId : portIds) {
      Port p = model.port(portId);
      s.ports.add(p.id());
      s.networks.add(p.networkId());
      s.securityGroups.addAll(p.securityGroupIds());
      for (Port.FixedIp f : p.fixedIps()) s.subnets.add(f.subnetId());
    }
    for (String subnetId : s.subnets) {
      for (String routerId : model.routersOfSubnet(subnetId)) {
        if (!s.routers.add(routerId)) continue;
        for (Router.Interface i : model.router(routerId).interfaces()) {
          if (!s.subnets.contains(i.subnetId())) s.l3Subnets.add(i.subnetId());
        }
      }
    }
    for (String subnetId : s.l3Subnets) s.networks.add(model.subnet(subnetId).networkId());
    return s;
  }

  /**
   * This scope with {@code bound} ports newly bound to the host, when they bring nothing but
   * themselves: their networks, subnets and security groups are in it already, and so, through
   * those subnets, are their routers and L3 domains. Null when one brings more; then the scope
   * must be computed again ({@link #of}). Costs a copy of the port set, where {@link #of} looks
   * up every port of the host in the model (a create on a host with many ports paid that each time).
   */
  HostScope withBoundPorts(List<Port> bound) {
    if (isEmpty()) return null; // a host's first port: everything is new
    for (Port p : bound) {
      if (!networks.contains(p.networkId()) || !securityGroups.containsAll(p.securityGroupIds())) return null;
      for (Port.FixedIp f : p.fixedIps()) if (!subnets.contains(f.subnetId())) return null;
    }
    IdSet morePorts = new IdSet(ports, bound.size());
    for (Port p : bound) morePorts.add(p.id());
    return new HostScope(morePorts, subnets, l3Subnets, networks, securityGroups, routers);
  }

  public Set<String> ports() { return ports; }

  public Set<String> subnets() { return subnets; }

  public Set<String> l3Subnets() { return l3Subnets; }

  public Set<String> networks() { return networks; }

  public Set<String> securityGroups() { return securityGroups; }

  public Set<String> routers() { return routers; }
}
