package io.alcorvx.engine;

import io.alcorvx.engine.command.Command.AddressPairSpec;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.FixedIpSpec;
import io.alcorvx.engine.command.Command.SetPortStatus;
import io.alcorvx.engine.command.Command.UpdatePort;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Stamp;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.IpAllocator;
import io.alcorvx.engine.net.MacAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ports: MAC and IP allocation, conflicts, host binding, security groups. */
final class PortCommands {
  private PortCommands() {}

  static Port create(Tx tx, CreatePort c) {
    Network net = Lookups.usableNetwork(tx, c.networkId());
    String requested = tx.ownerProject(c.projectId());
    // the network's own string when it is the same project (nearly always): not one copy per port
    String project = requested.equals(net.projectId()) ? net.projectId() : requested;
    String id = tx.idOr(c.id());
    if (tx.model.port(id) != null) throw EngineException.conflict("PortExists", "Port " + id + " already exists.");
    boolean routerPort = Port.ROUTER_INTERFACE_OWNER.equals(c.deviceOwner());
    List<String> groups = c.securityGroupIds() == null
        ? (routerPort ? List.of() : List.of(SecurityGroupCommands.ensureDefault(tx, project).id()))
        : checkGroups(tx, c.securityGroupIds());
    List<Port.AddressPair> pairs = parsePairs(c.allowedAddressPairs(), List.of());
    String requestedBinding = Tx.orEmpty(c.bindingHostId());
    Host bound = HostCommands.boundHost(tx, requestedBinding);
    String binding = HostCommands.sharedBinding(bound, requestedBinding);
    boolean macAllocated = c.macAddress() == null;
    long mac = macAllocated ? allocateMac(tx) : claimMac(tx, c.macAddress(), -1);
    Addresses addresses = new Addresses(tx, net, null, routerPort);
    try {
      List<Port.FixedIp> ips = c.fixedIps() == null ? addresses.automatic() : addresses.requested(c.fixedIps());
      Port p = new Port(id, project, net.id(), Tx.orEmpty(c.name()), Tx.orEmpty(c.description()), mac, ips,
          Tx.orEmpty(c.deviceId()), Tx.orEmpty(c.deviceOwner()), binding, HostCommands.hostKey(bound, binding),
          groups, pairs, Tx.or(c.adminStateUp(), true), PortStatus.DOWN, Stamp.created(tx.now));
      tx.create(p);
      addresses.stored();
      NetworkCommands.reconsiderMode(tx, net.id());
      return p;
    } finally {
      if (addresses.releaseUnclaimed() && macAllocated) tx.model.macs.release(mac);
    }
  }

  static Port update(Tx tx, UpdatePort c) {
    Port old = Lookups.port(tx, c.id());
    if (old.isRouterInterface() && tx.model.router(old.deviceId()) != null
        && ((c.deviceOwner() != null && !c.deviceOwner().equals(old.deviceOwner())) || (c.deviceId() != null && !c.deviceId().equals(old.deviceId())))) {
      // otherwise the port could then be deleted and leave its router with an interface to nowhere
      throw EngineException.conflict("PortInUse", "Port " + old.id() + " is an interface of router " + old.deviceId()
          + "; its device_id and device_owner cannot change (remove the router interface instead).");
    }
    Network net = tx.model.network(old.networkId());
    String requestedBinding = c.bindingHostId() == null ? old.bindingHostId() : c.bindingHostId();
    Host bound = HostCommands.boundHost(tx, requestedBinding); // now: the host may have registered since
    String binding = HostCommands.sharedBinding(bound, requestedBinding);
    long mac = old.macAddress();
    if (c.macAddress() != null) {
      long requested = Tx.parse("mac_address", () -> MacAddress.parse(c.macAddress()));
      if (requested != old.macAddress()) {
        if (old.isBound()) throw EngineException.conflict("PortBound", "Unable to update the MAC address of port " + old.id() + ": it is bound to a host.");
        mac = claimMac(tx, c.macAddress(), old.macAddress());
      }
    }
    List<String> groups = c.securityGroupIds() == null ? old.securityGroupIds() : checkGroups(tx, c.securityGroupIds());
    Addresses addresses = new Addresses(tx, net, old, old.isRouterInterface() || Port.ROUTER_INTERFACE_OWNER.equals(c.deviceOwner()));
    try {
      List<Port.FixedIp> ips = c.fixedIps() == null ? old.fixedIps() : addresses.requested(c.fixedIps());
      if (old.isRouterInterface() && !ips.equals(old.fixedIps())) {
        throw EngineException.conflict("PortInUse", "Port " + old.id() + " is a router interface; its addresses cannot change.");
      }
      String hostKey = HostCommands.hostKey(bound, binding);
      PortStatus status = hostKey.equals(old.hostKey()) ? old.status() : PortStatus.DOWN;
      Port p = new Port(old.id(), old.projectId(), old.networkId(), Tx.or(c.name(), old.name()),
          Tx.or(c.description(), old.description()), mac, ips, Tx.or(c.deviceId(), old.deviceId()),
          Tx.or(c.deviceOwner(), old.deviceOwner()), binding, hostKey, groups,
          parsePairs(c.allowedAddressPairs(), old.allowedAddressPairs()), Tx.or(c.adminStateUp(), old.adminStateUp()),
          status, old.stamp().bumped(tx.now));
      tx.update(old, p);
      addresses.stored();
      return p;
    } finally {
      addresses.releaseUnclaimed();
    }
  }

  static void delete(Tx tx, DeletePort c) {
    Port p = Lookups.port(tx, c.id());
    if (p.isRouterInterface() && tx.model.router(p.deviceId()) != null) {
      throw EngineException.conflict("PortInUse", "Port " + p.id() + " cannot be deleted directly via the port API: it is an interface of router " + p.deviceId() + ".");
    }
    tx.delete(p);
    NetworkCommands.reconsiderMode(tx, p.networkId());
  }

  /** Deletes a port on behalf of its router (no owner check). */
  static void deleteOwned(Tx tx, Port p) {
    tx.delete(p);
    NetworkCommands.reconsiderMode(tx, p.networkId());
  }

  static List<Port> setStatus(Tx tx, SetPortStatus c) {
    List<Port> changed = new ArrayList<>();
    for (Map.Entry<String, PortStatus> e : c.statuses().entrySet()) {
      Port old = tx.model.port(e.getKey());
      if (old == null || old.status() == e.getValue()) continue; // deleted meanwhile, or nothing new
      Port p = old.withStatus(e.getValue(), tx.now);
      tx.update(old, p);
      changed.add(p);
    }
    return changed;
  }

  /** Allocates (claims) a MAC; the caller releases it if the port is not stored. */
  static long allocateMac(Tx tx) {
    long mac = tx.model.macs.allocate();
    if (mac < 0) throw EngineException.conflict("MacAddressGenerationFailure", "Unable to generate a unique MAC address.");
    return mac; // claimed now; released again if the port is not stored
  }

  private static long claimMac(Tx tx, String text, long ownMac) {
    long mac = Tx.parse("mac_address", () -> MacAddress.parse(text));
    if (MacAddress.isMulticast(mac) || mac == 0) throw EngineException.badRequest("'" + text + "' is not a valid unicast MAC address");
    if (mac != ownMac && tx.model.macs.inUse(mac)) {
      throw EngineException.conflict("MacAddressInUse", "Unable to complete operation for network. The mac address " + MacAddress.format(mac) + " is in use.");
    }
    return mac;
  }

  private static List<String> checkGroups(Tx tx, List<String> ids) {
    Set<String> unique = new LinkedHashSet<>();
    for (String id : ids) unique.add(Lookups.securityGroup(tx, id).id());
    return List.copyOf(unique);
  }

  private static List<Port.AddressPair> parsePairs(List<AddressPairSpec> specs, List<Port.AddressPair> fallback) {
    if (specs == null) return fallback;
    List<Port.AddressPair> out = new ArrayList<>(specs.size());
    for (AddressPairSpec s : specs) {
      if (s == null || s.ipAddress() == null) throw EngineException.badRequest("allowed address pair needs ip_address");
      String ip = Tx.parse("allowed_address_pairs", () -> s.ipAddress().contains("/")
          ? Cidr.parseLenient(s.ipAddress()).toString() : IpAddress.parse(s.ipAddress()).toString());
      long mac = s.macAddress() == null ? -1 : Tx.parse("allowed_address_pairs", () -> MacAddress.parse(s.macAddress()));
      Port.AddressPair pair = new Port.AddressPair(ip, mac);
      if (out.contains(pair)) throw EngineException.badRequest("Duplicate allowed address pair " + ip);
      out.add(pair);
    }
    return out;
  }

  /**
   * Chooses the fixed IPs of one port. Allocations claim addresses in the subnet allocators as
   * they go (so two requests for the same subnet get different addresses); whatever is not handed
   * to the port is released again if the command fails.
   */
  private static final class Addresses {
    private final Tx tx;
    private final Network net;
    private final Port own;
    private final boolean routerPort;
    private final List<Port.FixedIp> allocated = new ArrayList<>();
    private final Set<IpAddress> chosen = new HashSet<>();
    private boolean stored;

    Addresses(Tx tx, Network net, Port own, boolean routerPort) {
      this.tx = tx;
      this.net = net;
      this.own = own;
      this.routerPort = routerPort;
    }

    /** Neutron's default: one address from the first IPv4 subnet and one from the first IPv6 subnet with room. */
    List<Port.FixedIp> automatic() {
      List<Port.FixedIp> out = new ArrayList<>(2);
      Set<String> subnets = tx.model.subnetsOf(net.id());
      for (int version : new int[] {4, 6}) {
        boolean anyOfVersion = false;
        for (String subnetId : subnets) {
          Subnet s = tx.model.subnet(subnetId);
          if (s.ipVersion() != version) continue;
          anyOfVersion = true;
          IpAddress ip = allocate(s);
          if (ip != null) {
            out.add(new Port.FixedIp(s.id(), ip));
            break;
          }
        }
        if (anyOfVersion && out.stream().noneMatch(f -> f.ipAddress().version() == version)) throw exhausted(net.id());
      }
      return out;
    }

    List<Port.FixedIp> requested(List<FixedIpSpec> specs) {
      List<Port.FixedIp> out = new ArrayList<>(specs.size());
      for (FixedIpSpec spec : specs) {
        if (spec == null || (spec.subnetId() == null && spec.ipAddress() == null)) {
          throw EngineException.badRequest("a fixed IP needs a subnet_id or an ip_address");
        }
        IpAddress ip = spec.ipAddress() == null ? null : Tx.parse("fixed_ips", () -> IpAddress.parse(spec.ipAddress()));
        Subnet s = spec.subnetId() != null ? subnetOfNetwork(spec.subnetId()) : subnetContaining(ip);
        if (ip == null) {
          IpAddress kept = own == null ? null : own.ipOn(s.id());
          ip = kept != null && !chosen.contains(kept) ? kept : allocate(s);
          if (ip == null) throw exhausted(net.id());
        } else {
          checkExplicit(s, ip);
          // claim it now, so an allocation later in this request cannot hand out the same address
          if (tx.model.ipAllocator(s.id()).reserve(ip)) allocated.add(new Port.FixedIp(s.id(), ip));
        }
        chosen.add(ip);
        out.add(new Port.FixedIp(s.id(), ip));
      }
      return out;
    }

    private Subnet subnetOfNetwork(String subnetId) {
      Subnet s = tx.model.subnet(subnetId);
      if (s == null || !s.networkId().equals(net.id())) {
        throw EngineException.badRequest("InvalidInput", "Failed to create port on network " + net.id()
            + ", because fixed_ips included invalid subnet " + subnetId + ".");
      }
      return s;
    }

    private Subnet subnetContaining(IpAddress ip) {
      for (String id : tx.model.subnetsOf(net.id())) {
        Subnet s = tx.model.subnet(id);
        if (s.cidr().contains(ip)) return s;
      }
      throw EngineException.badRequest("InvalidIpForNetwork", "IP address " + ip + " is not a valid IP for any of the subnets on the specified network.");
    }

    private void checkExplicit(Subnet s, IpAddress ip) {
      if (!s.cidr().contains(ip)) {
        throw EngineException.badRequest("InvalidIpForSubnet", "IP address " + ip + " is not a valid IP for the specified subnet.");
      }
      if (ip.equals(s.cidr().first()) || (s.ipVersion() == 4 && ip.equals(s.cidr().last()))) {
        throw EngineException.badRequest("InvalidIpForSubnet", "IP address " + ip + " is the network or broadcast address of subnet " + s.cidr() + ".");
      }
      if (ip.equals(s.gatewayIp()) && !routerPort) {
        throw EngineException.conflict("IpAddressInUse", "Unable to complete operation for network " + net.id()
            + ". The IP address " + ip + " is the subnet's gateway.");
      }
      boolean heldByThisPort = own != null && ip.equals(own.ipOn(s.id()));
      if (chosen.contains(ip) || (!heldByThisPort && tx.model.ipAllocator(s.id()).inUse(ip))) {
        throw EngineException.conflict("IpAddressInUse", "Unable to complete operation for network " + net.id()
            + ". The IP address " + ip + " is in use.");
      }
    }

    private IpAddress allocate(Subnet s) {
      IpAllocator alloc = tx.model.ipAllocator(s.id());
      IpAddress ip = alloc.allocate();
      if (ip != null) allocated.add(new Port.FixedIp(s.id(), ip));
      return ip;
    }

    /** The port holding the allocated addresses has been stored: they are its now. */
    void stored() { stored = true; }

    /**
     * If the command failed before the port was stored, gives back the addresses the allocators
     * handed out (once stored, removing the port on undo releases them instead).
     */
    boolean releaseUnclaimed() {
      if (stored) return false;
      for (Port.FixedIp f : allocated) tx.model.ipAllocator(f.subnetId()).release(f.ipAddress());
      return true;
    }

    private static EngineException exhausted(String networkId) {
      return EngineException.conflict("IpAddressGenerationFailure", "No more IP addresses available on network " + networkId + ".");
    }
  }
}
