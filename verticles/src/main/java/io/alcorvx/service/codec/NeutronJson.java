package io.alcorvx.service.codec;

import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.Stamp;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.IpRange;
import io.alcorvx.engine.net.MacAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Engine records in Neutron's JSON representation, and back. The same body is what the API
 * answers and what the store keeps, so a list served from the database looks exactly like a
 * show served from a command's reply. What Neutron does not show but the engine needs to reload
 * its state exactly (the resolved host key, the fan-out mode, millisecond timestamps, router
 * interfaces) travels under {@value #INTERNAL}, which {@link #forClient} strips.
 */
public final class NeutronJson {
  private NeutronJson() {}

  public static final String INTERNAL = "_alcor";

  /** The stored body: Neutron's fields plus the internal ones. */
  public static JsonObject render(Resource r) {
    if (r instanceof Port p) return port(p);
    if (r instanceof Network n) return network(n);
    if (r instanceof Subnet s) return subnet(s);
    if (r instanceof SecurityGroup g) return securityGroup(g);
    if (r instanceof Router rt) return router(rt);
    if (r instanceof Host h) return host(h);
    throw new IllegalArgumentException("unknown resource " + r);
  }

  /** What a client sees: the body without internal fields. */
  public static JsonObject forClient(JsonObject body) {
    if (!body.containsKey(INTERNAL)) return body;
    JsonObject copy = body.copy();
    copy.remove(INTERNAL);
    return copy;
  }

  public static JsonObject forClient(Resource r) { return forClient(render(r)); }

  // ---- rendering -----------------------------------------------------------------------------

  private static JsonObject common(Resource r, String projectId, String name, String description, Stamp stamp) {
    // sized for a port's ~28 fields, so the map never rehashes while it is filled
    return new JsonObject(new LinkedHashMap<>(64)).put("id", r.id()).put("name", name).put("description", description)
        .put("project_id", projectId).put("tenant_id", projectId)
        .put("revision_number", stamp.revision())
        .put("created_at", time(stamp.createdAt())).put("updated_at", time(stamp.updatedAt()))
        .put("tags", new JsonArray());
  }

  private static JsonObject internal(Stamp stamp) {
    return new JsonObject().put("created_ms", stamp.createdAt()).put("updated_ms", stamp.updatedAt());
  }

  /** The last whole second {@link #time} formatted: an immutable pair, shared by every thread through a volatile. */
  private record FormattedSecond(long epochSecond, String text) {}

  private static volatile FormattedSecond lastFormatted = new FormattedSecond(Long.MIN_VALUE, "");

  /**
   * A time as Neutron shows it: ISO-8601 in UTC, to the second ({@code 2026-12-02T11:30:00Z}). Creates
   * come many a second and each shows two times twice (stored body and reply); java.time's
   * formatting was about a tenth of a create's allocations, so the last second's text is reused.
   */
  static String time(long millis) {
    long second = Math.floorDiv(millis, 1000);
    FormattedSecond last = lastFormatted;
    if (last.epochSecond() == second) return last.text();
    String text = Instant.ofEpochSecond(second).toString();
    lastFormatted = new FormattedSecond(second, text);
    return text;
  }

  private static JsonObject network(Network n) {
    return common(n, n.projectId(), n.name(), n.description(), n.stamp())
        .put("admin_state_up", n.adminStateUp()).put("shared", n.shared()).put("router:external", n.external())
        .put("mtu", n.mtu()).put("status", "ACTIVE").put("subnets", new JsonArray())
        .put("provider:network_type", "vxlan").put("provider:segmentation_id", n.segmentationId())
        .put("provider:physical_network", (Object) null).put("port_security_enabled", true)
        .put("availability_zone_hints", new JsonArray()).put("availability_zones", new JsonArray())
        .put("ipv4_address_scope", (Object) null).put("ipv6_address_scope", (Object) null)
        .put("fanout_mode", n.pushMode() ? "push" : "on_demand")
        .put(INTERNAL, internal(n.stamp()).put("fanout_policy", n.fanoutPolicy().name()).put("push_mode", n.pushMode()));
  }

  private static JsonObject subnet(Subnet s) {
    JsonArray pools = new JsonArray();
    for (IpRange r : s.allocationPools()) pools.add(new JsonObject().put("start", r.start().toString()).put("end", r.end().toString()));
    JsonArray routes = new JsonArray();
    for (Subnet.HostRoute h : s.hostRoutes()) routes.add(new JsonObject().put("destination", h.destination().toString()).put("nexthop", h.nexthop().toString()));
    return common(s, s.projectId(), s.name(), s.description(), s.stamp())
        .put("network_id", s.networkId()).put("ip_version", s.ipVersion()).put("cidr", s.cidr().toString())
        .put("gateway_ip", s.gatewayIp() == null ? null : s.gatewayIp().toString())
        .put("allocation_pools", pools).put("enable_dhcp", s.enableDhcp())
        .put("dns_nameservers", new JsonArray(new ArrayList<>(s.dnsNameservers()))).put("host_routes", routes)
        .put("ipv6_ra_mode", (Object) null).put("ipv6_address_mode", (Object) null)
        .put("subnetpool_id", (Object) null).put("segment_id", (Object) null).put("service_types", new JsonArray())
        .put(INTERNAL, internal(s.stamp()));
  }

  private static JsonObject port(Port p) {
    JsonArray ips = new JsonArray();
    for (Port.FixedIp f : p.fixedIps()) ips.add(new JsonObject().put("subnet_id", f.subnetId()).put("ip_address", f.ipAddress().toString()));
    JsonArray pairs = new JsonArray();
    for (Port.AddressPair a : p.allowedAddressPairs()) {
      pairs.add(new JsonObject().put("ip_address", a.ipAddress())
          .put("mac_address", MacAddress.format(a.macAddress() < 0 ? p.macAddress() : a.macAddress())));
    }
    JsonArray internalPairs = new JsonArray();
    for (Port.AddressPair a : p.allowedAddressPairs()) internalPairs.add(a.macAddress());
    return common(p, p.projectId(), p.name(), p.description(), p.stamp())
        .put("network_id", p.networkId()).put("mac_address", MacAddress.format(p.macAddress()))
        .put("fixed_ips", ips).put("device_id", p.deviceId()).put("device_owner", p.deviceOwner())
        .put("binding:host_id", p.bindingHostId()).put("binding:vif_type", p.isBound() ? "ovs" : "unbound")
        .put("binding:vnic_type", "normal").put("binding:profile", new JsonObject()).put("binding:vif_details", new JsonObject())
        .put("security_groups", new JsonArray(new ArrayList<>(p.securityGroupIds()))).put("allowed_address_pairs", pairs)
        .put("admin_state_up", p.adminStateUp()).put("status", p.status().name())
        .put("port_security_enabled", true).put("extra_dhcp_opts", new JsonArray())
        .put(INTERNAL, internal(p.stamp()).put("host_key", p.hostKey()).put("pair_macs", internalPairs));
  }

  private static JsonObject securityGroup(SecurityGroup g) {
    JsonArray rules = new JsonArray();
    for (SecurityGroupRule r : g.rules()) rules.add(rule(r));
    return common(g, g.projectId(), g.name(), g.description(), g.stamp()).put("stateful", true)
        .put("security_group_rules", rules).put(INTERNAL, internal(g.stamp()));
  }

  /** A rule as Neutron shows it (also as its own resource, security-group-rules). */
  public static JsonObject rule(SecurityGroupRule r) {
    return new JsonObject().put("id", r.id()).put("security_group_id", r.securityGroupId())
        .put("project_id", r.projectId()).put("tenant_id", r.projectId())
        .put("direction", r.direction() == SecurityGroupRule.Direction.INGRESS ? "ingress" : "egress")
        .put("ethertype", r.ethertype() == SecurityGroupRule.EtherType.IPV4 ? "IPv4" : "IPv6")
        .put("protocol", r.protocol()).put("port_range_min", r.portRangeMin()).put("port_range_max", r.portRangeMax())
        .put("remote_ip_prefix", r.remoteIpPrefix() == null ? null : r.remoteIpPrefix().toString())
        .put("remote_group_id", r.remoteGroupId()).put("remote_address_group_id", (Object) null)
        .put("description", r.description()).put("normalized_cidr", r.remoteIpPrefix() == null ? null : r.remoteIpPrefix().toString())
        .put("revision_number", r.stamp().revision())
        .put("created_at", time(r.stamp().createdAt())).put("updated_at", time(r.stamp().updatedAt()))
        .put("tags", new JsonArray()).put(INTERNAL, internal(r.stamp()));
  }

  private static JsonObject router(Router r) {
    JsonArray routes = new JsonArray();
    for (Router.Route route : r.routes()) routes.add(new JsonObject().put("destination", route.destination().toString()).put("nexthop", route.nexthop().toString()));
    JsonArray interfaces = new JsonArray();
    for (Router.Interface i : r.interfaces()) interfaces.add(new JsonObject().put("subnet_id", i.subnetId()).put("port_id", i.portId()));
    return common(r, r.projectId(), r.name(), r.description(), r.stamp()).put("admin_state_up", r.adminStateUp())
        .put("status", "ACTIVE").put("routes", routes).put("external_gateway_info", (Object) null)
        .put("distributed", true).put("ha", false).put("availability_zone_hints", new JsonArray())
        .put("availability_zones", new JsonArray()).put("flavor_id", (Object) null)
        .put(INTERNAL, internal(r.stamp()).put("interfaces", interfaces));
  }

  private static JsonObject host(Host h) {
    return new JsonObject().put("id", h.id()).put("name", h.name()).put("ip_address", h.ipAddress().toString())
        .put("mac_address", MacAddress.format(h.macAddress())).put("agent_endpoint", h.agentEndpoint())
        .put("revision_number", h.stamp().revision())
        .put("created_at", time(h.stamp().createdAt())).put("updated_at", time(h.stamp().updatedAt()))
        .put(INTERNAL, internal(h.stamp()));
  }

  // ---- parsing stored bodies -------------------------------------------------------------------

  /** Rebuilds a record from its stored body (the kind names the table it came from). */
  public static Resource parse(ResourceKind kind, JsonObject b) {
    return switch (kind) {
      case NETWORK -> parseNetwork(b);
      case SUBNET -> parseSubnet(b);
      case PORT -> parsePort(b);
      case SECURITY_GROUP -> parseSecurityGroup(b);
      case ROUTER -> parseRouter(b);
      case HOST -> new Host(b.getString("id"), b.getString("name"), IpAddress.parse(b.getString("ip_address")),
          MacAddress.parse(b.getString("mac_address")), b.getString("agent_endpoint", ""), stamp(b));
    };
  }

  private static Stamp stamp(JsonObject b) {
    JsonObject in = b.getJsonObject(INTERNAL);
    return new Stamp(b.getLong("revision_number"), in.getLong("created_ms"), in.getLong("updated_ms"));
  }

  private static Network parseNetwork(JsonObject b) {
    JsonObject in = b.getJsonObject(INTERNAL);
    return new Network(b.getString("id"), b.getString("project_id"), b.getString("name"), b.getString("description"),
        b.getBoolean("admin_state_up"), b.getBoolean("shared"), b.getBoolean("router:external"), b.getInteger("mtu"),
        b.getLong("provider:segmentation_id"), FanoutPolicy.valueOf(in.getString("fanout_policy")), in.getBoolean("push_mode"), stamp(b));
  }

  private static Subnet parseSubnet(JsonObject b) {
    List<IpRange> pools = new ArrayList<>();
    for (Object o : b.getJsonArray("allocation_pools")) {
      JsonObject p = (JsonObject) o;
      pools.add(new IpRange(IpAddress.parse(p.getString("start")), IpAddress.parse(p.getString("end"))));
    }
    List<Subnet.HostRoute> routes = new ArrayList<>();
    for (Object o : b.getJsonArray("host_routes")) {
      JsonObject h = (JsonObject) o;
      routes.add(new Subnet.HostRoute(Cidr.parse(h.getString("destination")), IpAddress.parse(h.getString("nexthop"))));
    }
    List<String> dns = new ArrayList<>();
    for (Object o : b.getJsonArray("dns_nameservers")) dns.add((String) o);
    String gw = b.getString("gateway_ip");
    return new Subnet(b.getString("id"), b.getString("project_id"), b.getString("network_id"), b.getString("name"),
        b.getString("description"), Cidr.parse(b.getString("cidr")), gw == null ? null : IpAddress.parse(gw), pools,
        b.getBoolean("enable_dhcp"), dns, routes, stamp(b));
  }

  private static Port parsePort(JsonObject b) {
    JsonObject in = b.getJsonObject(INTERNAL);
    List<Port.FixedIp> ips = new ArrayList<>();
    for (Object o : b.getJsonArray("fixed_ips")) {
      JsonObject f = (JsonObject) o;
      ips.add(new Port.FixedIp(f.getString("subnet_id"), IpAddress.parse(f.getString("ip_address"))));
    }
    List<Port.AddressPair> pairs = new ArrayList<>();
    JsonArray pairMacs = in.getJsonArray("pair_macs");
    JsonArray shown = b.getJsonArray("allowed_address_pairs");
    for (int i = 0; i < shown.size(); i++) pairs.add(new Port.AddressPair(shown.getJsonObject(i).getString("ip_address"), pairMacs.getLong(i)));
    List<String> groups = new ArrayList<>();
    for (Object o : b.getJsonArray("security_groups")) groups.add((String) o);
    return new Port(b.getString("id"), b.getString("project_id"), b.getString("network_id"), b.getString("name"),
        b.getString("description"), MacAddress.parse(b.getString("mac_address")), ips, b.getString("device_id"),
        b.getString("device_owner"), b.getString("binding:host_id"), in.getString("host_key"), groups, pairs,
        b.getBoolean("admin_state_up"), PortStatus.valueOf(b.getString("status")), stamp(b));
  }

  private static SecurityGroup parseSecurityGroup(JsonObject b) {
    List<SecurityGroupRule> rules = new ArrayList<>();
    for (Object o : b.getJsonArray("security_group_rules")) {
      JsonObject r = (JsonObject) o;
      String prefix = r.getString("remote_ip_prefix");
      rules.add(new SecurityGroupRule(r.getString("id"), r.getString("security_group_id"), r.getString("project_id"),
          "ingress".equals(r.getString("direction")) ? SecurityGroupRule.Direction.INGRESS : SecurityGroupRule.Direction.EGRESS,
          "IPv4".equals(r.getString("ethertype")) ? SecurityGroupRule.EtherType.IPV4 : SecurityGroupRule.EtherType.IPV6,
          r.getString("protocol"), r.getInteger("port_range_min"), r.getInteger("port_range_max"),
          prefix == null ? null : Cidr.parse(prefix), r.getString("remote_group_id"), r.getString("description"), stamp(r)));
    }
    return new SecurityGroup(b.getString("id"), b.getString("project_id"), b.getString("name"), b.getString("description"), rules, stamp(b));
  }

  private static Router parseRouter(JsonObject b) {
    JsonObject in = b.getJsonObject(INTERNAL);
    List<Router.Interface> interfaces = new ArrayList<>();
    for (Object o : in.getJsonArray("interfaces")) {
      JsonObject i = (JsonObject) o;
      interfaces.add(new Router.Interface(i.getString("subnet_id"), i.getString("port_id")));
    }
    List<Router.Route> routes = new ArrayList<>();
    for (Object o : b.getJsonArray("routes")) {
      JsonObject r = (JsonObject) o;
      routes.add(new Router.Route(Cidr.parse(r.getString("destination")), IpAddress.parse(r.getString("nexthop"))));
    }
    return new Router(b.getString("id"), b.getString("project_id"), b.getString("name"), b.getString("description"),
        b.getBoolean("admin_state_up"), interfaces, routes, stamp(b));
  }
}
