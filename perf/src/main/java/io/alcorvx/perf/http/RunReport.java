package io.alcorvx.perf.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The driver's report: a human-readable block and one JSON line (the last line of stdout, for
 * scripts: {@code tail -1 | jq}). Pure formatting, no I/O.
 *
 * @param config the run's settings, in the order they are shown
 * @param preload the bulk preload phase, or null when there was none
 * @param measured the measured phase
 * @param verify the listing check, or null when not asked for
 */
public record RunReport(Map<String, Object> config, PhaseResult preload, PhaseResult measured, VerifyResult verify) {

  public RunReport {
    config = new LinkedHashMap<>(config);
  }

  public String human() {
    StringBuilder sb = new StringBuilder();
    sb.append("== port create driver ==\n");
    config.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-16s %s%n", k, v)));
    if (preload != null) appendPhase(sb, preload);
    appendPhase(sb, measured);
    if (verify != null) {
      sb.append("-- verify --\n");
      sb.append(String.format(Locale.ROOT, "  %-16s %s%n", "result", verify.passed() ? "PASS" : "FAIL"));
      sb.append(String.format(Locale.ROOT, "  %-16s %d (expected %d) in %d pages, %.3f s%n", "ports listed",
          verify.listed(), verify.expected(), verify.pages(), verify.durationNanos() / 1e9));
      sb.append(String.format(Locale.ROOT, "  %-16s %d duplicate IPs, %d duplicate MACs, %d without IP%n", "conflicts",
          verify.duplicateIps(), verify.duplicateMacs(), verify.withoutIp()));
      verify.problems().forEach(p -> sb.append("  ! ").append(p).append('\n'));
    }
    return sb.toString();
  }

  private static void appendPhase(StringBuilder sb, PhaseResult p) {
    sb.append("-- ").append(p.name()).append(" --\n");
    sb.append(String.format(Locale.ROOT, "  %-16s %.3f s%s%n", "duration", p.seconds(),
        p.stoppedBy() == null ? "" : " (stopped early: " + p.stoppedBy() + ")"));
    sb.append(String.format(Locale.ROOT, "  %-16s %d (%.1f ports/s)%n", "ports created", p.portsCreated(), p.portsPerSecond()));
    sb.append(String.format(Locale.ROOT, "  %-16s %d of %d planned (%.1f req/s): %d 2xx, %d not 2xx%n", "requests",
        p.requestsCompleted(), p.requestsPlanned(), p.requestsPerSecond(), p.ok(), p.notOk()));
    StringBuilder st = new StringBuilder();
    p.statusCounts().forEach((k, v) -> st.append(st.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
    sb.append(String.format(Locale.ROOT, "  %-16s %s%n", "status", st.length() == 0 ? "-" : st));
    LatencySummary l = p.latency();
    sb.append(String.format(Locale.ROOT, "  %-16s p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s%n", "latency (ms)",
        ms(l.p50Us()), ms(l.p90Us()), ms(l.p99Us()), ms(l.p999Us()), ms(l.maxUs()), ms(l.meanUs())));
    if (p.driverCpuNanos() >= 0) {
      sb.append(String.format(Locale.ROOT, "  %-16s %.3f s (%.1f us a request)%n", "driver CPU", p.driverCpuNanos() / 1e9,
          p.driverCpuMicrosPerRequest()));
    }
    p.errorSamples().forEach(e -> sb.append("  ! ").append(e).append('\n'));
  }

  /** One line of JSON, no newline. */
  public String jsonLine() {
    JsonObject o = new JsonObject().put("driver", "PortCreateDriver");
    JsonObject cfg = new JsonObject();
    config.forEach((k, v) -> cfg.put(k, v instanceof Number || v instanceof Boolean || v == null ? v : String.valueOf(v)));
    o.put("config", cfg);
    if (preload != null) o.put("preload", phaseJson(preload));
    o.put("measured", phaseJson(measured));
    if (verify != null) {
      o.put("verify", new JsonObject().put("passed", verify.passed()).put("listed", verify.listed())
          .put("expected", verify.expected()).put("duplicate_ips", verify.duplicateIps())
          .put("duplicate_macs", verify.duplicateMacs()).put("without_ip", verify.withoutIp())
          .put("pages", verify.pages()).put("duration_s", round3(verify.durationNanos() / 1e9))
          .put("problems", new JsonArray(verify.problems().stream().map(Object.class::cast).toList())));
    }
    return o.encode();
  }

  private static JsonObject phaseJson(PhaseResult p) {
    JsonObject status = new JsonObject();
    p.statusCounts().forEach(status::put);
    LatencySummary l = p.latency();
    return new JsonObject()
        .put("requests_planned", p.requestsPlanned())
        .put("requests", p.requestsCompleted())
        .put("ok_2xx", p.ok())
        .put("not_2xx", p.notOk())
        .put("status", status)
        .put("ports_created", p.portsCreated())
        .put("duration_s", round3(p.seconds()))
        .put("ports_per_s", round1(p.portsPerSecond()))
        .put("requests_per_s", round1(p.requestsPerSecond()))
        .put("stopped_by", p.stoppedBy())
        .put("driver_cpu_s", p.driverCpuNanos() < 0 ? null : round3(p.driverCpuNanos() / 1e9))
        .put("driver_cpu_us_per_request", p.driverCpuNanos() < 0 ? null : round1(p.driverCpuMicrosPerRequest()))
        .put("latency_ms", new JsonObject()
            .put("p50", round3(LatencySummary.ms(l.p50Us())))
            .put("p90", round3(LatencySummary.ms(l.p90Us())))
            .put("p99", round3(LatencySummary.ms(l.p99Us())))
            .put("p999", round3(LatencySummary.ms(l.p999Us())))
            .put("max", round3(LatencySummary.ms(l.maxUs())))
            .put("mean", round3(LatencySummary.ms(l.meanUs()))));
  }

  static String ms(double us) { return String.format(Locale.ROOT, "%.3f", us / 1000d); }

  static double round3(double v) { return Math.round(v * 1000d) / 1000d; }

  static double round1(double v) { return Math.round(v * 10d) / 10d; }

  /** The progress line printed on stderr every few seconds. */
  public static String progressLine(String phase, long elapsedNanos, long done, long planned, long notOk,
      long doneAtLastLine, long nanosSinceLastLine) {
    double s = elapsedNanos / 1e9;
    double rate = s <= 0 ? 0 : done / s;
    double recent = nanosSinceLastLine <= 0 ? 0 : (done - doneAtLastLine) / (nanosSinceLastLine / 1e9);
    return String.format(Locale.ROOT, "[%s %7.1fs] %d/%d requests (%.1f%%), %d not 2xx, %.1f req/s overall, %.1f req/s last interval",
        phase, s, done, planned, planned == 0 ? 100d : 100d * done / planned, notOk, rate, recent);
  }
}
