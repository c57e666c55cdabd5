package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.*;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which hosts get which operations, and how much work the compiler does for it. */
class GoalStateCompilerTest {
  private static final Actor ADMIN = new Actor("p1", true);

  private Engine engine;
  private HostQueues queues;
  private GoalStateCompiler compiler;
  private long now;

  @BeforeEach
  void setUp() {
    engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    queues = new HostQueues(7);
    compiler = new GoalStateCompiler(engine.model(), queues);
    queues.fullStateSource(compiler::fullState);
    compiler.initialize();
  }

  private Object apply(Command c) {
    Result r = engine.apply(c, ++now);
    compiler.compile(r.changes());
    return r.value();
  }

  private Network network(FanoutPolicy policy) {
    return (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, policy));
  }

  private Subnet subnet(Network n, String cidr) {
    return (Subnet) apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, cidr, null, null, null, null, null));
  }

  private Port port(Network n, String host) {
    return (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "p", null, null, null, null, null, host, null, null, null));
  }

  /** Delivers and acknowledges everything queued; returns the ops each host received. */
  private Map<String, List<Op>> drain() {
    Map<String, List<Op>> got = new java.util.TreeMap<>();
    for (HostQueue q : List.copyOf(queues.all())) {
      Delta d;
      while ((d = queues.poll(q.host())) != null) {
        got.computeIfAbsent(q.host(), k -> new java.util.ArrayList<>()).addAll(d.ops());
        assertTrue(queues.ack(q.host(), d.epoch(), d.toVersion()).accepted());
      }
    }
    return got;
  }

  @Test
  void portCreateInPushModeReachesEveryHostOfTheSubnetOnceAndWorkIsProportionalToThem() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/16");
    for (int h = 0; h < 200; h++) port(n, "host" + h);
    drain();

    Port p = port(n, "host0");
    long evaluations = compiler.stats().lastEvaluations();
    Map<String, List<Op>> got = drain();

    assertEquals(200, got.size(), "every host of the subnet hears about the new port");
    for (int h = 1; h < 200; h++) {
      List<Op> ops = got.get("host" + h);
      assertEquals(1, ops.size(), "host" + h + " gets exactly the neighbor entry");
      assertEquals(OperationType.CREATE, ops.get(0).type());
      assertEquals(EntryKey.l2Neighbor(p.id(), p.fixedIps().get(0).subnetId()), ops.get(0).key());
    }
    Set<ResourceType> ownTypes = got.get("host0").stream().map(o -> o.key().type()).collect(Collectors.toSet());
    assertEquals(Set.of(ResourceType.PORT, ResourceType.DHCP), ownTypes, "its own host gets the port and its DHCP entry");
    assertTrue(evaluations < 200 + 20, "work is proportional to the hosts affected, was " + evaluations);
    // one body object serves every host: encoded once
    Entry first = got.get("host1").get(0).entry();
    for (int h = 2; h < 200; h++) assertTrue(first == got.get("host" + h).get(0).entry());
  }

  @Test
  void onDemandModePushesNoNeighborsAndDoesNotTouchOtherHosts() {
    Network n = network(FanoutPolicy.ON_DEMAND);
    subnet(n, "10.0.0.0/16");
    for (int h = 0; h < 300; h++) port(n, "host" + h);
    drain();
    port(n, "host5");
    assertTrue(compiler.stats().lastEvaluations() < 10, "independent of VPC size: " + compiler.stats().lastEvaluations());
    Map<String, List<Op>> got = drain();
    assertEquals(Set.of("host5"), got.keySet());
    assertTrue(got.get("host5").stream().noneMatch(o -> o.key().type() == ResourceType.NEIGHBOR));
  }

  @Test
  void aStatusChangeDoesNotFanOutToNeighbors() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    Port p = port(n, "a");
    port(n, "b");
    port(n, "c");
    drain();
    apply(new SetPortStatus(Actor.SYSTEM, Map.of(p.id(), PortStatus.ACTIVE)));
    Map<String, List<Op>> got = drain();
    assertEquals(Set.of("a"), got.keySet(), "only the port's own host sees its new revision");
  }

  @Test
  void securityGroupRuleChangeReachesExactlyTheHostsWithPortsInTheGroup() {
    Network n = network(FanoutPolicy.ON_DEMAND);
    subnet(n, "10.0.0.0/24");
    SecurityGroup g = (SecurityGroup) apply(new CreateSecurityGroup(ADMIN, null, null, "web", null));
    apply(new CreatePort(ADMIN, null, null, n.id(), "p", null, null, null, null, null, "a", List.of(g.id()), null, null));
    apply(new CreatePort(ADMIN, null, null, n.id(), "p", null, null, null, null, null, "b", List.of(g.id()), null, null));
    port(n, "c"); // default group only
    drain();
    apply(new CreateSecurityGroupRule(ADMIN, null, null, g.id(), "ingress", "IPv4", "tcp", 80, 80, null, null, null));
    Map<String, List<Op>> got = drain();
    assertEquals(Set.of("a", "b"), got.keySet());
    for (List<Op> ops : got.values()) {
      assertEquals(List.of(EntryKey.securityGroup(g.id())), ops.stream().map(Op::key).toList());
      assertEquals(OperationType.UPDATE, ops.get(0).type());
    }
  }

  @Test
  void routerInterfaceGivesAndTakesLayer3Neighbors() {
    Network n = network(FanoutPolicy.PUSH);
    Subnet s1 = subnet(n, "10.0.1.0/24");
    Subnet s2 = subnet(n, "10.0.2.0/24");
    Port a = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, List.of(new FixedIpSpec(s1.id(), null)), null, null, "ha", null, null, null));
    Port b = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, List.of(new FixedIpSpec(s2.id(), null)), null, null, "hb", null, null, null));
    drain();
    assertFalse(compiler.fullState("ha").containsKey(EntryKey.l3Neighbor(b.id(), s2.id())));

    Router r = (Router) apply(new CreateRouter(ADMIN, null, null, "r", null, null, null));
    apply(new AddRouterInterface(ADMIN, r.id(), s1.id(), null));
    apply(new AddRouterInterface(ADMIN, r.id(), s2.id(), null));
    Map<String, List<Op>> got = drain();
    assertTrue(got.get("ha").stream().anyMatch(o -> o.key().equals(EntryKey.l3Neighbor(b.id(), s2.id())) && o.type() == OperationType.CREATE));
    assertTrue(got.get("hb").stream().anyMatch(o -> o.key().equals(EntryKey.l3Neighbor(a.id(), s1.id())) && o.type() == OperationType.CREATE));
    assertTrue(got.get("ha").stream().anyMatch(o -> o.key().equals(EntryKey.router(r.id()))));

    apply(new RemoveRouterInterface(ADMIN, r.id(), s2.id(), null));
    got = drain();
    assertTrue(got.get("ha").stream().anyMatch(o -> o.key().equals(EntryKey.l3Neighbor(b.id(), s2.id())) && o.isDelete()));
    assertTrue(got.get("hb").stream().anyMatch(o -> o.key().equals(EntryKey.router(r.id())) && o.isDelete()));
  }

  @Test
  void changesWhileAPushIsOutstandingAreCoalescedLatestWins() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    Port p = port(n, "a");
    port(n, "b");
    drain();
    apply(new UpdatePort(ADMIN, p.id(), "one", null, null, null, null, null, null, null, null, null));
    Delta neighborUpdate = queues.poll("b");
    assertEquals(List.of(OperationType.UPDATE), neighborUpdate.ops().stream().map(Op::type).toList(), "the neighbor body carries the name");
    Delta first = queues.poll("a");
    assertNotNull(first);
    apply(new UpdatePort(ADMIN, p.id(), "two", null, null, null, null, null, null, null, null, null));
    apply(new UpdatePort(ADMIN, p.id(), "three", null, null, null, null, null, null, null, null, null));
    assertNull(queues.poll("a"), "one outstanding push per host");
    assertEquals(2, queues.find("a").pendingCount(), "PORT and DHCP entries, each once");
    queues.ack("a", first.epoch(), first.toVersion());
    Delta next = queues.poll("a");
    Op portOp = next.ops().stream().filter(o -> o.key().type() == ResourceType.PORT).findFirst().orElseThrow();
    assertEquals("three", ((io.alcorvx.proto.PortConfiguration) portOp.entry().configuration()).getName());
    assertEquals(first.toVersion(), next.fromVersion());
  }

  /** The neighbor op for {@code portId} among what {@code host} received. */
  private static Op neighborOp(Map<String, List<Op>> got, String host, String portId) {
    return got.get(host).stream().filter(o -> o.key().type() == ResourceType.NEIGHBOR && o.key().neighborPort().equals(portId))
        .findFirst().orElseThrow(() -> new AssertionError(host + " got no neighbor of " + portId));
  }

  @Test
  void hostsJoiningASubnetShareOneNeighborKeyAndEntryUntilTheRecordsChange() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    apply(new RegisterHost(Actor.SYSTEM, "a", "a", "192.168.0.1", "02:00:00:00:00:01"));
    Port p = port(n, "a");
    drain();
    port(n, "b"); // b joins the subnet: its scope change brings p's neighbor
    Op toB = neighborOp(drain(), "b", p.id());
    port(n, "c"); // c joins later, in another compile
    Op toC = neighborOp(drain(), "c", p.id());
    assertTrue(toB.key() == toC.key(), "one key object for every host");
    assertTrue(toB.entry() == toC.entry(), "one entry (one encoding) for every host, across compiles");
    Map<EntryKey, Entry> full = compiler.fullState("b");
    assertTrue(full.get(toB.key()) == toB.entry(), "FULL states reuse it too");

    // the port's record changes: the body is rebuilt, and every holder gets the same new entry
    apply(new UpdatePort(ADMIN, p.id(), "renamed", null, null, null, null, null, null, null, null, null));
    Map<String, List<Op>> got = drain();
    Op renamedB = neighborOp(got, "b", p.id());
    assertEquals(OperationType.UPDATE, renamedB.type());
    assertEquals("renamed", ((io.alcorvx.proto.NeighborConfiguration) renamedB.entry().configuration()).getName());
    assertTrue(renamedB == neighborOp(got, "c", p.id()), "one op object for all hosts of one change");

    // the port's host moves to another address: the neighbor body (host IP) follows
    apply(new RegisterHost(Actor.SYSTEM, "a", "a", "192.168.0.99", "02:00:00:00:00:01"));
    got = drain();
    assertEquals("192.168.0.99",
        ((io.alcorvx.proto.NeighborConfiguration) neighborOp(got, "b", p.id()).entry().configuration()).getHostIpAddress());
    assertEquals("192.168.0.99",
        ((io.alcorvx.proto.NeighborConfiguration) compiler.fullState("c").get(toB.key()).configuration()).getHostIpAddress());

    int cached = compiler.cachedNeighborPorts();
    apply(new DeletePort(ADMIN, p.id()));
    assertTrue(neighborOp(drain(), "b", p.id()).isDelete());
    assertEquals(cached - 1, compiler.cachedNeighborPorts(), "a deleted port's neighbor cache goes with it");
  }

  @Test
  void aHostJoiningASubnetWithMoreNeighborsThanItsQueueTakesGetsAFullStateWithoutPerNeighborWork() {
    queues = new HostQueues(7, 8);
    compiler = new GoalStateCompiler(engine.model(), queues);
    queues.fullStateSource(compiler::fullState);
    compiler.initialize();
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    for (int i = 0; i < 20; i++) port(n, "h" + i);
    drain();
    long before = compiler.stats().evaluations();
    port(n, "newcomer"); // 20 neighbors due: more than its queue (8) takes
    long evaluations = compiler.stats().evaluations() - before;
    assertTrue(evaluations < 40, "the newcomer's 20 neighbors are not evaluated one by one: " + evaluations);
    Delta d = queues.poll("newcomer");
    assertTrue(d.full(), "its next push is a FULL state");
    assertEquals(compiler.fullState("newcomer").keySet(), d.ops().stream().map(Op::key).collect(Collectors.toSet()));
    assertEquals(20, d.ops().stream().filter(o -> o.key().type() == ResourceType.NEIGHBOR).count(),
        "every other port as a neighbor");
    // the others still get the newcomer's neighbor as an operation
    Delta other = queues.poll("h3");
    assertTrue(!other.full() && other.ops().stream().anyMatch(o -> o.key().type() == ResourceType.NEIGHBOR));
  }

  @Test
  void createThenDeleteBeforeDeliveryCancelsOut() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    port(n, "a");
    drain();
    Port p = port(n, "b");
    apply(new DeletePort(ADMIN, p.id()));
    assertEquals(0, queues.find("a").pendingCount(), "a's neighbor create and delete cancel out");
  }

  @Test
  void resyncDeltaOrInSyncOrFull() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    port(n, "a");
    SimulatedAgent agent = new SimulatedAgent("a");
    HostQueues.Resync r = queues.resync("a", 0, 0, agent.digest(), 0);
    assertFalse(r.inSync());
    assertTrue(r.delta().full(), "an unknown agent gets a FULL state");
    agent.apply(r.delta());
    queues.ack("a", r.delta().epoch(), r.delta().toVersion());

    // missed changes while away: same epoch and version -> only the delta, with the digest to reach
    port(n, "b");
    port(n, "a");
    r = queues.resync("a", agent.epoch, agent.version, agent.digest(), agent.state.size());
    assertFalse(r.delta().full());
    assertNotNull(r.delta().expectedDigest());
    agent.apply(r.delta()); // SimulatedAgent checks the digest
    queues.ack("a", r.delta().epoch(), r.delta().toVersion());

    // nothing missed: in sync
    r = queues.resync("a", agent.epoch, agent.version, agent.digest(), agent.state.size());
    assertTrue(r.inSync());

    // a corrupted agent state: FULL
    agent.state.remove(agent.state.keySet().iterator().next());
    agent.version = 0;
    r = queues.resync("a", agent.epoch, agent.version, agent.digest(), agent.state.size());
    assertTrue(r.delta().full());
  }

  @Test
  void nackLeadsToAFullState() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    port(n, "a");
    Delta d = queues.poll("a");
    assertTrue(queues.nack("a", d.epoch(), d.toVersion()).accepted());
    Delta next = queues.poll("a");
    assertTrue(next.full());
    assertEquals(compiler.fullState("a").keySet(), next.ops().stream().map(Op::key).collect(Collectors.toSet()));
  }

  @Test
  void aDeltaCarriesWhenItsOldestChangeBecameDurableIncludingTimeSpentBehindAnOutstandingPush() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    Port p = port(n, "a");
    drain();
    Result first = engine.apply(new UpdatePort(ADMIN, p.id(), "one", null, null, null, null, null, null, null, null, null), ++now);
    queues.release(compiler.compileStaged(first.changes()), 1_000);
    Delta d1 = queues.poll("a");
    assertEquals(1_000, d1.committedAtMicros());
    Result second = engine.apply(new UpdatePort(ADMIN, p.id(), "two", null, null, null, null, null, null, null, null, null), ++now);
    queues.release(compiler.compileStaged(second.changes()), 2_000);
    Result third = engine.apply(new UpdatePort(ADMIN, p.id(), "three", null, null, null, null, null, null, null, null, null), ++now);
    queues.release(compiler.compileStaged(third.changes()), 3_000);
    queues.ack("a", d1.epoch(), d1.toVersion());
    assertEquals(2_000, queues.poll("a").committedAtMicros(), "the oldest change waiting behind the push counts");
  }

  @Test
  void staleOrForeignAcksAreRefused() {
    Network n = network(FanoutPolicy.PUSH);
    subnet(n, "10.0.0.0/24");
    port(n, "a");
    Delta d = queues.poll("a");
    assertFalse(queues.ack("a", d.epoch() + 1, d.toVersion()).accepted());
    assertFalse(queues.ack("a", d.epoch(), d.toVersion() + 5).accepted());
    assertFalse(queues.ack("nobody", d.epoch(), d.toVersion()).accepted());
    assertTrue(queues.ack("a", d.epoch(), d.toVersion()).accepted());
  }
}
