package io.alcorvx.perf.sim;

import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.ResourceType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The goal state a simulated host holds: (ResourceType, map key) → encoded {@code XxxConfiguration}
 * (field 2 of the {@code XxxState}), with the {@link GoalStateDigest} digest and the entry count kept
 * up to date incrementally (upsert subtracts the old entry's hash and adds the new one). Not thread-safe:
 * owned by one event loop. One lazily created map per resource type, so an empty or small state costs
 * little.
 */
public final class HeldState {

  /** The eight resource types of a GoalStateV2, by number (VPC = 0 … GATEWAY = 7). */
  static final ResourceType[] TYPES = {
      ResourceType.VPC, ResourceType.SUBNET, ResourceType.PORT, ResourceType.NEIGHBOR,
      ResourceType.SECURITYGROUP, ResourceType.DHCP, ResourceType.ROUTER, ResourceType.GATEWAY};

  @SuppressWarnings("unchecked")
  private final HashMap<String, byte[]>[] maps = new HashMap[TYPES.length];
  private long digest = GoalStateDigest.EMPTY;
  private int count;

  /** Stores {@code configuration} under (type, key), replacing what was there. */
  public void upsert(ResourceType type, String key, byte[] configuration) {
    int t = type.getNumber();
    HashMap<String, byte[]> m = maps[t];
    if (m == null) maps[t] = m = new HashMap<>(4);
    byte[] old = m.put(key, configuration);
    if (old != null) {
      digest = GoalStateDigest.replace(digest, GoalStateDigest.entryHash(type, key, old),
          GoalStateDigest.entryHash(type, key, configuration));
    } else {
      digest = GoalStateDigest.add(digest, GoalStateDigest.entryHash(type, key, configuration));
      count++;
    }
  }

  /** Removes (type, key); false when it was not held. */
  public boolean remove(ResourceType type, String key) {
    HashMap<String, byte[]> m = maps[type.getNumber()];
    if (m == null) return false;
    byte[] old = m.remove(key);
    if (old == null) return false;
    digest = GoalStateDigest.remove(digest, GoalStateDigest.entryHash(type, key, old));
    count--;
    if (m.isEmpty()) maps[type.getNumber()] = null;
    return true;
  }

  /** Drops everything. */
  public void clear() {
    java.util.Arrays.fill(maps, null);
    digest = GoalStateDigest.EMPTY;
    count = 0;
  }

  public boolean contains(ResourceType type, String key) {
    HashMap<String, byte[]> m = maps[type.getNumber()];
    return m != null && m.containsKey(key);
  }

  /** The held configuration bytes, or null. The array is shared: do not modify. */
  public byte[] get(ResourceType type, String key) {
    HashMap<String, byte[]> m = maps[type.getNumber()];
    return m == null ? null : m.get(key);
  }

  /** {@link GoalStateDigest} digest of everything held. */
  public long digest() { return digest; }

  /** Number of entries held. */
  public int entryCount() { return count; }

  /** An unmodifiable copy: type → (key → configuration bytes); types without entries are left out. */
  public Map<ResourceType, Map<String, byte[]>> copy() {
    EnumMap<ResourceType, Map<String, byte[]>> out = new EnumMap<>(ResourceType.class);
    for (int t = 0; t < maps.length; t++) {
      if (maps[t] != null) out.put(TYPES[t], Collections.unmodifiableMap(new HashMap<>(maps[t])));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Digest recomputed from scratch (for checks; {@link #digest()} is the incremental one). */
  public long recomputeDigest() {
    long d = GoalStateDigest.EMPTY;
    for (int t = 0; t < maps.length; t++) {
      if (maps[t] == null) continue;
      for (Map.Entry<String, byte[]> e : maps[t].entrySet()) {
        d = GoalStateDigest.add(d, GoalStateDigest.entryHash(TYPES[t], e.getKey(), e.getValue()));
      }
    }
    return d;
  }
}
