package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.net.IpAddress;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a port's security groups allow a flow in one direction. Rules are compiled
 * once per group revision into plain fields (protocol number, port bounds, prefix), so the check
 * is a few comparisons per rule with no string work on the hot path.
 */
final class SecurityGroupMatcher {
  static final int ANY = -1;

  private final ResolverView model;
  /** Concurrent: a resolver over a {@link PublishedView} is used from many threads. */
  private final Map<String, Compiled> cache = new java.util.concurrent.ConcurrentHashMap<>();

  SecurityGroupMatcher(ResolverView model) { this.model = model; }

  /**
   * @param groups the security groups of the port that is checked
   * @param ingress true for traffic arriving at the port, false for traffic leaving it
   * @param peerGroups the security groups of the other end of the flow (for remote-group rules)
   * @param peerIp the other end's address
   */
  boolean allows(List<String> groups, boolean ingress, List<String> peerGroups, IpAddress peerIp, int protocol, int dstPort) {
    if (groups.isEmpty()) return true; // no groups: Neutron applies no filtering
    for (int g = 0; g < groups.size(); g++) {
      Compiled c = compiled(groups.get(g));
      if (c != null && c.allows(ingress, peerGroups, peerIp, protocol, dstPort)) return true;
    }
    return false;
  }

  private Compiled compiled(String groupId) {
    SecurityGroup g = model.securityGroup(groupId);
    if (g == null) return null;
    Compiled c = cache.get(groupId);
    if (c == null || c.group != g) {
      c = new Compiled(g);
      cache.put(groupId, c);
    }
    return c;
  }

  private static final class Compiled {
    final SecurityGroup group;
    final boolean[] ingress;
    final int[] ipVersion;
    final int[] protocol;
    final int[] portMin;
    final int[] portMax;
    final io.alcorvx.engine.net.Cidr[] prefix;
    final String[] remoteGroup;

    Compiled(SecurityGroup g) {
      group = g;
      int n = g.rules().size();
      ingress = new boolean[n];
      ipVersion = new int[n];
      protocol = new int[n];
      portMin = new int[n];
      portMax = new int[n];
      prefix = new io.alcorvx.engine.net.Cidr[n];
      remoteGroup = new String[n];
      for (int i = 0; i < n; i++) {
        SecurityGroupRule r = g.rules().get(i);
        ingress[i] = r.direction() == SecurityGroupRule.Direction.INGRESS;
        ipVersion[i] = r.ethertype() == SecurityGroupRule.EtherType.IPV4 ? 4 : 6;
        protocol[i] = protocolNumber(r.protocol());
        boolean ported = protocol[i] == 6 || protocol[i] == 17 || protocol[i] == 132;
        portMin[i] = ported && r.portRangeMin() != null ? r.portRangeMin() : ANY;
        portMax[i] = ported && r.portRangeMax() != null ? r.portRangeMax() : ANY;
        prefix[i] = r.remoteIpPrefix();
        remoteGroup[i] = r.remoteGroupId();
      }
    }

    boolean allows(boolean in, List<String> peerGroups, IpAddress peerIp, int proto, int dstPort) {
      int version = peerIp.version();
      for (int i = 0; i < ingress.length; i++) {
        if (ingress[i] != in || ipVersion[i] != version) continue;
        if (protocol[i] != ANY && protocol[i] != proto) continue;
        if (portMin[i] != ANY && (dstPort < portMin[i] || dstPort > portMax[i])) continue;
        if (prefix[i] != null && !prefix[i].contains(peerIp)) continue;
        if (remoteGroup[i] != null && !peerGroups.contains(remoteGroup[i])) continue;
        return true;
      }
      return false;
    }
  }

  /** IANA protocol number of a rule's protocol, or ANY. */
  static int protocolNumber(String protocol) {
    if (protocol == null) return ANY;
    return switch (protocol) {
      case "tcp" -> 6;
      case "udp" -> 17;
      case "icmp" -> 1;
      case "icmpv6" -> 58;
      case "sctp" -> 132;
      default -> Integer.parseInt(protocol);
    };
  }
}
