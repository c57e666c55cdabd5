package io.alcorvx.engine.model;

import io.alcorvx.engine.net.Cidr;

/**
 * One rule. {@code protocol} is null for any protocol, else a lowercase name ("tcp", "udp",
 * "icmp", "icmpv6") or a decimal protocol number; port bounds are null when unset.
 */
public record SecurityGroupRule(
    String id,
    String securityGroupId,
    String projectId,
    Direction direction,
    EtherType ethertype,
    String protocol,
    Integer portRangeMin,
    Integer portRangeMax,
    Cidr remoteIpPrefix,
    String remoteGroupId,
    String description,
    Stamp stamp) {

  public enum Direction { INGRESS, EGRESS }

  public enum EtherType { IPV4, IPV6 }

  /** Same match (Neutron refuses a second rule that matches exactly what an existing one does). */
  public boolean sameMatchAs(SecurityGroupRule o) {
    return direction == o.direction && ethertype == o.ethertype
        && java.util.Objects.equals(protocolNumber(protocol), protocolNumber(o.protocol))
        && java.util.Objects.equals(portRangeMin, o.portRangeMin)
        && java.util.Objects.equals(portRangeMax, o.portRangeMax)
        && java.util.Objects.equals(matchedPrefix(remoteIpPrefix), matchedPrefix(o.remoteIpPrefix))
        && java.util.Objects.equals(remoteGroupId, o.remoteGroupId);
  }

  /** Like Neutron, "tcp" and "6" are the same match. */
  private static String protocolNumber(String protocol) {
    if (protocol == null) return null;
    return switch (protocol) {
      case "tcp" -> "6";
      case "udp" -> "17";
      case "icmp" -> "1";
      case "icmpv6" -> "58";
      case "sctp" -> "132";
      default -> protocol;
    };
  }

  /** Like Neutron, 0.0.0.0/0 and ::/0 match the same as no prefix. */
  private static Cidr matchedPrefix(Cidr prefix) {
    return prefix != null && prefix.prefixLength() == 0 ? null : prefix;
  }
}
