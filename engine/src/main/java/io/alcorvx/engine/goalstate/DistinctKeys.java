package io.alcorvx.engine.goalstate;

import java.util.Arrays;
import java.util.List;

/**
 * Whether a host's log of operations names every entry once, so that taking it needs no
 * coalescing: most pushes carry operations on distinct entries (new neighbors), and coalescing
 * them anyway built a map node per operation. Short logs are compared pair by pair; longer ones
 * through an open-addressing table reused by the thread (the engine owner), so nothing is
 * allocated.
 */
final class DistinctKeys {
  /** Up to this many operations, comparing every pair is cheaper than hashing. */
  private static final int PAIRWISE_MAX = 16;
  /** Longer logs than this are left to coalescing (the table would hold too much memory per thread). */
  private static final int TABLE_MAX_OPS = 1 << 16;
  private static final ThreadLocal<DistinctKeys> SCRATCH = ThreadLocal.withInitial(DistinctKeys::new);

  private EntryKey[] table = new EntryKey[64];

  private DistinctKeys() {}

  /** True if no entry key is in {@code ops} twice; false if one is, or the log is too long to check. */
  static boolean of(List<Op> ops) {
    int n = ops.size();
    if (n <= PAIRWISE_MAX) return pairwise(ops);
    if (n > TABLE_MAX_OPS) return false;
    return SCRATCH.get().hashed(ops);
  }

  private static boolean pairwise(List<Op> ops) {
    for (int i = 1; i < ops.size(); i++) {
      EntryKey k = ops.get(i).key();
      for (int j = 0; j < i; j++) {
        if (k.equals(ops.get(j).key())) return false; // EntryKey#equals compares cached hashes first
      }
    }
    return true;
  }

  private boolean hashed(List<Op> ops) {
    int slots = Integer.highestOneBit(ops.size()) << 2; // at most half full
    if (table.length < slots) table = new EntryKey[slots];
    int mask = slots - 1;
    boolean distinct = true;
    for (int i = 0; i < ops.size() && distinct; i++) {
      EntryKey k = ops.get(i).key();
      int h = k.hashCode();
      int slot = (h ^ (h >>> 16)) & mask;
      while (true) {
        EntryKey there = table[slot];
        if (there == null) {
          table[slot] = k;
          break;
        }
        if (there.equals(k)) {
          distinct = false;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    Arrays.fill(table, 0, slots, null);
    return distinct;
  }
}
