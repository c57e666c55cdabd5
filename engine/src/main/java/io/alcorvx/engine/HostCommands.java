package io.alcorvx.engine;

import io.alcorvx.engine.command.Command.DeleteHost;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Stamp;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.MacAddress;
import java.util.ArrayList;

/** Compute hosts, registered by their agents, and how a port's binding names one. */
final class HostCommands {
  private HostCommands() {}

  /** The registered host a binding names, matched by id, then by name; null while there is none. */
  static Host boundHost(Tx tx, String binding) {
    if (binding.isEmpty()) return null;
    Host registered = tx.model.host(binding);
    if (registered != null) return registered;
    String byName = tx.model.hostIdByName(binding);
    return byName == null ? null : tx.model.host(byName);
  }

  /**
   * The host key of a port bound with {@code binding}: the host's own id string, not the request's
   * copy (every port bound there shares one instance, so the on-demand host checks compare by
   * identity in memory that stays cached), or the binding itself while no such host is registered.
   */
  static String hostKey(Host bound, String binding) { return bound != null ? bound.id() : binding; }

  /**
   * The binding as a port stores it: when it is the bound host's id or name, that host's own
   * string (equal text), so the ports bound there share one instance instead of each keeping the
   * request's copy for its lifetime.
   */
  static String sharedBinding(Host bound, String binding) {
    if (bound == null) return binding;
    return binding.equals(bound.id()) ? bound.id() : binding.equals(bound.name()) ? bound.name() : binding;
  }

  static Host register(Tx tx, RegisterHost c) {
    if (c.id() == null || c.id().isBlank()) throw EngineException.badRequest("host id is required");
    String name = Tx.orEmpty(c.name());
    IpAddress ip = Tx.parse("host ip", () -> IpAddress.parse(String.valueOf(c.ipAddress())));
    long mac = c.macAddress() == null || c.macAddress().isEmpty() ? 0 : Tx.parse("host mac", () -> MacAddress.parse(c.macAddress()));
    Host old = tx.model.host(c.id());
    String endpoint = c.agentEndpoint() == null ? (old == null ? "" : old.agentEndpoint()) : checkEndpoint(c.agentEndpoint());
    Host h;
    if (old == null) {
      h = new Host(c.id(), name, ip, mac, endpoint, Stamp.created(tx.now));
      tx.create(h);
    } else {
      if (old.name().equals(name) && old.ipAddress().equals(ip) && old.macAddress() == mac
          && old.agentEndpoint().equals(endpoint)) {
        return old;
      }
      h = new Host(old.id(), name, ip, mac, endpoint, old.stamp().bumped(tx.now));
      tx.update(old, h);
    }
    // Ports bound by name before this host registered now belong to it.
    if (!name.isEmpty() && !name.equals(h.id()) && tx.model.host(name) == null && h.id().equals(tx.model.hostIdByName(name))) {
      for (String portId : new ArrayList<>(tx.model.portsOfHost(name))) {
        Port p = tx.model.port(portId);
        tx.update(p, p.withHostKey(h.id(), tx.now));
      }
    }
    return h;
  }

  /** "" or "ip:port" ("[v6]:port" for IPv6), canonical. */
  private static String checkEndpoint(String endpoint) {
    if (endpoint.isEmpty()) return "";
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0) throw EngineException.badRequest("agent endpoint must be ip:port, got '" + endpoint + "'");
    String hostPart = endpoint.substring(0, colon);
    if (hostPart.startsWith("[") && hostPart.endsWith("]")) hostPart = hostPart.substring(1, hostPart.length() - 1);
    final String address = hostPart;
    IpAddress ip = Tx.parse("agent endpoint", () -> IpAddress.parse(address));
    int port;
    try {
      port = Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw EngineException.badRequest("agent endpoint must be ip:port, got '" + endpoint + "'");
    }
    if (port < 1 || port > 65535) throw EngineException.badRequest("agent endpoint port must be 1..65535, got " + port);
    return (ip.isV4() ? ip.toString() : "[" + ip + "]") + ":" + port;
  }

  static void delete(Tx tx, DeleteHost c) {
    Host h = c.id() == null ? null : tx.model.host(c.id());
    if (h == null) throw EngineException.notFound("Host", String.valueOf(c.id()));
    if (!tx.model.portsOfHost(h.id()).isEmpty()) {
      throw EngineException.conflict("HostInUse", "Host " + h.id() + " still has " + tx.model.portsOfHost(h.id()).size() + " ports bound.");
    }
    tx.delete(h);
  }
}
