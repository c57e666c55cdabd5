package io.alcorvx.engine;

import io.alcorvx.engine.command.Command.CreateSecurityGroup;
import io.alcorvx.engine.command.Command.CreateSecurityGroupRule;
import io.alcorvx.engine.command.Command.DeleteSecurityGroup;
import io.alcorvx.engine.command.Command.DeleteSecurityGroupRule;
import io.alcorvx.engine.command.Command.UpdateSecurityGroup;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.SecurityGroupRule.Direction;
import io.alcorvx.engine.model.SecurityGroupRule.EtherType;
import io.alcorvx.engine.model.Stamp;
import io.alcorvx.engine.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Security groups and rules, including the per-project default group Neutron creates on first use. */
final class SecurityGroupCommands {
  private SecurityGroupCommands() {}

  private static final Set<String> PORTED_PROTOCOLS = Set.of("tcp", "udp", "sctp", "6", "17", "132");
  private static final Set<String> NAMED_PROTOCOLS = Set.of("tcp", "udp", "sctp", "icmp", "icmpv6", "ipv6-icmp");

  static SecurityGroup create(Tx tx, CreateSecurityGroup c) {
    String project = tx.ownerProject(c.projectId());
    String name = Tx.orEmpty(c.name());
    if (Model.DEFAULT_SECURITY_GROUP_NAME.equals(name) && tx.model.defaultSecurityGroupOf(project) != null) {
      throw EngineException.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
    }
    String id = tx.idOr(c.id());
    if (tx.model.securityGroup(id) != null) throw EngineException.conflict("SecurityGroupExists", "Security group " + id + " already exists.");
    // Every new group lets all traffic out, like Neutron.
    SecurityGroup g = new SecurityGroup(id, project, name, Tx.orEmpty(c.description()),
        List.of(egressAll(tx, id, project, EtherType.IPV4), egressAll(tx, id, project, EtherType.IPV6)), Stamp.created(tx.now));
    tx.create(g);
    return g;
  }

  /** The project's default group, created with Neutron's default rules if it does not exist yet. */
  static SecurityGroup ensureDefault(Tx tx, String project) {
    String existing = tx.model.defaultSecurityGroupOf(project);
    if (existing != null) return tx.model.securityGroup(existing);
    String id = tx.ids.next();
    SecurityGroup g = new SecurityGroup(id, project, Model.DEFAULT_SECURITY_GROUP_NAME, "Default security group",
        List.of(egressAll(tx, id, project, EtherType.IPV4), egressAll(tx, id, project, EtherType.IPV6),
            ingressFromGroup(tx, id, project, EtherType.IPV4), ingressFromGroup(tx, id, project, EtherType.IPV6)),
        Stamp.created(tx.now));
    tx.create(g);
    return g;
  }

  static SecurityGroup update(Tx tx, UpdateSecurityGroup c) {
    SecurityGroup old = Lookups.securityGroup(tx, c.id());
    if (Model.DEFAULT_SECURITY_GROUP_NAME.equals(old.name()) && c.name() != null && !c.name().equals(old.name())) {
      throw EngineException.conflict("SecurityGroupCannotUpdateDefault", "Updating the name of the default security group is not allowed.");
    }
    SecurityGroup g = new SecurityGroup(old.id(), old.projectId(), Tx.or(c.name(), old.name()),
        Tx.or(c.description(), old.description()), old.rules(), old.stamp().bumped(tx.now));
    tx.update(old, g);
    return g;
  }

  static void delete(Tx tx, DeleteSecurityGroup c) {
    SecurityGroup g = Lookups.securityGroup(tx, c.id());
    if (!tx.model.portsOfSecurityGroup(g.id()).isEmpty()) {
      throw EngineException.conflict("SecurityGroupInUse", "Security Group " + g.id() + " in use.");
    }
    if (!tx.actor.admin() && g.id().equals(tx.model.defaultSecurityGroupOf(g.projectId()))) {
      throw EngineException.conflict("SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.");
    }
    // Rules of other groups that name this one as remote group go with it (Neutron cascades them).
    for (SecurityGroup other : new ArrayList<>(tx.model.securityGroups())) {
      if (other == g) continue;
      List<SecurityGroupRule> kept = other.rules().stream().filter(r -> !g.id().equals(r.remoteGroupId())).toList();
      if (kept.size() != other.rules().size()) {
        tx.update(other, new SecurityGroup(other.id(), other.projectId(), other.name(), other.description(), kept, other.stamp().bumped(tx.now)));
      }
    }
    tx.delete(g);
  }

  static SecurityGroupRule createRule(Tx tx, CreateSecurityGroupRule c) {
    SecurityGroup g = Lookups.securityGroup(tx, c.securityGroupId());
    String project = c.projectId() == null ? g.projectId() : tx.ownerProject(c.projectId());
    Direction direction = switch (String.valueOf(c.direction()).toLowerCase(Locale.ROOT)) {
      case "ingress" -> Direction.INGRESS;
      case "egress" -> Direction.EGRESS;
      default -> throw EngineException.badRequest("direction must be 'ingress' or 'egress', got '" + c.direction() + "'");
    };
    EtherType ethertype = switch (c.ethertype() == null ? "IPv4" : c.ethertype()) {
      case "IPv4" -> EtherType.IPV4;
      case "IPv6" -> EtherType.IPV6;
      default -> throw EngineException.badRequest("ethertype must be 'IPv4' or 'IPv6', got '" + c.ethertype() + "'");
    };
    String protocol = normalizeProtocol(c.protocol());
    checkPorts(protocol, c.portRangeMin(), c.portRangeMax());
    if (c.remoteIpPrefix() != null && c.remoteGroupId() != null) {
      throw EngineException.badRequest("Only one of remote_ip_prefix and remote_group_id may be given.");
    }
    Cidr prefix = c.remoteIpPrefix() == null ? null : Tx.parse("remote_ip_prefix", () -> Cidr.parseLenient(c.remoteIpPrefix()));
    if (prefix != null && prefix.version() != (ethertype == EtherType.IPV4 ? 4 : 6)) {
      throw EngineException.badRequest("Conflicting value ethertype " + c.ethertype() + " for remote_ip_prefix " + prefix + ".");
    }
    String remoteGroup = c.remoteGroupId() == null ? null : Lookups.securityGroup(tx, c.remoteGroupId()).id();
    String id = tx.idOr(c.id());
    if (tx.model.securityGroupOfRule(id) != null) throw EngineException.conflict("SecurityGroupRuleExists", "Security group rule " + id + " already exists.");
    SecurityGroupRule rule = new SecurityGroupRule(id, g.id(), project, direction, ethertype, protocol, c.portRangeMin(),
        c.portRangeMax(), prefix, remoteGroup, Tx.orEmpty(c.description()), Stamp.created(tx.now));
    for (SecurityGroupRule existing : g.rules()) {
      if (existing.sameMatchAs(rule)) {
        throw EngineException.conflict("SecurityGroupRuleExists", "Security group rule already exists. Rule id is " + existing.id() + ".");
      }
    }
    List<SecurityGroupRule> rules = new ArrayList<>(g.rules());
    rules.add(rule);
    tx.update(g, new SecurityGroup(g.id(), g.projectId(), g.name(), g.description(), rules, g.stamp().bumped(tx.now)));
    return rule;
  }

  static void deleteRule(Tx tx, DeleteSecurityGroupRule c) {
    String groupId = c.id() == null ? null : tx.model.securityGroupOfRule(c.id());
    SecurityGroup g = groupId == null ? null : tx.model.securityGroup(groupId);
    if (g == null || !tx.actor.canSee(g.projectId())) throw EngineException.notFound("SecurityGroupRule", String.valueOf(c.id()));
    List<SecurityGroupRule> rules = g.rules().stream().filter(r -> !r.id().equals(c.id())).toList();
    tx.update(g, new SecurityGroup(g.id(), g.projectId(), g.name(), g.description(), rules, g.stamp().bumped(tx.now)));
  }

  private static String normalizeProtocol(String protocol) {
    if (protocol == null || protocol.isEmpty() || protocol.equalsIgnoreCase("any")) return null;
    String p = protocol.toLowerCase(Locale.ROOT);
    if (NAMED_PROTOCOLS.contains(p)) return p.equals("ipv6-icmp") ? "icmpv6" : p;
    try {
      int n = Integer.parseInt(p);
      if (n >= 0 && n <= 255) return Integer.toString(n);
    } catch (NumberFormatException ignored) {
      // falls through to the error below
    }
    throw EngineException.badRequest("SecurityGroupRuleInvalidProtocol", "Security group rule protocol " + protocol
        + " not supported. Only protocol values " + NAMED_PROTOCOLS + " and integer representations [0 to 255] are supported.");
  }

  private static void checkPorts(String protocol, Integer min, Integer max) {
    if (min == null && max == null) return;
    if (protocol == null) throw EngineException.badRequest("Ports require a protocol (tcp, udp, sctp or icmp).");
    boolean icmp = protocol.equals("icmp") || protocol.equals("icmpv6") || protocol.equals("1") || protocol.equals("58");
    if (icmp) {
      // port_range_min is the ICMP type, port_range_max the code
      if ((min != null && (min < 0 || min > 255)) || (max != null && (max < 0 || max > 255))) {
        throw EngineException.badRequest("SecurityGroupInvalidIcmpValue", "Invalid ICMP type/code " + min + "/" + max + ".");
      }
      if (max != null && min == null) throw EngineException.badRequest("ICMP code (port_range_max) " + max + " is given without an ICMP type.");
      return;
    }
    if (!PORTED_PROTOCOLS.contains(protocol)) throw EngineException.badRequest("Ports are only valid for tcp, udp, sctp and icmp, not " + protocol + ".");
    if (min == null || max == null || min < 1 || max > 65535 || min > max) {
      throw EngineException.badRequest("SecurityGroupInvalidPortRange", "For TCP/UDP protocols, port_range_min must be <= port_range_max, within 1..65535 (got " + min + ".." + max + ").");
    }
  }

  private static SecurityGroupRule egressAll(Tx tx, String group, String project, EtherType type) {
    return new SecurityGroupRule(tx.ids.next(), group, project, Direction.EGRESS, type, null, null, null, null, null, "", Stamp.created(tx.now));
  }

  private static SecurityGroupRule ingressFromGroup(Tx tx, String group, String project, EtherType type) {
    return new SecurityGroupRule(tx.ids.next(), group, project, Direction.INGRESS, type, null, null, null, null, group, "", Stamp.created(tx.now));
  }
}
