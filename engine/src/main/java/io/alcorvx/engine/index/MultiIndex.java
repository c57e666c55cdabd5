package io.alcorvx.engine.index;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A key to a set of ids (network to subnets, subnet to ports, ...), insertion ordered ({@link IdSet}). */
public final class MultiIndex {
  private final Map<String, Set<String>> sets = new HashMap<>();

  public void add(String key, String id) { sets.computeIfAbsent(key, k -> new IdSet()).add(id); }

  public void remove(String key, String id) {
    Set<String> s = sets.get(key);
    if (s == null) return;
    s.remove(id);
    if (s.isEmpty()) sets.remove(key);
  }

  public Set<String> get(String key) {
    Set<String> s = sets.get(key);
    return s == null ? Collections.emptySet() : Collections.unmodifiableSet(s);
  }

  public int size(String key) {
    Set<String> s = sets.get(key);
    return s == null ? 0 : s.size();
  }

  public boolean isEmpty(String key) { return size(key) == 0; }
}
