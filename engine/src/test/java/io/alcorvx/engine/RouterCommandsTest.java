package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.P2;
import static io.alcorvx.engine.EngineFixture.fixedIp;
import static io.alcorvx.engine.EngineFixture.ip;
import static io.alcorvx.engine.EngineFixture.ipOf;
import static io.alcorvx.engine.EngineFixture.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Command.AddRouterInterface;
import io.alcorvx.engine.command.Command.CreateRouter;
import io.alcorvx.engine.command.Command.DeleteNetwork;
import io.alcorvx.engine.command.Command.DeleteRouter;
import io.alcorvx.engine.command.Command.DeleteSubnet;
import io.alcorvx.engine.command.Command.RemoveRouterInterface;
import io.alcorvx.engine.command.Command.RouteSpec;
import io.alcorvx.engine.command.Command.UpdateRouter;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.Cidr;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouterCommandsTest {

  private final EngineFixture f = new EngineFixture();
  private final Network net = f.network();
  private final Subnet a = f.subnet(net.id(), "10.0.1.0/24");
  private final Subnet b = f.subnet(net.id(), "10.0.2.0/24");
  private final Router router = f.router();

  private Router current() { return f.model().router(router.id()); }

  private AddRouterInterface bySubnet(String subnetId) { return new AddRouterInterface(P1, router.id(), subnetId, null); }

  private AddRouterInterface byPort(String portId) { return new AddRouterInterface(P1, router.id(), null, portId); }

  private UpdateRouter routes(RouteSpec... routes) { return new UpdateRouter(P1, router.id(), null, null, null, List.of(routes)); }

  @Nested
  class AddBySubnet {
    @Test
    void createsARouterPortHoldingTheGateway() {
      RouterInterfaceInfo info = f.addInterface(router.id(), a.id());
      assertEquals(new RouterInterfaceInfo(router.id(), a.id(), info.portId(), "p1"), info);
      Port p = f.model().port(info.portId());
      assertEquals(ip("10.0.1.1"), p.ipOn(a.id()));
      assertEquals(Port.ROUTER_INTERFACE_OWNER, p.deviceOwner());
      assertEquals(router.id(), p.deviceId());
      assertTrue(p.isRouterInterface());
      assertTrue(p.securityGroupIds().isEmpty());
      assertEquals(PortStatus.ACTIVE, p.status());
      assertEquals(0xfa163eL, p.macAddress() >>> 24);
      assertEquals(List.of(new Router.Interface(a.id(), p.id())), current().interfaces());
      assertEquals(Set.of(router.id()), f.model().routersOfSubnet(a.id()));
      assertTrue(f.ipInUse(a.id(), "10.0.1.1"));
      assertNull(f.model().defaultSecurityGroupOf("p1"), "router ports do not create a default group");
    }

    @Test
    void twiceOnTheSameSubnetIsBadRequest() {
      f.addInterface(router.id(), a.id());
      f.refused(bySubnet(a.id()), BAD_REQUEST, "BadRequest");
    }

    @Test
    void subnetWithoutGatewayIsBadRequest() {
      Subnet noGw = f.subnet(net.id(), "10.0.3.0/24", Optional.empty(), null);
      f.refused(bySubnet(noGw.id()), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void overlappingCidrsOnOneRouterAreBadRequest() {
      f.addInterface(router.id(), a.id());
      Network other = f.network();
      Subnet same = f.subnet(other.id(), "10.0.1.0/24");
      Subnet wider = f.subnet(f.network().id(), "10.0.0.0/16");
      f.refused(bySubnet(same.id()), BAD_REQUEST, "BadRequest");
      f.refused(bySubnet(wider.id()), BAD_REQUEST, "BadRequest");
    }

    @Test
    void gatewayAlreadyHeldByAnotherRouterConflicts() {
      f.addInterface(router.id(), a.id());
      Router second = f.router();
      f.refused(new AddRouterInterface(P1, second.id(), a.id(), null), CONFLICT, "IpAddressInUse");
    }

    @Test
    void unknownOrForeignSubnetIsNotFound() {
      f.refused(bySubnet("nope"), NOT_FOUND, "SubnetNotFound");
      Subnet theirs = f.subnet(P2, f.network(P2).id(), "10.0.9.0/24");
      f.refused(bySubnet(theirs.id()), NOT_FOUND, "SubnetNotFound");
    }

    @Test
    void subnetOfASharedNetworkCanBeJoinedByAnotherProjectsRouter() {
      Network shared = f.sharedNetwork(P2);
      Subnet s = f.subnet(P2, shared.id(), "10.0.9.0/24");
      RouterInterfaceInfo info = f.addInterface(router.id(), s.id());
      assertEquals("p1", f.model().port(info.portId()).projectId());
    }

    @Test
    void exactlyOneOfSubnetAndPort() {
      f.refused(new AddRouterInterface(P1, router.id(), null, null), BAD_REQUEST, "InvalidInput");
      Port p = f.port(net.id());
      f.refused(new AddRouterInterface(P1, router.id(), a.id(), p.id()), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void unknownOrForeignRouterIsNotFound() {
      f.refused(new AddRouterInterface(P1, "nope", a.id(), null), NOT_FOUND, "RouterNotFound");
      f.refused(new AddRouterInterface(P2, router.id(), a.id(), null), NOT_FOUND, "RouterNotFound");
    }
  }

  @Nested
  class AddByPort {
    @Test
    void takesOverAFreePort() {
      Port p = f.newPort(net.id()).fixedIps(fixedIp(b.id(), "10.0.2.254")).host("h1").create();
      RouterInterfaceInfo info = f.addInterfaceByPort(router.id(), p.id());
      assertEquals(new RouterInterfaceInfo(router.id(), b.id(), p.id(), "p1"), info);
      Port now = f.model().port(p.id());
      assertEquals(Port.ROUTER_INTERFACE_OWNER, now.deviceOwner());
      assertEquals(router.id(), now.deviceId());
      assertEquals(ip("10.0.2.254"), ipOf(now));
      assertTrue(now.securityGroupIds().isEmpty());
      assertFalse(now.isBound());
      assertEquals(List.of(new Router.Interface(b.id(), p.id())), current().interfaces());
    }

    @Test
    void portInUseByADeviceConflicts() {
      Port vm = f.newPort(net.id()).device("vm-1", "compute:nova").create();
      f.refused(byPort(vm.id()), CONFLICT, "PortInUse");
    }

    @Test
    void portNeedsExactlyOneFixedIp() {
      Port two = f.port(net.id(), EngineFixture.onSubnet(a.id()), EngineFixture.onSubnet(b.id()));
      f.refused(byPort(two.id()), BAD_REQUEST, "InvalidInput");
      Port none = f.port(f.network().id());
      f.refused(byPort(none.id()), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void subnetAlreadyJoinedIsBadRequest() {
      f.addInterface(router.id(), a.id());
      Port p = f.port(net.id(), EngineFixture.onSubnet(a.id()));
      f.refused(byPort(p.id()), BAD_REQUEST, "BadRequest");
    }

    @Test
    void unknownPortIsNotFound() {
      f.refused(byPort("nope"), NOT_FOUND, "PortNotFound");
    }
  }

  @Nested
  class Routes {
    @Test
    void nexthopMustBeOnAJoinedSubnet() {
      f.addInterface(router.id(), a.id());
      f.refused(routes(route("192.168.0.0/16", "10.0.2.5")), BAD_REQUEST, "InvalidRoutes");
      f.refused(routes(route("192.168.0.0/16", "10.0.1.1")), BAD_REQUEST, "InvalidRoutes"); // the router itself
      Router r = f.apply(routes(route("192.168.0.0/16", "10.0.1.5")));
      assertEquals(List.of(new Router.Route(Cidr.parse("192.168.0.0/16"), ip("10.0.1.5"))), r.routes());
    }

    @Test
    void duplicateOrMalformedRoutesAreRefused() {
      f.addInterface(router.id(), a.id());
      f.refused(routes(route("192.168.0.0/16", "10.0.1.5"), route("192.168.0.0/16", "10.0.1.5")), BAD_REQUEST, "InvalidRoutes");
      f.refused(routes(route("192.168.0.1/16", "10.0.1.5")), BAD_REQUEST, "InvalidInput");
      f.refused(routes(route("192.168.0.0/16", "nexthop")), BAD_REQUEST, "InvalidInput");
      f.refused(routes(route(null, "10.0.1.5")), BAD_REQUEST, "InvalidInput");
    }

    @Test
    void aNewRouterHasNoInterfacesToRouteThrough() {
      f.refused(new CreateRouter(P1, null, null, "r", null, null, List.of(route("192.168.0.0/16", "10.0.1.5"))), BAD_REQUEST, "InvalidRoutes");
    }

    @Test
    void removingAnInterfaceARouteNeedsConflicts() {
      f.addInterface(router.id(), a.id());
      f.addInterface(router.id(), b.id());
      f.apply(routes(route("192.168.0.0/16", "10.0.1.5")));
      f.refused(new RemoveRouterInterface(P1, router.id(), a.id(), null), CONFLICT, "RouterInterfaceInUseByRoute");
      f.apply(new RemoveRouterInterface(P1, router.id(), b.id(), null)); // not needed by the route
      f.apply(routes());
      f.apply(new RemoveRouterInterface(P1, router.id(), a.id(), null));
      assertTrue(current().interfaces().isEmpty());
    }
  }

  @Nested
  class Remove {
    @Test
    void bySubnetDeletesItsPortAndFreesTheGateway() {
      RouterInterfaceInfo info = f.addInterface(router.id(), a.id());
      RouterInterfaceInfo removed = f.apply(new RemoveRouterInterface(P1, router.id(), a.id(), null));
      assertEquals(info, removed);
      assertNull(f.model().port(info.portId()));
      assertTrue(current().interfaces().isEmpty());
      assertTrue(f.model().routersOfSubnet(a.id()).isEmpty());
      assertFalse(f.ipInUse(a.id(), "10.0.1.1"));
      // the subnet can be joined again, and deleted once detached
      f.addInterface(router.id(), a.id());
      f.apply(new RemoveRouterInterface(P1, router.id(), null, current().interfaces().get(0).portId()));
      f.apply(new DeleteSubnet(P1, a.id()));
    }

    @Test
    void byPortDeletesThePortToo() {
      Port p = f.port(net.id(), fixedIp(b.id(), "10.0.2.254"));
      f.addInterfaceByPort(router.id(), p.id());
      f.apply(new RemoveRouterInterface(P1, router.id(), null, p.id()));
      assertNull(f.model().port(p.id()));
      assertFalse(f.ipInUse(b.id(), "10.0.2.254"));
    }

    @Test
    void unknownInterfaceIsNotFound() {
      f.addInterface(router.id(), a.id());
      f.refused(new RemoveRouterInterface(P1, router.id(), b.id(), null), NOT_FOUND, "RouterInterfaceNotFound");
      f.refused(new RemoveRouterInterface(P1, router.id(), null, "nope"), NOT_FOUND, "RouterInterfaceNotFound");
      f.refused(new RemoveRouterInterface(P1, router.id(), null, null), BAD_REQUEST, "InvalidInput");
    }
  }

  @Nested
  class Delete {
    @Test
    void withInterfacesIsRouterInUse() {
      f.addInterface(router.id(), a.id());
      f.refused(new DeleteRouter(P1, router.id()), CONFLICT, "RouterInUse");
      f.apply(new RemoveRouterInterface(P1, router.id(), a.id(), null));
      f.apply(new DeleteRouter(P1, router.id()));
      assertNull(f.model().router(router.id()));
    }

    @Test
    void attachedSubnetAndItsNetworkCannotBeDeleted() {
      f.addInterface(router.id(), a.id());
      f.refused(new DeleteSubnet(P1, a.id()), CONFLICT, "SubnetInUse");
      f.refused(new DeleteNetwork(P1, net.id()), CONFLICT, "NetworkInUse");
    }

    @Test
    void unknownOrForeignIsNotFound() {
      f.refused(new DeleteRouter(P1, "nope"), NOT_FOUND, "RouterNotFound");
      f.refused(new DeleteRouter(P2, router.id()), NOT_FOUND, "RouterNotFound");
    }
  }

  @Test
  void updateKeepsUnsetFields() {
    f.addInterface(router.id(), a.id());
    Router r = f.apply(new UpdateRouter(P1, router.id(), "edge", null, false, null));
    assertEquals("edge", r.name());
    assertFalse(r.adminStateUp());
    assertEquals(1, r.interfaces().size());
    assertEquals(3, r.revision());
  }

  @Test
  void explicitIdTakenIsRouterExists() {
    f.apply(new CreateRouter(P1, "r1", null, null, null, null, null));
    f.refused(new CreateRouter(P1, "r1", null, null, null, null, null), CONFLICT, "RouterExists");
  }
}
