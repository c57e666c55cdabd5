package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.P2;
import static io.alcorvx.engine.EngineFixture.anyFixedIp;
import static io.alcorvx.engine.EngineFixture.fixedIp;
import static io.alcorvx.engine.EngineFixture.ip;
import static io.alcorvx.engine.EngineFixture.ipOf;
import static io.alcorvx.engine.EngineFixture.mac;
import static io.alcorvx.engine.EngineFixture.onSubnet;
import static io.alcorvx.engine.EngineFixture.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Command.AddressPairSpec;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.SetPortStatus;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.SecurityGroupRule;
import io.alcorvx.engine.model.SecurityGroupRule.Direction;
import io.alcorvx.engine.model.SecurityGroupRule.EtherType;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.IpRange;
import io.alcorvx.engine.net.MacAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PortCommandsTest {

  private final EngineFixture f = new EngineFixture();
  private final Network net = f.network();
  private final Subnet v4 = f.subnet(net.id(), "10.0.0.0/24");

  @Test
  void aPortSharesItsNetworksProjectString() {
    // each request brings its own copy of the project id (a header or body field)
    Port p = f.newPort(net.id()).by(new io.alcorvx.engine.command.Actor(new String(P1.projectId().toCharArray()), false)).create();
    org.junit.jupiter.api.Assertions.assertSame(net.projectId(), p.projectId());
  }

  private boolean inPools(Subnet s, IpAddress ip) {
    for (IpRange r : s.allocationPools()) if (r.contains(ip)) return true;
    return false;
  }

  @Nested
  class IpAllocation {
    @Test
    void allocatedAddressesAreInsideThePoolsAndNeverDuplicated() {
      Subnet s = f.subnet(net.id(), "10.0.1.0/24", null, List.of(pool("10.0.1.10", "10.0.1.20"), pool("10.0.1.100", "10.0.1.199")));
      Set<IpAddress> seen = new HashSet<>();
      for (int i = 0; i < 111; i++) {
        Port p = f.port(net.id(), onSubnet(s.id()));
        IpAddress a = ipOf(p);
        assertTrue(inPools(s, a), a + " outside the pools");
        assertTrue(seen.add(a), "duplicate " + a);
        assertEquals(p.id(), f.model().portByVniIp(net.segmentationId(), a).id());
      }
      f.newPort(net.id()).fixedIps(onSubnet(s.id())).refused(CONFLICT, "IpAddressGenerationFailure");
    }

    @Test
    void firstAddressAfterTheGateway() {
      assertEquals(ip("10.0.0.2"), ipOf(f.port(net.id())));
      assertEquals(v4.id(), f.port(net.id()).fixedIps().get(0).subnetId());
    }

    @Test
    void networkWithoutSubnetsGivesAPortWithoutAddresses() {
      Network bare = f.network();
      assertTrue(f.port(bare.id()).fixedIps().isEmpty());
    }

    @Test
    void dualStackGetsOneAddressOfEachVersion() {
      Subnet v6 = f.subnet(net.id(), "fd00::/64");
      Port p = f.port(net.id());
      assertEquals(2, p.fixedIps().size());
      assertEquals(ip("10.0.0.2"), p.ipOn(v4.id()));
      assertEquals(ip("fd00::2"), p.ipOn(v6.id()));
    }

    @Test
    void fullSubnetFallsThroughToTheNextOfTheSameVersion() {
      Network n = f.network();
      Subnet a = f.subnet(n.id(), "10.1.0.0/24", null, List.of(pool("10.1.0.5", "10.1.0.5")));
      Subnet b = f.subnet(n.id(), "10.2.0.0/24");
      assertEquals(a.id(), f.port(n.id()).fixedIps().get(0).subnetId());
      Port second = f.port(n.id());
      assertEquals(1, second.fixedIps().size());
      assertEquals(b.id(), second.fixedIps().get(0).subnetId());
    }

    @Test
    void twoAllocationsOnOneSubnetInOneRequestDiffer() {
      Port p = f.port(net.id(), onSubnet(v4.id()), onSubnet(v4.id()));
      assertEquals(2, p.fixedIps().size());
      assertNotEquals(p.fixedIps().get(0).ipAddress(), p.fixedIps().get(1).ipAddress());
    }

    @Test
    void explicitThenAllocatedOnOneSubnetInOneRequestDiffer() {
      // 10.0.0.2 is the address the allocator would hand out next
      Port p = f.port(net.id(), fixedIp(v4.id(), "10.0.0.2"), onSubnet(v4.id()));
      assertEquals(2, p.fixedIps().size());
      assertNotEquals(p.fixedIps().get(0).ipAddress(), p.fixedIps().get(1).ipAddress(), "one port got the same address twice");
      // and nobody else gets either address
      Port q = f.port(net.id());
      assertFalse(p.fixedIps().stream().anyMatch(x -> x.ipAddress().equals(ipOf(q))));
    }
  }

  @Nested
  class ExplicitIp {
    @Test
    void chosenAddressIsTaken() {
      Port p = f.port(net.id(), fixedIp(v4.id(), "10.0.0.77"));
      assertEquals(ip("10.0.0.77"), ipOf(p));
      assertTrue(f.ipInUse(v4.id(), "10.0.0.77"));
      // an address outside the pools is fine when chosen explicitly
      Subnet s = f.subnet(net.id(), "10.0.1.0/24", null, List.of(pool("10.0.1.10", "10.0.1.20")));
      assertEquals(ip("10.0.1.200"), ipOf(f.port(net.id(), fixedIp(s.id(), "10.0.1.200"))));
    }

    @Test
    void addressWithoutSubnetFindsItsSubnet() {
      Subnet other = f.subnet(net.id(), "10.0.1.0/24");
      Port p = f.port(net.id(), anyFixedIp("10.0.1.9"));
      assertEquals(other.id(), p.fixedIps().get(0).subnetId());
      f.newPort(net.id()).fixedIps(anyFixedIp("10.9.9.9")).refused(BAD_REQUEST, "InvalidIpForNetwork");
    }

    @Test
    void outsideTheSubnetIsInvalidIpForSubnet() {
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.1.5")).refused(BAD_REQUEST, "InvalidIpForSubnet");
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "fd00::5")).refused(BAD_REQUEST, "InvalidIpForSubnet");
    }

    @Test
    void networkAndBroadcastAddressesAreRefused() {
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.0.0")).refused(BAD_REQUEST, "InvalidIpForSubnet");
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.0.255")).refused(BAD_REQUEST, "InvalidIpForSubnet");
    }

    @Test
    void malformedAddressIsBadRequest() {
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.0.x")).refused(BAD_REQUEST, "InvalidInput");
      f.newPort(net.id()).fixedIps(new io.alcorvx.engine.command.Command.FixedIpSpec(null, null)).refused(BAD_REQUEST, "InvalidInput");
    }

    @Test
    void addressInUseConflicts() {
      f.port(net.id(), fixedIp(v4.id(), "10.0.0.50"));
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.0.50")).refused(CONFLICT, "IpAddressInUse");
      Port allocated = f.port(net.id());
      f.newPort(net.id()).fixedIps(anyFixedIp(ipOf(allocated).toString())).refused(CONFLICT, "IpAddressInUse");
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.0.60"), fixedIp(v4.id(), "10.0.0.60")).refused(CONFLICT, "IpAddressInUse");
    }

    @Test
    void theGatewayAddressConflicts() {
      f.newPort(net.id()).fixedIps(fixedIp(v4.id(), "10.0.0.1")).refused(CONFLICT, "IpAddressInUse");
    }

    @Test
    void unknownSubnetOrSubnetOfAnotherNetworkIsBadRequest() {
      f.newPort(net.id()).fixedIps(onSubnet("nope")).refused(BAD_REQUEST, "InvalidInput");
      Network other = f.network();
      Subnet elsewhere = f.subnet(other.id(), "10.5.0.0/24");
      f.newPort(net.id()).fixedIps(onSubnet(elsewhere.id())).refused(BAD_REQUEST, "InvalidInput");
      f.newPort(net.id()).fixedIps(fixedIp(elsewhere.id(), "10.5.0.9")).refused(BAD_REQUEST, "InvalidInput");
    }
  }

  @Nested
  class Mac {
    @Test
    void allocatedUnderTheOpenStackPrefixAndUnique() {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        long m = f.port(net.id()).macAddress();
        assertEquals(0xfa163eL, m >>> 24, MacAddress.format(m));
        assertTrue(seen.add(m));
      }
    }

    @Test
    void explicitMacIsKeptAndMustBeFree() {
      Port p = f.newPort(net.id()).mac("52:54:00:12:34:56").create();
      assertEquals("52:54:00:12:34:56", mac(p));
      f.newPort(net.id()).mac("52:54:00:12:34:56").refused(CONFLICT, "MacAddressInUse");
      f.newPort(net.id()).mac(mac(f.port(net.id()))).refused(CONFLICT, "MacAddressInUse");
    }

    @Test
    void malformedOrMulticastMacIsBadRequest() {
      f.newPort(net.id()).mac("52:54:00:12:34").refused(BAD_REQUEST, "InvalidInput");
      f.newPort(net.id()).mac("zz:54:00:12:34:56").refused(BAD_REQUEST, "InvalidInput");
      f.newPort(net.id()).mac("01:00:5e:00:00:01").refused(BAD_REQUEST, "InvalidInput");
      f.newPort(net.id()).mac("00:00:00:00:00:00").refused(BAD_REQUEST, "InvalidInput");
    }
  }

  @Nested
  class Exhaustion {
    private final Subnet tiny = f.subnet(f.network().id(), "10.9.0.0/24", null, List.of(pool("10.9.0.10", "10.9.0.12")));
    private final String tinyNet = tiny.networkId();

    @Test
    void exhaustedPoolConflictsAndLeaksNothing() {
      Port a = f.port(tinyNet);
      f.port(tinyNet);
      f.port(tinyNet);
      for (int i = 0; i < 5; i++) f.newPort(tinyNet).refused(CONFLICT, "IpAddressGenerationFailure");
      f.apply(new DeletePort(P1, a.id()));
      assertFalse(f.ipInUse(tiny.id(), ipOf(a).toString()));
      assertEquals(ipOf(a), ipOf(f.port(tinyNet)), "the freed address is allocated again");
      f.newPort(tinyNet).refused(CONFLICT, "IpAddressGenerationFailure");
    }

    @Test
    void aFailedCreateDoesNotConsumeAddresses() {
      Port taken = f.port(tinyNet, fixedIp(tiny.id(), "10.9.0.100"));
      // each attempt allocates one pool address, then fails on the second fixed IP
      for (int i = 0; i < 10; i++) {
        f.newPort(tinyNet).fixedIps(onSubnet(tiny.id()), fixedIp(tiny.id(), ipOf(taken).toString())).refused(CONFLICT, "IpAddressInUse");
        f.newPort(tinyNet).fixedIps(onSubnet(tiny.id()), onSubnet("nope")).refused(BAD_REQUEST, "InvalidInput");
        f.newPort(tinyNet).mac(mac(taken)).refused(CONFLICT, "MacAddressInUse");
      }
      Set<IpAddress> got = new HashSet<>();
      for (int i = 0; i < 3; i++) got.add(ipOf(f.port(tinyNet)));
      assertEquals(Set.of(ip("10.9.0.10"), ip("10.9.0.11"), ip("10.9.0.12")), got);
    }

    @Test
    void dualStackFailureOnTheSecondVersionReleasesTheFirst() {
      Subnet v6 = f.subnet(tinyNet, "fd09::/64", null, List.of(pool("fd09::10", "fd09::10")));
      f.port(tinyNet); // takes 10.9.0.10 and fd09::10
      f.newPort(tinyNet).refused(CONFLICT, "IpAddressGenerationFailure"); // v4 would work, v6 is full
      assertFalse(f.ipInUse(tiny.id(), "10.9.0.11"));
      assertTrue(f.model().ipAllocator(v6.id()).inUse(ip("fd09::10")));
    }
  }

  @Nested
  class SecurityGroups {
    @Test
    void defaultGroupIsCreatedOnTheFirstPortWithNeutronsRules() {
      assertNull(f.model().defaultSecurityGroupOf("p1"));
      Result r = f.result(f.newPort(net.id()).command());
      String sgId = f.model().defaultSecurityGroupOf("p1");
      SecurityGroup g = f.model().securityGroup(sgId);
      assertEquals("default", g.name());
      assertEquals("p1", g.projectId());
      assertEquals(List.of(sgId), ((Port) r.value()).securityGroupIds());
      assertTrue(r.changes().changes().stream().anyMatch(c -> c.isCreate() && c.after() instanceof SecurityGroup));
      // egress anywhere (v4, v6) and ingress from members of the group (v4, v6)
      assertEquals(4, g.rules().size());
      Map<String, SecurityGroupRule> byShape = new LinkedHashMap<>();
      for (SecurityGroupRule rule : g.rules()) {
        assertNull(rule.protocol());
        assertNull(rule.portRangeMin());
        assertNull(rule.remoteIpPrefix());
        byShape.put(rule.direction() + "/" + rule.ethertype(), rule);
      }
      assertEquals(Set.of("EGRESS/IPV4", "EGRESS/IPV6", "INGRESS/IPV4", "INGRESS/IPV6"), byShape.keySet());
      assertNull(byShape.get("EGRESS/IPV4").remoteGroupId());
      assertNull(byShape.get("EGRESS/IPV6").remoteGroupId());
      assertEquals(sgId, byShape.get("INGRESS/IPV4").remoteGroupId());
      assertEquals(sgId, byShape.get("INGRESS/IPV6").remoteGroupId());
      assertEquals(Direction.INGRESS, byShape.get("INGRESS/IPV6").direction());
      assertEquals(EtherType.IPV6, byShape.get("INGRESS/IPV6").ethertype());
    }

    @Test
    void defaultGroupIsReusedAfterwards() {
      Port a = f.port(net.id());
      int groups = f.model().securityGroups().size();
      Result r = f.result(f.newPort(net.id()).command());
      assertEquals(a.securityGroupIds(), ((Port) r.value()).securityGroupIds());
      assertEquals(groups, f.model().securityGroups().size());
      assertTrue(r.changes().changes().stream().noneMatch(c -> c.current() instanceof SecurityGroup));
    }

    @Test
    void explicitEmptyListMeansNoGroupsAndNoDefaultGroup() {
      Port p = f.newPort(net.id()).securityGroups().create();
      assertTrue(p.securityGroupIds().isEmpty());
      assertNull(f.model().defaultSecurityGroupOf("p1"));
    }

    @Test
    void explicitGroupsAreDeduplicated() {
      SecurityGroup web = f.securityGroup("web");
      Port p = f.newPort(net.id()).securityGroups(web.id(), web.id()).create();
      assertEquals(List.of(web.id()), p.securityGroupIds());
      assertEquals(Set.of(p.id()), f.model().portsOfSecurityGroup(web.id()));
    }

    @Test
    void unknownOrForeignGroupIsNotFound() {
      f.newPort(net.id()).securityGroups("nope").refused(NOT_FOUND, "SecurityGroupNotFound");
      SecurityGroup theirs = f.securityGroup(P2, "theirs");
      f.newPort(net.id()).securityGroups(theirs.id()).refused(NOT_FOUND, "SecurityGroupNotFound");
    }
  }

  @Nested
  class Update {
    @Test
    void rebindingSetsStatusBackToDown() {
      Port p = f.newPort(net.id()).host("h1").create();
      assertEquals("h1", p.hostKey());
      f.apply(new SetPortStatus(io.alcorvx.engine.command.Actor.SYSTEM, Map.of(p.id(), PortStatus.ACTIVE)));
      assertEquals(PortStatus.ACTIVE, f.model().port(p.id()).status());
      assertEquals(PortStatus.ACTIVE, f.updatePort(p.id()).name("renamed").apply().status(), "no rebinding, status kept");
      Port moved = f.updatePort(p.id()).host("h2").apply();
      assertEquals("h2", moved.hostKey());
      assertEquals(PortStatus.DOWN, moved.status());
      assertEquals(Set.of(p.id()), f.model().portsOfHost("h2"));
      assertTrue(f.model().portsOfHost("h1").isEmpty());
      Port unbound = f.updatePort(p.id()).host("").apply();
      assertFalse(unbound.isBound());
    }

    @Test
    void changingFixedIpsFreesTheOldAndReservesTheNew() {
      Port p = f.port(net.id());
      IpAddress old = ipOf(p);
      Port u = f.updatePort(p.id()).fixedIps(fixedIp(v4.id(), "10.0.0.99")).apply();
      assertEquals(ip("10.0.0.99"), ipOf(u));
      assertFalse(f.ipInUse(v4.id(), old.toString()));
      assertTrue(f.ipInUse(v4.id(), "10.0.0.99"));
      assertNull(f.model().portByVniIp(net.segmentationId(), old));
      assertEquals(p.id(), f.model().portByVniIp(net.segmentationId(), ip("10.0.0.99")).id());
      // someone else can now take the old address
      assertEquals(old, ipOf(f.port(net.id(), fixedIp(v4.id(), old.toString()))));
    }

    @Test
    void keepingTheOwnAddressIsAllowed() {
      Port p = f.port(net.id());
      IpAddress own = ipOf(p);
      assertEquals(own, ipOf(f.updatePort(p.id()).fixedIps(fixedIp(v4.id(), own.toString())).apply()));
      assertEquals(own, ipOf(f.updatePort(p.id()).fixedIps(onSubnet(v4.id())).apply()), "subnet only: keeps its address");
      Port both = f.updatePort(p.id()).fixedIps(fixedIp(v4.id(), own.toString()), fixedIp(v4.id(), "10.0.0.80")).apply();
      assertEquals(List.of(own, ip("10.0.0.80")), both.fixedIps().stream().map(Port.FixedIp::ipAddress).toList());
    }

    @Test
    void takingAnotherPortsAddressConflicts() {
      Port a = f.port(net.id());
      Port b = f.port(net.id());
      f.updatePort(b.id()).fixedIps(fixedIp(v4.id(), ipOf(a).toString())).refused(CONFLICT, "IpAddressInUse");
      f.updatePort(b.id()).fixedIps(fixedIp(v4.id(), "10.0.0.1")).refused(CONFLICT, "IpAddressInUse");
      f.updatePort(b.id()).fixedIps(fixedIp(v4.id(), "10.0.1.1")).refused(BAD_REQUEST, "InvalidIpForSubnet");
    }

    @Test
    void macChangeIsRefusedWhileBound() {
      Port p = f.newPort(net.id()).host("h1").create();
      f.updatePort(p.id()).mac("52:54:00:00:00:09").refused(CONFLICT, "PortBound");
      // the same MAC is not a change
      assertEquals(p.macAddress(), f.updatePort(p.id()).mac(mac(p)).apply().macAddress());
    }

    @Test
    void macChangeWhileUnboundFreesTheOldMac() {
      Port p = f.port(net.id());
      Port other = f.port(net.id());
      f.updatePort(p.id()).mac(mac(other)).refused(CONFLICT, "MacAddressInUse");
      f.updatePort(p.id()).mac("nonsense").refused(BAD_REQUEST, "InvalidInput");
      Port u = f.updatePort(p.id()).mac("52:54:00:00:00:09").apply();
      assertEquals("52:54:00:00:00:09", mac(u));
      assertFalse(f.macInUse(mac(p)));
      assertTrue(f.macInUse("52:54:00:00:00:09"));
    }

    @Test
    void otherProjectsPortIsNotFound() {
      Port p = f.port(net.id());
      f.updatePort(p.id()).by(P2).name("x").refused(NOT_FOUND, "PortNotFound");
      f.refused(new DeletePort(P2, p.id()), NOT_FOUND, "PortNotFound");
      f.updatePort("nope").name("x").refused(NOT_FOUND, "PortNotFound");
    }

    @Test
    void securityGroupsAndAdminState() {
      Port p = f.port(net.id());
      SecurityGroup web = f.securityGroup("web");
      Port u = f.updatePort(p.id()).securityGroups(web.id()).adminStateUp(false).apply();
      assertEquals(List.of(web.id()), u.securityGroupIds());
      assertFalse(u.adminStateUp());
      assertTrue(f.model().portsOfSecurityGroup(f.model().defaultSecurityGroupOf("p1")).isEmpty());
      f.updatePort(p.id()).securityGroups("nope").refused(NOT_FOUND, "SecurityGroupNotFound");
    }
  }

  @Nested
  class Delete {
    @Test
    void freesAddressAndMac() {
      Subnet v6 = f.subnet(net.id(), "fd00::/64");
      Port p = f.newPort(net.id()).host("h1").create();
      f.apply(new DeletePort(P1, p.id()));
      assertNull(f.model().port(p.id()));
      assertFalse(f.ipInUse(v4.id(), p.ipOn(v4.id()).toString()));
      assertFalse(f.model().ipAllocator(v6.id()).inUse(p.ipOn(v6.id())));
      assertFalse(f.model().macs.inUse(p.macAddress()));
      assertNull(f.model().portByVniIp(net.segmentationId(), p.ipOn(v4.id())));
      assertTrue(f.model().portsOfHost("h1").isEmpty());
      assertTrue(f.model().hostsOfNetwork(net.id()).isEmpty());
      // the same address and MAC can be taken again
      f.newPort(net.id()).mac(mac(p)).fixedIps(fixedIp(v4.id(), p.ipOn(v4.id()).toString())).create();
    }

    @Test
    void routerInterfacePortCannotBeDeletedDirectly() {
      RouterInterfaceInfo info = f.addInterface(f.router().id(), v4.id());
      f.refused(new DeletePort(P1, info.portId()), CONFLICT, "PortInUse");
    }

    @Test
    void routerInterfacePortCannotBeDetachedFromItsRouterByAnUpdate() {
      RouterInterfaceInfo info = f.addInterface(f.router().id(), v4.id());
      f.updatePort(info.portId()).device("", "").refused(CONFLICT, "PortInUse");
      f.updatePort(info.portId()).device("vm-1", "compute:nova").refused(CONFLICT, "PortInUse");
      f.updatePort(info.portId()).fixedIps(fixedIp(v4.id(), "10.0.0.9")).refused(CONFLICT, "PortInUse");
      assertEquals("renamed", f.updatePort(info.portId()).name("renamed").apply().name());
      f.refused(new DeletePort(P1, info.portId()), CONFLICT, "PortInUse");
    }

    @Test
    void unknownIsNotFound() {
      f.refused(new DeletePort(P1, "nope"), NOT_FOUND, "PortNotFound");
    }
  }

  @Nested
  class Status {
    @Test
    void setPortStatusChangesOnlyWhatIsNew() {
      Port a = f.port(net.id());
      Port b = f.port(net.id());
      assertEquals(PortStatus.DOWN, a.status());
      Map<String, PortStatus> statuses = new LinkedHashMap<>();
      statuses.put(a.id(), PortStatus.ACTIVE);
      statuses.put(b.id(), PortStatus.DOWN); // unchanged
      statuses.put("gone", PortStatus.ACTIVE); // deleted meanwhile: ignored
      Result r = f.result(new SetPortStatus(io.alcorvx.engine.command.Actor.SYSTEM, statuses));
      assertEquals(1, r.changes().size());
      Port now = f.model().port(a.id());
      assertEquals(PortStatus.ACTIVE, now.status());
      assertEquals(a.revision() + 1, now.revision());
      assertEquals(List.of(now), r.value());
      assertEquals(PortStatus.DOWN, f.model().port(b.id()).status());
      assertEquals(PortStatus.ERROR,
          f.<List<Port>>apply(new SetPortStatus(io.alcorvx.engine.command.Actor.SYSTEM, Map.of(a.id(), PortStatus.ERROR))).get(0).status());
    }
  }

  @Test
  void explicitIdTakenIsPortExists() {
    f.newPort(net.id()).id("port-a").create();
    f.newPort(net.id()).id("port-a").refused(CONFLICT, "PortExists");
  }

  @Test
  void allowedAddressPairsAreParsed() {
    Port p = f.newPort(net.id()).addressPairs(new AddressPairSpec("10.0.0.200", null), new AddressPairSpec("10.1.0.0/16", "52:54:00:00:00:01")).create();
    assertEquals(2, p.allowedAddressPairs().size());
    assertEquals(-1, p.allowedAddressPairs().get(0).macAddress());
    f.newPort(net.id()).addressPairs(new AddressPairSpec("bad", null)).refused(BAD_REQUEST, "InvalidInput");
    f.newPort(net.id()).addressPairs(new AddressPairSpec("10.0.0.9", null), new AddressPairSpec("10.0.0.9", null))
        .refused(BAD_REQUEST, "InvalidInput");
  }

  @Test
  void unknownNetworkIsNotFound() {
    f.newPort("nope").refused(NOT_FOUND, "NetworkNotFound");
  }

  @Test
  void portIndexesFollowTheBinding() {
    Port p = f.newPort(net.id()).host("h1").create();
    assertEquals(Set.of("h1"), f.model().hostsOfNetwork(net.id()));
    assertEquals(Set.of("h1"), f.model().hostsOfSubnet(v4.id()));
    assertTrue(f.model().hostInSubnet("h1", v4.id()));
    assertEquals(Set.of(p.id()), f.model().portsOfSubnet(v4.id()));
    assertEquals(Optional.of(p.id()), f.model().portsOfNetwork(net.id()).stream().findFirst());
  }
}
