package io.alcorvx.perf.sim;

import static io.alcorvx.perf.sim.FakeGateway.EPOCH;
import static io.alcorvx.perf.sim.FakeGateway.V1;
import static io.alcorvx.perf.sim.FakeGateway.V2;
import static io.alcorvx.perf.sim.FakeGateway.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.GoalStateNack;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.ResourceType;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedHostTest {

  private Vertx vertx;
  private FakeGateway gateway;
  private GrpcClient client;
  private SimulatedHost host;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    gateway = FakeGateway.start(vertx, 1000);
    client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (host != null) await(host.stop());
    await(client.close());
    gateway.close();
    await(vertx.close());
  }

  private SimulatedHost host(String id, String token, AckPolicy ack) {
    HostConfig cfg = new HostConfig(id, id + ".example", "10.1.2.3", "02:00:00:00:00:01", token, ack,
        new ReconnectPolicy(10, 50));
    host = new SimulatedHost(vertx.getOrCreateContext(), client, SocketAddress.inetSocketAddress(gateway.port(), "127.0.0.1"),
        cfg, new LatencyRecorder());
    return host;
  }

  private static void eventually(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(5);
    }
  }

  /** The host's state must equal the gateway's model byte for byte, with the same GoalStateDigest. */
  private static void assertSameState(FakeGateway.HostModel model, HostState s) {
    Map<ResourceType, Map<String, byte[]>> expected = model.snapshot();
    assertEquals(expected.keySet(), s.entries().keySet());
    expected.forEach((type, entries) -> {
      assertEquals(entries.keySet(), s.entries().get(type).keySet(), type.toString());
      entries.forEach((k, v) -> assertArrayEquals(v, s.get(type, k), type + " " + k));
    });
    long digest = GoalStateDigest.EMPTY;
    for (Map.Entry<ResourceType, Map<String, byte[]>> t : s.entries().entrySet()) {
      for (Map.Entry<String, byte[]> e : t.getValue().entrySet()) {
        digest = GoalStateDigest.add(digest, GoalStateDigest.entryHash(t.getKey(), e.getKey(), e.getValue()));
      }
    }
    assertEquals(model.digest(), digest, "digest over the host's entries");
    assertEquals(model.digest(), s.digest(), "the host's incremental digest");
    assertEquals(model.count(), s.entryCount());
  }

  @Test
  void appliesFullThenDeltaAcksTheirVersionsAndSendsTheToken() throws Exception {
    SimulatedHost h = host("h1", "s3cret", AckPolicy.IMMEDIATE);
    await(h.start());
    await(h.awaitVersion(V2));
    FakeGateway.HostModel m = gateway.model("h1");
    eventually("ACK of 12", () -> m.acks().size() == 2);

    assertEquals(List.of(V1, V2), m.acks(), "ACKs name the to_version of each delta");
    assertEquals(List.of("FULL 10", "DELTA 10->12"), m.sent());
    AgentHello hello = m.hellos().get(0);
    assertEquals("h1", hello.getHostId());
    assertEquals("h1.example", hello.getHostName());
    assertEquals("10.1.2.3", hello.getHostIp());
    assertEquals("02:00:00:00:00:01", hello.getHostMac());
    assertEquals(0, hello.getEngineEpoch());
    assertEquals(0, hello.getGoalStateVersion());
    assertEquals(0, hello.getStateDigest());
    assertEquals(0, hello.getEntryCount());
    assertEquals(HostConfig.AGENT_VERSION, hello.getAgentVersion());
    assertEquals(List.of("Bearer s3cret"), gateway.authorizations);

    HostState s = await(h.state());
    assertEquals(EPOCH, s.epoch());
    assertEquals(V2, s.version());
    assertSameState(m, s);
    assertEquals(7, s.entryCount());
    assertNull(s.get(ResourceType.PORT, FakeGateway.portB("h1")), "DELETE removed port b");
    assertEquals(2, PortConfiguration.parseFrom(s.get(ResourceType.PORT, FakeGateway.portA("h1"))).getRevisionNumber(),
        "UPDATE replaced port a");
    assertNotNull(s.get(ResourceType.NEIGHBOR, "L3/10.0.1.9"), "map keys are stored as sent, prefix included");

    HostCounters c = h.counters();
    assertEquals(1, c.sessions());
    assertEquals(2, c.deltas());
    assertEquals(1, c.fulls());
    assertEquals(2, c.acks());
    assertEquals(0, c.nacks());
    assertEquals(0, c.digestMismatches());
    assertEquals(2, h.latency().total().getTotalCount(), "committed_at_unix_micros read for both deltas");
    await(h.awaitKey(ResourceType.ROUTER, "router-1"));
  }

  @Test
  void reconnectsAfterTheStreamEndsWithItsEpochVersionAndDigestAndGetsInSync() throws Exception {
    SimulatedHost h = host("h2", null, AckPolicy.IMMEDIATE);
    await(h.start());
    await(h.awaitVersion(V2));
    FakeGateway.HostModel m = gateway.model("h2");
    eventually("ACK of 12", () -> m.acks().size() == 2);
    HostState before = await(h.state());

    gateway.endAllStreams();
    eventually("second hello", () -> m.hellos().size() == 2);
    await(h.await(x -> x.counters().inSync() == 1));

    AgentHello again = m.hellos().get(1);
    assertEquals(EPOCH, again.getEngineEpoch());
    assertEquals(V2, again.getGoalStateVersion());
    assertEquals(m.digest(), again.getStateDigest());
    assertEquals(m.count(), again.getEntryCount());
    assertEquals(List.of("FULL 10", "DELTA 10->12", "IN_SYNC 12"), m.sent());
    assertEquals(List.of(""), gateway.authorizations.subList(0, 1), "no token, no authorization header");

    HostCounters c = h.counters();
    assertEquals(2, c.sessions());
    assertEquals(1, c.reconnects());
    assertEquals(1, c.inSync());
    assertEquals(1, c.fulls());
    HostState after = await(h.state());
    assertEquals(V2, after.version());
    assertEquals(before.digest(), after.digest(), "state kept across the reconnect");
    eventually("connected again", h::connected);
  }

  @Test
  void nacksAtRateOneWithOnePortFailureAndDoesNotApply() throws Exception {
    SimulatedHost h = host("h3", null, new AckPolicy(5, 1.0));
    await(h.start());
    FakeGateway.HostModel[] m = new FakeGateway.HostModel[1];
    eventually("a NACK", () -> (m[0] = gateway.model("h3")) != null && !m[0].nacks().isEmpty());

    GoalStateNack nack = m[0].nacks().get(0);
    assertEquals(EPOCH, nack.getEngineEpoch());
    assertEquals(V1, nack.getVersion());
    assertEquals(1, nack.getOperationStatusesCount());
    GoalStateOperationStatus st = nack.getOperationStatuses(0);
    assertEquals(ResourceType.PORT, st.getResourceType());
    assertEquals(OperationStatus.FAILURE, st.getOperationStatus());
    assertTrue(List.of(FakeGateway.portA("h3"), FakeGateway.portB("h3")).contains(st.getResourceId()), st.getResourceId());
    assertTrue(m[0].acks().isEmpty());

    HostState s = await(h.state());
    assertEquals(0, s.version(), "a failed delta is not applied");
    assertEquals(0, s.entryCount());
    assertEquals(1, h.counters().nacks());
    assertEquals(0, h.counters().acks());
    assertEquals(0, h.latency().total().getTotalCount(), "latency is only taken for applied deltas");
  }

  @Test
  void nackThenFullConvergesAtRateBelowOne() throws Exception {
    gateway.fullOnNack = true;
    SimulatedHost h = host("h3b", null, new AckPolicy(0, 0.5));
    await(h.start());
    await(h.awaitVersion(V2));
    FakeGateway.HostModel m = gateway.model("h3b");
    eventually("ACK of 12", () -> m.acks().contains(V2));
    assertSameState(m, await(h.state()));
    assertEquals(m.nacks().size(), h.counters().nacks());
  }

  @Test
  void digestMismatchCountsAndReconnectsWithVersionZeroForAFull() throws Exception {
    gateway.corruptDigests.set(1);
    SimulatedHost h = host("h4", null, AckPolicy.IMMEDIATE);
    await(h.start());
    await(h.await(x -> x.counters().fulls() == 2));
    FakeGateway.HostModel m = gateway.model("h4");
    eventually("ACK of the second FULL", () -> m.acks().equals(List.of(V1, V2)));

    assertEquals(1, h.counters().digestMismatches());
    assertEquals(List.of("FULL 10", "DELTA 10->12", "FULL 12"), m.sent());
    AgentHello second = m.hellos().get(1);
    assertEquals(0, second.getGoalStateVersion(), "version 0 forces a FULL");
    assertEquals(0, second.getEngineEpoch());
    assertEquals(m.count(), second.getEntryCount(), "still reports what it holds");
    HostState s = await(h.state());
    assertEquals(V2, s.version());
    assertSameState(m, s);
    assertTrue(h.lastError().contains("digest mismatch"), h.lastError());
  }

  @Test
  void deltaNotStartingAtTheHeldVersionIsNackedWithoutApplying() throws Exception {
    gateway.skewFrom.set(1);
    SimulatedHost h = host("h5", null, AckPolicy.IMMEDIATE);
    await(h.start());
    FakeGateway.HostModel[] m = new FakeGateway.HostModel[1];
    eventually("a NACK", () -> (m[0] = gateway.model("h5")) != null && !m[0].nacks().isEmpty());
    assertEquals(V2, m[0].nacks().get(0).getVersion());
    assertEquals(0, m[0].nacks().get(0).getOperationStatusesCount());
    assertEquals(1, h.counters().outOfOrder());
    HostState s = await(h.state());
    assertEquals(V1, s.version(), "still at the FULL's version");
    assertTrue(s.get(ResourceType.PORT, FakeGateway.portB("h5")) != null, "the delta's DELETE was not applied");
  }

  @Test
  void refusedConnectsAreRetriedWithBoundedBackoff() throws Exception {
    int closedPort;
    try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
      closedPort = ss.getLocalPort();
    }
    HostConfig cfg = new HostConfig("h6", null, null, null, null, null, new ReconnectPolicy(5, 20));
    host = new SimulatedHost(vertx.getOrCreateContext(), client, SocketAddress.inetSocketAddress(closedPort, "127.0.0.1"),
        cfg, null);
    await(host.start());
    eventually("3 failed connects", () -> host.counters().connectFailures() >= 3);
    assertTrue(host.counters().reconnects() >= 2);
    assertFalse(host.connected());
    await(host.stop());
    long failures = host.counters().connectFailures();
    Thread.sleep(100);
    assertTrue(host.counters().connectFailures() <= failures + 1, "no more attempts after stop");
  }

  @Test
  void unauthenticatedStreamsAreRetried() throws Exception {
    gateway.requiredToken = "right";
    SimulatedHost h = host("h7", "wrong", AckPolicy.IMMEDIATE);
    await(h.start());
    eventually("two refused streams", () -> gateway.streams.get() >= 2);
    assertEquals(0, h.version());
    assertNull(gateway.model("h7"));
    assertTrue(h.counters().reconnects() >= 1);
    assertEquals(0, h.counters().sessions(), "a refused stream is not a session");
    assertTrue(h.counters().connectFailures() >= 1);
    assertTrue(h.lastError().contains("UNAUTHENTICATED"), h.lastError());
  }
}
