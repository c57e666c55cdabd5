package io.alcorvx.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdSetTest {

  /** Random adds and removes, checked after every step against the set it replaces. */
  @Test
  void behavesLikeALinkedHashSetThroughRandomChurn() {
    Random random = new Random(17);
    for (int pool : new int[] {3, 8, 9, 40, 2_000}) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < pool; i++) ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
      IdSet set = new IdSet();
      Set<String> expected = new LinkedHashSet<>();
      for (int step = 0; step < 20_000; step++) {
        // equal text, another instance: members compare by value
        String id = new String(ids.get(random.nextInt(pool)).toCharArray());
        boolean adding = random.nextInt(100) < (step % 5_000 < 2_500 ? 70 : 30); // grow, then shrink, twice
        if (adding) assertEquals(expected.add(id), set.add(id), "add " + id + " at step " + step);
        else assertEquals(expected.remove(id), set.remove(id), "remove " + id + " at step " + step);
        assertEquals(expected.size(), set.size());
        if (step % 97 == 0 || pool <= 9) assertEquals(new ArrayList<>(expected), new ArrayList<>(set), "order at step " + step);
      }
      for (String id : ids) assertEquals(expected.contains(id), set.contains(id));
      assertEquals(expected, set);
      assertEquals(expected.hashCode(), set.hashCode());
    }
  }

  @Test
  void iteratorRemovesInPlaceAndFailsFastOnOtherChanges() {
    IdSet set = new IdSet();
    for (int i = 0; i < 20; i++) set.add("id-" + i);
    for (Iterator<String> it = set.iterator(); it.hasNext(); ) {
      if (Integer.parseInt(it.next().substring(3)) % 2 == 0) it.remove();
    }
    List<String> odd = new ArrayList<>();
    for (int i = 1; i < 20; i += 2) odd.add("id-" + i);
    assertEquals(odd, new ArrayList<>(set));
    Iterator<String> it = set.iterator();
    it.next();
    set.add("late");
    assertThrows(ConcurrentModificationException.class, it::next);
    Iterator<String> fresh = set.iterator();
    assertThrows(IllegalStateException.class, fresh::remove, "remove before next");
    while (fresh.hasNext()) fresh.next();
    assertThrows(NoSuchElementException.class, fresh::next);
  }

  @Test
  void aRemovedMemberComesBackAtTheEnd() {
    IdSet set = new IdSet();
    for (String s : List.of("a", "b", "c")) set.add(s);
    set.remove("a");
    set.add("a");
    assertEquals(List.of("b", "c", "a"), new ArrayList<>(set));
  }

  @Test
  void emptiedSetsGiveTheirMemoryBackAndHolesAreReclaimed() {
    IdSet set = new IdSet();
    for (int i = 0; i < 1_000; i++) set.add("id-" + i);
    int grown = set.capacity();
    for (int i = 0; i < 1_000; i++) set.remove("id-" + i);
    assertTrue(set.isEmpty());
    assertEquals(0, set.capacity(), "an empty set holds no arrays");
    // steady churn at a constant size must not grow the arrays without bound
    for (int i = 0; i < 100; i++) set.add("k-" + i);
    int steady = set.capacity();
    for (int i = 100; i < 100_000; i++) {
      set.add("k-" + i);
      set.remove("k-" + (i - 100));
    }
    assertEquals(100, set.size());
    assertTrue(set.capacity() <= 2 * Math.max(steady, 100), "holes are reclaimed: capacity " + set.capacity());
    assertTrue(grown >= 1_000);
  }

  @Test
  void holdsNoNulls() {
    IdSet set = new IdSet(16);
    assertThrows(NullPointerException.class, () -> set.add(null));
    assertFalse(set.contains(null));
    assertFalse(set.remove(null));
    assertFalse(set.contains(42));
    assertThrows(IllegalArgumentException.class, () -> new IdSet(-1));
  }
}
