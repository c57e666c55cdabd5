package io.alcorvx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Resource;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading stored records: a port's references become the loaded records' own strings. */
class EngineLoadTest {

  /** A fresh copy of every string, as decoding a database row gives. */
  private static String copy(String s) { return s == null ? null : new String(s.toCharArray()); }

  private static Port asDecoded(Port p) {
    List<Port.FixedIp> ips = new ArrayList<>();
    for (Port.FixedIp f : p.fixedIps()) ips.add(new Port.FixedIp(copy(f.subnetId()), f.ipAddress()));
    List<String> groups = p.securityGroupIds().stream().map(EngineLoadTest::copy).toList();
    return new Port(copy(p.id()), copy(p.projectId()), copy(p.networkId()), copy(p.name()), copy(p.description()), p.macAddress(),
        ips, copy(p.deviceId()), copy(p.deviceOwner()), copy(p.bindingHostId()), copy(p.hostKey()), groups,
        p.allowedAddressPairs(), p.adminStateUp(), p.status(), p.stamp());
  }

  @Test
  void aLoadedPortSharesItsReferencesWithTheLoadedRecordsAndIsOtherwiseUnchanged() {
    EngineFixture f = new EngineFixture();
    f.apply(new RegisterHost(Actor.SYSTEM, "h1", "node-1", "192.168.1.10", null));
    Network net = f.network();
    Subnet subnet = f.subnet(net.id(), "10.0.0.0/24");
    Port stored = f.newPort(net.id()).host("h1").create();
    Port unbound = f.newPort(net.id()).create();

    Engine restarted = new Engine(EngineConfig.defaults(), IdSource.sequential("other"));
    for (Resource r : List.of(f.model().host("h1"), net, f.model().securityGroup(stored.securityGroupIds().get(0)), subnet)) {
      restarted.load(r);
    }
    Port decoded = asDecoded(stored);
    restarted.load(decoded);
    restarted.load(asDecoded(unbound));

    Port loaded = restarted.model().port(stored.id());
    assertEquals(stored, loaded, "the same port, field for field");
    assertNotSame(decoded, loaded);
    assertSame(net.id(), loaded.networkId());
    assertSame(net.projectId(), loaded.projectId());
    assertSame(subnet.id(), loaded.fixedIps().get(0).subnetId());
    assertSame(restarted.model().securityGroup(stored.securityGroupIds().get(0)).id(), loaded.securityGroupIds().get(0));
    assertSame(restarted.model().host("h1").id(), loaded.hostKey());
    assertEquals(unbound, restarted.model().port(unbound.id()));
    assertEquals("", restarted.model().port(unbound.id()).hostKey());
    // the indexes hold the loaded record
    assertSame(loaded, restarted.model().portByVniIp(net.segmentationId(), loaded.fixedIps().get(0).ipAddress()));
  }
}
