package io.alcorvx.engine.goalstate;

import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Port;
import java.util.LinkedHashMap;
import java.util.Map;

/** A host's whole goal state from its scope: for FULL pushes and for resync digests. */
final class FullState {
  private FullState() {}

  static Map<EntryKey, Entry> of(Model model, View view, HostScope scope, String host, NeighborEntries cache) {
    Map<EntryKey, Entry> out = new LinkedHashMap<>();
    for (String n : scope.networks) add(out, view, scope, host, EntryKey.vpc(n));
    for (String s : scope.subnets) add(out, view, scope, host, EntryKey.subnet(s));
    for (String s : scope.l3Subnets) add(out, view, scope, host, EntryKey.subnet(s));
    for (String g : scope.securityGroups) add(out, view, scope, host, EntryKey.securityGroup(g));
    for (String r : scope.routers) add(out, view, scope, host, EntryKey.router(r));
    for (String p : scope.ports) {
      add(out, view, scope, host, EntryKey.port(p));
      add(out, view, scope, host, EntryKey.dhcp(p));
    }
    for (String s : scope.subnets) neighbors(out, model, view, scope, host, s, true, cache);
    for (String s : scope.l3Subnets) neighbors(out, model, view, scope, host, s, false, cache);
    return out;
  }

  private static void neighbors(Map<EntryKey, Entry> out, Model model, View view, HostScope scope, String host,
      String subnet, boolean l2, NeighborEntries cache) {
    if (!Membership.pushes(view, subnet)) return;
    for (String portId : model.portsOfSubnet(subnet)) {
      Port q = model.port(portId);
      if (!q.isBound() || q.hostKey().equals(host)) continue;
      // the shared key and entry: the gateway encodes each neighbor once for every FULL
      EntryKey key = cache.key(portId, subnet, l2);
      if (!Membership.holds(scope, view, host, key)) continue;
      Entry e = cache.entry(view, key);
      if (e != null) out.put(key, e);
    }
  }

  private static void add(Map<EntryKey, Entry> out, View view, HostScope scope, String host, EntryKey key) {
    if (!Membership.holds(scope, view, host, key)) return;
    Entry e = Contents.of(view, key);
    if (e != null) out.put(key, e);
  }
}
