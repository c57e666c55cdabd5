package io.alcorvx.perf.cli;

import io.vertx.core.net.SocketAddress;
import picocli.CommandLine.Option;

/** The agent gateway a tool connects to and the token it presents (options shared by the perf tools). */
public final class GatewayTarget {
  @Option(names = "--gateway", description = "agent gateway host:port (default ${DEFAULT-VALUE})")
  public String gateway = "127.0.0.1:9697";

  @Option(names = "--token", description = "agent token, sent as 'authorization: Bearer <token>' (default: none)")
  public String token;

  /** {@code --gateway} as an address; IPv6 hosts may be bracketed. */
  public SocketAddress address() { return parse(gateway); }

  public static SocketAddress parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) throw new IllegalArgumentException("--gateway must be host:port, got " + s);
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--gateway port is not a number: " + s);
    }
    if (port < 1 || port > 65535) throw new IllegalArgumentException("--gateway port out of range: " + s);
    return SocketAddress.inetSocketAddress(port, host);
  }
}
