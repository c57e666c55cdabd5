package io.alcorvx.engine;

import io.alcorvx.engine.index.CountIndex;
import io.alcorvx.engine.index.LongObjectMap;
import io.alcorvx.engine.index.MultiIndex;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.IpAllocator;
import io.alcorvx.engine.net.MacAllocator;
import io.alcorvx.engine.net.VniAllocator;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whole topology in memory, with every index the engine and the compiler need. All
 * mutation goes through {@link #put} and {@link #remove}, which keep the indexes and the
 * allocators consistent with the records; that is what makes loading from the store and undoing a
 * change set generic. Validation is not done here: the {@link Engine} validates, then puts.
 */
public final class Model implements io.alcorvx.engine.ondemand.ResolverView {
  final Map<String, Network> networks = new HashMap<>();
  final Map<String, Subnet> subnets = new HashMap<>();
  final Map<String, Port> ports = new HashMap<>();
  final Map<String, SecurityGroup> securityGroups = new HashMap<>();
  final Map<String, Router> routers = new HashMap<>();
  final Map<String, Host> hosts = new HashMap<>();

  private final MultiIndex subnetsByNetwork = new MultiIndex();
  private final MultiIndex portsByNetwork = new MultiIndex();
  private final MultiIndex portsBySubnet = new MultiIndex();
  private final MultiIndex portsByHost = new MultiIndex();
  private final MultiIndex portsBySecurityGroup = new MultiIndex();
  private final MultiIndex routersBySubnet = new MultiIndex();
  private final CountIndex hostsBySubnet = new CountIndex();
  private final CountIndex hostsByNetwork = new CountIndex();
  private final CountIndex hostsBySecurityGroup = new CountIndex();
  /** (VNI << 32 | IPv4) to port: the on-demand resolver's O(1) lookup. */
  private final LongObjectMap<Port> portByVniIpv4 = new LongObjectMap<>(1024);
  private final Map<V6Key, Port> portByVniIpv6 = new HashMap<>();
  /** VNI to the network record itself (one lookup on the on-demand hot path, not two). */
  private final LongObjectMap<Network> networkByVni = new LongObjectMap<>(64);
  private final Map<String, String> securityGroupByRule = new HashMap<>();
  private final Map<String, String> defaultSecurityGroupByProject = new HashMap<>();
  private final Map<String, String> hostIdByName = new HashMap<>();
  private final Map<String, IpAllocator> ipAllocators = new HashMap<>();
  final MacAllocator macs;
  final VniAllocator vnis;

  private record V6Key(long vni, long hi, long lo) {}

  public static final String DEFAULT_SECURITY_GROUP_NAME = "default";

  Model(EngineConfig config) {
    this.macs = new MacAllocator(config.macPrefix(), config.macPrefixBits(), config.macSeed());
    this.vnis = new VniAllocator(config.vniMin(), config.vniMax());
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Override public Network network(String id) { return networks.get(id); }

  public Subnet subnet(String id) { return subnets.get(id); }

  public Port port(String id) { return ports.get(id); }

  public SecurityGroup securityGroup(String id) { return securityGroups.get(id); }

  public Router router(String id) { return routers.get(id); }

  public Host host(String id) { return hosts.get(id); }

  public Collection<Network> networks() { return Collections.unmodifiableCollection(networks.values()); }

  public Collection<Subnet> subnets() { return Collections.unmodifiableCollection(subnets.values()); }

  public Collection<Port> ports() { return Collections.unmodifiableCollection(ports.values()); }

  public Collection<SecurityGroup> securityGroups() { return Collections.unmodifiableCollection(securityGroups.values()); }

  public Collection<Router> routers() { return Collections.unmodifiableCollection(routers.values()); }

  public Collection<Host> hosts() { return Collections.unmodifiableCollection(hosts.values()); }

  public Set<String> subnetsOf(String networkId) { return subnetsByNetwork.get(networkId); }

  public Set<String> portsOfNetwork(String networkId) { return portsByNetwork.get(networkId); }

  public int portCount(String networkId) { return portsByNetwork.size(networkId); }

  public Set<String> portsOfSubnet(String subnetId) { return portsBySubnet.get(subnetId); }

  /** Ports bound to a host key (see {@link Port#hostKey()}). */
  public Set<String> portsOfHost(String hostKey) { return portsByHost.get(hostKey); }

  public Set<String> portsOfSecurityGroup(String sgId) { return portsBySecurityGroup.get(sgId); }

  public Set<String> routersOfSubnet(String subnetId) { return routersBySubnet.get(subnetId); }

  /** Hosts with at least one bound port holding an address on the subnet. */
  public Set<String> hostsOfSubnet(String subnetId) { return hostsBySubnet.hostsOf(subnetId); }

  public boolean hostInSubnet(String hostKey, String subnetId) { return hostsBySubnet.contains(subnetId, hostKey); }

  /** Hosts with at least one bound port in the network (the VPC's hosts). */
  public Set<String> hostsOfNetwork(String networkId) { return hostsByNetwork.hostsOf(networkId); }

  public Set<String> hostsOfSecurityGroup(String sgId) { return hostsBySecurityGroup.hostsOf(sgId); }

  @Override public Network networkByVni(long vni) { return networkByVni.get(vni); }

  /** The port holding an address in the network with this VNI; O(1), independent of VPC size. */
  public Port portByVniIp(long vni, IpAddress ip) {
    if (ip.isV4()) return portByVniIpv4.get((vni << 32) | (ip.lo() & 0xFFFFFFFFL));
    return portByVniIpv6.get(new V6Key(vni, ip.hi(), ip.lo()));
  }

  public String securityGroupOfRule(String ruleId) { return securityGroupByRule.get(ruleId); }

  public String defaultSecurityGroupOf(String projectId) { return defaultSecurityGroupByProject.get(projectId); }

  public String hostIdByName(String name) { return hostIdByName.get(name); }

  IpAllocator ipAllocator(String subnetId) { return ipAllocators.get(subnetId); }

  // ---- writes --------------------------------------------------------------------------------

  /** Adds a resource (which must not be present) and indexes it. */
  public void put(Resource r) {
    if (r instanceof Port p) putPort(p);
    else if (r instanceof Subnet s) putSubnet(s);
    else if (r instanceof Network n) putNetwork(n);
    else if (r instanceof SecurityGroup g) putSecurityGroup(g);
    else if (r instanceof Router rt) putRouter(rt);
    else if (r instanceof Host h) putHost(h);
    else throw new IllegalArgumentException("unknown resource " + r);
  }

  /** Removes a resource (exactly the given revision) and its index entries. */
  public void remove(Resource r) {
    if (r instanceof Port p) removePort(p);
    else if (r instanceof Subnet s) removeSubnet(s);
    else if (r instanceof Network n) removeNetwork(n);
    else if (r instanceof SecurityGroup g) removeSecurityGroup(g);
    else if (r instanceof Router rt) removeRouter(rt);
    else if (r instanceof Host h) removeHost(h);
    else throw new IllegalArgumentException("unknown resource " + r);
  }

  private void putNetwork(Network n) {
    networks.put(n.id(), n);
    vnis.reserve(n.segmentationId());
    networkByVni.put(n.segmentationId(), n);
  }

  private void removeNetwork(Network n) {
    networks.remove(n.id());
    Network indexed = networkByVni.get(n.segmentationId());
    if (indexed != null && n.id().equals(indexed.id())) {
      networkByVni.remove(n.segmentationId());
      vnis.release(n.segmentationId());
    }
  }

  private void putSubnet(Subnet s) {
    subnets.put(s.id(), s);
    subnetsByNetwork.add(s.networkId(), s.id());
    // Rebuilt from the ports present, so replacing a subnet (new pools) keeps its addresses taken.
    IpAllocator alloc = new IpAllocator(s.cidr(), s.allocationPools());
    for (String portId : portsBySubnet.get(s.id())) {
      alloc.reserve(ports.get(portId).ipOn(s.id()));
    }
    ipAllocators.put(s.id(), alloc);
  }

  private void removeSubnet(Subnet s) {
    subnets.remove(s.id());
    subnetsByNetwork.remove(s.networkId(), s.id());
    ipAllocators.remove(s.id());
  }

  private void putPort(Port p) {
    ports.put(p.id(), p);
    macs.reserve(p.macAddress());
    portsByNetwork.add(p.networkId(), p.id());
    Network net = networks.get(p.networkId());
    for (Port.FixedIp f : p.fixedIps()) {
      portsBySubnet.add(f.subnetId(), p.id());
      IpAllocator alloc = ipAllocators.get(f.subnetId());
      if (alloc != null) alloc.reserve(f.ipAddress());
      if (net != null) indexAddress(net.segmentationId(), f.ipAddress(), p);
    }
    for (String sg : p.securityGroupIds()) portsBySecurityGroup.add(sg, p.id());
    if (p.isBound()) {
      portsByHost.add(p.hostKey(), p.id());
      hostsByNetwork.increment(p.networkId(), p.hostKey());
      for (Port.FixedIp f : p.fixedIps()) hostsBySubnet.increment(f.subnetId(), p.hostKey());
      for (String sg : p.securityGroupIds()) hostsBySecurityGroup.increment(sg, p.hostKey());
    }
  }

  private void removePort(Port p) {
    ports.remove(p.id());
    macs.release(p.macAddress());
    portsByNetwork.remove(p.networkId(), p.id());
    Network net = networks.get(p.networkId());
    for (Port.FixedIp f : p.fixedIps()) {
      portsBySubnet.remove(f.subnetId(), p.id());
      IpAllocator alloc = ipAllocators.get(f.subnetId());
      if (alloc != null) alloc.release(f.ipAddress());
      if (net != null) unindexAddress(net.segmentationId(), f.ipAddress(), p);
    }
    for (String sg : p.securityGroupIds()) portsBySecurityGroup.remove(sg, p.id());
    if (p.isBound()) {
      portsByHost.remove(p.hostKey(), p.id());
      hostsByNetwork.decrement(p.networkId(), p.hostKey());
      for (Port.FixedIp f : p.fixedIps()) hostsBySubnet.decrement(f.subnetId(), p.hostKey());
      for (String sg : p.securityGroupIds()) hostsBySecurityGroup.decrement(sg, p.hostKey());
    }
  }

  private void indexAddress(long vni, IpAddress ip, Port p) {
    if (ip.isV4()) portByVniIpv4.put((vni << 32) | (ip.lo() & 0xFFFFFFFFL), p);
    else portByVniIpv6.put(new V6Key(vni, ip.hi(), ip.lo()), p);
  }

  private void unindexAddress(long vni, IpAddress ip, Port p) {
    if (ip.isV4()) {
      long key = (vni << 32) | (ip.lo() & 0xFFFFFFFFL);
      if (portByVniIpv4.get(key) == p) portByVniIpv4.remove(key);
    } else {
      portByVniIpv6.remove(new V6Key(vni, ip.hi(), ip.lo()), p);
    }
  }

  private void putSecurityGroup(SecurityGroup g) {
    securityGroups.put(g.id(), g);
    for (SecurityGroupRule r : g.rules()) securityGroupByRule.put(r.id(), g.id());
    if (DEFAULT_SECURITY_GROUP_NAME.equals(g.name())) {
      defaultSecurityGroupByProject.putIfAbsent(g.projectId(), g.id());
    }
  }

  private void removeSecurityGroup(SecurityGroup g) {
    securityGroups.remove(g.id());
    for (SecurityGroupRule r : g.rules()) securityGroupByRule.remove(r.id());
    defaultSecurityGroupByProject.remove(g.projectId(), g.id());
  }

  private void putRouter(Router r) {
    routers.put(r.id(), r);
    for (Router.Interface i : r.interfaces()) routersBySubnet.add(i.subnetId(), r.id());
  }

  private void removeRouter(Router r) {
    routers.remove(r.id());
    for (Router.Interface i : r.interfaces()) routersBySubnet.remove(i.subnetId(), r.id());
  }

  private void putHost(Host h) {
    hosts.put(h.id(), h);
    if (!h.name().isEmpty()) hostIdByName.putIfAbsent(h.name(), h.id());
  }

  private void removeHost(Host h) {
    hosts.remove(h.id());
    hostIdByName.remove(h.name(), h.id());
  }
}
