package io.alcorvx.engine.model;

import io.alcorvx.engine.net.IpAddress;
import java.util.List;

/**
 * A Neutron port. {@code bindingHostId} is what the client set as {@code binding:host_id} (empty
 * when unbound); {@code hostKey} is the registered host it resolves to (by id or name), or the
 * binding itself while no such host is registered. The goal state is addressed by {@code hostKey}.
 */
public record Port(
    String id,
    String projectId,
    String networkId,
    String name,
    String description,
    long macAddress,
    List<FixedIp> fixedIps,
    String deviceId,
    String deviceOwner,
    String bindingHostId,
    String hostKey,
    List<String> securityGroupIds,
    List<AddressPair> allowedAddressPairs,
    boolean adminStateUp,
    PortStatus status,
    Stamp stamp) implements Resource {

  public static final String ROUTER_INTERFACE_OWNER = "network:router_interface";

  public Port {
    fixedIps = List.copyOf(fixedIps);
    securityGroupIds = List.copyOf(securityGroupIds);
    allowedAddressPairs = List.copyOf(allowedAddressPairs);
  }

  @Override public long revision() { return stamp.revision(); }

  public boolean isBound() { return !hostKey.isEmpty(); }

  public boolean isRouterInterface() { return ROUTER_INTERFACE_OWNER.equals(deviceOwner); }

  /** The port's address on the given subnet, or null. */
  public IpAddress ipOn(String subnetId) {
    for (FixedIp f : fixedIps) {
      if (f.subnetId().equals(subnetId)) return f.ipAddress();
    }
    return null;
  }

  public Port withStatus(PortStatus newStatus, long now) {
    return new Port(id, projectId, networkId, name, description, macAddress, fixedIps, deviceId,
        deviceOwner, bindingHostId, hostKey, securityGroupIds, allowedAddressPairs, adminStateUp,
        newStatus, stamp.bumped(now));
  }

  public Port withHostKey(String newHostKey, long now) {
    return new Port(id, projectId, networkId, name, description, macAddress, fixedIps, deviceId,
        deviceOwner, bindingHostId, newHostKey, securityGroupIds, allowedAddressPairs, adminStateUp,
        status, stamp.bumped(now));
  }

  public record FixedIp(String subnetId, IpAddress ipAddress) {}

  /** An allowed address pair: an address or CIDR, and optionally a MAC (-1 = the port's own). */
  public record AddressPair(String ipAddress, long macAddress) {}
}
