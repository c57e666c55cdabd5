package io.alcorvx.perf.http;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one phase, in microseconds (as recorded), shown in milliseconds.
 *
 * @param count recorded requests
 * @param meanUs mean
 * @param p50Us median
 * @param p90Us 90th percentile
 * @param p99Us 99th percentile
 * @param p999Us 99.9th percentile
 * @param maxUs largest recorded value
 */
public record LatencySummary(long count, double meanUs, long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {

  /** Highest value the driver's histograms track: one hour, in microseconds. */
  public static final long HIGHEST_TRACKABLE_US = 3_600_000_000L;

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  /** A histogram of microseconds with three significant digits, as every lane records into. */
  public static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_US, 3);
  }

  /** Records a latency in nanoseconds into a {@link #newHistogram()} histogram (clamped to its range). */
  public static void record(Histogram h, long nanos) {
    long us = Math.max(0, nanos / 1_000);
    h.recordValue(Math.min(us, HIGHEST_TRACKABLE_US));
  }

  public static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) return EMPTY;
    return new LatencySummary(h.getTotalCount(), h.getMean(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
  }

  static double ms(double us) { return us / 1000d; }
}
