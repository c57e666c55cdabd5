package io.alcorvx.service.api;

import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.AddressPairSpec;
import io.alcorvx.engine.command.Command.FixedIpSpec;
import io.alcorvx.engine.command.Command.HostRouteSpec;
import io.alcorvx.engine.command.Command.Pool;
import io.alcorvx.engine.command.Command.RouteSpec;
import io.alcorvx.engine.model.FanoutPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Neutron request bodies to engine commands: strict field names and JSON types per resource.
 * Decides nothing about the network itself (CIDRs, addresses, conflicts): that is the engine's.
 */
final class CommandParser {
  private CommandParser() {}

  private static final Set<String> FIXED_IP_KEYS = Set.of("subnet_id", "ip_address");
  private static final Set<String> PAIR_KEYS = Set.of("ip_address", "mac_address");
  private static final Set<String> POOL_KEYS = Set.of("start", "end");
  private static final Set<String> ROUTE_KEYS = Set.of("destination", "nexthop");
  private static final JsonArray EMPTY = new JsonArray();
  /** Longest device_id / device_owner (Neutron's column size). */
  private static final int MAX_ID = 255;

  static Command create(ApiResource r, Actor actor, JsonObject item) {
    BodyFields f = new BodyFields(item, r, false);
    Command c = switch (r) {
      case NETWORK -> createNetwork(f, actor);
      case SUBNET -> createSubnet(f, actor);
      case PORT -> createPort(f, actor);
      case SECURITY_GROUP -> {
        String project = f.project();
        String name = name(f);
        String description = description(f);
        stateful(f);
        yield new Command.CreateSecurityGroup(actor, null, project, name, description);
      }
      case SECURITY_GROUP_RULE -> createRule(f, actor);
      case ROUTER -> createRouter(f, actor);
    };
    f.finish();
    return c;
  }

  static Command update(ApiResource r, Actor actor, String id, JsonObject item) {
    BodyFields f = new BodyFields(item, r, true);
    Command c = switch (r) {
      case NETWORK -> new Command.UpdateNetwork(actor, id, name(f), description(f), f.bool("admin_state_up"),
          f.bool("shared"), f.bool("router:external"), f.integer("mtu"), fanout(f));
      case SUBNET -> new Command.UpdateSubnet(actor, id, name(f), description(f), f.clearableString("gateway_ip"),
          pools(f), f.bool("enable_dhcp"), f.stringList("dns_nameservers", true), hostRoutes(f));
      case PORT -> updatePort(f, actor, id);
      case SECURITY_GROUP -> {
        String name = name(f);
        String description = description(f);
        stateful(f);
        yield new Command.UpdateSecurityGroup(actor, id, name, description);
      }
      case SECURITY_GROUP_RULE -> throw new IllegalStateException("security group rules cannot be updated");
      case ROUTER -> {
        String name = name(f);
        String description = description(f);
        Boolean up = f.bool("admin_state_up");
        List<RouteSpec> routes = routes(f);
        routerExtras(f);
        yield new Command.UpdateRouter(actor, id, name, description, up, routes);
      }
    };
    f.finish();
    return c;
  }

  /** The body of add_router_interface / remove_router_interface. */
  static String[] routerInterface(JsonObject body) {
    BodyFields f = new BodyFields(body, ApiResource.ROUTER, false);
    String subnet = f.string("subnet_id");
    String port = f.string("port_id");
    Set<String> unknown = new java.util.TreeSet<>(body.fieldNames());
    unknown.removeAll(Set.of("subnet_id", "port_id"));
    if (!unknown.isEmpty()) throw ApiException.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
    if (subnet == null && port == null) throw ApiException.badRequest("Bad router request: Either subnet_id or port_id must be specified.");
    if (subnet != null && port != null) throw ApiException.badRequest("Bad router request: Cannot specify both subnet-id and port-id.");
    return new String[] {subnet, port};
  }

  // ---- per resource --------------------------------------------------------------------------

  private static Command createNetwork(BodyFields f, Actor actor) {
    String project = f.project();
    String name = name(f);
    String description = description(f);
    Boolean up = f.bool("admin_state_up");
    Boolean shared = f.bool("shared");
    Boolean external = f.bool("router:external");
    Integer mtu = f.integer("mtu");
    Long vni = f.longValue("provider:segmentation_id");
    f.onlyValues("provider:network_type", "vxlan");
    f.onlyValues("provider:physical_network", (Object) null);
    FanoutPolicy fanout = fanout(f);
    return new Command.CreateNetwork(actor, null, project, name, description, up, shared, external, mtu, vni, fanout);
  }

  private static FanoutPolicy fanout(BodyFields f) {
    f.onlyValues("port_security_enabled", true); // shown on networks; only the value we support
    String mode = f.string("fanout_mode");
    if (mode == null) return null;
    return switch (mode) {
      case "push" -> FanoutPolicy.PUSH;
      case "on_demand" -> FanoutPolicy.ON_DEMAND;
      case "auto" -> FanoutPolicy.AUTO;
      default -> throw ApiException.invalid("fanout_mode", "'" + mode + "' is not in [push, on_demand, auto]");
    };
  }

  private static Command createSubnet(BodyFields f, Actor actor) {
    f.require("network_id");
    f.require("cidr");
    String project = f.project();
    String network = f.string("network_id");
    String name = name(f);
    String description = description(f);
    Integer version = f.integer("ip_version");
    if (version != null && version != 4 && version != 6) throw ApiException.invalid("ip_version", "'" + version + "' is not in [4, 6]");
    String cidr = f.string("cidr");
    Optional<String> gateway = f.clearableString("gateway_ip");
    List<Pool> pools = pools(f);
    Boolean dhcp = f.bool("enable_dhcp");
    List<String> dns = f.stringList("dns_nameservers", true);
    List<HostRouteSpec> routes = hostRoutes(f);
    f.onlyValues("ipv6_ra_mode", (Object) null);
    f.onlyValues("ipv6_address_mode", (Object) null);
    f.onlyValues("subnetpool_id", (Object) null);
    f.onlyValues("segment_id", (Object) null);
    f.onlyValues("service_types", EMPTY);
    return new Command.CreateSubnet(actor, null, project, network, name, description, version, cidr, gateway, pools,
        dhcp, dns, routes);
  }

  private static List<Pool> pools(BodyFields f) {
    List<JsonObject> list = f.objectList("allocation_pools", false, POOL_KEYS);
    if (list == null) return null;
    List<Pool> out = new ArrayList<>(list.size());
    for (JsonObject o : list) {
      if (o.getString("start") == null || o.getString("end") == null) {
        throw ApiException.invalid("allocation_pools", "each pool needs 'start' and 'end'");
      }
      out.add(new Pool(o.getString("start"), o.getString("end")));
    }
    return out;
  }

  private static List<HostRouteSpec> hostRoutes(BodyFields f) {
    List<JsonObject> list = f.objectList("host_routes", true, ROUTE_KEYS);
    if (list == null) return null;
    List<HostRouteSpec> out = new ArrayList<>(list.size());
    for (JsonObject o : list) {
      if (o.getString("destination") == null || o.getString("nexthop") == null) {
        throw ApiException.invalid("host_routes", "each route needs 'destination' and 'nexthop'");
      }
      out.add(new HostRouteSpec(o.getString("destination"), o.getString("nexthop")));
    }
    return out;
  }

  private static Command createPort(BodyFields f, Actor actor) {
    f.require("network_id");
    String project = f.project();
    String network = f.string("network_id");
    PortFields p = portFields(f);
    return new Command.CreatePort(actor, null, project, network, p.name, p.description, p.mac, p.fixedIps, p.deviceId,
        p.deviceOwner, p.host, p.groups, p.pairs, p.up);
  }

  private static Command updatePort(BodyFields f, Actor actor, String id) {
    PortFields p = portFields(f);
    return new Command.UpdatePort(actor, id, p.name, p.description, p.mac, p.fixedIps, p.deviceId, p.deviceOwner,
        p.host, p.groups, p.pairs, p.up);
  }

  private record PortFields(String name, String description, String mac, List<FixedIpSpec> fixedIps, String deviceId,
      String deviceOwner, String host, List<String> groups, List<AddressPairSpec> pairs, Boolean up) {}

  private static PortFields portFields(BodyFields f) {
    String name = name(f);
    String description = description(f);
    String mac = f.string("mac_address");
    List<FixedIpSpec> ips = null;
    List<JsonObject> ipList = f.objectList("fixed_ips", false, FIXED_IP_KEYS);
    if (ipList != null) {
      ips = new ArrayList<>(ipList.size());
      for (JsonObject o : ipList) {
        if (o.getString("subnet_id") == null && o.getString("ip_address") == null) {
          throw ApiException.invalid("fixed_ips", "each fixed IP needs 'subnet_id' or 'ip_address'");
        }
        ips.add(new FixedIpSpec(o.getString("subnet_id"), o.getString("ip_address")));
      }
    }
    String deviceId = f.string("device_id", MAX_ID);
    String deviceOwner = f.string("device_owner", MAX_ID);
    String host = f.stringOrNullAsEmpty("binding:host_id");
    List<String> groups = f.stringList("security_groups", true);
    List<AddressPairSpec> pairs = null;
    List<JsonObject> pairList = f.objectList("allowed_address_pairs", true, PAIR_KEYS);
    if (pairList != null) {
      pairs = new ArrayList<>(pairList.size());
      for (JsonObject o : pairList) {
        if (o.getString("ip_address") == null) throw ApiException.invalid("allowed_address_pairs", "each pair needs 'ip_address'");
        pairs.add(new AddressPairSpec(o.getString("ip_address"), o.getString("mac_address")));
      }
    }
    Boolean up = f.bool("admin_state_up");
    f.onlyValues("binding:vnic_type", "normal");
    f.onlyValues("port_security_enabled", true);
    f.onlyValues("extra_dhcp_opts", EMPTY);
    f.ignoredObject("binding:profile");
    return new PortFields(name, description, mac, ips, deviceId, deviceOwner, host, groups, pairs, up);
  }

  private static Command createRule(BodyFields f, Actor actor) {
    f.require("security_group_id");
    f.require("direction");
    String project = f.project();
    String group = f.string("security_group_id");
    String direction = f.string("direction");
    String ethertype = f.string("ethertype");
    String protocol = protocol(f);
    Integer min = f.nullableInteger("port_range_min");
    Integer max = f.nullableInteger("port_range_max");
    String prefix = f.nullableString("remote_ip_prefix");
    String remoteGroup = f.nullableString("remote_group_id");
    String description = description(f);
    f.onlyValues("remote_address_group_id", (Object) null);
    return new Command.CreateSecurityGroupRule(actor, null, project, group, direction, ethertype, protocol, min, max,
        prefix, remoteGroup, description);
  }

  /** A protocol name or number; Neutron takes both strings and integers. */
  private static String protocol(BodyFields f) {
    if (f.peek("protocol") instanceof Number) return f.integer("protocol").toString();
    return f.nullableString("protocol");
  }

  private static void stateful(BodyFields f) { f.onlyValues("stateful", true); }

  private static Command createRouter(BodyFields f, Actor actor) {
    String project = f.project();
    String name = name(f);
    String description = description(f);
    Boolean up = f.bool("admin_state_up");
    List<RouteSpec> routes = routes(f);
    routerExtras(f);
    f.onlyValues("availability_zone_hints", EMPTY);
    return new Command.CreateRouter(actor, null, project, name, description, up, routes);
  }

  private static List<RouteSpec> routes(BodyFields f) {
    List<JsonObject> list = f.objectList("routes", true, ROUTE_KEYS);
    if (list == null) return null;
    List<RouteSpec> out = new ArrayList<>(list.size());
    for (JsonObject o : list) {
      if (o.getString("destination") == null || o.getString("nexthop") == null) {
        throw ApiException.invalid("routes", "each route needs 'destination' and 'nexthop'");
      }
      out.add(new RouteSpec(o.getString("destination"), o.getString("nexthop")));
    }
    return out;
  }

  /** Router attributes we show but do not model: no external gateway; ha/distributed are ignored. */
  private static void routerExtras(BodyFields f) {
    f.onlyValues("external_gateway_info", (Object) null);
    f.ignoredBoolean("distributed");
    f.ignoredBoolean("ha");
  }

  private static String name(BodyFields f) { return f.string("name", BodyFields.MAX_NAME); }

  private static String description(BodyFields f) { return f.string("description", BodyFields.MAX_DESCRIPTION); }
}
