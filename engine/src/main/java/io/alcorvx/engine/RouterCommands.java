package io.alcorvx.engine;

import io.alcorvx.engine.command.Command.AddRouterInterface;
import io.alcorvx.engine.command.Command.CreateRouter;
import io.alcorvx.engine.command.Command.DeleteRouter;
import io.alcorvx.engine.command.Command.RemoveRouterInterface;
import io.alcorvx.engine.command.Command.RouteSpec;
import io.alcorvx.engine.command.Command.UpdateRouter;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.Stamp;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/** Routers: interfaces (each a port holding the subnet's gateway address) and static routes. */
final class RouterCommands {
  private RouterCommands() {}

  static Router create(Tx tx, CreateRouter c) {
    String project = tx.ownerProject(c.projectId());
    String id = tx.idOr(c.id());
    if (tx.model.router(id) != null) throw EngineException.conflict("RouterExists", "Router " + id + " already exists.");
    Router r = new Router(id, project, Tx.orEmpty(c.name()), Tx.orEmpty(c.description()), Tx.or(c.adminStateUp(), true),
        List.of(), parseRoutes(tx, c.routes(), List.of()), Stamp.created(tx.now));
    tx.create(r);
    return r;
  }

  static Router update(Tx tx, UpdateRouter c) {
    Router old = Lookups.router(tx, c.id());
    Router r = new Router(old.id(), old.projectId(), Tx.or(c.name(), old.name()), Tx.or(c.description(), old.description()),
        Tx.or(c.adminStateUp(), old.adminStateUp()), old.interfaces(),
        c.routes() == null ? old.routes() : parseRoutes(tx, c.routes(), old.interfaces()), old.stamp().bumped(tx.now));
    tx.update(old, r);
    return r;
  }

  static void delete(Tx tx, DeleteRouter c) {
    Router r = Lookups.router(tx, c.id());
    if (!r.interfaces().isEmpty()) {
      throw EngineException.conflict("RouterInUse", "Router " + r.id() + " still has ports (" + r.interfaces().size() + " interfaces).");
    }
    tx.delete(r);
  }

  static RouterInterfaceInfo addInterface(Tx tx, AddRouterInterface c) {
    Router r = Lookups.router(tx, c.routerId());
    if ((c.subnetId() == null) == (c.portId() == null)) throw EngineException.badRequest("Either subnet_id or port_id must be specified");
    Port port;
    Subnet subnet;
    if (c.subnetId() != null) {
      subnet = Lookups.subnet(tx, c.subnetId());
      checkJoinable(tx, r, subnet);
      if (subnet.gatewayIp() == null) {
        throw EngineException.badRequest("Subnet " + subnet.id() + " has no gateway IP, so it cannot be attached to a router by subnet.");
      }
      if (tx.model.ipAllocator(subnet.id()).inUse(subnet.gatewayIp())) {
        throw EngineException.conflict("IpAddressInUse", "The gateway IP " + subnet.gatewayIp() + " of subnet " + subnet.id() + " is in use.");
      }
      long mac = PortCommands.allocateMac(tx);
      port = new Port(tx.ids.next(), r.projectId(), subnet.networkId(), "", "", mac,
          List.of(new Port.FixedIp(subnet.id(), subnet.gatewayIp())), r.id(), Port.ROUTER_INTERFACE_OWNER, "", "",
          List.of(), List.of(), true, PortStatus.ACTIVE, Stamp.created(tx.now));
      try {
        tx.create(port);
      } catch (RuntimeException e) {
        tx.model.macs.release(mac);
        throw e;
      }
      NetworkCommands.reconsiderMode(tx, port.networkId());
    } else {
      Port existing = Lookups.port(tx, c.portId());
      if (!existing.deviceId().isEmpty() || !existing.deviceOwner().isEmpty()) {
        throw EngineException.conflict("PortInUse", "Port " + existing.id() + " is in use by device " + existing.deviceId() + ".");
      }
      if (existing.fixedIps().size() != 1) {
        throw EngineException.badRequest("Router port " + existing.id() + " must have exactly one fixed IP.");
      }
      subnet = tx.model.subnet(existing.fixedIps().get(0).subnetId());
      checkJoinable(tx, r, subnet);
      port = new Port(existing.id(), existing.projectId(), existing.networkId(), existing.name(), existing.description(),
          existing.macAddress(), existing.fixedIps(), r.id(), Port.ROUTER_INTERFACE_OWNER, "", "", List.of(),
          existing.allowedAddressPairs(), existing.adminStateUp(), PortStatus.ACTIVE, existing.stamp().bumped(tx.now));
      tx.update(existing, port);
    }
    List<Router.Interface> interfaces = new ArrayList<>(r.interfaces());
    interfaces.add(new Router.Interface(subnet.id(), port.id()));
    tx.update(r, new Router(r.id(), r.projectId(), r.name(), r.description(), r.adminStateUp(), interfaces, r.routes(), r.stamp().bumped(tx.now)));
    return new RouterInterfaceInfo(r.id(), subnet.id(), port.id(), r.projectId());
  }

  static RouterInterfaceInfo removeInterface(Tx tx, RemoveRouterInterface c) {
    Router r = Lookups.router(tx, c.routerId());
    if (c.subnetId() == null && c.portId() == null) throw EngineException.badRequest("Either subnet_id or port_id must be specified");
    Router.Interface match = null;
    for (Router.Interface i : r.interfaces()) {
      if ((c.subnetId() == null || i.subnetId().equals(c.subnetId())) && (c.portId() == null || i.portId().equals(c.portId()))) {
        match = i;
        break;
      }
    }
    if (match == null) {
      throw EngineException.notFound("RouterInterface", "for router " + r.id() + (c.subnetId() != null ? " on subnet " + c.subnetId() : " with port " + c.portId()));
    }
    Subnet subnet = tx.model.subnet(match.subnetId());
    for (Router.Route route : r.routes()) {
      if (subnet.cidr().contains(route.nexthop())) {
        throw EngineException.conflict("RouterInterfaceInUseByRoute", "Router interface for subnet " + subnet.id()
            + " on router " + r.id() + " cannot be deleted, as it is required by one or more routes.");
      }
    }
    final Router.Interface removed = match;
    List<Router.Interface> interfaces = r.interfaces().stream().filter(i -> i != removed).toList();
    tx.update(r, new Router(r.id(), r.projectId(), r.name(), r.description(), r.adminStateUp(), interfaces, r.routes(), r.stamp().bumped(tx.now)));
    Port port = tx.model.port(removed.portId());
    if (port != null) PortCommands.deleteOwned(tx, port);
    return new RouterInterfaceInfo(r.id(), removed.subnetId(), removed.portId(), r.projectId());
  }

  private static void checkJoinable(Tx tx, Router r, Subnet subnet) {
    for (Router.Interface i : r.interfaces()) {
      Subnet other = tx.model.subnet(i.subnetId());
      if (other.id().equals(subnet.id())) {
        throw EngineException.badRequest("BadRequest", "Router already has a port on subnet " + subnet.id() + ".");
      }
      if (other.cidr().overlaps(subnet.cidr())) {
        throw EngineException.badRequest("BadRequest", "Cidr " + subnet.cidr() + " of subnet " + subnet.id()
            + " overlaps with cidr " + other.cidr() + " of subnet " + other.id() + ".");
      }
    }
  }

  private static List<Router.Route> parseRoutes(Tx tx, List<RouteSpec> specs, List<Router.Interface> interfaces) {
    if (specs == null) return List.of();
    List<Router.Route> out = new ArrayList<>(specs.size());
    for (RouteSpec s : specs) {
      if (s == null || s.destination() == null || s.nexthop() == null) throw EngineException.badRequest("a route needs destination and nexthop");
      Cidr dest = Tx.parse("routes", () -> Cidr.parse(s.destination()));
      IpAddress hop = Tx.parse("routes", () -> IpAddress.parse(s.nexthop()));
      boolean reachable = false;
      for (Router.Interface i : interfaces) {
        Subnet sub = tx.model.subnet(i.subnetId());
        if (sub.cidr().contains(hop) && !hop.equals(sub.gatewayIp())) reachable = true;
      }
      if (!reachable) {
        throw EngineException.badRequest("InvalidRoutes", "Invalid format for routes: the nexthop " + hop
            + " is not connected with the router.");
      }
      Router.Route route = new Router.Route(dest, hop);
      if (out.contains(route)) throw EngineException.badRequest("InvalidRoutes", "Duplicate route " + dest + " via " + hop + ".");
      out.add(route);
    }
    return out;
  }
}
