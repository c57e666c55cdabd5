package io.alcorvx.engine.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.*;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.SubnetConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On-demand replies share their entries until a record they depend on changes. */
class ReplyEntriesTest {
  private static final Actor ADMIN = new Actor("p1", true);

  private final Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
  private final PublishedView published = PublishedView.of(engine.model());
  private final OnDemandResolver resolver = new OnDemandResolver(published);
  private long now;

  private Object apply(Command c) {
    var r = engine.apply(c, ++now);
    published.apply(r.changes());
    return r.value();
  }

  private List<Entry> states(Network n, Port src, Port dst) {
    Resolution r = resolver.resolve(null, n.segmentationId(), src.fixedIps().get(0).ipAddress(), dst.fixedIps().get(0).ipAddress(),
        OnDemandResolver.TCP, 80);
    assertTrue(r.routable(), r.toString());
    return resolver.statesFor(r);
  }

  private static Entry ofType(List<Entry> entries, ResourceType type) {
    return entries.stream().filter(e -> e.key().type() == type).findFirst().orElseThrow();
  }

  @Test
  void entriesAreSharedUntilThePortTheHostOrTheSubnetChanges() {
    apply(new RegisterHost(Actor.SYSTEM, "h2", "h2", "192.168.0.2", "02:00:00:00:00:02"));
    Network n = (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null));
    Subnet s = (Subnet) apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/24", null, null, null, null, null));
    Port a = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "h1", null, null, null));
    Port b = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, null, null, null, "h2", null, null, null));

    List<Entry> first = states(n, a, b);
    List<Entry> again = states(n, a, b);
    assertSame(ofType(first, ResourceType.NEIGHBOR), ofType(again, ResourceType.NEIGHBOR), "one neighbor entry for every request");
    assertSame(ofType(first, ResourceType.SUBNET), ofType(again, ResourceType.SUBNET), "one subnet entry for every request");

    Port renamed = (Port) apply(new UpdatePort(ADMIN, b.id(), "b2", null, null, null, null, null, null, null, null, null));
    Entry afterRename = ofType(states(n, a, renamed), ResourceType.NEIGHBOR);
    assertNotSame(ofType(first, ResourceType.NEIGHBOR), afterRename);
    assertEquals("b2", ((NeighborConfiguration) afterRename.configuration()).getName());

    apply(new RegisterHost(Actor.SYSTEM, "h2", "h2", "192.168.0.99", "02:00:00:00:00:02"));
    Entry afterMove = ofType(states(n, a, renamed), ResourceType.NEIGHBOR);
    assertEquals("192.168.0.99", ((NeighborConfiguration) afterMove.configuration()).getHostIpAddress(), "the host's new address");

    apply(new UpdateSubnet(ADMIN, s.id(), "s-renamed", null, null, null, null, null, null));
    Entry subnetAfter = ofType(states(n, a, renamed), ResourceType.SUBNET);
    assertEquals("s-renamed", ((SubnetConfiguration) subnetAfter.configuration()).getName());
  }

  @Test
  void anotherHostsChangeRechecksTheEntryButKeepsIt() {
    apply(new RegisterHost(Actor.SYSTEM, "h2", "h2", "192.168.0.2", "02:00:00:00:00:02"));
    Network n = (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null));
    apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/24", null, null, null, null, null));
    Port a = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "h1", null, null, null));
    Port b = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, null, null, null, "h2", null, null, null));
    Entry first = ofType(states(n, a, b), ResourceType.NEIGHBOR);

    long before = published.hostsVersion();
    apply(new RegisterHost(Actor.SYSTEM, "h9", "h9", "192.168.0.9", "02:00:00:00:00:09"));
    assertTrue(published.hostsVersion() > before, "a host record changed");
    assertSame(first, ofType(states(n, a, b), ResourceType.NEIGHBOR), "b's host is the same record: same entry");
    assertSame(first, ofType(states(n, a, b), ResourceType.NEIGHBOR));

    apply(new RegisterHost(Actor.SYSTEM, "h2", "h2", "192.168.0.22", "02:00:00:00:00:02"));
    Entry moved = ofType(states(n, a, b), ResourceType.NEIGHBOR);
    assertEquals("192.168.0.22", ((NeighborConfiguration) moved.configuration()).getHostIpAddress());
    assertSame(moved, ofType(states(n, a, b), ResourceType.NEIGHBOR));
    assertEquals(-1, engine.model().hostsVersion(), "the model keeps no version: it looks hosts up every time");
  }

  @Test
  void thePublishedViewKeepsTheNeighborEntryOnItsEndpointAndTheModelInTheResolversMap() {
    Network n = (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null));
    apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/24", null, null, null, null, null));
    Port a = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "h1", null, null, null));
    Port b = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, null, null, null, "h2", null, null, null));
    var bIp = b.fixedIps().get(0).ipAddress();
    Endpoint bEnd = published.endpoint(n.segmentationId(), bIp);
    assertEquals(null, bEnd.replyCache());
    Entry neighbor = ofType(states(n, a, b), ResourceType.NEIGHBOR);
    assertTrue(bEnd.replyCache() != null, "kept on b's endpoint");
    assertSame(neighbor, ofType(states(n, a, b), ResourceType.NEIGHBOR));

    OnDemandResolver onModel = new OnDemandResolver(engine.model()); // keeps nothing in the view: its own map
    Resolution r = onModel.resolve(null, n.segmentationId(), a.fixedIps().get(0).ipAddress(), bIp, OnDemandResolver.TCP, 80);
    Entry first = ofType(onModel.statesFor(r), ResourceType.NEIGHBOR);
    assertSame(first, ofType(onModel.statesFor(r), ResourceType.NEIGHBOR));
    assertEquals(neighbor.configuration(), first.configuration());
  }

  @Test
  void localAndRoutedRequestsToOnePortKeepBothItsEntries() {
    Network n = (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null));
    Subnet s1 = (Subnet) apply(new CreateSubnet(ADMIN, null, null, n.id(), "s1", null, null, "10.0.0.0/24", null, null, null, null, null));
    Subnet s2 = (Subnet) apply(new CreateSubnet(ADMIN, null, null, n.id(), "s2", null, null, "10.0.1.0/24", null, null, null, null, null));
    var router = (io.alcorvx.engine.model.Router) apply(new CreateRouter(ADMIN, null, null, "r", null, null, null));
    apply(new AddRouterInterface(ADMIN, router.id(), s1.id(), null));
    apply(new AddRouterInterface(ADMIN, router.id(), s2.id(), null));
    Port local = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "local", null, null, List.of(new FixedIpSpec(s1.id(), null)),
        null, null, "h1", null, null, null));
    Port remote = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "remote", null, null, List.of(new FixedIpSpec(s2.id(), null)),
        null, null, "h2", null, null, null));
    Port dest = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "dest", null, null, List.of(new FixedIpSpec(s1.id(), null)),
        null, null, "h3", null, null, null));

    Entry l2 = ofType(states(n, local, dest), ResourceType.NEIGHBOR);
    Entry l3 = ofType(states(n, remote, dest), ResourceType.NEIGHBOR);
    assertEquals(io.alcorvx.proto.NeighborType.L2, ((NeighborConfiguration) l2.configuration()).getFixedIps(0).getNeighborType());
    assertEquals(io.alcorvx.proto.NeighborType.L3, ((NeighborConfiguration) l3.configuration()).getFixedIps(0).getNeighborType());
    for (int i = 0; i < 3; i++) { // alternating: neither rebuilds the other
      assertSame(l2, ofType(states(n, local, dest), ResourceType.NEIGHBOR));
      assertSame(l3, ofType(states(n, remote, dest), ResourceType.NEIGHBOR));
    }
  }

  @Test
  void endpointsShareOneStringPerHostKeyAndOneListPerGroupSet() {
    Network n = (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null));
    Subnet s = (Subnet) apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/24", null, null, null, null, null));
    // each port's request carries its own copies of the subnet id (the engine keeps the subnet's) and
    // of an unregistered host's name (kept as given: the published view shares one)
    Port a = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null,
        List.of(new FixedIpSpec(new String(s.id().toCharArray()), null)), null, null, new String("rack-9".toCharArray()), null, null, null));
    Port b = (Port) apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null,
        List.of(new FixedIpSpec(new String(s.id().toCharArray()), null)), null, null, new String("rack-9".toCharArray()), null, null, null));
    Endpoint ea = published.endpoint(n.segmentationId(), a.fixedIps().get(0).ipAddress());
    Endpoint eb = published.endpoint(n.segmentationId(), b.fixedIps().get(0).ipAddress());
    assertSame(published.subnet(s.id()).id(), ea.subnetId());
    assertSame(ea.subnetId(), eb.subnetId());
    assertEquals("rack-9", ea.hostKey());
    assertSame(ea.hostKey(), eb.hostKey());
    assertSame(ea.securityGroupIds(), eb.securityGroupIds());
  }
}
