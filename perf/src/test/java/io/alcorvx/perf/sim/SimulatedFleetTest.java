package io.alcorvx.perf.sim;

import static io.alcorvx.perf.sim.FakeGateway.V2;
import static io.alcorvx.perf.sim.FakeGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedFleetTest {

  @Test
  void fiveHundredHostsOverFourConnectionsConnectAndConverge() throws Exception {
    Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    FakeGateway gateway = FakeGateway.start(serverVertx, 1000);
    SimulatedFleet fleet = SimulatedFleet.create(new SimulatedFleet.Options()
        .gateway("127.0.0.1", gateway.port())
        .hosts(500)
        .connections(4)
        .eventLoops(2)
        .hostPrefix("f-")
        .token("tok")
        .reconnect(new ReconnectPolicy(10, 100)));
    try {
      await(fleet.start());
      List<Future<Void>> converged = new ArrayList<>();
      for (SimulatedHost h : fleet.hosts()) converged.add(h.awaitVersion(V2));
      await(Future.all(converged));

      assertEquals(4, gateway.connections.size(), "500 streams multiplexed over 4 HTTP/2 connections");
      assertEquals(500, gateway.models.size());
      Set<String> ids = new HashSet<>();
      Set<String> ips = new HashSet<>();
      Set<Object> loops = new HashSet<>();
      for (SimulatedHost h : fleet.hosts()) {
        FakeGateway.HostModel m = gateway.model(h.config().hostId());
        assertEquals(m.digest(), h.digest(), h.config().hostId());
        assertEquals(m.count(), h.entryCount());
        ids.add(h.config().hostId());
        ips.add(h.config().hostIp());
        loops.add(h.context());
      }
      assertEquals(500, ids.size());
      assertEquals(500, ips.size());
      assertTrue(ids.contains("f-0") && ids.contains("f-499"));
      assertEquals(4, loops.size(), "one context per connection");
      assertTrue(gateway.authorizations.stream().allMatch("Bearer tok"::equals));

      long deadline = System.nanoTime() + 10_000_000_000L;
      FleetStats s = fleet.stats();
      while (s.counters().acks() < 1000 && System.nanoTime() < deadline) {
        Thread.sleep(10);
        s = fleet.stats();
      }
      assertEquals(500, s.hosts());
      assertEquals(500, s.connected());
      assertEquals(500, s.synced());
      assertEquals(V2, s.minVersion());
      assertEquals(V2, s.maxVersion());
      assertEquals(500, s.atMaxVersion());
      assertEquals(500L * 7, s.entries());
      assertEquals(500, s.counters().sessions());
      assertEquals(500, s.counters().fulls());
      assertEquals(1000, s.counters().deltas());
      assertEquals(1000, s.counters().acks());
      assertEquals(0, s.counters().nacks());
      assertEquals(0, s.counters().reconnects());
      assertEquals(1000, fleet.latency().total().getTotalCount());
      assertEquals(1000, fleet.serverMaxConcurrentStreams(), "what the gateway advertised");
    } finally {
      fleet.close();
      gateway.close();
      await(serverVertx.close());
    }
  }
}
