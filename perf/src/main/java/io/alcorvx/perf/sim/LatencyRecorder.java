package io.alcorvx.perf.sim;

import io.alcorvx.perf.http.LatencySummary;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Committed → applied latencies in microseconds, recorded wait-free from any number of event loops
 * (an HdrHistogram {@link Recorder}); read as a cumulative histogram and as intervals (since the
 * previous {@link #takeInterval()}), both with three significant digits up to one hour.
 */
public final class LatencyRecorder {

  private final Recorder recorder = new Recorder(LatencySummary.HIGHEST_TRACKABLE_US, 3);
  private final Histogram total = LatencySummary.newHistogram();
  private final Histogram sinceMark = LatencySummary.newHistogram();
  private Histogram recycle;

  /** Records one latency (clamped to [0, 1 h]); callable from any thread. */
  public void recordMicros(long micros) {
    recorder.recordValue(Math.min(Math.max(0, micros), LatencySummary.HIGHEST_TRACKABLE_US));
  }

  private void drain() {
    Histogram h = recorder.getIntervalHistogram(recycle);
    total.add(h);
    sinceMark.add(h);
    recycle = h;
  }

  /** Everything recorded so far (a copy). */
  public synchronized Histogram total() {
    drain();
    return total.copy();
  }

  /** What was recorded since the previous call (a copy), then starts a new interval. */
  public synchronized Histogram takeInterval() {
    drain();
    Histogram out = sinceMark.copy();
    sinceMark.reset();
    return out;
  }
}
