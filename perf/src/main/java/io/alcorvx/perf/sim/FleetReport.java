package io.alcorvx.perf.sim;

import io.alcorvx.perf.http.LatencySummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet driver's report: a human-readable block and one JSON line (the last line of stdout).
 * Pure formatting, no I/O.
 *
 * @param config the run's settings, in the order shown
 * @param seconds how long the fleet ran
 * @param stats where the fleet stood at the end
 * @param latency committed → applied latency over the whole run (microseconds)
 * @param serverMaxStreams the gateway's advertised max concurrent streams per connection, -1 if unknown
 * @param heapBytesPerHost heap after GC attributable to one connected host (fleet minus baseline, per host), -1 if not measured
 * @param heapUsedBytes heap after GC with the fleet connected, -1 if not measured
 * @param warnings things the operator should know (e.g. the gateway's stream limit), shown with "!"
 */
public record FleetReport(Map<String, Object> config, double seconds, FleetStats stats, LatencySummary latency,
    long serverMaxStreams, long heapBytesPerHost, long heapUsedBytes, List<String> warnings) {

  public FleetReport {
    config = new LinkedHashMap<>(config);
    warnings = List.copyOf(warnings);
  }

  public String human() {
    StringBuilder sb = new StringBuilder();
    sb.append("== simulated host fleet ==\n");
    config.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-18s %s%n", k, v)));
    HostCounters c = stats.counters();
    sb.append("-- result --\n");
    line(sb, "duration", String.format(Locale.ROOT, "%.1f s", seconds));
    line(sb, "hosts", String.format(Locale.ROOT, "%d, %d connected at the end, %d synced", stats.hosts(),
        stats.connected(), stats.synced()));
    line(sb, "versions", String.format(Locale.ROOT, "%d .. %d (%d hosts at the highest)", stats.minVersion(),
        stats.maxVersion(), stats.atMaxVersion()));
    line(sb, "entries held", String.valueOf(stats.entries()));
    line(sb, "sessions", String.format(Locale.ROOT, "%d (%d reconnects, %d connect failures, %d stream errors)",
        c.sessions(), c.reconnects(), c.connectFailures(), c.streamErrors()));
    line(sb, "deltas", String.format(Locale.ROOT, "%d received, %d FULL, %d in-sync notices, %d subscribes",
        c.deltas(), c.fulls(), c.inSync(), c.subscribes()));
    line(sb, "answers", String.format(Locale.ROOT, "%d ACK, %d NACK (%d out of order), %d digest mismatches",
        c.acks(), c.nacks(), c.outOfOrder(), c.digestMismatches()));
    line(sb, "latency (ms)", latency.count() == 0 ? "none recorded (no committed_at_unix_micros?)"
        : String.format(Locale.ROOT, "committed -> applied, n=%d: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s",
            latency.count(), ms(latency.p50Us()), ms(latency.p90Us()), ms(latency.p99Us()), ms(latency.p999Us()),
            ms(latency.maxUs()), ms(latency.meanUs())));
    if (serverMaxStreams >= 0) line(sb, "server max streams", String.valueOf(serverMaxStreams));
    if (heapBytesPerHost >= 0) {
      line(sb, "heap per host", String.format(Locale.ROOT, "%d bytes (heap after GC %.1f MiB)", heapBytesPerHost,
          heapUsedBytes / 1048576.0));
    }
    warnings.forEach(w -> sb.append("  ! ").append(w).append('\n'));
    return sb.toString();
  }

  private static void line(StringBuilder sb, String k, String v) {
    sb.append(String.format(Locale.ROOT, "  %-18s %s%n", k, v));
  }

  /** One line of JSON, no newline. */
  public String jsonLine() {
    JsonObject cfg = new JsonObject();
    config.forEach((k, v) -> cfg.put(k, v instanceof Number || v instanceof Boolean || v == null ? v : String.valueOf(v)));
    HostCounters c = stats.counters();
    JsonObject o = new JsonObject()
        .put("driver", "FleetDriver")
        .put("config", cfg)
        .put("duration_s", round3(seconds))
        .put("hosts", stats.hosts())
        .put("connected", stats.connected())
        .put("synced", stats.synced())
        .put("min_version", stats.minVersion())
        .put("max_version", stats.maxVersion())
        .put("at_max_version", stats.atMaxVersion())
        .put("entries", stats.entries())
        .put("sessions", c.sessions())
        .put("reconnects", c.reconnects())
        .put("connect_failures", c.connectFailures())
        .put("stream_errors", c.streamErrors())
        .put("deltas", c.deltas())
        .put("fulls", c.fulls())
        .put("in_sync", c.inSync())
        .put("subscribes", c.subscribes())
        .put("acks", c.acks())
        .put("nacks", c.nacks())
        .put("out_of_order", c.outOfOrder())
        .put("digest_mismatches", c.digestMismatches())
        .put("latency_ms", new JsonObject()
            .put("count", latency.count())
            .put("p50", round3(latency.p50Us() / 1000d))
            .put("p90", round3(latency.p90Us() / 1000d))
            .put("p99", round3(latency.p99Us() / 1000d))
            .put("p999", round3(latency.p999Us() / 1000d))
            .put("max", round3(latency.maxUs() / 1000d))
            .put("mean", round3(latency.meanUs() / 1000d)))
        .put("server_max_streams", serverMaxStreams)
        .put("heap_bytes_per_host", heapBytesPerHost)
        .put("heap_used_bytes", heapUsedBytes)
        .put("warnings", new JsonArray(List.<Object>copyOf(warnings)));
    return o.encode();
  }

  /** The progress line printed on stderr every few seconds; {@code interval} is the latency since the previous line. */
  public static String progressLine(double elapsedSeconds, FleetStats s, LatencySummary interval) {
    HostCounters c = s.counters();
    return String.format(Locale.ROOT,
        "[%6.1f s] connected %d/%d  synced %d  versions %d..%d (%d at max)  deltas %d  fulls %d  in-sync %d  "
            + "acks %d  nacks %d  reconnects %d  mismatches %d  latency p50 %s ms p99 %s ms (n=%d)",
        elapsedSeconds, s.connected(), s.hosts(), s.synced(), s.minVersion(), s.maxVersion(), s.atMaxVersion(),
        c.deltas(), c.fulls(), c.inSync(), c.acks(), c.nacks(), c.reconnects(), c.digestMismatches(),
        interval.count() == 0 ? "-" : ms(interval.p50Us()), interval.count() == 0 ? "-" : ms(interval.p99Us()),
        interval.count());
  }

  static String ms(double us) { return String.format(Locale.ROOT, "%.3f", us / 1000d); }

  static double round3(double v) { return Math.round(v * 1000d) / 1000d; }
}
