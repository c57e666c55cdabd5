package io.alcorvx.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PublishedLongObjectMapTest {

  private static void assertSameContents(Map<Long, String> expected, PublishedLongObjectMap<String> actual, List<Long> keysSeen) {
    assertEquals(expected.size(), actual.size());
    for (long k : keysSeen) assertEquals(expected.get(k), actual.get(k), "key " + k);
  }

  @Test
  void randomisedAgainstHashMap() {
    // dense keys collide and wrap around the table; (VNI << 32 | IPv4) is the shape the view stores
    long[] strides = {1, 1L << 32, 0x9E3779B97F4A7C15L};
    for (long stride : strides) {
      Random r = new Random(stride);
      PublishedLongObjectMap<String> map = new PublishedLongObjectMap<>(4);
      Map<Long, String> ref = new HashMap<>();
      List<Long> keys = new ArrayList<>();
      for (int k = 0; k < 500; k++) keys.add(k * stride + (stride == 1L << 32 ? 7 : 0));
      for (int step = 0; step < 30_000; step++) {
        long key = keys.get(r.nextInt(keys.size()));
        int op = r.nextInt(4);
        if (op < 2) {
          String v = "v" + step;
          assertEquals(ref.put(key, v), map.put(key, v));
        } else if (op == 2) {
          assertEquals(ref.remove(key), map.remove(key));
        } else { // remove only if the value is the one expected: half the time it is not
          String current = ref.get(key);
          String expected = r.nextBoolean() ? current : "other";
          String removed = map.remove(key, expected);
          if (current != null && current.equals(expected)) {
            assertEquals(current, removed);
            ref.remove(key);
          } else {
            assertNull(removed);
          }
        }
        if (step % 1000 == 0) assertSameContents(ref, map, keys);
      }
      assertSameContents(ref, map, keys);
    }
  }

  @Test
  void removedKeysComeBackInPlaceAndChurnDoesNotGrowTheTable() {
    PublishedLongObjectMap<String> map = new PublishedLongObjectMap<>(16);
    map.put(5, "a");
    assertEquals("a", map.remove(5));
    assertNull(map.get(5));
    assertNull(map.remove(5), "a tombstone is not a value");
    assertNull(map.put(5, "b"), "putting a removed key again has no previous value");
    assertEquals("b", map.get(5));
    assertEquals(1, map.size());
    assertNull(map.remove(5, "a"), "not removed: the value is not the expected one");
    assertEquals("b", map.get(5));

    int capacity = map.capacity();
    for (long k = 100; k < 100_000; k++) { // always about 10 live keys, ever new ones
      map.put(k, "x" + k);
      if (k >= 110) assertEquals("x" + (k - 10), map.remove(k - 10));
    }
    assertEquals(11, map.size());
    assertEquals(capacity, map.capacity(), "tombstones were swept instead of growing the table");
    for (long k = 99_990; k < 100_000; k++) assertEquals("x" + k, map.get(k));
  }

  @Test
  void zeroAndNegativeKeysAndNullValues() {
    PublishedLongObjectMap<String> map = new PublishedLongObjectMap<>();
    assertNull(map.get(0));
    map.put(0, "zero");
    map.put(-1, "minus one");
    assertEquals("zero", map.get(0));
    assertEquals("minus one", map.get(-1));
    assertThrows(NullPointerException.class, () -> map.put(1, null));
  }

  /**
   * A reader racing with the removal of the very key it looks up gets the value or null, never the
   * map's internal removal marker (it did once: the lookup found the slot live, then read the slot
   * again after the writer had marked it removed).
   */
  @Test
  void aKeyRemovedWhileReadReadsAsItsValueOrNull() throws Exception {
    PublishedLongObjectMap<String> map = new PublishedLongObjectMap<>(4);
    long key = 42;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicLong seen = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread reader = new Thread(() -> {
        try {
          while (!stop.get()) {
            Object v = map.get(key); // Object: a wrong value must not throw here, but be reported below
            if (v != null && !(v instanceof String)) problem.compareAndSet(null, "read " + v.getClass() + " for a live or removed key");
            if (v != null) seen.incrementAndGet();
          }
        } catch (Throwable e) {
          problem.compareAndSet(null, e.toString());
        }
      });
      reader.start();
      readers.add(reader);
    }
    long deadline = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < deadline && problem.get() == null) {
      map.put(key, "v");
      map.remove(key);
    }
    stop.set(true);
    for (Thread t : readers) t.join();
    assertNull(problem.get());
    assertTrue(seen.get() > 0, "the readers never saw the key live");
  }

  /**
   * One writer churns keys (puts, removes, grows and sweeps the table) while readers look up keys
   * that stay present all along, and churned ones. A stable key must never be missing or wrong; a
   * churned key is absent or holds a value written for it, never another key's.
   */
  @Test
  void readersNeverMissAStableKeyWhileTheWriterChurns() throws Exception {
    PublishedLongObjectMap<String> map = new PublishedLongObjectMap<>(4);
    int stable = 2_000;
    for (long k = 0; k < stable; k++) map.put(k << 32 | 7, "s" + k);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicLong lookups = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      long seed = t;
      Thread reader = new Thread(() -> {
        Random r = new Random(seed);
        long n = 0;
        try {
          while (!stop.get() && problem.get() == null) {
            long k = r.nextInt(stable);
            String v = map.get(k << 32 | 7);
            if (!("s" + k).equals(v)) problem.compareAndSet(null, "stable key " + k + " read as " + v);
            long c = 1_000_000 + r.nextInt(50_000);
            String cv = map.get(c);
            if (cv != null && !cv.startsWith("c" + c + ":")) problem.compareAndSet(null, "churned key " + c + " read as " + cv);
            n++;
          }
        } catch (Throwable e) { // a reader that dies must fail the test, not end quietly
          problem.compareAndSet(null, e.toString());
        }
        lookups.addAndGet(n);
      });
      reader.start();
      readers.add(reader);
    }
    Random r = new Random(99);
    long deadline = System.nanoTime() + 400_000_000L;
    int step = 0;
    while (System.nanoTime() < deadline && problem.get() == null) {
      long c = 1_000_000 + r.nextInt(50_000);
      if (r.nextBoolean()) map.put(c, "c" + c + ":" + step++);
      else map.remove(c);
      // the stable keys are rewritten with equal values too: a reader may see either write
      long k = r.nextInt(stable);
      map.put(k << 32 | 7, "s" + k);
    }
    stop.set(true);
    for (Thread t : readers) t.join();
    assertNull(problem.get());
    assertTrue(lookups.get() > 1_000, "readers ran: " + lookups.get());
  }
}
