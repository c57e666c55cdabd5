package io.alcorvx.engine.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.*;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import io.alcorvx.engine.net.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published view answers exactly like the owner's model, and can be read while it changes. */
class PublishedViewTest {
  private static final Actor ADMIN = new Actor("p1", true);

  private static <T> T pick(Random rnd, java.util.Collection<T> items, Comparator<T> order) {
    if (items.isEmpty()) return null;
    List<T> l = new ArrayList<>(items);
    l.sort(order);
    return l.get(rnd.nextInt(l.size()));
  }

  private static Command randomCommand(Random rnd, Engine engine) {
    var m = engine.model();
    int dice = rnd.nextInt(100);
    if (m.networks().size() < 3) return new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null);
    Network n = pick(rnd, m.networks(), Comparator.comparing(Network::id));
    if (m.subnets().size() < 4 || dice < 5) {
      return new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10." + rnd.nextInt(8) + ".0.0/24", null, null, null, null, null);
    }
    if (dice < 45) {
      return new CreatePort(ADMIN, null, null, n.id(), "p", null, null, null, null, null, "h" + rnd.nextInt(5), null, null, null);
    }
    if (dice < 60) {
      Port p = pick(rnd, m.ports(), Comparator.comparing(Port::id));
      return p == null || p.isRouterInterface() ? null : new DeletePort(ADMIN, p.id());
    }
    if (dice < 65) return new CreateRouter(ADMIN, null, null, "r", null, null, null);
    if (dice < 75) {
      Router r = pick(rnd, m.routers(), Comparator.comparing(Router::id));
      Subnet s = pick(rnd, m.subnets(), Comparator.comparing(Subnet::id));
      return r == null ? null : new AddRouterInterface(ADMIN, r.id(), s.id(), null);
    }
    if (dice < 80) {
      Router r = pick(rnd, m.routers(), Comparator.comparing(Router::id));
      if (r == null || r.interfaces().isEmpty()) return null;
      return new RemoveRouterInterface(ADMIN, r.id(), r.interfaces().get(0).subnetId(), null);
    }
    if (dice < 90) {
      SecurityGroup g = pick(rnd, m.securityGroups(), Comparator.comparing(SecurityGroup::id));
      if (g == null) return null;
      int port = 1 + rnd.nextInt(100);
      return new CreateSecurityGroupRule(ADMIN, null, null, g.id(), "ingress", "IPv4", "tcp", port, port + 5, null, null, null);
    }
    Port p = pick(rnd, m.ports(), Comparator.comparing(Port::id));
    if (p == null || p.isRouterInterface()) return null;
    return new UpdatePort(ADMIN, p.id(), null, null, null, null, null, null, null, null, null, rnd.nextBoolean());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void answersExactlyLikeTheModel(long seed) {
    Random rnd = new Random(seed);
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    PublishedView published = PublishedView.of(engine.model());
    OnDemandResolver fromModel = new OnDemandResolver(engine.model());
    OnDemandResolver fromPublished = new OnDemandResolver(published);
    for (int step = 0; step < 600; step++) {
      Command c = randomCommand(rnd, engine);
      if (c == null) continue;
      try {
        Result r = engine.apply(c, step);
        published.apply(r.changes());
      } catch (EngineException refused) {
        // nothing changed, nothing to publish
      }
      if (step % 50 == 49) compare(engine, fromModel, fromPublished);
    }
    compare(engine, fromModel, fromPublished);
    assertEquals(engine.model().ports().size(), published.portCount());
  }

  private static void compare(Engine engine, OnDemandResolver a, OnDemandResolver b) {
    List<Port> ports = new ArrayList<>(engine.model().ports());
    ports.sort(Comparator.comparing(Port::id));
    int routable = 0;
    for (Port src : ports) {
      if (src.fixedIps().isEmpty()) continue;
      long vni = engine.model().network(src.networkId()).segmentationId();
      for (Port dst : ports) {
        if (dst == src || dst.fixedIps().isEmpty()) continue;
        for (int dport : new int[] {22, 50}) {
          Resolution x = a.resolve(null, vni, src.fixedIps().get(0).ipAddress(), dst.fixedIps().get(0).ipAddress(), OnDemandResolver.TCP, dport);
          Resolution y = b.resolve(null, vni, src.fixedIps().get(0).ipAddress(), dst.fixedIps().get(0).ipAddress(), OnDemandResolver.TCP, dport);
          assertEquals(x, y, "resolution of " + src.id() + " -> " + dst.id());
          if (x.routable()) {
            routable++;
            assertEquals(a.statesFor(x).stream().map(e -> e.configuration()).toList(),
                b.statesFor(y).stream().map(e -> e.configuration()).toList());
            // cached reply entries must equal what the model says now (never a stale body)
            for (io.alcorvx.engine.goalstate.Entry e : b.statesFor(y)) {
              assertEquals(io.alcorvx.engine.goalstate.Contents.of(io.alcorvx.engine.goalstate.View.current(engine.model()), e.key())
                  .configuration(), e.configuration(), "reply entry " + e.key());
            }
          }
        }
      }
    }
    assertTrue(ports.size() < 5 || routable > 0, "the scenario should have routable pairs");
    compareBatches(engine, ports, a);
    compareBatches(engine, ports, b);
  }

  /** Each source's questions as one batch (with misses mixed in) get the answers they get one by one. */
  private static void compareBatches(Engine engine, List<Port> ports, OnDemandResolver r) {
    IpAddress unknown = IpAddress.parse("10.200.0.1");
    for (Port src : ports) {
      if (src.fixedIps().isEmpty()) continue;
      long vni = engine.model().network(src.networkId()).segmentationId();
      IpAddress from = src.fixedIps().get(0).ipAddress();
      for (String asking : new String[] {src.hostKey(), "not-" + src.hostKey()}) {
        OnDemandBatch batch = new OnDemandBatch(4); // grows
        List<Resolution> alone = new ArrayList<>();
        for (Port dst : ports) {
          if (dst == src || dst.fixedIps().isEmpty()) continue;
          IpAddress to = dst.fixedIps().get(0).ipAddress();
          batch.add(vni, from, to, OnDemandResolver.TCP, 22);
          alone.add(r.resolve(asking, vni, from, to, OnDemandResolver.TCP, 22));
        }
        batch.add(vni, from, unknown, OnDemandResolver.UDP, 53);
        alone.add(r.resolve(asking, vni, from, unknown, OnDemandResolver.UDP, 53));
        batch.add(vni, unknown, from, OnDemandResolver.TCP, 22);
        alone.add(r.resolve(asking, vni, unknown, from, OnDemandResolver.TCP, 22));
        batch.add(vni + 99_999, from, from, OnDemandResolver.TCP, 22);
        alone.add(r.resolve(asking, vni + 99_999, from, from, OnDemandResolver.TCP, 22));
        r.resolve(asking, batch);
        assertEquals(alone.size(), batch.size());
        for (int i = 0; i < batch.size(); i++) {
          assertEquals(null, batch.error(i));
          assertEquals(alone.get(i), batch.resolution(i), "request " + i + " of " + src.id() + "'s batch asked by " + asking);
        }
      }
    }
  }

  @Test
  void readersOnOtherThreadsSeeConsistentRecordsWhileTheOwnerChangesIt() throws Exception {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null), 0).value();
    engine.apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/16", null, null, null, null, null), 0);
    Port anchor = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "h0", null, null, null), 0).value();
    PublishedView published = PublishedView.of(engine.model());
    OnDemandResolver resolver = new OnDemandResolver(published);
    AtomicBoolean stop = new AtomicBoolean();
    // the writes must overlap the reads: on a busy machine the writer could otherwise finish first
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(2);
    ExecutorService readers = Executors.newFixedThreadPool(2);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      results.add(readers.submit(() -> {
        int answered = 0;
        while (!stop.get()) {
          Resolution r = resolver.resolve(null, n.segmentationId(), anchor.fixedIps().get(0).ipAddress(),
              anchor.fixedIps().get(0).ipAddress().plus(1 + (answered % 500)), OnDemandResolver.TCP, 80);
          // either the destination does not exist (yet/any more) or it resolves to a port holding that address
          if (r.routable()) assertTrue(r.destination().ipOn(r.destinationSubnetId()) != null);
          if (answered++ == 0) reading.countDown();
        }
        return answered;
      }));
    }
    assertTrue(reading.await(10, TimeUnit.SECONDS), "both readers run");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Result r = (i % 3 == 2 && !created.isEmpty())
          ? engine.apply(new DeletePort(ADMIN, created.remove(0)), i)
          : engine.apply(new CreatePort(ADMIN, null, null, n.id(), "p", null, null, null, null, null, "h1", null, null, null), i);
      if (r.value() instanceof Port p) created.add(p.id());
      published.apply(r.changes());
    }
    stop.set(true);
    readers.shutdown();
    assertTrue(readers.awaitTermination(10, TimeUnit.SECONDS));
    for (Future<Integer> f : results) assertTrue(f.get() > 0);
    assertEquals(engine.model().ports().size(), published.portCount());
  }

  /**
   * A port whose status flips (as agents' ACKs do) and a network that is renamed stay visible to
   * readers throughout: an on-demand request about them is never answered "unknown" in between.
   */
  @Test
  void recordsThatChangeNeverDisappearForReaders() throws Exception {
    Engine engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    Network n = (Network) engine.apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, null), 0).value();
    engine.apply(new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10.0.0.0/16", null, null, null, null, null), 0);
    Port a = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "a", null, null, null, null, null, "h0", null, null, null), 0).value();
    Port b = (Port) engine.apply(new CreatePort(ADMIN, null, null, n.id(), "b", null, null, null, null, null, "h1", null, null, null), 0).value();
    PublishedView published = PublishedView.of(engine.model());
    OnDemandResolver resolver = new OnDemandResolver(published);
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<Resolution> wrong = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    Thread reader = new Thread(() -> {
      while (!stop.get() && wrong.get() == null) {
        Resolution r = resolver.resolve("h0", n.segmentationId(), a.fixedIps().get(0).ipAddress(), b.fixedIps().get(0).ipAddress(),
            OnDemandResolver.TCP, 80);
        if (!r.routable()) wrong.compareAndSet(null, r);
        reading.countDown();
      }
    });
    reader.start();
    assertTrue(reading.await(10, TimeUnit.SECONDS), "the reader runs");
    for (int i = 0; i < 20_000 && wrong.get() == null; i++) {
      Command c = switch (i % 3) {
        case 0 -> new SetPortStatus(ADMIN, java.util.Map.of(b.id(), i % 2 == 0 ? io.alcorvx.engine.model.PortStatus.ACTIVE
            : io.alcorvx.engine.model.PortStatus.DOWN));
        case 1 -> new SetPortStatus(ADMIN, java.util.Map.of(a.id(), i % 2 == 0 ? io.alcorvx.engine.model.PortStatus.ACTIVE
            : io.alcorvx.engine.model.PortStatus.DOWN));
        default -> new UpdateNetwork(ADMIN, n.id(), "n" + i, null, null, null, null, null, null);
      };
      published.apply(engine.apply(c, i).changes());
    }
    stop.set(true);
    reader.join();
    assertEquals(null, wrong.get(), "a live pair answered not routable while its records changed");
  }
}
