package io.alcorvx.engine.ondemand;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers distinct values (subnet ids, host keys, security-group lists) 1, 2, 3, ... for one
 * writer thread and any number of readers, and hands back one shared instance per value. A number
 * is never given to another value, so a reader holding an old number still maps it to the value
 * it meant; numbers stop at {@code limit}, after which {@link #ordinal} answers 0 ("none") and
 * callers fall back to the value itself.
 */
final class Ordinals<T> {
  private final int limit;
  /** Value to number; readers only look numbers up (see {@link #find}). */
  private final ConcurrentHashMap<T, Integer> numbers = new ConcurrentHashMap<>();
  /** Number to value; replaced by a longer copy when full, so a reader's copy never loses a number it read. */
  private volatile Object[] values = new Object[64];
  private int next = 1;

  Ordinals(int limit) { this.limit = limit; }

  /** The number of {@code value}, given now if it has none, or 0 when the numbers ran out. Writer only. */
  int ordinal(T value) {
    Integer held = numbers.get(value);
    if (held != null) return held;
    if (next > limit) return 0;
    int n = next++;
    Object[] v = values;
    if (n == v.length) v = Arrays.copyOf(v, v.length * 2);
    v[n] = value;
    values = v; // published before any reader can learn n (from the map or from a tag written after this)
    numbers.put(value, n);
    return n;
  }

  /** The shared instance equal to {@code value}: the one numbered, or {@code value} itself if none is. Writer only. */
  @SuppressWarnings("unchecked")
  T shared(T value) {
    int n = ordinal(value);
    return n == 0 ? value : (T) values[n];
  }

  /** The value numbered {@code n} (a number this registry gave). Any thread. */
  @SuppressWarnings("unchecked")
  T value(int n) { return (T) values[n]; }

  /** The number of {@code value}, or -1 if it has none. Any thread. */
  int find(T value) {
    Integer n = numbers.get(value);
    return n == null ? -1 : n;
  }
}
