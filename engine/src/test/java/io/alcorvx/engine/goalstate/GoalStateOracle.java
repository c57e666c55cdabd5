package io.alcorvx.engine.goalstate;

import com.google.protobuf.Message;
import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.Subnet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The goal state of a host computed the naive way, straight from the definition and by scanning
 * every record: independent of the compiler's scopes, indexes and membership rule, so the
 * randomized tests compare the incremental result against a second implementation.
 */
final class GoalStateOracle {
  private GoalStateOracle() {}

  static Map<EntryKey, Message> of(Model model, String host) {
    Set<Port> local = new HashSet<>();
    for (Port p : model.ports()) if (p.isBound() && p.hostKey().equals(host)) local.add(p);
    Set<String> l2 = new HashSet<>();
    Set<String> nets = new HashSet<>();
    Set<String> groups = new HashSet<>();
    for (Port p : local) {
      nets.add(p.networkId());
      groups.addAll(p.securityGroupIds());
      for (Port.FixedIp f : p.fixedIps()) l2.add(f.subnetId());
    }
    Set<String> routers = new HashSet<>();
    Set<String> l3 = new HashSet<>();
    for (Router r : model.routers()) {
      boolean joined = r.interfaces().stream().anyMatch(i -> l2.contains(i.subnetId()));
      if (!joined) continue;
      routers.add(r.id());
      for (Router.Interface i : r.interfaces()) if (!l2.contains(i.subnetId())) l3.add(i.subnetId());
    }
    for (String s : l3) nets.add(model.subnet(s).networkId());

    View view = View.current(model);
    Map<EntryKey, Message> out = new HashMap<>();
    for (String n : nets) put(out, view, EntryKey.vpc(n));
    for (String s : l2) put(out, view, EntryKey.subnet(s));
    for (String s : l3) put(out, view, EntryKey.subnet(s));
    for (String g : groups) put(out, view, EntryKey.securityGroup(g));
    for (String r : routers) put(out, view, EntryKey.router(r));
    for (Port p : local) {
      put(out, view, EntryKey.port(p.id()));
      put(out, view, EntryKey.dhcp(p.id()));
    }
    for (Port q : model.ports()) {
      if (!q.isBound() || q.hostKey().equals(host)) continue;
      for (Port.FixedIp f : q.fixedIps()) {
        Subnet s = model.subnet(f.subnetId());
        Network n = model.network(s.networkId());
        if (!n.pushMode()) continue;
        if (l2.contains(s.id())) put(out, view, EntryKey.l2Neighbor(q.id(), s.id()));
        else if (l3.contains(s.id())) put(out, view, EntryKey.l3Neighbor(q.id(), s.id()));
      }
    }
    return out;
  }

  private static void put(Map<EntryKey, Message> out, View view, EntryKey key) {
    Entry e = Contents.of(view, key);
    if (e != null) out.put(key, e.configuration());
  }
}
