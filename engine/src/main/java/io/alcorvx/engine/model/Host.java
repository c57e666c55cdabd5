package io.alcorvx.engine.model;

import io.alcorvx.engine.net.IpAddress;

/**
 * A compute host that runs an agent: where ports are bound and goal states are sent.
 * {@code agentEndpoint} is empty for agents that open a session to the gateway, or "ip:port" of
 * an upstream-style agent that is itself a gRPC server the gateway pushes to.
 */
public record Host(String id, String name, IpAddress ipAddress, long macAddress, String agentEndpoint, Stamp stamp)
    implements Resource {

  public Host {
    agentEndpoint = agentEndpoint == null ? "" : agentEndpoint;
  }

  public Host(String id, String name, IpAddress ipAddress, long macAddress, Stamp stamp) {
    this(id, name, ipAddress, macAddress, "", stamp);
  }

  @Override public long revision() { return stamp.revision(); }

  public boolean isUpstreamAgent() { return !agentEndpoint.isEmpty(); }
}
