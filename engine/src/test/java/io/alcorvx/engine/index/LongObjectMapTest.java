package io.alcorvx.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {

  private static void assertSameContents(Map<Long, String> expected, LongObjectMap<String> actual) {
    assertEquals(expected.size(), actual.size());
    for (Map.Entry<Long, String> e : expected.entrySet()) assertEquals(e.getValue(), actual.get(e.getKey()));
    List<String> values = new ArrayList<>();
    actual.forEachValue(values::add);
    List<String> want = new ArrayList<>(expected.values());
    values.sort(null);
    want.sort(null);
    assertEquals(want, values);
  }

  @Test
  void randomisedAgainstHashMap() {
    // Dense ranges collide and wrap around the table, so removals exercise the backward shift;
    // (VNI << 32 | IPv4) is the shape the model stores.
    long[] strides = {1, 1L << 32, 0x9E3779B97F4A7C15L};
    for (long stride : strides) {
      Random r = new Random(stride);
      LongObjectMap<String> map = new LongObjectMap<>(4);
      Map<Long, String> ref = new HashMap<>();
      for (int step = 0; step < 20_000; step++) {
        long key = (long) r.nextInt(500) * stride + (stride == 1L << 32 ? 7 : 0);
        int op = r.nextInt(3);
        if (op < 2) {
          String v = "v" + step;
          assertEquals(ref.put(key, v), map.put(key, v));
        } else {
          assertEquals(ref.remove(key), map.remove(key));
        }
        if (step % 1000 == 0) assertSameContents(ref, map);
      }
      assertSameContents(ref, map);
    }
  }

  @Test
  void absentKeysAndZeroKey() {
    LongObjectMap<String> map = new LongObjectMap<>();
    assertNull(map.get(0));
    assertNull(map.remove(42));
    map.put(0, "zero");
    map.put(-1, "minus one");
    assertEquals("zero", map.get(0));
    assertEquals("minus one", map.get(-1));
    assertEquals("zero", map.remove(0));
    assertNull(map.get(0));
    assertEquals(1, map.size());
  }

  @Test
  void growsAndClears() {
    LongObjectMap<Integer> map = new LongObjectMap<>(2);
    for (int i = 0; i < 10_000; i++) map.put(i * 31L, i);
    assertEquals(10_000, map.size());
    for (int i = 0; i < 10_000; i++) assertEquals(i, map.get(i * 31L));
    map.clear();
    assertEquals(0, map.size());
    assertNull(map.get(31));
    map.put(31, 1);
    assertEquals(1, map.get(31));
  }

  @Test
  void refusesNullValues() {
    LongObjectMap<String> map = new LongObjectMap<>();
    assertThrows(NullPointerException.class, () -> map.put(1, null));
    assertEquals(0, map.size());
  }
}
