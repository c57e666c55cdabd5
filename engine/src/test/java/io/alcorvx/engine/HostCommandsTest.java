package io.alcorvx.engine;

import static io.alcorvx.engine.EngineException.Kind.BAD_REQUEST;
import static io.alcorvx.engine.EngineException.Kind.CONFLICT;
import static io.alcorvx.engine.EngineException.Kind.NOT_FOUND;
import static io.alcorvx.engine.EngineFixture.P1;
import static io.alcorvx.engine.EngineFixture.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command.DeleteHost;
import io.alcorvx.engine.command.Command.DeletePort;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.engine.model.Host;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.net.MacAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostCommandsTest {

  private final EngineFixture f = new EngineFixture();
  private final Network net = f.network();

  {
    f.subnet(net.id(), "10.0.0.0/24");
  }

  private static RegisterHost register(String id, String name, String ip, String mac) {
    return new RegisterHost(Actor.SYSTEM, id, name, ip, mac);
  }

  @Test
  void registerCreatesTheHost() {
    Host h = f.apply(register("h1", "node-1", "192.168.1.10", "52:54:00:00:00:01"));
    assertEquals("node-1", h.name());
    assertEquals(ip("192.168.1.10"), h.ipAddress());
    assertEquals(MacAddress.parse("52:54:00:00:00:01"), h.macAddress());
    assertEquals(1, h.revision());
    assertEquals("h1", f.model().hostIdByName("node-1"));
    assertEquals(0, f.<Host>apply(register("h2", null, "192.168.1.11", null)).macAddress());
  }

  @Test
  void refreshBumpsTheRevisionOnlyWhenSomethingChanged() {
    Host h = f.apply(register("h1", "node-1", "192.168.1.10", "52:54:00:00:00:01"));
    Result same = f.result(register("h1", "node-1", "192.168.1.10", "52:54:00:00:00:01"));
    assertTrue(same.changes().isEmpty());
    assertSame(h, same.value());
    Host moved = f.apply(register("h1", "node-1", "192.168.1.99", "52:54:00:00:00:01"));
    assertEquals(2, moved.revision());
    assertEquals(ip("192.168.1.99"), moved.ipAddress());
    Host renamed = f.apply(register("h1", "node-one", "192.168.1.99", "52:54:00:00:00:01"));
    assertEquals(3, renamed.revision());
    assertEquals("h1", f.model().hostIdByName("node-one"));
    assertNull(f.model().hostIdByName("node-1"));
  }

  @Test
  void portsBoundByNameBeforeRegistrationMoveToTheHostId() {
    Port a = f.newPort(net.id()).host("node-1").create();
    Port b = f.newPort(net.id()).host("node-1").create();
    Port other = f.newPort(net.id()).host("node-2").create();
    assertEquals("node-1", a.hostKey());
    Result r = f.result(register("h1", "node-1", "192.168.1.10", null));
    assertEquals(3, r.changes().size(), "host created, two ports moved");
    assertEquals("h1", f.model().port(a.id()).hostKey());
    assertEquals("node-1", f.model().port(a.id()).bindingHostId(), "what the client set is kept");
    assertEquals("h1", f.model().port(b.id()).hostKey());
    assertEquals(a.revision() + 1, f.model().port(a.id()).revision());
    assertEquals("node-2", f.model().port(other.id()).hostKey());
    assertEquals(Set.of(a.id(), b.id()), f.model().portsOfHost("h1"));
    assertTrue(f.model().portsOfHost("node-1").isEmpty());
    assertEquals(Set.of("h1", "node-2"), f.model().hostsOfNetwork(net.id()));
    // new bindings by name resolve to the id right away
    assertEquals("h1", f.newPort(net.id()).host("node-1").create().hostKey());
    assertEquals("h1", f.newPort(net.id()).host("h1").create().hostKey());
  }

  @Test
  void portsBoundByIdBeforeRegistrationKeepTheirKey() {
    Port a = f.newPort(net.id()).host("h1").create();
    Result r = f.result(register("h1", "node-1", "192.168.1.10", null));
    assertEquals(1, r.changes().size());
    assertEquals(Set.of(a.id()), f.model().portsOfHost("h1"));
  }

  @Test
  void deleteWithBoundPortsIsHostInUse() {
    f.apply(register("h1", "node-1", "192.168.1.10", null));
    Port p = f.newPort(net.id()).host("node-1").create();
    f.refused(new DeleteHost(Actor.SYSTEM, "h1"), CONFLICT, "HostInUse");
    f.apply(new DeletePort(P1, p.id()));
    f.apply(new DeleteHost(Actor.SYSTEM, "h1"));
    assertNull(f.model().host("h1"));
    assertNull(f.model().hostIdByName("node-1"));
    f.refused(new DeleteHost(Actor.SYSTEM, "h1"), NOT_FOUND, "HostNotFound");
  }

  @Test
  void badInputIsBadRequest() {
    f.refused(register("h1", "node-1", "192.168.1.300", null), BAD_REQUEST, "InvalidInput");
    f.refused(register("h1", "node-1", null, null), BAD_REQUEST, "InvalidInput");
    f.refused(register("h1", "node-1", "192.168.1.10", "52:54"), BAD_REQUEST, "InvalidInput");
    f.refused(register(null, "node-1", "192.168.1.10", null), BAD_REQUEST, "InvalidInput");
    f.refused(register(" ", "node-1", "192.168.1.10", null), BAD_REQUEST, "InvalidInput");
    // a refused refresh leaves the registered host alone
    f.apply(register("h1", "node-1", "192.168.1.10", null));
    f.refused(register("h1", "node-1", "bad", null), BAD_REQUEST, "InvalidInput");
  }

  @Test
  void ipv6HostAddress() {
    assertEquals(ip("fd00::10"), f.<Host>apply(register("h1", "node-1", "fd00::10", null)).ipAddress());
  }

  @Test
  void portsBoundToARegisteredHostShareItsIdString() {
    Host h = f.apply(register("h1", "node-1", "192.168.1.10", "52:54:00:00:00:01"));
    // each binding arrives as its own string, as parsed from a request
    Port byId = f.newPort(net.id()).host(new String("h1".toCharArray())).create();
    Port byName = f.newPort(net.id()).host(new String("node-1".toCharArray())).create();
    assertSame(h.id(), byId.hostKey());
    assertSame(h.id(), byName.hostKey());
    String unknown = new String("h9".toCharArray());
    assertSame(unknown, f.newPort(net.id()).host(unknown).create().hostKey(), "no such host: the binding itself");
  }

  @Test
  void aBindingThatNamesARegisteredHostKeepsTheHostsString() {
    Host h = f.apply(register("h1", "node-1", "192.168.1.10", "52:54:00:00:00:01"));
    // as parsed from a request: equal text, a new instance each time
    Port byId = f.newPort(net.id()).host(new String("h1".toCharArray())).create();
    Port byName = f.newPort(net.id()).host(new String("node-1".toCharArray())).create();
    assertSame(h.id(), byId.bindingHostId(), "one string for every port bound by id");
    assertSame(h.name(), byName.bindingHostId(), "one string for every port bound by name");
    Port unbound = f.port(net.id());
    Port rebound = f.apply(f.updatePort(unbound.id()).host(new String("node-1".toCharArray())).command());
    assertSame(h.name(), rebound.bindingHostId(), "also when an update binds it");
    String unknown = new String("node-9".toCharArray());
    assertSame(unknown, f.newPort(net.id()).host(unknown).create().bindingHostId(), "no such host: the binding itself");
  }
}
