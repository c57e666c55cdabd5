package io.alcorvx.perf.http;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one phase of the driver (preload or measured) did.
 *
 * @param name "preload" or "measured"
 * @param requestsPlanned requests the phase meant to send
 * @param requestsCompleted requests that got an answer or failed (timeout, connection error)
 * @param portsCreated ports in 2xx answers (1 per single create, the batch size per bulk create)
 * @param statusCounts HTTP status ("201", "409", ...) or "error:ExceptionName" to count
 * @param durationNanos from the phase's start to its last completion
 * @param latency request latency (from the intended start when a rate is set)
 * @param stoppedBy null when every planned request was sent, else why it stopped early
 * @param errorSamples a few non-2xx answers or failures, for diagnosis
 * @param driverCpuNanos CPU the driver's own process used during the phase (all threads), or -1
 *     when the JVM cannot tell: on a machine the service shares, what the load generator costs
 */
public record PhaseResult(String name, long requestsPlanned, long requestsCompleted, long portsCreated,
    SortedMap<String, Long> statusCounts, long durationNanos, LatencySummary latency, String stoppedBy,
    List<String> errorSamples, long driverCpuNanos) {

  public PhaseResult {
    statusCounts = new TreeMap<>(statusCounts);
    errorSamples = List.copyOf(errorSamples);
  }

  /** Status key of an HTTP answer. */
  public static String statusKey(int status) { return Integer.toString(status); }

  /** Status key of a request that got no HTTP answer. */
  public static String errorKey(Throwable t) {
    String n = t == null ? "unknown" : t.getClass().getSimpleName();
    return "error:" + (n.isEmpty() ? t.getClass().getName() : n);
  }

  public static boolean is2xx(String key) { return key.length() == 3 && key.charAt(0) == '2' && Character.isDigit(key.charAt(1)); }

  /** Requests answered 2xx. */
  public long ok() { return statusCounts.entrySet().stream().filter(e -> is2xx(e.getKey())).mapToLong(Map.Entry::getValue).sum(); }

  /** Requests answered with another status or failed without an answer. */
  public long notOk() { return requestsCompleted - ok(); }

  public double seconds() { return durationNanos / 1e9; }

  public double portsPerSecond() { return durationNanos <= 0 ? 0 : portsCreated / seconds(); }

  public double requestsPerSecond() { return durationNanos <= 0 ? 0 : requestsCompleted / seconds(); }

  /** The driver's CPU per completed request in microseconds, or -1 when unknown. */
  public double driverCpuMicrosPerRequest() {
    return driverCpuNanos < 0 || requestsCompleted == 0 ? -1 : driverCpuNanos / 1e3 / requestsCompleted;
  }
}
