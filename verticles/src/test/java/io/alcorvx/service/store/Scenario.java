package io.alcorvx.service.store;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.AddressPairSpec;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateRouter;
import io.alcorvx.engine.command.Command.CreateSecurityGroup;
import io.alcorvx.engine.command.Command.CreateSecurityGroupRule;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.FixedIpSpec;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds real records with the engine (sequential ids, admin actor of project p1) and keeps
 * every command's change set, in order, for the store to commit.
 */
final class Scenario {
  static final Actor P1 = new Actor("p1", true);

  final Engine engine;
  final List<ChangeSet> changeSets = new ArrayList<>();
  long now = 1_700_000_000_123L;

  Scenario() { this("id"); }

  Scenario(String idPrefix) { engine = new Engine(EngineConfig.defaults(), IdSource.sequential(idPrefix)); }

  Result result(Command c) {
    Result r = engine.apply(c, now += 1_001);
    changeSets.add(r.changes());
    return r;
  }

  @SuppressWarnings("unchecked")
  <T> T apply(Command c) { return (T) result(c).value(); }

  Network network(String name, String project, boolean shared, Integer mtu) {
    return apply(new CreateNetwork(P1, null, project, name, "net " + name, null, shared, null, mtu, null, null));
  }

  Network network(String name) { return network(name, null, false, null); }

  Subnet subnet(String networkId, String name, String cidr) {
    return apply(new CreateSubnet(P1, null, null, networkId, name, "subnet " + name, null, cidr, null, null, null,
        List.of("8.8.8.8"), null));
  }

  Subnet subnet(String project, String networkId, String name, String cidr) {
    return apply(new CreateSubnet(P1, null, project, networkId, name, null, null, cidr, null, null, null, null, null));
  }

  PortBuilder port(String networkId) { return new PortBuilder(networkId); }

  final class PortBuilder {
    private final String networkId;
    private String project;
    private String name = "";
    private String host;
    private String deviceId;
    private String deviceOwner;
    private List<FixedIpSpec> ips;
    private List<String> groups;
    private List<AddressPairSpec> pairs;
    private Boolean up;

    PortBuilder(String networkId) { this.networkId = networkId; }

    PortBuilder project(String v) { project = v; return this; }
    PortBuilder name(String v) { name = v; return this; }
    PortBuilder host(String v) { host = v; return this; }
    PortBuilder device(String id, String owner) { deviceId = id; deviceOwner = owner; return this; }
    PortBuilder ips(FixedIpSpec... v) { ips = Arrays.asList(v); return this; }
    PortBuilder groups(String... v) { groups = List.of(v); return this; }
    PortBuilder pairs(AddressPairSpec... v) { pairs = List.of(v); return this; }
    PortBuilder down() { up = false; return this; }

    Port create() {
      return apply(new CreatePort(P1, null, project, networkId, name, "port " + name, null, ips, deviceId, deviceOwner,
          host, groups, pairs, up));
    }
  }

  static FixedIpSpec on(String subnetId) { return new FixedIpSpec(subnetId, null); }

  static FixedIpSpec ip(String subnetId, String ip) { return new FixedIpSpec(subnetId, ip); }

  SecurityGroup securityGroup(String name) { return apply(new CreateSecurityGroup(P1, null, null, name, "group " + name)); }

  SecurityGroupRule rule(String groupId, String direction, String ethertype, String protocol, Integer min, Integer max,
      String prefix, String remoteGroup) {
    return apply(new CreateSecurityGroupRule(P1, null, null, groupId, direction, ethertype, protocol, min, max, prefix,
        remoteGroup, "rule"));
  }

  Router router(String name) {
    return apply(new CreateRouter(P1, null, null, name, "router " + name, null, null));
  }

  Host host(String id, String name, String ip) { return apply(new RegisterHost(Actor.SYSTEM, id, name, ip, "52:54:00:12:34:56")); }

  /** Every record of the model, keyed "Type/id". */
  static Map<String, Resource> records(Model m) {
    Map<String, Resource> out = new TreeMap<>();
    List<Resource> all = new ArrayList<>();
    all.addAll(m.hosts());
    all.addAll(m.networks());
    all.addAll(m.securityGroups());
    all.addAll(m.subnets());
    all.addAll(m.routers());
    all.addAll(m.ports());
    for (Resource r : all) out.put(r.getClass().getSimpleName() + "/" + r.id(), r);
    return out;
  }
}
