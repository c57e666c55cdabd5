package io.alcorvx.engine.goalstate;

import java.util.List;

/**
 * One push to one host: the operations that take it from {@code fromVersion} to
 * {@code toVersion} (a FULL delta replaces everything the host holds). Resync deltas carry the
 * digest and entry count the host must have after applying, so it can prove it converged.
 */
public record Delta(String host, long epoch, long fromVersion, long toVersion, boolean full, List<Op> ops,
    Long expectedDigest, int expectedEntryCount) {

  public Delta {
    ops = List.copyOf(ops);
  }
}
