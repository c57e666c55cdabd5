package io.alcorvx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.AddRouterInterface;
import io.alcorvx.engine.command.Command.AddressPairSpec;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateRouter;
import io.alcorvx.engine.command.Command.CreateSecurityGroup;
import io.alcorvx.engine.command.Command.CreateSecurityGroupRule;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.FixedIpSpec;
import io.alcorvx.engine.command.Command.Pool;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.engine.command.Command.RouteSpec;
import io.alcorvx.engine.command.Command.UpdatePort;
import io.alcorvx.engine.model.FanoutPolicy;
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
import io.alcorvx.engine.net.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fresh engine (sequential ids "id-1", "id-2", ...) plus helpers that create resources with
 * Neutron defaults, and {@link #refused} which checks that a refused command changed nothing.
 * Shared by the engine's tests; reuse it rather than building commands with a dozen nulls.
 */
public class EngineFixture {
  /** An ordinary tenant and a second one, and an admin. */
  public static final Actor P1 = new Actor("p1", false);
  public static final Actor P2 = new Actor("p2", false);
  public static final Actor ADMIN = new Actor("admin", true);

  public final Engine engine;
  /** The clock passed to {@link Engine#apply}; advanced by one per command. */
  public long now = 1_000;

  public EngineFixture() { this(EngineConfig.defaults()); }

  public EngineFixture(EngineConfig config) { this.engine = new Engine(config, IdSource.sequential("id")); }

  public Model model() { return engine.model(); }

  // ---- applying commands ---------------------------------------------------------------------

  /** Applies a command that must succeed. */
  public Result result(Command c) {
    try {
      return engine.apply(c, ++now);
    } catch (EngineException e) {
      throw new AssertionError("refused " + c + ": " + e.kind() + " " + e.type() + ": " + e.getMessage(), e);
    }
  }

  /** Applies a command that must succeed and returns what it produced. */
  @SuppressWarnings("unchecked")
  public <T> T apply(Command c) { return (T) result(c).value(); }

  /**
   * Applies a command that must be refused with this kind and Neutron type, and checks that
   * nothing changed: every record, every index and the allocators' view (which addresses, MACs
   * and VNIs are taken) are the same as before.
   */
  public EngineException refused(Command c, EngineException.Kind kind, String type) {
    Snapshot before = snapshot();
    EngineException e = assertThrows(EngineException.class, () -> engine.apply(c, ++now), () -> "expected " + kind + " " + type);
    assertEquals(kind + " " + type, e.kind() + " " + e.type(), () -> "message: " + e.getMessage());
    assertSameSnapshot(before, snapshot());
    return e;
  }

  // ---- networks ------------------------------------------------------------------------------

  public static CreateNetwork createNetwork(Actor actor) {
    return new CreateNetwork(actor, null, null, "net", null, null, null, null, null, null, null);
  }

  public static CreateNetwork createNetwork(Actor actor, Integer mtu, Long segmentationId, FanoutPolicy policy) {
    return new CreateNetwork(actor, null, null, "net", null, null, null, null, mtu, segmentationId, policy);
  }

  public Network network() { return network(P1); }

  public Network network(Actor actor) { return apply(createNetwork(actor)); }

  public Network sharedNetwork(Actor actor) {
    return apply(new CreateNetwork(actor, null, null, "shared", null, null, true, null, null, null, null));
  }

  // ---- subnets -------------------------------------------------------------------------------

  public static CreateSubnet createSubnet(Actor actor, String networkId, String cidr) {
    return createSubnet(actor, networkId, cidr, null, null);
  }

  /** {@code gateway}: null = default, {@code Optional.empty()} = none. {@code pools}: null = default. */
  public static CreateSubnet createSubnet(Actor actor, String networkId, String cidr, Optional<String> gateway, List<Pool> pools) {
    return new CreateSubnet(actor, null, null, networkId, "sub", null, null, cidr, gateway, pools, null, null, null);
  }

  public Subnet subnet(String networkId, String cidr) { return subnet(P1, networkId, cidr); }

  public Subnet subnet(Actor actor, String networkId, String cidr) { return apply(createSubnet(actor, networkId, cidr)); }

  public Subnet subnet(String networkId, String cidr, Optional<String> gateway, List<Pool> pools) {
    return apply(createSubnet(P1, networkId, cidr, gateway, pools));
  }

  public static Pool pool(String start, String end) { return new Pool(start, end); }

  // ---- ports ---------------------------------------------------------------------------------

  public PortSpec newPort(String networkId) { return new PortSpec(networkId); }

  /** A port of P1 with Neutron defaults (addresses allocated, default security group). */
  public Port port(String networkId) { return newPort(networkId).create(); }

  public Port port(String networkId, FixedIpSpec... fixedIps) { return newPort(networkId).fixedIps(fixedIps).create(); }

  public static FixedIpSpec onSubnet(String subnetId) { return new FixedIpSpec(subnetId, null); }

  public static FixedIpSpec fixedIp(String subnetId, String ip) { return new FixedIpSpec(subnetId, ip); }

  public static FixedIpSpec anyFixedIp(String ip) { return new FixedIpSpec(null, ip); }

  public PortUpdate updatePort(String portId) { return new PortUpdate(portId); }

  /** A port create command with fluent setters; unset fields take Neutron's defaults. */
  public final class PortSpec {
    private Actor actor = P1;
    private final String networkId;
    private String projectId;
    private String id;
    private String mac;
    private List<FixedIpSpec> fixedIps;
    private String deviceId;
    private String deviceOwner;
    private String host;
    private List<String> securityGroups;
    private List<AddressPairSpec> pairs;
    private Boolean adminStateUp;

    PortSpec(String networkId) { this.networkId = networkId; }

    public PortSpec by(Actor a) { actor = a; return this; }
    public PortSpec id(String v) { id = v; return this; }
    public PortSpec project(String v) { projectId = v; return this; }
    public PortSpec mac(String v) { mac = v; return this; }
    public PortSpec fixedIps(FixedIpSpec... v) { fixedIps = Arrays.asList(v); return this; }
    public PortSpec device(String id, String owner) { deviceId = id; deviceOwner = owner; return this; }
    public PortSpec host(String v) { host = v; return this; }
    public PortSpec securityGroups(String... v) { securityGroups = List.of(v); return this; }
    public PortSpec addressPairs(AddressPairSpec... v) { pairs = List.of(v); return this; }
    public PortSpec adminStateUp(boolean v) { adminStateUp = v; return this; }

    public CreatePort command() {
      return new CreatePort(actor, id, projectId, networkId, "port", null, mac, fixedIps, deviceId, deviceOwner, host,
          securityGroups, pairs, adminStateUp);
    }

    public Port create() { return apply(command()); }

    public EngineException refused(EngineException.Kind kind, String type) { return EngineFixture.this.refused(command(), kind, type); }
  }

  /** A port update with fluent setters; unset fields stay as they are. */
  public final class PortUpdate {
    private Actor actor = P1;
    private final String id;
    private String name;
    private String mac;
    private List<FixedIpSpec> fixedIps;
    private String deviceId;
    private String deviceOwner;
    private String host;
    private List<String> securityGroups;
    private Boolean adminStateUp;

    PortUpdate(String id) { this.id = id; }

    public PortUpdate by(Actor a) { actor = a; return this; }
    public PortUpdate name(String v) { name = v; return this; }
    public PortUpdate mac(String v) { mac = v; return this; }
    public PortUpdate fixedIps(FixedIpSpec... v) { fixedIps = Arrays.asList(v); return this; }
    public PortUpdate device(String id, String owner) { deviceId = id; deviceOwner = owner; return this; }
    public PortUpdate host(String v) { host = v; return this; }
    public PortUpdate securityGroups(String... v) { securityGroups = List.of(v); return this; }
    public PortUpdate adminStateUp(boolean v) { adminStateUp = v; return this; }

    public UpdatePort command() {
      return new UpdatePort(actor, id, name, null, mac, fixedIps, deviceId, deviceOwner, host, securityGroups, null, adminStateUp);
    }

    public Port apply() { return EngineFixture.this.apply(command()); }

    public EngineException refused(EngineException.Kind kind, String type) { return EngineFixture.this.refused(command(), kind, type); }
  }

  // ---- security groups -----------------------------------------------------------------------

  public SecurityGroup securityGroup(String name) { return securityGroup(P1, name); }

  public SecurityGroup securityGroup(Actor actor, String name) {
    return apply(new CreateSecurityGroup(actor, null, null, name, null));
  }

  public RuleSpec newRule(String securityGroupId) { return new RuleSpec(securityGroupId); }

  /** A security group rule with fluent setters; defaults: ingress, IPv4, any protocol. */
  public final class RuleSpec {
    private Actor actor = P1;
    private final String groupId;
    private String direction = "ingress";
    private String ethertype;
    private String protocol;
    private Integer min;
    private Integer max;
    private String prefix;
    private String remoteGroup;

    RuleSpec(String groupId) { this.groupId = groupId; }

    public RuleSpec by(Actor a) { actor = a; return this; }
    public RuleSpec direction(String v) { direction = v; return this; }
    public RuleSpec egress() { direction = "egress"; return this; }
    public RuleSpec ethertype(String v) { ethertype = v; return this; }
    public RuleSpec protocol(String v) { protocol = v; return this; }
    public RuleSpec ports(Integer from, Integer to) { min = from; max = to; return this; }
    public RuleSpec tcp(int from, int to) { return protocol("tcp").ports(from, to); }
    public RuleSpec prefix(String v) { prefix = v; return this; }
    public RuleSpec remoteGroup(String v) { remoteGroup = v; return this; }

    public CreateSecurityGroupRule command() {
      return new CreateSecurityGroupRule(actor, null, null, groupId, direction, ethertype, protocol, min, max, prefix, remoteGroup, null);
    }

    public SecurityGroupRule create() { return apply(command()); }

    public EngineException refused(EngineException.Kind kind, String type) { return EngineFixture.this.refused(command(), kind, type); }
  }

  // ---- routers and hosts ---------------------------------------------------------------------

  public Router router() { return router(P1); }

  public Router router(Actor actor) { return apply(new CreateRouter(actor, null, null, "router", null, null, null)); }

  public static RouteSpec route(String destination, String nexthop) { return new RouteSpec(destination, nexthop); }

  public RouterInterfaceInfo addInterface(String routerId, String subnetId) {
    return apply(new AddRouterInterface(P1, routerId, subnetId, null));
  }

  public RouterInterfaceInfo addInterfaceByPort(String routerId, String portId) {
    return apply(new AddRouterInterface(P1, routerId, null, portId));
  }

  public Host host(String id, String name, String ip) {
    return apply(new RegisterHost(Actor.SYSTEM, id, name, ip, "52:54:00:00:00:01"));
  }

  // ---- reading -------------------------------------------------------------------------------

  public static IpAddress ip(String s) { return IpAddress.parse(s); }

  /** The port's only (or first) address. */
  public static IpAddress ipOf(Port p) { return p.fixedIps().get(0).ipAddress(); }

  public static String mac(Port p) { return MacAddress.format(p.macAddress()); }

  public boolean ipInUse(String subnetId, String ip) { return model().ipAllocator(subnetId).inUse(ip(ip)); }

  public boolean macInUse(String mac) { return model().macs.inUse(MacAddress.parse(mac)); }

  // ---- snapshots -----------------------------------------------------------------------------

  /**
   * Everything observable about the model, comparable with equals: every record, every index a
   * record reaches, and which addresses, MACs and VNIs the allocators consider taken (exactly, for
   * subnets of up to 4096 addresses and VNI ranges of up to 4096 values; by count and by the
   * records' own values beyond that).
   */
  public record Snapshot(Map<String, Object> entries) {
    @Override public String toString() {
      StringBuilder b = new StringBuilder();
      entries.forEach((k, v) -> b.append('\n').append(k).append(" = ").append(v));
      return b.toString();
    }
  }

  public Snapshot snapshot() {
    Model m = model();
    Map<String, Object> out = new TreeMap<>();
    List<Resource> all = new ArrayList<>();
    all.addAll(m.networks());
    all.addAll(m.subnets());
    all.addAll(m.ports());
    all.addAll(m.securityGroups());
    all.addAll(m.routers());
    all.addAll(m.hosts());
    for (Resource r : all) out.put(r.getClass().getSimpleName() + "/" + r.id(), r);

    TreeSet<String> hostKeys = new TreeSet<>();
    TreeSet<String> projects = new TreeSet<>();
    for (Network n : m.networks()) {
      String k = "network/" + n.id() + "/";
      out.put(k + "subnets", new TreeSet<>(m.subnetsOf(n.id())));
      out.put(k + "ports", new TreeSet<>(m.portsOfNetwork(n.id())));
      out.put(k + "portCount", m.portCount(n.id()));
      out.put(k + "hosts", new TreeSet<>(m.hostsOfNetwork(n.id())));
      Network byVni = m.networkByVni(n.segmentationId());
      out.put(k + "byVni", byVni == null ? null : byVni.id());
      out.put(k + "vniInUse", m.vnis.inUse(n.segmentationId()));
      projects.add(n.projectId());
    }
    for (Subnet s : m.subnets()) {
      String k = "subnet/" + s.id() + "/";
      out.put(k + "ports", new TreeSet<>(m.portsOfSubnet(s.id())));
      out.put(k + "routers", new TreeSet<>(m.routersOfSubnet(s.id())));
      out.put(k + "hosts", new TreeSet<>(m.hostsOfSubnet(s.id())));
      IpAllocator alloc = m.ipAllocator(s.id());
      out.put(k + "allocator", alloc == null ? null : alloc.inUseCount());
      if (alloc != null && s.cidr().sizeCapped() <= 4096) {
        List<String> taken = new ArrayList<>();
        IpAddress a = s.cidr().first();
        for (long i = 0; i < s.cidr().sizeCapped(); i++, a = a.plus(1)) {
          if (alloc.inUse(a)) taken.add(a.toString());
        }
        out.put(k + "taken", taken);
      }
    }
    for (Port p : m.ports()) {
      String k = "port/" + p.id() + "/";
      out.put(k + "macInUse", m.macs.inUse(p.macAddress()));
      Network n = m.network(p.networkId());
      for (Port.FixedIp f : p.fixedIps()) {
        Port byIp = n == null ? null : m.portByVniIp(n.segmentationId(), f.ipAddress());
        out.put(k + "byVniIp/" + f.ipAddress(), byIp == null ? null : byIp.id());
        IpAllocator alloc = m.ipAllocator(f.subnetId());
        out.put(k + "ipInUse/" + f.ipAddress(), alloc != null && alloc.inUse(f.ipAddress()));
      }
      if (p.isBound()) hostKeys.add(p.hostKey());
      projects.add(p.projectId());
    }
    for (SecurityGroup g : m.securityGroups()) {
      String k = "sg/" + g.id() + "/";
      out.put(k + "ports", new TreeSet<>(m.portsOfSecurityGroup(g.id())));
      out.put(k + "hosts", new TreeSet<>(m.hostsOfSecurityGroup(g.id())));
      for (SecurityGroupRule r : g.rules()) out.put("rule/" + r.id() + "/group", m.securityGroupOfRule(r.id()));
      projects.add(g.projectId());
    }
    for (Host h : m.hosts()) {
      hostKeys.add(h.id());
      out.put("host/" + h.id() + "/byName", m.hostIdByName(h.name()));
    }
    for (String h : hostKeys) out.put("hostKey/" + h + "/ports", new TreeSet<>(m.portsOfHost(h)));
    for (String p : projects) out.put("project/" + p + "/defaultGroup", m.defaultSecurityGroupOf(p));
    out.put("macs/inUse", m.macs.inUseCount());
    out.put("vnis/inUse", m.vnis.inUseCount());
    if (m.vnis.max() - m.vnis.min() < 4096) {
      List<Long> vnis = new ArrayList<>();
      for (long v = m.vnis.min(); v <= m.vnis.max(); v++) if (m.vnis.inUse(v)) vnis.add(v);
      out.put("vnis/taken", vnis);
    }
    return new Snapshot(out);
  }

  /** Fails with the first difference, which reads better than two dumps. */
  public static void assertSameSnapshot(Snapshot expected, Snapshot actual) {
    if (expected.equals(actual)) return;
    TreeSet<String> keys = new TreeSet<>(expected.entries().keySet());
    keys.addAll(actual.entries().keySet());
    for (String k : keys) {
      Object a = expected.entries().get(k);
      Object b = actual.entries().get(k);
      if (!java.util.Objects.equals(a, b)) fail("snapshots differ at " + k + ": expected " + a + " but was " + b);
    }
  }
}
