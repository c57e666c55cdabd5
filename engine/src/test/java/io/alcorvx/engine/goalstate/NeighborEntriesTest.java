package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.RegisterHost;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighborEntriesTest {
  private static final Actor ADMIN = new Actor("p1", true);

  @Test
  void staysWithinItsBoundAndStillAnswersExactlyAfterStartingOver() {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.PUSH), 1).value();
    String subnet = ((io.alcorvx.engine.model.Subnet) engine.apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null,
        "10.0.0.0/24", null, null, null, null, null), 1).value()).id();
    List<Port> ports = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ports.add((Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "p" + i, null, null, null, null, null, "h" + i,
          null, null, null), 1).value());
    }
    View view = View.current(engine.model());
    NeighborEntries cache = new NeighborEntries(4);
    EntryKey first = cache.key(ports.get(0).id(), subnet, true);
    assertSame(first, cache.key(ports.get(0).id(), subnet, true), "one key object while cached");
    for (Port p : ports) {
      EntryKey k = cache.key(p.id(), subnet, true);
      Entry e = cache.entry(view, k);
      assertEquals(Contents.of(view, k).configuration(), e.configuration(), "the body the model gives");
      assertTrue(cache.size() <= 4, "bounded: " + cache.size());
    }
    EntryKey again = cache.key(ports.get(0).id(), subnet, true);
    assertEquals(first, again, "keys compare by value after the cache started over");
    assertEquals(Contents.of(view, again).configuration(), cache.entry(view, again).configuration());
  }

  private static String subnetOf(Engine engine, String networkId) {
    return ((io.alcorvx.engine.model.Subnet) engine.apply(new CreateSubnet(ADMIN, null, null, networkId, "s", null, null,
        "10.0.0.0/24", null, null, null, null, null), 1).value()).id();
  }

  private static Port boundPort(Engine engine, String networkId, String host) {
    return (Port) engine.apply(new CreatePort(ADMIN, null, null, networkId, "p", null, null, null, null, null, host,
        null, null, null), 1).value();
  }

  @Test
  void anL3KeyIsSharedOnlyOnceSomethingKeepsIt() {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.PUSH), 1).value();
    String subnet = subnetOf(engine, n.id());
    Port p = boundPort(engine, n.id(), "h1");
    NeighborEntries cache = new NeighborEntries();
    EntryKey passing = cache.key(p.id(), subnet, false, false);
    EntryKey again = cache.key(p.id(), subnet, false, false);
    assertEquals(passing, again);
    assertNotSame(passing, again, "not kept: no router needs it");
    assertNotEquals(passing, cache.key(p.id(), subnet, true, false), "L3 and L2 keys differ");
    assertSame(cache.key(p.id(), subnet, true, false), cache.key(p.id(), subnet, true, false), "an L2 key is always kept");

    Entry built = cache.entry(View.current(engine.model()), passing);
    assertSame(passing, built.key(), "a built L3 entry keeps the key it was asked with");
    assertSame(passing, cache.key(p.id(), subnet, false, false), "and that key is shared from then on");

    Port q = boundPort(engine, n.id(), "h2");
    EntryKey kept = cache.key(q.id(), subnet, false, true);
    assertSame(kept, cache.key(q.id(), subnet, false, false), "kept when asked to");
  }

  @Test
  void aCachedBodyFollowsItsHostsRecord() {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    engine.apply(new RegisterHost(io.alcorvx.engine.command.Actor.SYSTEM, "h1", "node-1", "192.168.0.1", null), 1);
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.PUSH), 1).value();
    String subnet = subnetOf(engine, n.id());
    Port a = boundPort(engine, n.id(), "h1");
    Port b = boundPort(engine, n.id(), "h1");
    NeighborEntries cache = new NeighborEntries();
    View view = View.current(engine.model());
    NeighborConfiguration ea = (NeighborConfiguration) cache.entry(view, cache.key(a.id(), subnet, true)).configuration();
    Entry eb = cache.entry(view, cache.key(b.id(), subnet, true));
    assertEquals("192.168.0.1", ea.getHostIpAddress());
    assertSame(eb, cache.entry(view, cache.key(b.id(), subnet, true)), "built once while the records stay");
    assertEquals(Contents.of(view, cache.key(a.id(), subnet, true)).configuration(), ea, "the body the model gives");

    engine.apply(new RegisterHost(io.alcorvx.engine.command.Actor.SYSTEM, "h1", "node-1", "192.168.0.9", null), 2);
    View moved = View.current(engine.model());
    NeighborConfiguration after = (NeighborConfiguration) cache.entry(moved, cache.key(a.id(), subnet, true)).configuration();
    assertEquals("192.168.0.9", after.getHostIpAddress(), "a host that moved gets its new address in every body");
  }
}
