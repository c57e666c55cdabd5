package io.alcorvx.perf.sim;

import io.alcorvx.proto.ResourceType;
import java.util.Map;

/**
 * A snapshot of what a simulated host holds.
 *
 * @param epoch engine epoch of the held state (0 = none)
 * @param version last applied (or IN_SYNC-confirmed) goal-state version
 * @param digest {@link io.alcorvx.proto.GoalStateDigest} digest of {@code entries}
 * @param entryCount number of entries
 * @param entries type → (map key → encoded configuration)
 */
public record HostState(long epoch, long version, long digest, int entryCount,
    Map<ResourceType, Map<String, byte[]>> entries) {

  /** The held configuration bytes of (type, key), or null. */
  public byte[] get(ResourceType type, String key) {
    Map<String, byte[]> m = entries.get(type);
    return m == null ? null : m.get(key);
  }
}
