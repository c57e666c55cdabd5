package io.alcorvx.engine.goalstate;

import com.google.protobuf.Message;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.MacAddress;
import io.alcorvx.proto.DHCPConfiguration;
import io.alcorvx.proto.EtherType;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborType;
import io.alcorvx.proto.NetworkType;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.Protocol;
import io.alcorvx.proto.RouterConfiguration;
import io.alcorvx.proto.SecurityGroupConfiguration;
import io.alcorvx.proto.SubnetConfiguration;
import io.alcorvx.proto.VpcConfiguration;

/**
 * Builds the body of a goal-state entry from records (the engine's records to the upstream
 * wire messages). Bodies never depend on which host receives them, which is what lets one
 * encoding serve every host.
 */
public final class Contents {
  private Contents() {}

  /** The entry for a key as of the view, or null if the resource (or the DHCP need) does not exist. */
  public static Entry of(View view, EntryKey key) {
    Message body = switch (key.type()) {
      case VPC -> vpc(view.network(key.key()));
      case SUBNET -> subnet(view, view.subnet(key.key()));
      case PORT -> port(view, view.port(key.key()));
      case DHCP -> dhcp(view, view.port(key.key()));
      case SECURITYGROUP -> securityGroup(view.securityGroup(key.key()));
      case ROUTER -> router(view, view.router(key.key()));
      case NEIGHBOR -> neighbor(view, key);
      default -> null;
    };
    return body == null ? null : new Entry(key, body);
  }

  static VpcConfiguration vpc(Network n) {
    if (n == null) return null;
    return VpcConfiguration.newBuilder().setRevisionNumber((int) n.revision()).setId(n.id())
        .setProjectId(n.projectId()).setName(n.name()).setTunnelId((int) n.segmentationId()).build();
  }

  static SubnetConfiguration subnet(View view, Subnet s) {
    if (s == null) return null;
    Network n = view.network(s.networkId());
    SubnetConfiguration.Builder b = SubnetConfiguration.newBuilder().setRevisionNumber((int) s.revision()).setId(s.id())
        .setNetworkType(NetworkType.VXLAN).setVpcId(s.networkId()).setName(s.name()).setCidr(s.cidr().toString())
        .setTunnelId(n == null ? 0 : n.segmentationId()).setDhcpEnable(s.enableDhcp());
    if (s.gatewayIp() != null) b.setGateway(SubnetConfiguration.Gateway.newBuilder().setIpAddress(s.gatewayIp().toString()));
    for (String dns : s.dnsNameservers()) b.addDnsEntryList(SubnetConfiguration.DnsEntry.newBuilder().setEntry(dns));
    return b.build();
  }

  static PortConfiguration port(View view, Port p) {
    if (p == null) return null;
    PortConfiguration.Builder b = PortConfiguration.newBuilder().setRevisionNumber((int) p.revision()).setId(p.id())
        .setVpcId(p.networkId()).setName(p.name()).setDeviceId(p.deviceId()).setDeviceOwner(p.deviceOwner())
        .setMacAddress(MacAddress.format(p.macAddress())).setAdminStateUp(p.adminStateUp());
    Host h = p.isBound() ? view.host(p.hostKey()) : null;
    if (h != null) {
      b.setHostInfo(PortConfiguration.HostInfo.newBuilder().setIpAddress(h.ipAddress().toString())
          .setMacAddress(MacAddress.format(h.macAddress())));
    }
    for (Port.FixedIp f : p.fixedIps()) {
      b.addFixedIps(PortConfiguration.FixedIp.newBuilder().setSubnetId(f.subnetId()).setIpAddress(f.ipAddress().toString()));
    }
    for (Port.AddressPair a : p.allowedAddressPairs()) {
      b.addAllowAddressPairs(PortConfiguration.AllowAddressPair.newBuilder().setIpAddress(a.ipAddress())
          .setMacAddress(MacAddress.format(a.macAddress() < 0 ? p.macAddress() : a.macAddress())));
    }
    for (String sg : p.securityGroupIds()) b.addSecurityGroupIds(PortConfiguration.SecurityGroupId.newBuilder().setId(sg));
    return b.build();
  }

  /** DHCP needs of a port: its first address on a DHCP-enabled subnet of each IP version. */
  static DHCPConfiguration dhcp(View view, Port p) {
    if (p == null) return null;
    IpAddress v4 = null;
    IpAddress v6 = null;
    String subnetId = null;
    for (Port.FixedIp f : p.fixedIps()) {
      Subnet s = view.subnet(f.subnetId());
      if (s == null || !s.enableDhcp()) continue;
      if (subnetId == null) subnetId = s.id();
      if (f.ipAddress().isV4() && v4 == null) v4 = f.ipAddress();
      if (!f.ipAddress().isV4() && v6 == null) v6 = f.ipAddress();
    }
    if (subnetId == null) return null;
    IpAddress first = v4 != null ? v4 : v6;
    return DHCPConfiguration.newBuilder().setRevisionNumber((int) p.revision()).setId(p.id()).setSubnetId(subnetId)
        .setMacAddress(MacAddress.format(p.macAddress())).setIpv4Address(v4 == null ? "" : v4.toString())
        .setIpv6Address(v6 == null ? "" : v6.toString())
        .setPortHostName("host-" + first.toString().replace('.', '-').replace(':', '-')).build();
  }

  static SecurityGroupConfiguration securityGroup(SecurityGroup g) {
    if (g == null) return null;
    SecurityGroupConfiguration.Builder b = SecurityGroupConfiguration.newBuilder().setRevisionNumber((int) g.revision())
        .setId(g.id()).setName(g.name());
    for (SecurityGroupRule r : g.rules()) {
      SecurityGroupConfiguration.SecurityGroupRule.Builder rb = SecurityGroupConfiguration.SecurityGroupRule.newBuilder()
          .setOperationType(OperationType.CREATE).setSecurityGroupId(g.id()).setId(r.id())
          .setDirection(r.direction() == SecurityGroupRule.Direction.INGRESS
              ? SecurityGroupConfiguration.Direction.INGRESS : SecurityGroupConfiguration.Direction.EGRESS)
          .setEthertype(r.ethertype() == SecurityGroupRule.EtherType.IPV4 ? EtherType.IPV4 : EtherType.IPV6);
      // Upstream's Protocol enum has no "any" value; an unset protocol (any) leaves the field at
      // its default, so agents must read "any" from the rule id set in on-demand replies. See docs.
      Protocol proto = wireProtocol(r.protocol());
      if (proto != null) rb.setProtocol(proto);
      if (r.portRangeMin() != null) rb.setPortRangeMin(r.portRangeMin());
      if (r.portRangeMax() != null) rb.setPortRangeMax(r.portRangeMax());
      if (r.remoteIpPrefix() != null) rb.setRemoteIpPrefix(r.remoteIpPrefix().toString());
      if (r.remoteGroupId() != null) rb.setRemoteGroupId(r.remoteGroupId());
      b.addSecurityGroupRules(rb);
    }
    return b.build();
  }

  static Protocol wireProtocol(String protocol) {
    if (protocol == null) return null;
    return switch (protocol) {
      case "tcp", "6" -> Protocol.TCP;
      case "udp", "17" -> Protocol.UDP;
      case "icmp", "1", "icmpv6", "58" -> Protocol.ICMP;
      default -> null;
    };
  }

  /**
   * A router's tables: for each subnet it joins, a rule per other joined subnet (next hop: the
   * router's address there, with its MAC) and one per extra route.
   */
  static RouterConfiguration router(View view, Router r) {
    if (r == null) return null;
    RouterConfiguration.Builder b = RouterConfiguration.newBuilder().setRevisionNumber((int) r.revision()).setId(r.id());
    for (Router.Interface from : r.interfaces()) {
      RouterConfiguration.SubnetRoutingTable.Builder t = RouterConfiguration.SubnetRoutingTable.newBuilder().setSubnetId(from.subnetId());
      for (Router.Interface to : r.interfaces()) {
        if (to == from) continue;
        Subnet dest = view.subnet(to.subnetId());
        Port gw = view.port(to.portId());
        if (dest == null || gw == null) continue;
        t.addRoutingRules(RouterConfiguration.RoutingRule.newBuilder().setOperationType(OperationType.CREATE)
            .setId(to.portId()).setDestination(dest.cidr().toString())
            .setNextHopIp(gw.ipOn(dest.id()) == null ? "" : gw.ipOn(dest.id()).toString())
            .setRoutingRuleExtraInfo(RouterConfiguration.RoutingRuleExtraInfo.newBuilder()
                .setDestinationType(RouterConfiguration.DestinationType.VPC_GW).setNextHopMac(MacAddress.format(gw.macAddress()))));
      }
      for (Router.Route route : r.routes()) {
        t.addRoutingRules(RouterConfiguration.RoutingRule.newBuilder().setOperationType(OperationType.CREATE)
            .setId("route:" + route.destination()).setDestination(route.destination().toString())
            .setNextHopIp(route.nexthop().toString()).setPriority(1));
      }
      b.addSubnetRoutingTables(t);
    }
    return b.build();
  }

  static NeighborConfiguration neighbor(View view, EntryKey key) {
    Port q = view.port(key.neighborPort());
    if (q == null) return null;
    return neighbor(key, q, q.isBound() ? view.host(q.hostKey()) : null);
  }

  /** The neighbor entry of port {@code q}, bound to host {@code h} (null if unbound or unknown), or null. */
  static Entry neighborEntry(EntryKey key, Port q, Host h) {
    NeighborConfiguration body = neighbor(key, q, h);
    return body == null ? null : new Entry(key, body);
  }

  private static NeighborConfiguration neighbor(EntryKey key, Port q, Host h) {
    String subnetId = key.neighborSubnet();
    IpAddress ip = q.ipOn(subnetId);
    if (ip == null) return null;
    // No revision number: a neighbor body changes only with what it says (address, MAC, host),
    // not with every revision of the port (a status change must not reach every host).
    NeighborConfiguration.Builder b = NeighborConfiguration.newBuilder().setId(q.id())
        .setVpcId(q.networkId()).setName(q.name()).setMacAddress(MacAddress.format(q.macAddress()))
        .setHostIpAddress(h == null ? "" : h.ipAddress().toString())
        .addFixedIps(NeighborConfiguration.FixedIp.newBuilder().setNeighborType(key.isL2Neighbor() ? NeighborType.L2 : NeighborType.L3)
            .setSubnetId(subnetId).setIpAddress(ip.toString()));
    for (Port.AddressPair a : q.allowedAddressPairs()) {
      b.addAllowAddressPairs(NeighborConfiguration.AllowAddressPair.newBuilder().setIpAddress(a.ipAddress())
          .setMacAddress(MacAddress.format(a.macAddress() < 0 ? q.macAddress() : a.macAddress())));
    }
    return b.build();
  }
}
