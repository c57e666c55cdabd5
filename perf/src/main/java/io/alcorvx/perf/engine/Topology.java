package io.alcorvx.perf.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.goalstate.GoalStateCompiler;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import java.util.Random;
import java.util.UUID;

/**
 * Builds engine topologies for the benchmarks through the public command API only (the same
 * validation, allocation and indexing a real request goes through).
 */
final class Topology {
  private Topology() {}

  /** Tenant used by every benchmark. */
  static final Actor TENANT = new Actor("p1", false);

  /** Neutron-style ids (random UUIDs), but seeded, so every run builds the same model. */
  static IdSource seededUuids(long seed) {
    Random rnd = new Random(seed);
    return () -> new UUID(rnd.nextLong(), rnd.nextLong()).toString();
  }

  static Engine newEngine(long seed) { return new Engine(EngineConfig.defaults(), seededUuids(seed)); }

  static String hostId(int i) { return String.format("compute-%05d", i); }

  /** Registers hosts compute-00000.. with addresses 172.16.0.1.. (a /12 holds 1M hosts). */
  static void registerHosts(Engine engine, int count, long now) {
    for (int i = 0; i < count; i++) {
      int ip = 0xAC100000 + i + 1; // 172.16.0.0 + i + 1
      String mac = String.format("02:00:%02x:%02x:%02x:%02x", (i >>> 24) & 0xff, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff);
      engine.apply(new Command.RegisterHost(Actor.SYSTEM, hostId(i), hostId(i), dotted(ip), mac), now);
    }
  }

  static Network network(Engine engine, Actor actor, String name, FanoutPolicy policy, long now) {
    return (Network) engine.apply(new Command.CreateNetwork(actor, null, null, name, null, null, null, null, null, null, policy), now).value();
  }

  static Subnet subnet(Engine engine, Actor actor, String networkId, String cidr, long now) {
    return (Subnet) engine.apply(new Command.CreateSubnet(actor, null, null, networkId, null, null, 4, cidr, null,
        null, null, null, null), now).value();
  }

  /** A port with an automatically allocated address and MAC, the default security group, bound to a host. */
  static Command.CreatePort createPort(Actor actor, String id, String networkId, String hostId) {
    return new Command.CreatePort(actor, id, null, networkId, null, null, null, null, null, "compute:nova", hostId,
        null, null, null);
  }

  static Port port(Engine engine, Actor actor, String networkId, String hostId, long now) {
    return (Port) engine.apply(createPort(actor, null, networkId, hostId), now).value();
  }

  /** Hosts compute-00000.. registered, one push-mode VPC with a /16 subnet, and one port bound to each host. */
  static Network pushVpcWithAPortPerHost(Engine engine, int hosts, long now) {
    registerHosts(engine, hosts, now);
    Network net = network(engine, TENANT, "push-vpc", FanoutPolicy.PUSH, now);
    subnet(engine, TENANT, net.id(), "10.0.0.0/16", now);
    for (int i = 0; i < hosts; i++) port(engine, TENANT, net.id(), hostId(i), now);
    if (!engine.model().network(net.id()).pushMode()) throw new IllegalStateException("VPC is not in push mode");
    return net;
  }

  /** Compiler and queues wired as the service wires them, with scopes computed from the model. */
  static GoalStateCompiler compiler(Engine engine, long epoch) {
    HostQueues q = new HostQueues(epoch);
    GoalStateCompiler c = new GoalStateCompiler(engine.model(), q);
    q.fullStateSource(c::fullState);
    q.goalSizeSource(c::goalSizeBound);
    c.initialize();
    return c;
  }

  static String dotted(int ip) {
    return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
  }
}
