package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateSubnet;
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
}
