package io.alcorvx.engine.ondemand;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.Model;
import io.alcorvx.engine.index.PublishedLongObjectMap;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine state the on-demand path reads, published by the engine owner for readers on other
 * threads: on-demand requests are answered from here, so they never queue behind commands on the
 * owner's event loop. The owner applies every durable change set ({@link #apply}); readers see
 * each record either before or after a change, never half of it (records are immutable and every
 * map is concurrent). Costs a second set of indexes over the same immutable records.
 */
public final class PublishedView implements ResolverView {
  private final ConcurrentHashMap<String, Network> networks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Subnet> subnets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Port> ports = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Router> routers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SecurityGroup> groups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
  /** See {@link #hostsVersion}; raised by the owner after each change to {@link #hosts}. */
  private volatile long hostsVersion;
  /** Every resolution looks its VNI up here: primitive keys, no boxing (see {@link #endpointByVniIpv4}). */
  private final PublishedLongObjectMap<Network> networkByVni = new PublishedLongObjectMap<>(64);
  /**
   * (VNI, IPv4) packed as in the model, to the address's endpoint: the on-demand hot path, one key
   * and one value slot per lookup, then the endpoint.
   */
  private final PublishedLongObjectMap<Endpoint> endpointByVniIpv4 = new PublishedLongObjectMap<>(1024);
  /** (VNI, IPv6). */
  private final ConcurrentHashMap<Address, Endpoint> endpointByVniIpv6 = new ConcurrentHashMap<>();
  /**
   * One list per distinct set of port security groups (writer only). Ports mostly share a few, so
   * the endpoints' lists stay in cache instead of costing a miss per port. Bounded: when full it
   * starts over, which costs only sharing.
   */
  private final HashMap<List<String>, List<String>> sharedGroupLists = new HashMap<>();
  /**
   * One string per host key (writer only), for the same reason: a port's binding is its own string
   * unless it named a registered host, and every resolution compares the source's host key and
   * every reply looks the destination's host up by it. Bounded like the group lists.
   */
  private final HashMap<String, String> sharedHostKeys = new HashMap<>();
  static final int MAX_SHARED = 1 << 16;
  /** Subnet to the routers joined to it; values are immutable sets replaced on change. */
  private final ConcurrentHashMap<String, Set<String>> routersBySubnet = new ConcurrentHashMap<>();

  private record Address(long vni, long hi, long lo) {}

  /** A view of everything the model holds now (O(records); at load time). */
  public static PublishedView of(Model model) {
    PublishedView v = new PublishedView();
    model.hosts().forEach(v::put);
    model.networks().forEach(v::put);
    model.securityGroups().forEach(v::put);
    model.subnets().forEach(v::put);
    model.routers().forEach(v::put);
    model.ports().forEach(v::put);
    return v;
  }

  /** Applies a change set the owner made durable, in its order. Owner thread only. */
  public void apply(ChangeSet changes) {
    for (ChangeSet.Change c : changes.changes()) {
      // the new record goes in first, then the old one leaves only the entries nothing replaced:
      // a record that changes (a port turning ACTIVE, a renamed network) never disappears for a
      // reader in between, which would answer an on-demand request "unknown" for a live port
      if (c.after() != null) put(c.after());
      if (c.before() != null) remove(c.before());
    }
  }

  private void put(Resource r) {
    if (r instanceof Port p) {
      ports.put(p.id(), p);
      Network n = networks.get(p.networkId());
      if (n != null) {
        List<String> groups = shared(sharedGroupLists, p.securityGroupIds());
        String hostKey = shared(sharedHostKeys, p.hostKey());
        for (Port.FixedIp f : p.fixedIps()) {
          IpAddress ip = f.ipAddress();
          Endpoint e = new Endpoint(p, f.subnetId(), hostKey, groups, true);
          if (ip.isV4()) endpointByVniIpv4.put(v4Key(n.segmentationId(), ip), e);
          else endpointByVniIpv6.put(v6Key(n.segmentationId(), ip), e);
        }
      }
    } else if (r instanceof Network n) {
      networks.put(n.id(), n);
      networkByVni.put(n.segmentationId(), n);
    } else if (r instanceof Subnet s) {
      subnets.put(s.id(), s);
    } else if (r instanceof Router rt) {
      routers.put(rt.id(), rt);
      for (Router.Interface i : rt.interfaces()) routersBySubnet.merge(i.subnetId(), Set.of(rt.id()), PublishedView::union);
    } else if (r instanceof SecurityGroup g) {
      groups.put(g.id(), g);
    } else if (r instanceof Host h) {
      hosts.put(h.id(), h);
      hostsVersion = hostsVersion + 1; // after the map: a reader that sees the new number finds the new record
    }
  }

  /** Removes what {@code r} put, where it is still {@code r}'s (not its replacement's). */
  private void remove(Resource r) {
    if (r instanceof Port p) {
      removeIfSame(ports, p.id(), p);
      Network n = networks.get(p.networkId());
      if (n != null) {
        for (Port.FixedIp f : p.fixedIps()) {
          IpAddress ip = f.ipAddress();
          if (ip.isV4()) {
            long key = v4Key(n.segmentationId(), ip);
            Endpoint e = endpointByVniIpv4.get(key); // the writer's own read: nothing changes it in between
            if (e != null && e.port() == p) endpointByVniIpv4.remove(key, e);
          } else {
            endpointByVniIpv6.computeIfPresent(v6Key(n.segmentationId(), ip), (k, e) -> e.port() == p ? null : e);
          }
        }
      }
    } else if (r instanceof Network n) {
      removeIfSame(networks, n.id(), n);
      networkByVni.remove(n.segmentationId(), n); // only if still this very record, as removeIfSame
    } else if (r instanceof Subnet s) {
      removeIfSame(subnets, s.id(), s);
    } else if (r instanceof Router rt) {
      removeIfSame(routers, rt.id(), rt);
      Router replacement = routers.get(rt.id());
      for (Router.Interface i : rt.interfaces()) {
        if (replacement != null && replacement.hasInterfaceOn(i.subnetId())) continue; // still joined
        routersBySubnet.computeIfPresent(i.subnetId(), (k, set) -> {
          Set<String> rest = new HashSet<>(set);
          rest.remove(rt.id());
          return rest.isEmpty() ? null : Set.copyOf(rest);
        });
      }
    } else if (r instanceof SecurityGroup g) {
      removeIfSame(groups, g.id(), g);
    } else if (r instanceof Host h) {
      removeIfSame(hosts, h.id(), h);
      hostsVersion = hostsVersion + 1;
    }
  }

  /**
   * Removes {@code key} if it maps to this very object. Not {@code remove(key, value)}: records
   * compare by value, and an update that changed nothing visible would remove its own result.
   */
  private static <K, V> void removeIfSame(ConcurrentHashMap<K, V> map, K key, V value) {
    map.computeIfPresent(key, (k, current) -> current == value ? null : current);
  }

  /** The instance equal to {@code value} that {@code pool} holds, which becomes {@code value} if none. */
  private static <T> T shared(HashMap<T, T> pool, T value) {
    T held = pool.get(value);
    if (held != null) return held;
    if (pool.size() >= MAX_SHARED) pool.clear();
    pool.put(value, value);
    return value;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  private static long v4Key(long vni, IpAddress ip) { return (vni << 32) | (ip.lo() & 0xFFFFFFFFL); }

  private static Address v6Key(long vni, IpAddress ip) { return new Address(vni, ip.hi(), ip.lo()); }

  @Override public Network networkByVni(long vni) { return networkByVni.get(vni); }

  @Override public Endpoint endpoint(long vni, IpAddress ip) {
    return ip.isV4() ? endpointByVniIpv4.get(v4Key(vni, ip)) : endpointByVniIpv6.get(v6Key(vni, ip));
  }

  /** IPv4 only (the on-demand hot path). */
  @Override public long warm(long vni, IpAddress ip) { return ip.isV4() ? endpointByVniIpv4.warm(v4Key(vni, ip)) : 0; }

  @Override public Port portByVniIp(long vni, IpAddress ip) {
    Endpoint e = endpoint(vni, ip);
    return e == null ? null : e.port();
  }

  @Override public Set<String> routersOfSubnet(String subnetId) { return routersBySubnet.getOrDefault(subnetId, Collections.emptySet()); }

  @Override public Network network(String id) { return networks.get(id); }

  @Override public Subnet subnet(String id) { return subnets.get(id); }

  @Override public Port port(String id) { return ports.get(id); }

  @Override public Router router(String id) { return routers.get(id); }

  @Override public SecurityGroup securityGroup(String id) { return groups.get(id); }

  @Override public Host host(String id) { return hosts.get(id); }

  @Override public long hostsVersion() { return hostsVersion; }

  public int portCount() { return ports.size(); }
}
