package io.alcorvx.perf.http;

/**
 * Open-loop schedule: request {@code i} (0-based) is due {@code ceil(i * 1e9 / rate)} ns after the
 * start, whatever happened to the requests before it. Latency is measured from that intended
 * start, so time spent waiting for a free slot (queueing) counts, and a stalled server cannot hide
 * behind a driver that slowed down with it (no coordinated omission).
 *
 * <p>Work is spread over lanes (one event loop each) by residue: lane {@code k} of {@code L} owns
 * requests {@code k, k+L, k+2L, ...}; the helpers here are the arithmetic for that. Pure, no clock.
 */
public final class RateSchedule {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double ratePerSecond;

  public RateSchedule(double ratePerSecond) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive finite number, got " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
  }

  public double ratePerSecond() { return ratePerSecond; }

  /** Intended start of request {@code index}, in ns after the schedule's start. */
  public long offsetNanos(long index) {
    if (index < 0) throw new IllegalArgumentException("index < 0");
    return (long) Math.ceil(index * NANOS_PER_SECOND / ratePerSecond);
  }

  /**
   * How many requests are due {@code elapsedNanos} after the start: the number of indices whose
   * {@link #offsetNanos} is at most {@code elapsedNanos}, capped at {@code total}. Exactly
   * consistent with {@link #offsetNanos} (the floating-point estimate is corrected against it).
   */
  public long dueCount(long elapsedNanos, long total) {
    if (elapsedNanos < 0 || total <= 0) return 0;
    long n = (long) Math.floor(elapsedNanos * ratePerSecond / NANOS_PER_SECOND) + 1;
    if (n < 1) n = 1;
    while (n > 1 && offsetNanos(n - 1) > elapsedNanos) n--;
    while (n < total && offsetNanos(n) <= elapsedNanos) n++;
    return Math.min(n, total);
  }

  /** Nanoseconds from {@code elapsedNanos} until request {@code index} is due (0 if already due). */
  public long nanosUntil(long index, long elapsedNanos) {
    return Math.max(0, offsetNanos(index) - elapsedNanos);
  }

  /** Planned length of a run of {@code total} requests: when the last one is due. */
  public long plannedDurationNanos(long total) {
    return total <= 0 ? 0 : offsetNanos(total - 1);
  }

  /** Of the first {@code globalCount} requests, how many belong to {@code lane} of {@code lanes}. */
  public static long laneShare(long globalCount, int lane, int lanes) {
    checkLane(lane, lanes);
    if (globalCount <= lane) return 0;
    return (globalCount - lane - 1) / lanes + 1;
  }

  /** Global index of the {@code seq}-th request (0-based) of {@code lane}. */
  public static long globalIndex(long seq, int lane, int lanes) {
    checkLane(lane, lanes);
    return lane + seq * lanes;
  }

  /** Splits {@code total} (connections, in-flight slots) over lanes as evenly as possible. */
  public static int split(int total, int lane, int lanes) {
    checkLane(lane, lanes);
    return total / lanes + (lane < total % lanes ? 1 : 0);
  }

  private static void checkLane(int lane, int lanes) {
    if (lanes <= 0 || lane < 0 || lane >= lanes) throw new IllegalArgumentException("lane " + lane + " of " + lanes);
  }
}
