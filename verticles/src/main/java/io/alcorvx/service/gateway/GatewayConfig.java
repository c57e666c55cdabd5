package io.alcorvx.service.gateway;

/**
 * Settings of the agent gateway: where its gRPC server listens, the shared agent token (null =
 * agents are not authenticated; the launcher warns) and how many agent streams it holds at most.
 */
public record GatewayConfig(String host, int port, String agentToken, int maxSessions) {
  public static final int DEFAULT_PORT = 9697;
  public static final int DEFAULT_MAX_SESSIONS = 20_000;

  public GatewayConfig {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("gateway host is required");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("gateway port must be within 0..65535, got " + port);
    if (maxSessions < 1) throw new IllegalArgumentException("gateway max sessions must be at least 1, got " + maxSessions);
    if (agentToken != null && agentToken.isEmpty()) agentToken = null;
  }

  /** All interfaces, the default port, no token, the default session limit. */
  public static GatewayConfig defaults() { return new GatewayConfig("0.0.0.0", DEFAULT_PORT, null, DEFAULT_MAX_SESSIONS); }

  public GatewayConfig withHost(String h) { return new GatewayConfig(h, port, agentToken, maxSessions); }

  public GatewayConfig withPort(int p) { return new GatewayConfig(host, p, agentToken, maxSessions); }

  public GatewayConfig withAgentToken(String token) { return new GatewayConfig(host, port, token, maxSessions); }

  public GatewayConfig withMaxSessions(int max) { return new GatewayConfig(host, port, agentToken, max); }

  public boolean authenticates() { return agentToken != null; }

  @Override public String toString() {
    return "GatewayConfig[host=" + host + ", port=" + port + ", agentToken=" + (agentToken == null ? "none" : "***")
        + ", maxSessions=" + maxSessions + "]";
  }
}
