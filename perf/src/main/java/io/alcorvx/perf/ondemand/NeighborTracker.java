package io.alcorvx.perf.ondemand;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For every neighbor key seen while armed: how many hosts received it, when the first and the last
 * did ({@link System#nanoTime()}), and the smallest {@code committed_at_unix_micros} stamp of the
 * deltas that carried it. Recorded from any number of event loops.
 *
 * <p>"Applied" here is the moment a probe agent has the decoded delta in hand and is about to ACK it
 * (the probe agents hold no state, so there is nothing more to apply).
 */
public final class NeighborTracker {

  /** One key's record; fields are updated atomically, read them after the traffic has settled. */
  public static final class Track {
    final AtomicInteger hosts = new AtomicInteger();
    final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong minCommittedMicros = new AtomicLong(Long.MAX_VALUE);

    void record(long nanos, long committedMicros) {
      hosts.incrementAndGet();
      firstNanos.accumulateAndGet(nanos, Math::min);
      lastNanos.accumulateAndGet(nanos, Math::max);
      if (committedMicros > 0) minCommittedMicros.accumulateAndGet(committedMicros, Math::min);
    }

    public int hosts() { return hosts.get(); }

    public long firstNanos() { return firstNanos.get(); }

    public long lastNanos() { return lastNanos.get(); }

    /** Smallest committed-at stamp seen, or 0 when no delta carried one. */
    public long minCommittedMicros() {
      long v = minCommittedMicros.get();
      return v == Long.MAX_VALUE ? 0 : v;
    }
  }

  private final ConcurrentHashMap<String, Track> tracks = new ConcurrentHashMap<>();
  private volatile boolean armed;

  /** Start recording (keys delivered before are not tracked: preloads). */
  public void arm() { armed = true; }

  public void disarm() { armed = false; }

  public boolean armed() { return armed; }

  /** One host received {@code key} at {@code nanos} in a delta stamped {@code committedMicros} (0 = none). */
  public void record(String key, long nanos, long committedMicros) {
    tracks.computeIfAbsent(key, k -> new Track()).record(nanos, committedMicros);
  }

  /** The record of a key, or null when no host received it while armed. */
  public Track get(String key) { return tracks.get(key); }

  public int size() { return tracks.size(); }

  public void clear() { tracks.clear(); }

  /** The L2 neighbor map key the engine uses for a port's address in a subnet (goal-state-protocol.md §7). */
  public static String l2Key(String portId, String subnetId) {
    return "L2/" + portId + "/" + subnetId;
  }
}
