package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.P2;
import static io.alcorvx.engine.EngineFixture.assertSameSnapshot;
import static io.alcorvx.engine.EngineFixture.fixedIp;
import static io.alcorvx.engine.EngineFixture.ipOf;
import static io.alcorvx.engine.EngineFixture.onSubnet;
import static io.alcorvx.engine.EngineFixture.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.EngineFixture.Snapshot;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.AddRouterInterface;
import io.alcorvx.engine.command.Command.Batch;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.DeleteNetwork;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.DeleteSecurityGroup;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.engine.command.Command.RemoveRouterInterface;
import io.alcorvx.engine.command.Command.SetPortStatus;
import io.alcorvx.engine.command.Command.UpdateNetwork;
import io.alcorvx.engine.command.Command.UpdateSubnet;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BatchAndRevertTest {

  /** A small VNI range and low mode thresholds so snapshots see every VNI and mode switches happen. */
  private final EngineFixture f = new EngineFixture(EngineConfig.defaults().withVniRange(10, 40).withModeThresholds(3, 1));

  private static CreateNetwork network(String id) {
    return new CreateNetwork(P1, id, null, "n", null, null, null, null, null, null, null);
  }

  private static CreateSubnet subnet(String id, String networkId, String cidr) {
    return new CreateSubnet(P1, id, null, networkId, null, null, null, cidr, null, null, null, null, null);
  }

  @Nested
  class Batches {
    @Test
    void allMembersApplyInOrder() {
      Result r = f.result(new Batch(P1, List.of(network("n1"), subnet("s1", "n1", "10.0.0.0/24"), f.newPort("n1").id("p1").command())));
      List<?> values = (List<?>) r.value();
      assertEquals(3, values.size());
      assertInstanceOf(Network.class, values.get(0));
      assertInstanceOf(Subnet.class, values.get(1));
      assertEquals("s1", ((Port) values.get(2)).fixedIps().get(0).subnetId());
      // network, subnet, default group, port
      assertEquals(4, r.changes().size());
    }

    @Test
    void aFailingThirdMemberLeavesNothingOfTheFirstTwo() {
      Network n = f.network();
      Subnet s = f.subnet(n.id(), "10.0.0.0/24", null, List.of(pool("10.0.0.10", "10.0.0.12")));
      Port existing = f.port(n.id(), fixedIp(s.id(), "10.0.0.100"));
      Snapshot before = f.snapshot();
      // the first two each allocate an address and a MAC; the third asks for an address in use
      Batch batch = new Batch(P1, List.of(f.newPort(n.id()).command(), f.newPort(n.id()).mac("52:54:00:00:00:07").command(),
          f.newPort(n.id()).fixedIps(fixedIp(s.id(), "10.0.0.100")).command()));
      f.refused(batch, CONFLICT, "IpAddressInUse");
      assertSameSnapshot(before, f.snapshot());
      assertFalse(f.macInUse("52:54:00:00:00:07"));
      // the pool is whole: three ports fit, a fourth does not
      Set<Object> ips = new HashSet<>();
      for (int i = 0; i < 3; i++) ips.add(ipOf(f.port(n.id())));
      assertEquals(3, ips.size());
      f.newPort(n.id()).refused(CONFLICT, "IpAddressGenerationFailure");
      assertEquals(existing, f.model().port(existing.id()));
    }

    @Test
    void aFailingBatchTakesBackTheNetworkVniDefaultGroupAndModeSwitch() {
      f.apply(network("n0"));
      f.apply(subnet("s0", "n0", "10.1.0.0/24"));
      for (int i = 0; i < 3; i++) f.port("n0");
      Snapshot before = f.snapshot();
      assertTrue(f.model().network("n0").pushMode());
      Batch batch = new Batch(P1, List.of(
          network("n1"), // takes a VNI
          subnet("s1", "n1", "10.0.0.0/24"),
          f.newPort("n0").by(P2).command(), // P2 cannot see n0
          f.newPort("n0").command()));
      f.refused(batch, NOT_FOUND, "NetworkNotFound");
      assertSameSnapshot(before, f.snapshot());

      Batch second = new Batch(P1, List.of(
          network("n1"),
          f.newPort("n0").command(), // 4th port: on-demand
          subnet("s1", "n1", "10.0.0.0/24"),
          subnet("s2", "n1", "10.0.0.0/25"))); // overlaps
      f.refused(second, CONFLICT, "SubnetOverlap");
      assertSameSnapshot(before, f.snapshot());
      assertTrue(f.model().network("n0").pushMode());
      assertNull(f.model().network("n1"));
    }

    @Test
    void eachMemberRunsAsItsOwnActor() {
      Network n = f.network(P1);
      f.subnet(n.id(), "10.0.0.0/24");
      Batch batch = new Batch(Actor.SYSTEM, List.of(f.newPort(n.id()).command(), f.newPort(n.id()).by(P2).command()));
      f.refused(batch, NOT_FOUND, "NetworkNotFound");
      f.refused(new Batch(Actor.SYSTEM, List.of(f.newPort(n.id()).command(), new DeleteNetwork(P1, n.id()))), CONFLICT, "NetworkInUse");
    }

    @Test
    void aBatchCanRefuseItsOwnEarlierMembersResources() {
      Network n = f.network();
      Subnet s = f.subnet(n.id(), "10.0.0.0/24");
      Batch batch = new Batch(P1, List.of(f.newPort(n.id()).fixedIps(fixedIp(s.id(), "10.0.0.5")).command(),
          f.newPort(n.id()).fixedIps(fixedIp(s.id(), "10.0.0.5")).command()));
      f.refused(batch, CONFLICT, "IpAddressInUse");
      f.refused(new Batch(P1, List.of(f.newPort(n.id()).mac("52:54:00:00:00:01").command(),
          f.newPort(n.id()).mac("52:54:00:00:00:01").command())), CONFLICT, "MacAddressInUse");
    }

    @Test
    void emptyBatchChangesNothing() {
      Result r = f.result(new Batch(P1, List.of()));
      assertTrue(r.changes().isEmpty());
      assertEquals(List.of(), r.value());
    }
  }

  @Nested
  class Revert {
    /** Applies each command, then reverts them newest first, checking each step restores exactly. */
    private void applyAndRevertAll(List<Command> commands) {
      List<Snapshot> before = new ArrayList<>();
      List<Result> results = new ArrayList<>();
      for (Command c : commands) {
        before.add(f.snapshot());
        results.add(f.result(c));
      }
      for (int i = commands.size() - 1; i >= 0; i--) {
        f.engine.revert(results.get(i).changes());
        assertSameSnapshot(before.get(i), f.snapshot());
      }
    }

    @Test
    void revertRestoresExactlyStepByStep() {
      f.apply(network("n1"));
      f.apply(subnet("s1", "n1", "10.0.0.0/24"));
      f.apply(subnet("s6", "n1", "fd00::/64"));
      f.apply(network("n2"));
      f.apply(subnet("s2", "n2", "10.0.2.0/24"));
      SecurityGroup web = f.securityGroup("web");
      SecurityGroup db = f.securityGroup("db");
      f.newRule(db.id()).tcp(5432, 5432).remoteGroup(web.id()).create();
      Port bound = f.newPort("n1").id("bound").host("node-1").create();
      Router r = f.router();

      applyAndRevertAll(List.of(
          f.newPort("n1").id("a").command(), // creates the default group
          f.newPort("n1").id("b").securityGroups(web.id()).command(),
          f.newPort("n1").id("c").command(), // the 4th port switches n1 to on-demand
          f.updatePort("a").fixedIps(fixedIp("s1", "10.0.0.99"), onSubnet("s6")).host("node-2").command(),
          f.updatePort("c").mac("52:54:00:00:00:33").command(),
          new SetPortStatus(Actor.SYSTEM, Map.of("a", PortStatus.ACTIVE, "bound", PortStatus.ERROR)),
          new UpdateSubnet(P1, "s1", "renamed", null, null, List.of(pool("10.0.0.2", "10.0.0.200")), false, null, null),
          new AddRouterInterface(P1, r.id(), "s1", null),
          new AddRouterInterface(P1, r.id(), "s2", null),
          new RemoveRouterInterface(P1, r.id(), "s2", null),
          new RegisterHost(Actor.SYSTEM, "h1", "node-1", "192.168.0.1", null), // moves "bound"
          new DeletePort(P1, "b"),
          new DeleteSecurityGroup(P1, web.id()), // cascades into db's rules
          new UpdateNetwork(P1, "n1", null, null, null, null, null, null, FanoutPolicy.PUSH),
          new DeleteNetwork(P1, "n2"))); // takes s2 and frees a VNI
      assertEquals(bound, f.model().port("bound"));
    }

    @Test
    void afterARevertTheEngineKeepsWorking() {
      f.apply(network("n1"));
      f.apply(subnet("s1", "n1", "10.0.0.0/24"));
      Result created = f.result(new Batch(P1, List.of(f.newPort("n1").id("a").command(), f.newPort("n1").id("b").command())));
      Snapshot afterCreate = f.snapshot();
      f.engine.revert(created.changes());
      assertNull(f.model().port("a"));
      assertNull(f.model().defaultSecurityGroupOf("p1"));
      // the same ids, addresses and MACs can be taken again
      Port a = (Port) ((List<?>) created.value()).get(0);
      Port again = f.newPort("n1").id("a").mac(EngineFixture.mac(a)).fixedIps(fixedIp("s1", ipOf(a).toString())).create();
      assertEquals(ipOf(a), ipOf(again));
      assertTrue(afterCreate.entries().size() > 0);
      // and reverting a network create frees its VNI
      Result n = f.result(network("n9"));
      long vni = ((Network) n.value()).segmentationId();
      f.engine.revert(n.changes());
      assertFalse(f.model().vnis.inUse(vni));
      assertNull(f.model().networkByVni(vni));
    }

    @Test
    void refusedCommandsAreAlreadyReverted() {
      f.apply(network("n1"));
      f.apply(subnet("s1", "n1", "10.0.0.0/24"));
      f.refused(f.newPort("n1").fixedIps(onSubnet("s1"), fixedIp("s1", "10.0.0.1")).command(), CONFLICT, "IpAddressInUse");
      f.refused(f.newPort("n1").fixedIps(onSubnet("s1"), fixedIp("s1", "10.0.1.1")).command(), BAD_REQUEST, "InvalidIpForSubnet");
    }
  }
}
