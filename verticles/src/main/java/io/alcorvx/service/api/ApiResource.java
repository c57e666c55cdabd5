package io.alcorvx.service.api;

import io.alcorvx.service.codec.ResourceKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Neutron resources the API serves: URL collection, JSON keys, the stored kind (none for
 * security-group rules, which live inside their groups), and every attribute a client can see,
 * with the type that decides how it filters and sorts.
 */
enum ApiResource {
  NETWORK("networks", "network", "networks", ResourceKind.NETWORK, "Network",
      attrs("admin_state_up", Type.BOOL, "shared", Type.BOOL, "router:external", Type.BOOL, "mtu", Type.INT,
          "status", Type.STR, "subnets", Type.STR_LIST, "provider:network_type", Type.STR,
          "provider:segmentation_id", Type.INT, "provider:physical_network", Type.STR,
          "port_security_enabled", Type.BOOL, "availability_zone_hints", Type.OTHER, "availability_zones", Type.OTHER,
          "ipv4_address_scope", Type.STR, "ipv6_address_scope", Type.STR, "fanout_mode", Type.STR)),
  SUBNET("subnets", "subnet", "subnets", ResourceKind.SUBNET, "Subnet",
      attrs("network_id", Type.STR, "ip_version", Type.INT, "cidr", Type.STR, "gateway_ip", Type.STR,
          "allocation_pools", Type.OTHER, "enable_dhcp", Type.BOOL, "dns_nameservers", Type.STR_LIST,
          "host_routes", Type.OTHER, "ipv6_ra_mode", Type.STR, "ipv6_address_mode", Type.STR,
          "subnetpool_id", Type.STR, "segment_id", Type.STR, "service_types", Type.STR_LIST)),
  PORT("ports", "port", "ports", ResourceKind.PORT, "Port",
      attrs("network_id", Type.STR, "mac_address", Type.STR, "fixed_ips", Type.FIXED_IPS, "device_id", Type.STR,
          "device_owner", Type.STR, "binding:host_id", Type.STR, "binding:vif_type", Type.STR,
          "binding:vnic_type", Type.STR, "binding:profile", Type.OTHER, "binding:vif_details", Type.OTHER,
          "security_groups", Type.STR_LIST, "allowed_address_pairs", Type.OTHER, "admin_state_up", Type.BOOL,
          "status", Type.STR, "port_security_enabled", Type.BOOL, "extra_dhcp_opts", Type.OTHER)),
  SECURITY_GROUP("security-groups", "security_group", "security_groups", ResourceKind.SECURITY_GROUP, "SecurityGroup",
      attrs("stateful", Type.BOOL, "security_group_rules", Type.OTHER)),
  SECURITY_GROUP_RULE("security-group-rules", "security_group_rule", "security_group_rules", null, "SecurityGroupRule",
      ruleAttrs()),
  ROUTER("routers", "router", "routers", ResourceKind.ROUTER, "Router",
      attrs("admin_state_up", Type.BOOL, "status", Type.STR, "routes", Type.OTHER, "external_gateway_info", Type.OTHER,
          "distributed", Type.BOOL, "ha", Type.BOOL, "availability_zone_hints", Type.OTHER,
          "availability_zones", Type.OTHER, "flavor_id", Type.STR));

  /** How an attribute filters and sorts. */
  enum Type {
    STR, BOOL, INT,
    /** A list of strings: a filter value matches when the list contains it. */
    STR_LIST,
    /** Port fixed IPs: filter values are {@code ip_address=...} / {@code subnet_id=...}. */
    FIXED_IPS,
    /** Structured: shown, neither filtered nor sorted. */
    OTHER;

    boolean filterable() { return this != OTHER; }

    boolean sortable() { return this == STR || this == BOOL || this == INT; }
  }

  /** Path segment under /v2.0. */
  final String collection;
  /** JSON key of one ("network"). */
  final String singular;
  /** JSON key of many ("networks"). */
  final String plural;
  /** Stored kind, or null for rules. */
  final ResourceKind kind;
  /** Neutron's name in error types ("NetworkNotFound"). */
  final String typeName;
  /** Every attribute a client sees, with its type. */
  final Map<String, Type> attributes;

  ApiResource(String collection, String singular, String plural, ResourceKind kind, String typeName, Map<String, Type> specific) {
    this.collection = collection;
    this.singular = singular;
    this.plural = plural;
    this.kind = kind;
    this.typeName = typeName;
    Map<String, Type> all = new LinkedHashMap<>();
    if (kind != null) {
      all.putAll(attrs("id", Type.STR, "name", Type.STR, "description", Type.STR, "project_id", Type.STR,
          "tenant_id", Type.STR, "revision_number", Type.INT, "created_at", Type.STR, "updated_at", Type.STR,
          "tags", Type.OTHER));
    }
    all.putAll(specific);
    this.attributes = Collections.unmodifiableMap(all);
  }

  static ApiResource byCollection(String collection) {
    for (ApiResource r : values()) {
      if (r.collection.equals(collection)) return r;
    }
    return null;
  }

  private static Map<String, Type> ruleAttrs() {
    return attrs("id", Type.STR, "security_group_id", Type.STR, "project_id", Type.STR, "tenant_id", Type.STR,
        "direction", Type.STR, "ethertype", Type.STR, "protocol", Type.STR, "port_range_min", Type.INT,
        "port_range_max", Type.INT, "remote_ip_prefix", Type.STR, "remote_group_id", Type.STR,
        "remote_address_group_id", Type.STR, "description", Type.STR, "normalized_cidr", Type.STR,
        "revision_number", Type.INT, "created_at", Type.STR, "updated_at", Type.STR, "tags", Type.OTHER);
  }

  private static Map<String, Type> attrs(Object... pairs) {
    Map<String, Type> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Type) pairs[i + 1]);
    return m;
  }
}
