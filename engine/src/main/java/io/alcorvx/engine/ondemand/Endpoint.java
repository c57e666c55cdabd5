package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.net.IpAddress;
import java.util.List;

/**
 * One address of a port, with what the resolver decides on copied beside it: the subnet of that
 * address, the port's host, admin state and security groups. The resolver reads this one object
 * per end instead of the port and, behind it, its fixed-IP list, each fixed IP and its address
 * object: in a large VPC each of those reads is a cache miss, and they depend on each other, so
 * they cannot overlap. {@code port} is carried for the answer, not read.
 */
public record Endpoint(Port port, String subnetId, String hostKey, boolean adminStateUp, List<String> securityGroupIds) {

  /**
   * The endpoint of {@code port}'s address {@code ip}.
   *
   * @param groups the port's security group ids, or an equal list to share among endpoints
   * @throws IllegalStateException if the port does not hold {@code ip} (the index that found it is wrong)
   */
  public static Endpoint of(Port port, IpAddress ip, List<String> groups) {
    List<Port.FixedIp> ips = port.fixedIps();
    for (int i = 0; i < ips.size(); i++) {
      if (ips.get(i).ipAddress().equals(ip)) {
        return new Endpoint(port, ips.get(i).subnetId(), port.hostKey(), port.adminStateUp(), groups);
      }
    }
    throw new IllegalStateException("port " + port.id() + " is indexed under " + ip + " but does not hold it");
  }

  public static Endpoint of(Port port, IpAddress ip) { return of(port, ip, port.securityGroupIds()); }
}
