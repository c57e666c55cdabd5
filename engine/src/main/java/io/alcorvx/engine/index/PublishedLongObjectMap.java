package io.alcorvx.engine.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link LongObjectMap} for one writer thread and any number of reader threads, without locks:
 * the on-demand path looks up (VNI, IPv4) from the gateway's event loops while the engine owner
 * changes the map. A {@code ConcurrentHashMap} keyed by a record costs such a lookup a hash node
 * and a key object on top of the table slot; on a large VPC each of those is a cache miss, and
 * they were most of a resolution's cost at 100,000 ports (docs/benchmarks.md, session 11).
 *
 * <p>How readers stay safe while the writer works:
 * <ul>
 *   <li>A slot's key is written before its value, and the value with release semantics; readers
 *       read the value with acquire semantics before the key, so a value they see has its key.</li>
 *   <li>A slot, once keyed, keeps its key until the table is rebuilt: removal leaves a tombstone
 *       value, and putting that key again reuses its slot. So a reader never sees a key move,
 *       which backward-shift deletion ({@link LongObjectMap}) would do.</li>
 *   <li>Growing or sweeping tombstones builds a new table and publishes it with one volatile
 *       write; readers still on the old table see the map as it was before that write.</li>
 * </ul>
 * A reader sees each key's value either before or after a concurrent change, never a torn one.
 * Null values are not allowed (null marks a never-used slot).
 */
public final class PublishedLongObjectMap<V> {
  private static final Object TOMBSTONE = new Object();
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  private static final class Table {
    final long[] keys;
    final Object[] values;
    final int mask;

    Table(int capacity) {
      keys = new long[capacity];
      values = new Object[capacity];
      mask = capacity - 1;
    }
  }

  private volatile Table table;
  /** Live entries (writer only). */
  private int size;
  /** Keyed slots: live entries plus tombstones (writer only); bounds probe lengths. */
  private int keyed;

  public PublishedLongObjectMap() { this(16); }

  public PublishedLongObjectMap(int expected) { table = new Table(LongObjectMap.capacityFor(expected)); }

  /** The value of {@code key}, or null. Any thread. */
  @SuppressWarnings("unchecked")
  public V get(long key) {
    Table t = table;
    int i = LongObjectMap.mix(key) & t.mask;
    Object v;
    // the value read while probing is the answer: reading the slot again could find it removed since
    while ((v = SLOT.getAcquire(t.values, i)) != null) {
      if (t.keys[i] == key) return v == TOMBSTONE ? null : (V) v;
      i = (i + 1) & t.mask;
    }
    return null;
  }

  /**
   * Reads the slots where a lookup of {@code key} starts, so that a lookup soon after finds them
   * in cache, and returns a value of them (the caller must use it, or the JIT drops the reads).
   * No branch depends on what it reads, so a loop of these over many keys lets the CPU fetch
   * all their cache lines at once, where a loop of lookups waits at each probe's comparison.
   * Any thread.
   */
  public long warm(long key) {
    Table t = table;
    int i = LongObjectMap.mix(key) & t.mask;
    return t.keys[i] + (t.values[i] == null ? 1 : 0);
  }

  /**
   * Puts and returns the previous value, or null. Writer thread only.
   *
   * @throws NullPointerException if {@code value} is null (use {@link #remove})
   */
  @SuppressWarnings("unchecked")
  public V put(long key, V value) {
    if (value == null) throw new NullPointerException("PublishedLongObjectMap does not hold null values");
    Table t = table;
    int i = LongObjectMap.mix(key) & t.mask;
    Object v;
    while ((v = t.values[i]) != null) {
      if (t.keys[i] == key) {
        SLOT.setRelease(t.values, i, value);
        if (v == TOMBSTONE) {
          size++;
          return null;
        }
        return (V) v;
      }
      i = (i + 1) & t.mask;
    }
    if ((keyed + 1) * 4 > t.keys.length * 3) { // rebuild first: the new table has room and no tombstones
      rebuild(size + 1);
      return put(key, value);
    }
    t.keys[i] = key;
    SLOT.setRelease(t.values, i, value);
    size++;
    keyed++;
    return null;
  }

  /** Removes {@code key} and returns its value, or null. Writer thread only. */
  public V remove(long key) { return remove(key, null); }

  /**
   * Removes {@code key} if its value is {@code expected} (any value when {@code expected} is
   * null) and returns the removed value, or null. Writer thread only.
   */
  @SuppressWarnings("unchecked")
  public V remove(long key, Object expected) {
    Table t = table;
    int i = LongObjectMap.mix(key) & t.mask;
    Object v;
    while ((v = t.values[i]) != null) {
      if (t.keys[i] == key) {
        if (v == TOMBSTONE || (expected != null && v != expected)) return null;
        SLOT.setRelease(t.values, i, TOMBSTONE);
        size--;
        return (V) v;
      }
      i = (i + 1) & t.mask;
    }
    return null;
  }

  private void rebuild(int entries) {
    Table old = table;
    Table fresh = new Table(LongObjectMap.capacityFor(entries)); // at most half full: sized for the live entries only
    int live = 0;
    for (int j = 0; j < old.keys.length; j++) {
      Object v = old.values[j];
      if (v == null || v == TOMBSTONE) continue;
      int i = LongObjectMap.mix(old.keys[j]) & fresh.mask;
      while (fresh.values[i] != null) i = (i + 1) & fresh.mask;
      fresh.keys[i] = old.keys[j];
      fresh.values[i] = v;
      live++;
    }
    keyed = live;
    table = fresh; // publishes every slot written above
  }

  /** Live entries. Writer thread (others may read a stale count). */
  public int size() { return size; }

  /** Slots in the current table (for tests: tombstones are swept when it is rebuilt). */
  int capacity() { return table.keys.length; }
}
