package io.alcorvx.engine.index;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing map from primitive long keys to objects: the on-demand hot path looks up
 * (VNI, IPv4) packed into one long, and boxing a Long per lookup would dominate its cost.
 * Deletion uses backward shifting, so there are no tombstones and lookups stay short. A slot is
 * free when its value is null (null values are not allowed), so a lookup touches only the key and
 * value arrays: on a large map each array costs a cache miss, and there is no third one.
 */
public final class LongObjectMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  public LongObjectMap() { this(16); }

  public LongObjectMap(int expected) {
    int cap = capacityFor(expected);
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  /** Slots for {@code entries}: a power of two, at most half full. Shared with {@link PublishedLongObjectMap}. */
  static int capacityFor(int entries) { return Integer.highestOneBit(Math.max(4, entries * 2 - 1)) << 1; }

  /** A key's home slot before masking (spreads (VNI << 32 | IPv4) keys). Shared with {@link PublishedLongObjectMap}. */
  static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int i = mix(key) & mask;
    Object v;
    while ((v = values[i]) != null) {
      if (keys[i] == key) return (V) v;
      i = (i + 1) & mask;
    }
    return null;
  }

  /**
   * Puts and returns the previous value, or null.
   *
   * @throws NullPointerException if {@code value} is null (use {@link #remove})
   */
  @SuppressWarnings("unchecked")
  public V put(long key, V value) {
    if (value == null) throw new NullPointerException("LongObjectMap does not hold null values");
    if ((size + 1) * 4 > keys.length * 3) grow();
    int i = mix(key) & mask;
    while (values[i] != null) {
      if (keys[i] == key) {
        V old = (V) values[i];
        values[i] = value;
        return old;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
    return null;
  }

  @SuppressWarnings("unchecked")
  public V remove(long key) {
    int i = mix(key) & mask;
    while (values[i] != null) {
      if (keys[i] == key) {
        V old = (V) values[i];
        shiftBack(i);
        size--;
        return old;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private void shiftBack(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (values[i] == null) break;
      int home = mix(keys[i]) & mask;
      // move entry i into the hole if the hole lies cyclically between its home and i
      boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (movable) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    values[hole] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    int cap = keys.length * 2;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked") V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }

  public int size() { return size; }

  @SuppressWarnings("unchecked")
  public void forEachValue(Consumer<V> action) {
    for (Object v : values) {
      if (v != null) action.accept((V) v);
    }
  }

  public void clear() {
    Arrays.fill(values, null);
    size = 0;
  }
}
