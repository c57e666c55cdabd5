package io.alcorvx.engine.command;

import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.PortStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that can change engine state. Fields of a create that are null take Neutron's
 * default; fields of an update that are null stay unchanged. For attributes that can be set to
 * "none" (a subnet without gateway) an {@link Optional} distinguishes absent (null), cleared
 * ({@code Optional.empty()}) and set. Ids are null when the engine should generate them.
 */
public sealed interface Command {

  Actor actor();

  /** Applies its members in order, all or nothing (Neutron bulk create). */
  record Batch(Actor actor, List<Command> commands) implements Command {}

  record CreateNetwork(Actor actor, String id, String projectId, String name, String description,
      Boolean adminStateUp, Boolean shared, Boolean external, Integer mtu, Long segmentationId,
      FanoutPolicy fanoutPolicy) implements Command {}

  record UpdateNetwork(Actor actor, String id, String name, String description,
      Boolean adminStateUp, Boolean shared, Boolean external, Integer mtu,
      FanoutPolicy fanoutPolicy) implements Command {}

  record DeleteNetwork(Actor actor, String id) implements Command {}

  /** A pool as the client wrote it. */
  record Pool(String start, String end) {}

  record HostRouteSpec(String destination, String nexthop) {}

  record CreateSubnet(Actor actor, String id, String projectId, String networkId, String name,
      String description, Integer ipVersion, String cidr, Optional<String> gatewayIp,
      List<Pool> allocationPools, Boolean enableDhcp, List<String> dnsNameservers,
      List<HostRouteSpec> hostRoutes) implements Command {}

  record UpdateSubnet(Actor actor, String id, String name, String description,
      Optional<String> gatewayIp, List<Pool> allocationPools, Boolean enableDhcp,
      List<String> dnsNameservers, List<HostRouteSpec> hostRoutes) implements Command {}

  record DeleteSubnet(Actor actor, String id) implements Command {}

  /** A requested fixed IP: a subnet, an address, or both. */
  record FixedIpSpec(String subnetId, String ipAddress) {}

  record AddressPairSpec(String ipAddress, String macAddress) {}

  record CreatePort(Actor actor, String id, String projectId, String networkId, String name,
      String description, String macAddress, List<FixedIpSpec> fixedIps, String deviceId,
      String deviceOwner, String bindingHostId, List<String> securityGroupIds,
      List<AddressPairSpec> allowedAddressPairs, Boolean adminStateUp) implements Command {}

  record UpdatePort(Actor actor, String id, String name, String description, String macAddress,
      List<FixedIpSpec> fixedIps, String deviceId, String deviceOwner, String bindingHostId,
      List<String> securityGroupIds, List<AddressPairSpec> allowedAddressPairs,
      Boolean adminStateUp) implements Command {}

  record DeletePort(Actor actor, String id) implements Command {}

  /** Status reported by agents (ACK: ACTIVE, NACK: ERROR); only the engine owner applies it. */
  record SetPortStatus(Actor actor, Map<String, PortStatus> statuses) implements Command {}

  record CreateSecurityGroup(Actor actor, String id, String projectId, String name,
      String description) implements Command {}

  record UpdateSecurityGroup(Actor actor, String id, String name, String description)
      implements Command {}

  record DeleteSecurityGroup(Actor actor, String id) implements Command {}

  record CreateSecurityGroupRule(Actor actor, String id, String projectId, String securityGroupId,
      String direction, String ethertype, String protocol, Integer portRangeMin,
      Integer portRangeMax, String remoteIpPrefix, String remoteGroupId, String description)
      implements Command {}

  record DeleteSecurityGroupRule(Actor actor, String id) implements Command {}

  record RouteSpec(String destination, String nexthop) {}

  record CreateRouter(Actor actor, String id, String projectId, String name, String description,
      Boolean adminStateUp, List<RouteSpec> routes) implements Command {}

  record UpdateRouter(Actor actor, String id, String name, String description,
      Boolean adminStateUp, List<RouteSpec> routes) implements Command {}

  record DeleteRouter(Actor actor, String id) implements Command {}

  /** Exactly one of subnetId / portId. */
  record AddRouterInterface(Actor actor, String routerId, String subnetId, String portId)
      implements Command {}

  record RemoveRouterInterface(Actor actor, String routerId, String subnetId, String portId)
      implements Command {}

  /**
   * An agent's hello (or an admin) registers or refreshes a host. {@code agentEndpoint}: null keeps
   * what the host had, "" makes it a session agent, "ip:port" an upstream-style agent server.
   */
  record RegisterHost(Actor actor, String id, String name, String ipAddress, String macAddress, String agentEndpoint)
      implements Command {
    public RegisterHost(Actor actor, String id, String name, String ipAddress, String macAddress) {
      this(actor, id, name, ipAddress, macAddress, null);
    }
  }

  record DeleteHost(Actor actor, String id) implements Command {}
}
