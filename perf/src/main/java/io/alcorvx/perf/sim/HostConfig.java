package io.alcorvx.perf.sim;

import java.util.Objects;

/**
 * Identity and behaviour of one simulated host.
 *
 * @param hostId {@code AgentHello.host_id}: the host name ports are bound to ({@code binding:host_id})
 * @param hostName {@code AgentHello.host_name}
 * @param hostIp {@code AgentHello.host_ip}
 * @param hostMac {@code AgentHello.host_mac}
 * @param token bearer token sent as metadata {@code authorization: Bearer <token>}; null or empty = none
 * @param ack how deltas are answered
 * @param reconnect backoff between sessions
 */
public record HostConfig(String hostId, String hostName, String hostIp, String hostMac, String token, AckPolicy ack,
    ReconnectPolicy reconnect) {

  /** What the simulated hosts report as {@code AgentHello.agent_version}. */
  public static final String AGENT_VERSION = "alcor-perf-sim/0.1";

  public HostConfig {
    Objects.requireNonNull(hostId, "hostId");
    if (hostName == null) hostName = hostId;
    if (hostIp == null) hostIp = "";
    if (hostMac == null) hostMac = "";
    if (token != null && token.isEmpty()) token = null;
    if (ack == null) ack = AckPolicy.IMMEDIATE;
    if (reconnect == null) reconnect = ReconnectPolicy.DEFAULT;
  }

  /** Host {@code index} of a fleet: id and name {@code prefix + index}, IP and MAC derived from the index. */
  public static HostConfig numbered(String prefix, int index, String token, AckPolicy ack, ReconnectPolicy reconnect) {
    String id = prefix + index;
    return new HostConfig(id, id, ipOf(index), macOf(index), token, ack, reconnect);
  }

  /** 10.128.0.0 + index + 1 (unique for up to 8M hosts). */
  static String ipOf(int index) {
    long a = 0x0A800000L + index + 1;
    return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }

  /** A locally administered unicast MAC, 02:5e:xx:xx:xx:xx from the index. */
  static String macOf(int index) {
    return String.format("02:5e:%02x:%02x:%02x:%02x", (index >>> 24) & 0xff, (index >>> 16) & 0xff,
        (index >>> 8) & 0xff, index & 0xff);
  }
}
