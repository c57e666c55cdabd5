package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.FORBIDDEN;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.ADMIN;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.P2;
import static io.alcorvx.engine.EngineFixture.createNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.DeleteNetwork;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.UpdateNetwork;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NetworkCommandsTest {

  private final EngineFixture f = new EngineFixture(EngineConfig.defaults().withVniRange(100, 199));

  private static UpdateNetwork setMtu(String id, int mtu) {
    return new UpdateNetwork(P1, id, null, null, null, null, null, mtu, null);
  }

  @Nested
  class Vni {
    @Test
    void allocatedFromTheConfiguredRangeAndUnique() {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        Network n = f.network();
        assertTrue(n.segmentationId() >= 100 && n.segmentationId() <= 199, "VNI " + n.segmentationId());
        assertTrue(seen.add(n.segmentationId()), "duplicate VNI " + n.segmentationId());
        assertEquals(n.id(), f.model().networkByVni(n.segmentationId()).id());
      }
    }

    @Test
    void rangeExhaustionIsAConflictAndDeletingFreesOne() {
      EngineFixture small = new EngineFixture(EngineConfig.defaults().withVniRange(7, 8));
      Network a = small.network();
      small.network();
      small.refused(createNetwork(P1), CONFLICT, "NoNetworkAvailable");
      small.apply(new DeleteNetwork(P1, a.id()));
      assertEquals(a.segmentationId(), small.network().segmentationId());
    }

    @Test
    void adminMayChooseTheSegmentationId() {
      Network n = f.apply(createNetwork(ADMIN, null, 150L, null));
      assertEquals(150, n.segmentationId());
      assertEquals("admin", n.projectId());
      // allocation skips the id the admin took
      for (int i = 0; i < 99; i++) assertTrue(f.network().segmentationId() != 150);
      f.refused(createNetwork(P1), CONFLICT, "NoNetworkAvailable");
    }

    @Test
    void adminMayChooseAnIdOutsideTheTenantRange() {
      assertEquals(5000, f.<Network>apply(createNetwork(ADMIN, null, 5000L, null)).segmentationId());
    }

    @Test
    void nonAdminCannotChooseTheSegmentationId() {
      f.refused(createNetwork(P1, null, 150L, null), FORBIDDEN, "PolicyNotAuthorized");
    }

    @Test
    void segmentationIdInUseIsTunnelIdInUse() {
      Network n = f.network();
      f.refused(createNetwork(ADMIN, null, n.segmentationId(), null), CONFLICT, "TunnelIdInUse");
    }

    @Test
    void segmentationIdOutsideVxlanRangeIsBadRequest() {
      f.refused(createNetwork(ADMIN, null, 0L, null), BAD_REQUEST, "InvalidInput");
      f.refused(createNetwork(ADMIN, null, 1L << 24, null), BAD_REQUEST, "InvalidInput");
    }
  }

  @Nested
  class Mtu {
    @Test
    void defaultsToTheConfiguredVxlanMtu() {
      assertEquals(1450, f.network().mtu());
    }

    @Test
    void boundsAreChecked() {
      assertEquals(68, f.<Network>apply(createNetwork(P1, 68, null, null)).mtu());
      assertEquals(9000, f.<Network>apply(createNetwork(P1, 9000, null, null)).mtu());
      f.refused(createNetwork(P1, 67, null, null), BAD_REQUEST, "InvalidInput");
      f.refused(createNetwork(P1, 9001, null, null), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void updateChecksBoundsToo() {
      Network n = f.network();
      assertEquals(1500, f.<Network>apply(setMtu(n.id(), 1500)).mtu());
      f.refused(setMtu(n.id(), 10), BAD_REQUEST, "InvalidInput");
    }
  }

  @Test
  void createFillsNeutronDefaults() {
    Network n = f.network();
    assertEquals("p1", n.projectId());
    assertTrue(n.adminStateUp());
    assertFalse(n.shared());
    assertFalse(n.external());
    assertEquals(FanoutPolicy.AUTO, n.fanoutPolicy());
    assertTrue(n.pushMode());
    assertEquals(1, n.revision());
  }

  @Test
  void explicitIdTakenIsNetworkExists() {
    f.apply(new CreateNetwork(P1, "n1", null, null, null, null, null, null, null, null, null));
    f.refused(new CreateNetwork(P1, "n1", null, null, null, null, null, null, null, null, null),
        CONFLICT, "NetworkExists");
  }

  @Test
  void nonAdminCannotCreateForAnotherProject() {
    f.refused(new CreateNetwork(P1, null, "p2", null, null, null, null, null, null, null, null),
        FORBIDDEN, "PolicyNotAuthorized");
  }

  @Nested
  class Delete {
    @Test
    void withPortsIsNetworkInUse() {
      Network n = f.network();
      f.subnet(n.id(), "10.0.0.0/24");
      Port p = f.port(n.id());
      f.refused(new DeleteNetwork(P1, n.id()), CONFLICT, "NetworkInUse");
      f.apply(new DeletePort(P1, p.id()));
      f.apply(new DeleteNetwork(P1, n.id()));
      assertNull(f.model().network(n.id()));
    }

    @Test
    void takesItsSubnetsAndFreesTheVni() {
      Network n = f.network();
      Subnet a = f.subnet(n.id(), "10.0.0.0/24");
      Subnet b = f.subnet(n.id(), "fd00::/64");
      Result r = f.result(new DeleteNetwork(P1, n.id()));
      assertNull(f.model().subnet(a.id()));
      assertNull(f.model().subnet(b.id()));
      assertTrue(f.model().subnetsOf(n.id()).isEmpty());
      assertNull(f.model().networkByVni(n.segmentationId()));
      assertFalse(f.model().vnis.inUse(n.segmentationId()));
      assertEquals(3, r.changes().size());
      assertTrue(r.changes().changes().stream().allMatch(ChangeSet.Change::isDelete));
    }

    @Test
    void unknownIsNotFound() {
      f.refused(new DeleteNetwork(P1, "nope"), NOT_FOUND, "NetworkNotFound");
    }
  }

  @Nested
  class Visibility {
    @Test
    void otherProjectsNetworkIsNotFoundForUpdateDeleteAndSubnets() {
      Network n = f.network(P1);
      f.refused(new UpdateNetwork(P2, n.id(), "mine", null, null, null, null, null, null), NOT_FOUND, "NetworkNotFound");
      f.refused(new DeleteNetwork(P2, n.id()), NOT_FOUND, "NetworkNotFound");
      f.refused(EngineFixture.createSubnet(P2, n.id(), "10.0.0.0/24"), NOT_FOUND, "NetworkNotFound");
      f.newPort(n.id()).by(P2).refused(NOT_FOUND, "NetworkNotFound");
    }

    @Test
    void adminSeesEveryNetwork() {
      Network n = f.network(P1);
      assertEquals("renamed", f.<Network>apply(new UpdateNetwork(ADMIN, n.id(), "renamed", null, null, null, null, null, null)).name());
    }

    @Test
    void sharedNetworkIsUsableByOtherProjectsForPortsButNotChangeable() {
      Network n = f.sharedNetwork(P1);
      f.subnet(n.id(), "10.0.0.0/24");
      Port p = f.newPort(n.id()).by(P2).create();
      assertEquals("p2", p.projectId());
      assertEquals(n.id(), p.networkId());
      // the port gets p2's default group, not p1's
      assertEquals(f.model().defaultSecurityGroupOf("p2"), p.securityGroupIds().get(0));
      f.refused(new UpdateNetwork(P2, n.id(), "mine", null, null, null, null, null, null), NOT_FOUND, "NetworkNotFound");
      f.refused(new DeleteNetwork(P2, n.id()), NOT_FOUND, "NetworkNotFound");
    }
  }

  @Nested
  class FanoutMode {
    private final EngineFixture small = new EngineFixture(EngineConfig.defaults().withModeThresholds(4, 2));

    private boolean push(String networkId) { return small.model().network(networkId).pushMode(); }

    @Test
    void autoSwitchesWithHysteresis() {
      Network n = small.network();
      small.subnet(n.id(), "10.0.0.0/24");
      List<Port> ports = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ports.add(small.port(n.id()));
        assertTrue(push(n.id()), "push at " + (i + 1) + " ports");
      }
      Result fifth = small.result(small.newPort(n.id()).command());
      assertFalse(push(n.id()), "on-demand above 4 ports");
      assertTrue(fifth.changes().changes().stream().anyMatch(c -> c.after() instanceof Network),
          "the mode switch is part of the change set");
      ports.add((Port) fifth.value());
      // 5 -> 2 ports: still on-demand (no flapping between the thresholds)
      for (int i = 0; i < 3; i++) {
        small.apply(new DeletePort(P1, ports.remove(ports.size() - 1).id()));
        assertFalse(push(n.id()), "still on-demand at " + ports.size() + " ports");
      }
      // 2 -> 3 -> 2: no flapping
      ports.add(small.port(n.id()));
      assertFalse(push(n.id()));
      small.apply(new DeletePort(P1, ports.remove(ports.size() - 1).id()));
      assertFalse(push(n.id()));
      // below 2: back to push
      small.apply(new DeletePort(P1, ports.remove(ports.size() - 1).id()));
      assertTrue(push(n.id()), "push below 2 ports");
      // up to 4 again: push stays
      while (ports.size() < 4) ports.add(small.port(n.id()));
      assertTrue(push(n.id()));
    }

    @Test
    void noModeChangeWhileTheCountStaysOnOneSide() {
      Network n = small.network();
      small.subnet(n.id(), "10.0.0.0/24");
      long revision = small.model().network(n.id()).revision();
      small.port(n.id());
      small.port(n.id());
      assertEquals(revision, small.model().network(n.id()).revision(), "no network change without a mode switch");
    }

    @Test
    void forcedPushAndOnDemand() {
      Network n = small.apply(createNetwork(P1, null, null, FanoutPolicy.ON_DEMAND));
      assertFalse(n.pushMode());
      small.subnet(n.id(), "10.0.0.0/24");
      small.port(n.id());
      assertFalse(push(n.id()), "forced on-demand ignores the small port count");

      Network pushed = small.apply(setPolicy(n.id(), FanoutPolicy.PUSH));
      assertTrue(pushed.pushMode());
      assertEquals(FanoutPolicy.PUSH, pushed.fanoutPolicy());
      for (int i = 0; i < 6; i++) small.port(n.id());
      assertTrue(push(n.id()), "forced push ignores the large port count");

      // back to AUTO with 7 ports: above the threshold, so on-demand
      assertFalse(small.<Network>apply(setPolicy(n.id(), FanoutPolicy.AUTO)).pushMode());
      assertFalse(small.<Network>apply(setPolicy(n.id(), FanoutPolicy.ON_DEMAND)).pushMode());
    }

    @Test
    void autoBetweenThresholdsKeepsTheCurrentMode() {
      Network n = small.apply(createNetwork(P1, null, null, FanoutPolicy.ON_DEMAND));
      small.subnet(n.id(), "10.0.0.0/24");
      for (int i = 0; i < 3; i++) small.port(n.id());
      assertFalse(small.<Network>apply(setPolicy(n.id(), FanoutPolicy.AUTO)).pushMode(), "3 ports, was on-demand: stays");
      Network m = small.apply(createNetwork(P1, null, null, FanoutPolicy.PUSH));
      small.subnet(m.id(), "10.0.1.0/24");
      for (int i = 0; i < 3; i++) small.port(m.id());
      assertTrue(small.<Network>apply(setPolicy(m.id(), FanoutPolicy.AUTO)).pushMode(), "3 ports, was push: stays");
    }

    @Test
    void routerInterfacePortsCount() {
      Network n = small.network();
      Subnet s = small.subnet(n.id(), "10.0.0.0/24");
      for (int i = 0; i < 4; i++) small.port(n.id());
      assertNotNull(small.addInterface(small.router().id(), s.id()));
      assertFalse(push(n.id()));
    }

    private UpdateNetwork setPolicy(String id, FanoutPolicy p) {
      return new UpdateNetwork(P1, id, null, null, null, null, null, null, p);
    }
  }
}
