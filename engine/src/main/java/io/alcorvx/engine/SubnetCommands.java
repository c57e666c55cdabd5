package io.alcorvx.engine;

import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.DeleteSubnet;
import io.alcorvx.engine.command.Command.HostRouteSpec;
import io.alcorvx.engine.command.Command.Pool;
import io.alcorvx.engine.command.Command.UpdateSubnet;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Stamp;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.IpRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Subnets: CIDR and gateway rules, allocation pools, overlap within a network. */
final class SubnetCommands {
  private SubnetCommands() {}

  static Subnet create(Tx tx, CreateSubnet c) {
    Network net = Lookups.ownedNetwork(tx, c.networkId());
    // A subnet belongs to its network's project unless an admin says otherwise.
    String project = c.projectId() == null ? net.projectId() : tx.ownerProject(c.projectId());
    String id = tx.idOr(c.id());
    if (tx.model.subnet(id) != null) throw EngineException.conflict("SubnetExists", "Subnet " + id + " already exists.");
    if (c.cidr() == null) throw EngineException.badRequest("cidr is required");
    Cidr cidr = Tx.parse("cidr", () -> Cidr.parse(c.cidr()));
    if (c.ipVersion() != null && c.ipVersion() != cidr.version()) {
      throw EngineException.badRequest("ip_version " + c.ipVersion() + " does not match cidr " + cidr);
    }
    if (cidr.version() == 4 ? cidr.prefixLength() > 30 : cidr.prefixLength() > 126) {
      throw EngineException.badRequest("cidr " + cidr + " is too small to hold ports");
    }
    for (String otherId : tx.model.subnetsOf(net.id())) {
      Subnet other = tx.model.subnet(otherId);
      if (other.cidr().overlaps(cidr)) {
        throw EngineException.conflict("SubnetOverlap", "Requested subnet with cidr: " + cidr + " for network: "
            + net.id() + " overlaps with another subnet (" + other.id() + ", " + other.cidr() + ").");
      }
    }
    IpAddress gateway = gatewayOf(cidr, c.gatewayIp(), null);
    List<IpRange> pools = c.allocationPools() == null || c.allocationPools().isEmpty()
        ? defaultPools(cidr, gateway) : parsePools(cidr, c.allocationPools());
    checkGatewayOutsidePools(gateway, pools);
    Subnet s = new Subnet(id, project, net.id(), Tx.orEmpty(c.name()), Tx.orEmpty(c.description()), cidr, gateway,
        pools, Tx.or(c.enableDhcp(), true), parseDns(c.dnsNameservers(), List.of()),
        parseHostRoutes(c.hostRoutes(), List.of(), cidr.version()), Stamp.created(tx.now));
    tx.create(s);
    return s;
  }

  static Subnet update(Tx tx, UpdateSubnet c) {
    Subnet old = Lookups.ownedSubnet(tx, c.id());
    IpAddress gateway = c.gatewayIp() == null ? old.gatewayIp() : gatewayOf(old.cidr(), c.gatewayIp(), old.gatewayIp());
    if (!java.util.Objects.equals(gateway, old.gatewayIp())) {
      // a router interface holds the current gateway address: it cannot move under the router
      if (old.gatewayIp() != null && !tx.model.routersOfSubnet(old.id()).isEmpty()
          && tx.model.ipAllocator(old.id()).inUse(old.gatewayIp())) {
        throw EngineException.conflict("GatewayIpInUse", "Current gateway ip " + old.gatewayIp()
            + " already in use by a router interface of subnet " + old.id() + ". Unable to update.");
      }
      // the new gateway must not be an address some port already holds
      if (gateway != null && tx.model.ipAllocator(old.id()).inUse(gateway)) {
        throw EngineException.conflict("IpAddressInUse", "Gateway ip " + gateway + " is already in use by a port.");
      }
    }
    List<IpRange> pools = c.allocationPools() == null ? old.allocationPools() : parsePools(old.cidr(), c.allocationPools());
    checkGatewayOutsidePools(gateway, pools);
    Subnet s = new Subnet(old.id(), old.projectId(), old.networkId(), Tx.or(c.name(), old.name()),
        Tx.or(c.description(), old.description()), old.cidr(), gateway, pools,
        Tx.or(c.enableDhcp(), old.enableDhcp()), parseDns(c.dnsNameservers(), old.dnsNameservers()),
        parseHostRoutes(c.hostRoutes(), old.hostRoutes(), old.ipVersion()), old.stamp().bumped(tx.now));
    tx.update(old, s);
    return s;
  }

  static void delete(Tx tx, DeleteSubnet c) {
    Subnet s = Lookups.ownedSubnet(tx, c.id());
    if (!tx.model.portsOfSubnet(s.id()).isEmpty()) {
      throw EngineException.conflict("SubnetInUse", "Unable to complete operation on subnet " + s.id()
          + ": one or more ports have an IP allocation from this subnet.");
    }
    if (!tx.model.routersOfSubnet(s.id()).isEmpty()) {
      throw EngineException.conflict("SubnetInUse", "Unable to complete operation on subnet " + s.id() + ": it is attached to a router.");
    }
    tx.delete(s);
  }

  /** Null optional = default (first address after the network); empty = no gateway. */
  private static IpAddress gatewayOf(Cidr cidr, Optional<String> requested, IpAddress fallback) {
    if (requested == null) return cidr.first().plus(1);
    if (requested.isEmpty()) return null;
    IpAddress gw = Tx.parse("gateway_ip", () -> IpAddress.parse(requested.get()));
    if (!cidr.contains(gw)) throw EngineException.badRequest("InvalidInput", "Gateway " + gw + " is not valid on subnet " + cidr + ".");
    if (gw.equals(cidr.first()) || (cidr.version() == 4 && gw.equals(cidr.last()))) {
      throw EngineException.badRequest("InvalidInput", "Gateway " + gw + " is the network or broadcast address of " + cidr + ".");
    }
    return gw;
  }

  static List<IpRange> defaultPools(Cidr cidr, IpAddress gateway) {
    IpAddress start = cidr.first().plus(1);
    IpAddress end = cidr.version() == 4 ? cidr.last().plus(-1) : cidr.last();
    List<IpRange> pools = new ArrayList<>(2);
    if (gateway != null && gateway.compareTo(start) >= 0 && gateway.compareTo(end) <= 0) {
      if (gateway.compareTo(start) > 0) pools.add(new IpRange(start, gateway.plus(-1)));
      if (gateway.compareTo(end) < 0) pools.add(new IpRange(gateway.plus(1), end));
    } else {
      pools.add(new IpRange(start, end));
    }
    return pools;
  }

  private static List<IpRange> parsePools(Cidr cidr, List<Pool> specs) {
    List<IpRange> pools = new ArrayList<>(specs.size());
    for (Pool p : specs) {
      if (p == null || p.start() == null || p.end() == null) throw EngineException.badRequest("allocation pool needs start and end");
      IpAddress start = Tx.parse("allocation_pools", () -> IpAddress.parse(p.start()));
      IpAddress end = Tx.parse("allocation_pools", () -> IpAddress.parse(p.end()));
      if (start.version() != end.version() || start.compareTo(end) > 0) {
        throw EngineException.badRequest("InvalidAllocationPool", "The allocation pool " + start + "-" + end + " is not valid.");
      }
      IpRange range = new IpRange(start, end);
      boolean reserved = start.equals(cidr.first()) || (cidr.version() == 4 && end.equals(cidr.last()));
      if (!cidr.contains(start) || !cidr.contains(end) || reserved) {
        throw EngineException.badRequest("OutOfBoundsAllocationPool", "The allocation pool " + range + " spans beyond the subnet cidr " + cidr + ".");
      }
      for (IpRange other : pools) {
        if (other.overlaps(range)) {
          throw EngineException.badRequest("OverlappingAllocationPools", "Found overlapping allocation pools: " + other + " and " + range + ".");
        }
      }
      pools.add(range);
    }
    return pools;
  }

  private static void checkGatewayOutsidePools(IpAddress gateway, List<IpRange> pools) {
    if (gateway == null) return;
    for (IpRange r : pools) {
      if (r.contains(gateway)) {
        throw EngineException.conflict("GatewayConflictWithAllocationPools", "Gateway ip " + gateway + " conflicts with allocation pool " + r + ".");
      }
    }
  }

  private static List<String> parseDns(List<String> dns, List<String> fallback) {
    if (dns == null) return fallback;
    List<String> out = new ArrayList<>(dns.size());
    for (String d : dns) {
      String canonical = Tx.parse("dns_nameservers", () -> IpAddress.parse(d).toString());
      if (out.contains(canonical)) throw EngineException.badRequest("Duplicate nameserver " + canonical);
      out.add(canonical);
    }
    return out;
  }

  private static List<Subnet.HostRoute> parseHostRoutes(List<HostRouteSpec> specs, List<Subnet.HostRoute> fallback, int version) {
    if (specs == null) return fallback;
    List<Subnet.HostRoute> out = new ArrayList<>(specs.size());
    for (HostRouteSpec h : specs) {
      if (h == null || h.destination() == null || h.nexthop() == null) throw EngineException.badRequest("host route needs destination and nexthop");
      Cidr dest = Tx.parse("host_routes", () -> Cidr.parse(h.destination()));
      IpAddress hop = Tx.parse("host_routes", () -> IpAddress.parse(h.nexthop()));
      if (dest.version() != version || hop.version() != version) throw EngineException.badRequest("host route " + dest + " via " + hop + " is not IPv" + version);
      out.add(new Subnet.HostRoute(dest, hop));
    }
    return out;
  }
}
