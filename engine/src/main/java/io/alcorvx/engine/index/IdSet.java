package io.alcorvx.engine.index;

import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An insertion-ordered set of ids, iterating like a {@code LinkedHashSet} at a fraction of its
 * memory. The model keeps four such sets per port (its network, subnet, host and security group
 * list it), so a million ports means four million members: as {@code LinkedHashSet} entries that is
 * 40 bytes and one object each, which every young collection copies until it is old. Here a member
 * is one slot of an array in insertion order plus one or two {@code int}s of a hash table, and no
 * object.
 *
 * <p>Removing a member leaves a hole in the order array and a tombstone in the table; both go when
 * the arrays are rebuilt, which happens when they fill up with holes (so removal is amortised
 * O(1), like insertion). Sets of up to {@value #LINEAR_MAX} slots have no table and are scanned.
 * Iterators fail fast on concurrent modification, like the JDK's. Not thread-safe; no nulls.
 */
public final class IdSet extends AbstractSet<String> {
  /** Up to this many slots a scan beats hashing: no table at all. */
  static final int LINEAR_MAX = 8;
  private static final String[] NONE = new String[0];
  private static final int EMPTY = 0;
  private static final int REMOVED = -1;

  /** Members in insertion order, null where one was removed; {@link #end} slots used. */
  private String[] order;
  private int end;
  private int size;
  /** Open addressing (linear probing) over {@link #order}: index + 1, {@link #EMPTY} or {@link #REMOVED}; null while small. */
  private int[] table;
  private int modCount;

  public IdSet() { order = NONE; }

  /** Room for {@code expected} members before the first resize. */
  public IdSet(int expected) {
    if (expected < 0) throw new IllegalArgumentException("expected size must be >= 0, got " + expected);
    order = expected == 0 ? NONE : new String[expected];
    if (expected > LINEAR_MAX) rebuildTable();
  }

  /** A copy of {@code other}, in its order and without its holes, with room for {@code extra} more members. */
  public IdSet(IdSet other, int extra) {
    if (extra < 0) throw new IllegalArgumentException("extra room must be >= 0, got " + extra);
    int capacity = other.size + extra;
    order = capacity == 0 ? NONE : new String[capacity];
    for (int i = 0; i < other.end; i++) if (other.order[i] != null) order[end++] = other.order[i];
    size = end;
    rebuildTable();
  }

  @Override public int size() { return size; }

  @Override public boolean contains(Object o) { return o instanceof String s && indexOf(s) >= 0; }

  @Override
  public boolean add(String id) {
    if (id == null) throw new NullPointerException("IdSet holds no nulls");
    if (indexOf(id) >= 0) return false;
    if (end == order.length) makeRoom();
    order[end] = id;
    if (table != null) insertSlot(id.hashCode(), end);
    end++;
    size++;
    modCount++;
    return true;
  }

  @Override
  public boolean remove(Object o) {
    if (!(o instanceof String s)) return false;
    int i = indexOf(s);
    if (i < 0) return false;
    removeAt(i, s);
    return true;
  }

  @Override
  public void clear() {
    order = NONE;
    table = null;
    end = 0;
    size = 0;
    modCount++;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next = skipHoles(0);
      private int last = -1;
      private int expected = modCount;

      @Override public boolean hasNext() { return next < end; }

      @Override
      public String next() {
        if (modCount != expected) throw new ConcurrentModificationException();
        if (next >= end) throw new NoSuchElementException();
        last = next;
        next = skipHoles(next + 1);
        return order[last];
      }

      @Override
      public void remove() {
        if (last < 0) throw new IllegalStateException();
        if (modCount != expected) throw new ConcurrentModificationException();
        removeAt(last, order[last]); // leaves a hole: positions of the others do not move
        last = -1;
        expected = modCount;
      }
    };
  }

  private int skipHoles(int i) {
    while (i < end && order[i] == null) i++;
    return i;
  }

  /** The member's position in {@link #order}, or -1. */
  private int indexOf(String id) {
    if (table == null) {
      for (int i = 0; i < end; i++) {
        String s = order[i];
        if (s != null && (s == id || s.equals(id))) return i;
      }
      return -1;
    }
    int mask = table.length - 1;
    for (int slot = spread(id.hashCode()) & mask; ; slot = (slot + 1) & mask) {
      int t = table[slot];
      if (t == EMPTY) return -1;
      if (t != REMOVED) {
        String s = order[t - 1];
        if (s == id || s.equals(id)) return t - 1;
      }
    }
  }

  private void removeAt(int i, String id) {
    if (table != null) {
      int mask = table.length - 1;
      int slot = spread(id.hashCode()) & mask;
      while (table[slot] != i + 1) slot = (slot + 1) & mask;
      table[slot] = REMOVED;
    }
    order[i] = null;
    size--;
    modCount++;
    if (size == 0) {
      order = NONE;
      table = null;
      end = 0;
    }
  }

  /** {@link #order} is full: drop the holes if they are many, else grow it. */
  private void makeRoom() {
    int capacity = order.length;
    if (end - size >= capacity / 2 && capacity > 0) {
      compact(capacity);
    } else {
      compact(capacity < 4 ? 4 : capacity + (capacity >> 1));
    }
  }

  /** Rewrites the members in order into {@code capacity} slots without holes, and the table for them. */
  private void compact(int capacity) {
    String[] next = new String[capacity];
    int n = 0;
    for (int i = 0; i < end; i++) if (order[i] != null) next[n++] = order[i];
    order = next;
    end = n;
    rebuildTable();
  }

  private void rebuildTable() {
    if (order.length <= LINEAR_MAX) {
      table = null;
      return;
    }
    // at most half full, counting the tombstones of removed members (they are in end)
    table = new int[Integer.highestOneBit(order.length - 1) << 2];
    for (int i = 0; i < end; i++) if (order[i] != null) insertSlot(order[i].hashCode(), i);
  }

  private void insertSlot(int hash, int index) {
    int mask = table.length - 1;
    int slot = spread(hash) & mask;
    while (table[slot] > 0) slot = (slot + 1) & mask;
    table[slot] = index + 1;
  }

  /** The table index takes the low bits: fold the high ones in, as {@code HashMap} does. */
  private static int spread(int h) { return h ^ (h >>> 16); }

  /** For tests: the order array's length (the set's footprint). */
  int capacity() { return order.length; }
}
