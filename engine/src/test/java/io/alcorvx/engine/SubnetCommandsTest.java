package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.createSubnet;
import static io.alcorvx.engine.EngineFixture.fixedIp;
import static io.alcorvx.engine.EngineFixture.ip;
import static io.alcorvx.engine.EngineFixture.ipOf;
import static io.alcorvx.engine.EngineFixture.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.DeleteSubnet;
import io.alcorvx.engine.command.Command.HostRouteSpec;
import io.alcorvx.engine.command.Command.Pool;
import io.alcorvx.engine.command.Command.UpdateSubnet;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubnetCommandsTest {

  private final EngineFixture f = new EngineFixture();
  private final Network net = f.network();

  private static IpRange range(String start, String end) { return new IpRange(ip(start), ip(end)); }

  private CreateSubnet create(String cidr) { return createSubnet(P1, net.id(), cidr); }

  private CreateSubnet create(String cidr, Optional<String> gateway, List<Pool> pools) {
    return createSubnet(P1, net.id(), cidr, gateway, pools);
  }

  private CreateSubnet withVersion(String cidr, int version) {
    return new CreateSubnet(P1, null, null, net.id(), null, null, version, cidr, null, null, null, null, null);
  }

  private static UpdateSubnet update(String id, Optional<String> gateway, List<Pool> pools, Boolean dhcp) {
    return new UpdateSubnet(P1, id, null, null, gateway, pools, dhcp, null, null);
  }

  @Nested
  class Cidrs {
    @Test
    void malformedCidrIsBadRequest() {
      f.refused(create("10.0.0.0"), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.0/33"), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.300/24"), BAD_REQUEST, "InvalidInput");
      f.refused(create("banana"), BAD_REQUEST, "InvalidInput");
      f.refused(create(null), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void hostBitsSetIsBadRequest() {
      f.refused(create("10.0.0.1/24"), BAD_REQUEST, "InvalidInput");
      f.refused(create("fd00::1/64"), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void ipVersionMustMatchTheCidr() {
      f.refused(withVersion("10.0.0.0/24", 6), BAD_REQUEST, "InvalidInput");
      f.refused(withVersion("fd00::/64", 4), BAD_REQUEST, "InvalidInput");
      assertEquals(4, f.<Subnet>apply(withVersion("10.0.0.0/24", 4)).ipVersion());
      assertEquals(6, f.<Subnet>apply(withVersion("fd00::/64", 6)).ipVersion());
    }

    @Test
    void tooSmallForPortsIsBadRequest() {
      f.refused(create("10.0.0.0/31"), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.0/32"), BAD_REQUEST, "InvalidInput");
      f.refused(create("fd00::/127"), BAD_REQUEST, "InvalidInput");
      assertEquals(30, f.subnet(net.id(), "10.0.0.0/30").cidr().prefixLength());
    }

    @Test
    void ipv6ShorterThanSlash64Works() {
      Subnet s = f.subnet(net.id(), "fd00::/48");
      assertEquals(ip("fd00::1"), s.gatewayIp());
      assertEquals(ip("fd00::2"), ipOf(f.port(net.id())));
      assertEquals(ip("fd00:0:0:ffff::9"), ipOf(f.port(net.id(), fixedIp(s.id(), "fd00:0:0:ffff::9"))));
    }

    @Test
    void overlappingSubnetsInOneNetworkConflict() {
      f.subnet(net.id(), "10.0.0.0/24");
      f.refused(create("10.0.0.0/24"), CONFLICT, "SubnetOverlap");
      f.refused(create("10.0.0.128/25"), CONFLICT, "SubnetOverlap");
      f.refused(create("10.0.0.0/16"), CONFLICT, "SubnetOverlap");
      f.subnet(net.id(), "10.0.1.0/24");
      f.subnet(net.id(), "fd00::/64");
      f.refused(create("fd00::/80"), CONFLICT, "SubnetOverlap");
    }

    @Test
    void sameCidrInAnotherNetworkIsFine() {
      f.subnet(net.id(), "10.0.0.0/24");
      Network other = f.network();
      Subnet s = f.subnet(other.id(), "10.0.0.0/24");
      assertEquals(other.id(), s.networkId());
    }

    @Test
    void unknownNetworkIsNotFound() {
      f.refused(createSubnet(P1, "nope", "10.0.0.0/24"), NOT_FOUND, "NetworkNotFound");
    }

    @Test
    void explicitIdTakenIsSubnetExists() {
      f.apply(new CreateSubnet(P1, "s1", null, net.id(), null, null, null, "10.0.0.0/24", null, null, null, null, null));
      f.refused(new CreateSubnet(P1, "s1", null, net.id(), null, null, null, "10.0.1.0/24", null, null, null, null, null),
          CONFLICT, "SubnetExists");
    }

    @Test
    void belongsToTheNetworksProject() {
      assertEquals("p1", f.subnet(net.id(), "10.0.0.0/24").projectId());
    }
  }

  @Nested
  class Gateway {
    @Test
    void defaultsToTheFirstAddress() {
      assertEquals(ip("10.0.0.1"), f.subnet(net.id(), "10.0.0.0/24").gatewayIp());
      assertEquals(ip("fd00::1"), f.subnet(net.id(), "fd00::/64").gatewayIp());
    }

    @Test
    void explicitGatewayOutsideTheCidrIsBadRequest() {
      f.refused(create("10.0.0.0/24", Optional.of("10.0.1.1"), null), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.0/24", Optional.of("fd00::1"), null), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.0/24", Optional.of("not-an-ip"), null), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void networkOrBroadcastAddressAsGatewayIsBadRequest() {
      f.refused(create("10.0.0.0/24", Optional.of("10.0.0.0"), null), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.0/24", Optional.of("10.0.0.255"), null), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void noGateway() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24", Optional.empty(), null);
      assertNull(s.gatewayIp());
      assertEquals(List.of(range("10.0.0.1", "10.0.0.254")), s.allocationPools());
      // without a gateway, the first address is an ordinary address
      assertEquals(ip("10.0.0.1"), ipOf(f.port(net.id())));
    }

    @Test
    void gatewayInsideAnExplicitPoolConflicts() {
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.1", "10.0.0.10"))), CONFLICT, "GatewayConflictWithAllocationPools");
      f.refused(create("10.0.0.0/24", Optional.of("10.0.0.5"), List.of(pool("10.0.0.2", "10.0.0.10"))),
          CONFLICT, "GatewayConflictWithAllocationPools");
    }
  }

  @Nested
  class Pools {
    @Test
    void defaultPoolsExcludeGatewayNetworkAndBroadcast() {
      assertEquals(List.of(range("10.0.0.2", "10.0.0.254")), f.subnet(net.id(), "10.0.0.0/24").allocationPools());
      assertEquals(List.of(range("10.0.1.1", "10.0.1.253")),
          f.subnet(net.id(), "10.0.1.0/24", Optional.of("10.0.1.254"), null).allocationPools());
      assertEquals(List.of(range("10.0.2.1", "10.0.2.99"), range("10.0.2.101", "10.0.2.254")),
          f.subnet(net.id(), "10.0.2.0/24", Optional.of("10.0.2.100"), null).allocationPools());
      // IPv6 has no broadcast address: the pool runs to the last address
      assertEquals(List.of(range("fd00::2", "fd00::ffff:ffff:ffff:ffff")), f.subnet(net.id(), "fd00::/64").allocationPools());
    }

    @Test
    void explicitPoolsAreKept() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24", null, List.of(pool("10.0.0.10", "10.0.0.20"), pool("10.0.0.30", "10.0.0.40")));
      assertEquals(List.of(range("10.0.0.10", "10.0.0.20"), range("10.0.0.30", "10.0.0.40")), s.allocationPools());
      assertEquals(ip("10.0.0.10"), ipOf(f.port(net.id())));
    }

    @Test
    void poolOutsideTheSubnetIsBadRequest() {
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.200", "10.0.1.10"))), BAD_REQUEST, "OutOfBoundsAllocationPool");
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.1.2", "10.0.1.10"))), BAD_REQUEST, "OutOfBoundsAllocationPool");
    }

    @Test
    void poolWithNetworkOrBroadcastAddressIsBadRequest() {
      f.refused(create("10.0.0.0/24", Optional.empty(), List.of(pool("10.0.0.0", "10.0.0.10"))), BAD_REQUEST, "OutOfBoundsAllocationPool");
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.200", "10.0.0.255"))), BAD_REQUEST, "OutOfBoundsAllocationPool");
    }

    @Test
    void overlappingPoolsAreBadRequest() {
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.2", "10.0.0.20"), pool("10.0.0.20", "10.0.0.30"))),
          BAD_REQUEST, "OverlappingAllocationPools");
    }

    @Test
    void malformedPoolsAreBadRequest() {
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.20", "10.0.0.10"))), BAD_REQUEST, "InvalidAllocationPool");
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.2", "fd00::2"))), BAD_REQUEST, "InvalidAllocationPool");
      f.refused(create("10.0.0.0/24", null, List.of(pool("10.0.0.2", null))), BAD_REQUEST, "InvalidInput");
      f.refused(create("10.0.0.0/24", null, List.of(pool("x", "10.0.0.9"))), BAD_REQUEST, "InvalidInput");
    }
  }

  @Nested
  class Ipv6 {
    @Test
    void portsGetAddressesFromAnIpv6Subnet() {
      Subnet s = f.subnet(net.id(), "fd00::/64");
      Port a = f.port(net.id());
      Port b = f.port(net.id());
      assertEquals(ip("fd00::2"), ipOf(a));
      assertEquals(ip("fd00::3"), ipOf(b));
      assertEquals(s.id(), a.fixedIps().get(0).subnetId());
      assertEquals(a.id(), f.model().portByVniIp(net.segmentationId(), ip("fd00::2")).id());
      Port last = f.port(net.id(), fixedIp(s.id(), "fd00::ffff:ffff:ffff:ffff"));
      assertEquals(ip("fd00::ffff:ffff:ffff:ffff"), ipOf(last));
    }
  }

  @Nested
  class Delete {
    @Test
    void inUseIsSubnetInUse() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24");
      Port p = f.port(net.id());
      f.refused(new DeleteSubnet(P1, s.id()), CONFLICT, "SubnetInUse");
      f.apply(new DeletePort(P1, p.id()));
      f.apply(new DeleteSubnet(P1, s.id()));
      assertNull(f.model().subnet(s.id()));
      assertTrue(f.model().subnetsOf(net.id()).isEmpty());
      // its CIDR is free again in the network
      f.subnet(net.id(), "10.0.0.0/24");
    }

    @Test
    void otherProjectsSubnetIsNotFound() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24");
      f.refused(new DeleteSubnet(EngineFixture.P2, s.id()), NOT_FOUND, "SubnetNotFound");
      f.refused(new DeleteSubnet(P1, "nope"), NOT_FOUND, "SubnetNotFound");
    }
  }

  @Nested
  class Update {
    @Test
    void poolsCanChangeAndAddressesInUseStayTaken() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24");
      Port p = f.port(net.id()); // 10.0.0.2
      Subnet u = f.apply(update(s.id(), null, List.of(pool("10.0.0.2", "10.0.0.3")), null));
      assertEquals(List.of(range("10.0.0.2", "10.0.0.3")), u.allocationPools());
      assertEquals(2, u.revision());
      assertTrue(f.ipInUse(s.id(), "10.0.0.2"));
      assertEquals(ip("10.0.0.3"), ipOf(f.port(net.id())));
      f.newPort(net.id()).refused(CONFLICT, "IpAddressGenerationFailure");
      assertEquals(ip("10.0.0.2"), ipOf(p));
    }

    @Test
    void poolUpdateIsValidated() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24");
      f.refused(update(s.id(), null, List.of(pool("10.0.0.1", "10.0.0.9")), null), CONFLICT, "GatewayConflictWithAllocationPools");
      f.refused(update(s.id(), null, List.of(pool("10.0.0.2", "10.0.1.9")), null), BAD_REQUEST, "OutOfBoundsAllocationPool");
      f.refused(update(s.id(), null, List.of(pool("10.0.0.2", "10.0.0.9"), pool("10.0.0.5", "10.0.0.6")), null),
          BAD_REQUEST, "OverlappingAllocationPools");
    }

    @Test
    void gatewayCanMoveOrBeRemoved() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24", null, List.of(pool("10.0.0.10", "10.0.0.20")));
      assertEquals(ip("10.0.0.254"), f.<Subnet>apply(update(s.id(), Optional.of("10.0.0.254"), null, null)).gatewayIp());
      assertNull(f.<Subnet>apply(update(s.id(), Optional.empty(), null, null)).gatewayIp());
      f.refused(update(s.id(), Optional.of("10.0.0.15"), null, null), CONFLICT, "GatewayConflictWithAllocationPools");
      f.refused(update(s.id(), Optional.of("10.0.1.1"), null, null), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void gatewayCannotMoveOntoAPortsAddress() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24", null, List.of(pool("10.0.0.10", "10.0.0.20")));
      Port p = f.port(net.id(), fixedIp(s.id(), "10.0.0.100"));
      f.refused(update(s.id(), Optional.of("10.0.0.100"), null, null), CONFLICT, "IpAddressInUse");
      assertEquals(ip("10.0.0.100"), ipOf(p));
    }

    @Test
    void dhcpDnsAndHostRoutes() {
      Subnet s = f.subnet(net.id(), "10.0.0.0/24");
      assertTrue(s.enableDhcp());
      assertFalse(f.<Subnet>apply(update(s.id(), null, null, false)).enableDhcp());
      Subnet u = f.apply(new UpdateSubnet(P1, s.id(), "renamed", null, null, null, null, List.of("8.8.8.8", "1.1.1.1"),
          List.of(new HostRouteSpec("192.168.0.0/16", "10.0.0.5"))));
      assertEquals("renamed", u.name());
      assertFalse(u.enableDhcp(), "unset fields stay");
      assertEquals(List.of("8.8.8.8", "1.1.1.1"), u.dnsNameservers());
      assertEquals(1, u.hostRoutes().size());
      f.refused(new UpdateSubnet(P1, s.id(), null, null, null, null, null, List.of("8.8.8.8", "8.8.8.8"), null), BAD_REQUEST, "InvalidInput");
      f.refused(new UpdateSubnet(P1, s.id(), null, null, null, null, null, List.of("dns.example"), null), BAD_REQUEST, "InvalidInput");
      f.refused(new UpdateSubnet(P1, s.id(), null, null, null, null, null, null,
          List.of(new HostRouteSpec("fd01::/64", "10.0.0.5"))), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void unknownIsNotFound() {
      f.refused(update("nope", null, null, true), NOT_FOUND, "SubnetNotFound");
    }
  }
}
