package io.alcorvx.engine.index;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * For each group (a subnet, a network, a security group), the hosts that have ports in it and
 * how many references each has. Answers "which hosts must hear about a change to this group" in
 * time proportional to those hosts, and tells when a host enters or leaves a group.
 */
public final class CountIndex {
  private final Map<String, Map<String, int[]>> groups = new HashMap<>();

  /** Adds one reference; returns true if the host just entered the group. */
  public boolean increment(String group, String host) {
    int[] c = groups.computeIfAbsent(group, g -> new HashMap<>(4)).computeIfAbsent(host, h -> new int[1]);
    return c[0]++ == 0;
  }

  /** Removes one reference; returns true if the host just left the group. */
  public boolean decrement(String group, String host) {
    Map<String, int[]> hosts = groups.get(group);
    if (hosts == null) throw new IllegalStateException("no references for " + group);
    int[] c = hosts.get(host);
    if (c == null) throw new IllegalStateException("no reference of " + host + " in " + group);
    if (--c[0] > 0) return false;
    hosts.remove(host);
    if (hosts.isEmpty()) groups.remove(group);
    return true;
  }

  public Set<String> hostsOf(String group) {
    Map<String, int[]> hosts = groups.get(group);
    return hosts == null ? Collections.emptySet() : Collections.unmodifiableSet(hosts.keySet());
  }

  public int count(String group, String host) {
    Map<String, int[]> hosts = groups.get(group);
    if (hosts == null) return 0;
    int[] c = hosts.get(host);
    return c == null ? 0 : c[0];
  }

  public boolean contains(String group, String host) { return count(group, host) > 0; }
}
