package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.OperationType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DistinctKeys against a HashSet, over short and long logs, with equal keys that are distinct objects. */
class DistinctKeysTest {
  private static Op op(EntryKey k) { return new Op(k, OperationType.DELETE, null); }

  /** A key equal to {@code k} but another object, as a later change of the same entry brings. */
  private static EntryKey copyOf(EntryKey k) { return EntryKey.port(k.key()); }

  @Test
  void agreesWithAHashSetOnRandomLogs() {
    Random rnd = new Random(42);
    for (int round = 0; round < 3000; round++) {
      int n = rnd.nextInt(round % 3 == 0 ? 12 : 600);
      List<Op> ops = new ArrayList<>();
      HashSet<EntryKey> seen = new HashSet<>();
      boolean distinct = true;
      for (int i = 0; i < n; i++) {
        // few values per round so that repeats happen; most rounds none
        EntryKey k = EntryKey.port("p" + (round % 4 == 0 ? rnd.nextInt(n * 4 + 1) : i));
        if (rnd.nextInt(20) == 0) k = copyOf(k);
        distinct &= seen.add(k);
        ops.add(op(k));
      }
      assertEquals(distinct, DistinctKeys.of(ops), "round " + round + ", " + n + " ops");
    }
  }

  @Test
  void aRepeatIsFoundWhereverItIs() {
    for (int n : new int[] {2, 16, 17, 200, 5000}) {
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < n - 1; i++) ops.add(op(EntryKey.port("p" + i)));
      ops.add(op(copyOf(ops.get(0).key())));
      assertFalse(DistinctKeys.of(ops), n + " ops, the last repeating the first");
      ops.set(n - 1, op(EntryKey.port("other")));
      assertTrue(DistinctKeys.of(ops), n + " distinct ops, right after a check that stopped early");
    }
  }

  @Test
  void tooLongALogIsLeftToCoalescing() {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < (1 << 16) + 1; i++) ops.add(op(EntryKey.port("p" + i)));
    assertFalse(DistinctKeys.of(ops));
  }
}
