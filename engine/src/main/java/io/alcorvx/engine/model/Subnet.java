package io.alcorvx.engine.model;

import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.IpRange;
import java.util.List;

/** A Neutron subnet. {@code gatewayIp} is null when the subnet has no gateway. */
public record Subnet(
    String id,
    String projectId,
    String networkId,
    String name,
    String description,
    Cidr cidr,
    IpAddress gatewayIp,
    List<IpRange> allocationPools,
    boolean enableDhcp,
    List<String> dnsNameservers,
    List<HostRoute> hostRoutes,
    Stamp stamp) implements Resource {

  public Subnet {
    allocationPools = List.copyOf(allocationPools);
    dnsNameservers = List.copyOf(dnsNameservers);
    hostRoutes = List.copyOf(hostRoutes);
  }

  public int ipVersion() { return cidr.version(); }

  @Override public long revision() { return stamp.revision(); }

  /** A static route handed to instances by DHCP. */
  public record HostRoute(Cidr destination, IpAddress nexthop) {}
}
