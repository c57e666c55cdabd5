package io.alcorvx.service.codec;

import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;

/** The stored resource types: their table, Neutron collection name and singular name. */
public enum ResourceKind {
  HOST("hosts", "hosts", "host"),
  NETWORK("networks", "networks", "network"),
  SECURITY_GROUP("security_groups", "security-groups", "security_group"),
  SUBNET("subnets", "subnets", "subnet"),
  ROUTER("routers", "routers", "router"),
  PORT("ports", "ports", "port");

  /** Load order: every record's references are loaded before it (the enum order). */
  public final String table;
  public final String collection;
  public final String singular;

  ResourceKind(String table, String collection, String singular) {
    this.table = table;
    this.collection = collection;
    this.singular = singular;
  }

  /** The JSON key of a list of them ("security_groups"). */
  public String plural() { return table; }

  public static ResourceKind of(Resource r) {
    if (r instanceof Port) return PORT;
    if (r instanceof Network) return NETWORK;
    if (r instanceof Subnet) return SUBNET;
    if (r instanceof SecurityGroup) return SECURITY_GROUP;
    if (r instanceof Router) return ROUTER;
    if (r instanceof Host) return HOST;
    throw new IllegalArgumentException("unknown resource " + r);
  }
}
