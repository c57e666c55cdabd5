package io.alcorvx.perf.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;

/**
 * Request bodies for port creates, built from a fixed prefix so the hot path only appends numbers.
 * Port {@code i} is named {@code <namePrefix><i>}; with {@code hosts > 0} it is bound to
 * {@code host-<i % hosts>} ({@code binding:host_id}).
 */
public final class PortBodies {
  private final String head;
  private final int hosts;

  public PortBodies(String networkId, String namePrefix, int hosts) {
    if (hosts < 0) throw new IllegalArgumentException("hosts < 0");
    this.head = "{\"network_id\":" + Json.encode(networkId) + ",\"name\":\"" + unquote(Json.encode(namePrefix));
    this.hosts = hosts;
  }

  /** One port object (no envelope). */
  public void appendPort(StringBuilder sb, long i) {
    sb.append(head).append(i).append('"');
    if (hosts > 0) sb.append(",\"binding:host_id\":\"host-").append(i % hosts).append('"');
    sb.append('}');
  }

  /** {@code {"port": {...}}} for a single create. */
  public String single(long i) {
    StringBuilder sb = new StringBuilder(160).append("{\"port\":");
    appendPort(sb, i);
    return sb.append('}').toString();
  }

  /** {@code {"ports": [...]}} for a bulk create of ports {@code from} (inclusive) to {@code to} (exclusive). */
  public String bulk(long from, long to) {
    if (to <= from) throw new IllegalArgumentException("empty batch");
    StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, 16 + (to - from) * 140)).append("{\"ports\":[");
    for (long i = from; i < to; i++) {
      if (i > from) sb.append(',');
      appendPort(sb, i);
    }
    return sb.append("]}").toString();
  }

  public Buffer singleBuffer(long i) { return Buffer.buffer(single(i)); }

  /** Number of bulk requests for {@code ports} ports at {@code batch} per request. */
  public static long batches(long ports, int batch) {
    if (batch <= 0) throw new IllegalArgumentException("batch must be > 0");
    return (ports + batch - 1) / batch;
  }

  private static String unquote(String quoted) { return quoted.substring(1, quoted.length() - 1); }
}
