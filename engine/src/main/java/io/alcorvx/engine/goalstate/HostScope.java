package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import java.util.HashSet;
import java.util.Set;

/**
 * What a host's goal state is made of, at the level of whole resources (small: proportional to
 * the host's own ports, never to the size of its VPCs): its ports, the subnets it has ports in
 * (its L2 domains), the other subnets its routers join (its L3 domains), and the networks,
 * security groups and routers those bring. The entries follow from it (see {@link Membership}).
 */
public final class HostScope {
  public static final HostScope EMPTY = new HostScope();

  final Set<String> ports = new HashSet<>();
  final Set<String> subnets = new HashSet<>();
  final Set<String> l3Subnets = new HashSet<>();
  final Set<String> networks = new HashSet<>();
  final Set<String> securityGroups = new HashSet<>();
  final Set<String> routers = new HashSet<>();

  public boolean isEmpty() { return ports.isEmpty(); }

  /** Computes a host's scope from the current model; O(ports of the host + their routers). */
  public static HostScope of(Model model, String hostKey) {
    HostScope s = new HostScope();
    for (String portId : model.portsOfHost(hostKey)) {
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

  public Set<String> ports() { return ports; }

  public Set<String> subnets() { return subnets; }

  public Set<String> l3Subnets() { return l3Subnets; }

  public Set<String> networks() { return networks; }

  public Set<String> securityGroups() { return securityGroups; }

  public Set<String> routers() { return routers; }
}
