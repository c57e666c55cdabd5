package io.alcorvx.engine.goalstate;

import java.util.List;

/**
 * One push to one host: the operations that take it from {@code fromVersion} to
 * {@code toVersion} (a FULL delta replaces everything the host holds). Resync deltas carry the
 * digest and entry count the host must have after applying, so it can prove it converged.
 * {@code committedAtMicros} is when the oldest of its changes became durable (as the caller of
 * {@link HostQueues#release(java.util.List, long)} said; 0 if unknown): what convergence is
 * measured from, including the time a change waited behind an unacknowledged push.
 */
public record Delta(String host, long epoch, long fromVersion, long toVersion, boolean full, List<Op> ops,
    Long expectedDigest, int expectedEntryCount, long committedAtMicros) {

  public Delta {
    ops = List.copyOf(ops);
  }

  /** A delta whose commit time is unknown (0). */
  public Delta(String host, long epoch, long fromVersion, long toVersion, boolean full, List<Op> ops,
      Long expectedDigest, int expectedEntryCount) {
    this(host, epoch, fromVersion, toVersion, full, ops, expectedDigest, expectedEntryCount, 0);
  }
}
