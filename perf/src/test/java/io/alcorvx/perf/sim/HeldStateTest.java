package io.alcorvx.perf.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeldStateTest {

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test
  void incrementalDigestEqualsGoalStateDigestOverTheEntries() {
    HeldState s = new HeldState();
    assertEquals(GoalStateDigest.EMPTY, s.digest());
    s.upsert(ResourceType.PORT, "p1", b("one"));
    s.upsert(ResourceType.NEIGHBOR, "L2/p1", b("one"));
    assertEquals(GoalStateDigest.entryHash(ResourceType.PORT, "p1", b("one"))
        + GoalStateDigest.entryHash(ResourceType.NEIGHBOR, "L2/p1", b("one")), s.digest());
    s.upsert(ResourceType.PORT, "p1", b("two"));
    assertEquals(2, s.entryCount());
    assertEquals(s.recomputeDigest(), s.digest());
    assertArrayEquals(b("two"), s.get(ResourceType.PORT, "p1"));
    assertTrue(s.remove(ResourceType.NEIGHBOR, "L2/p1"));
    assertFalse(s.remove(ResourceType.NEIGHBOR, "L2/p1"));
    assertFalse(s.remove(ResourceType.GATEWAY, "nothing"));
    assertEquals(GoalStateDigest.entryHash(ResourceType.PORT, "p1", b("two")), s.digest());
    s.clear();
    assertEquals(0, s.entryCount());
    assertEquals(GoalStateDigest.EMPTY, s.digest());
    assertNull(s.get(ResourceType.PORT, "p1"));
  }

  @Test
  void randomUpsertsAndRemovesKeepDigestAndCountExact() {
    Random r = new Random(42);
    HeldState s = new HeldState();
    Map<String, byte[]> shadow = new HashMap<>();
    ResourceType[] types = HeldState.TYPES;
    for (int i = 0; i < 5000; i++) {
      ResourceType t = types[r.nextInt(types.length)];
      String key = "k" + r.nextInt(50);
      if (r.nextInt(3) == 0) {
        s.remove(t, key);
        shadow.remove(t.getNumber() + "/" + key);
      } else {
        byte[] v = new byte[r.nextInt(20)];
        r.nextBytes(v);
        s.upsert(t, key, v);
        shadow.put(t.getNumber() + "/" + key, v);
      }
    }
    assertEquals(shadow.size(), s.entryCount());
    long d = 0;
    for (Map.Entry<String, byte[]> e : shadow.entrySet()) {
      int slash = e.getKey().indexOf('/');
      ResourceType t = ResourceType.forNumber(Integer.parseInt(e.getKey().substring(0, slash)));
      d += GoalStateDigest.entryHash(t, e.getKey().substring(slash + 1), e.getValue());
    }
    assertEquals(d, s.digest());
    assertEquals(d, s.recomputeDigest());
    int copied = s.copy().values().stream().mapToInt(Map::size).sum();
    assertEquals(shadow.size(), copied);
  }
}
