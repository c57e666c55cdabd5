package io.alcorvx.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.Op;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateNack;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.UpdateType;
import io.alcorvx.service.engine.LocalCodec;
import io.alcorvx.service.gateway.TestAgent.End;
import io.alcorvx.service.session.SessionMessages;
import io.alcorvx.service.session.SessionMessages.Ack;
import io.alcorvx.service.session.SessionMessages.Closed;
import io.alcorvx.service.session.SessionMessages.Hello;
import io.alcorvx.service.session.SessionMessages.HelloResult;
import io.alcorvx.service.session.SessionMessages.Nack;
import io.alcorvx.service.session.SessionMessages.Notice;
import io.alcorvx.service.session.SessionMessages.Push;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway alone against a scripted engine owner on the event bus: what it forwards, what it
 * refuses, and how streams end — over real gRPC on loopback.
 */
class GatewayVerticleTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long EPOCH = 7;
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private final BlockingQueue<Object> toEngine = new LinkedBlockingQueue<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Vertx vertx;
  private GrpcClient grpc;
  private GatewayVerticle gateway;
  private String gatewayDeployment;
  private SocketAddress address;
  private MessageConsumer<Object> engine;
  /** How the scripted engine answers a hello (null = never answers). */
  private volatile Function<Hello, HelloResult> answer = h -> new HelloResult(null, push(h.hostId(), 0, 1, true), null);

  private void start(GatewayConfig config) throws Exception {
    vertx = Vertx.vertx();
    LocalCodec.register(vertx);
    engine = vertx.eventBus().localConsumer(SessionMessages.ENGINE_ADDRESS, this::engineReceives);
    engine.completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    gateway = new GatewayVerticle(config, new GatewayMetrics(registry));
    gatewayDeployment = vertx.deployVerticle(gateway).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    address = SocketAddress.inetSocketAddress(gateway.actualPort(), "127.0.0.1");
    grpc = GrpcClient.client(vertx);
  }

  private void start() throws Exception {
    start(new GatewayConfig("127.0.0.1", 0, null, 100));
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void engineReceives(Message<Object> m) {
    toEngine.add(m.body());
    if (m.body() instanceof Hello h) {
      HelloResult r = answer.apply(h);
      if (r != null) m.reply(r, local);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T engineGets(Class<T> type) throws InterruptedException {
    Object o = toEngine.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (o == null) throw new AssertionError("the engine got nothing; expected a " + type.getSimpleName());
    if (!type.isInstance(o)) throw new AssertionError("the engine got " + o + "; expected a " + type.getSimpleName());
    return (T) o;
  }

  private static Push push(String host, long from, long to, boolean full) {
    Entry p = DeltaEncoderTest.port("p1");
    Entry s = DeltaEncoderTest.subnet("s1");
    List<Op> ops = List.of(new Op(p.key(), OperationType.CREATE, p), new Op(s.key(), OperationType.CREATE, s));
    return new Push(host, new Delta(host, EPOCH, from, to, full, ops, full ? 12345L : null, full ? 2 : 0), 1_700_000_000_000_000L);
  }

  private double gauge() { return registry.get("alcor_gateway_connected_agents").gauge().value(); }

  private double refused(String reason) {
    return registry.get("alcor_gateway_streams_refused_total").tag("reason", reason).counter().count();
  }

  @Test
  void withoutATokenAnyAgentIsAcceptedAndAcksNacksAndCloseReachTheEngine() throws Exception {
    start();
    TestAgent a = new TestAgent("host-1", "10.9.0.1", false).connect(grpc, address, null);
    Hello hello = engineGets(Hello.class);
    assertEquals("host-1", hello.hostId());
    assertEquals("10.9.0.1", hello.hostIp());
    assertEquals(gateway.deliveryAddress(), hello.deliveryAddress());
    GoalStateDelta full = a.next(WAIT).getDelta();
    assertEquals(UpdateType.FULL, full.getUpdateType());
    assertEquals(2, full.getGoalState().getHostResourcesOrThrow("10.9.0.1").getResourcesCount(), "host_resources: the host's IP");
    assertEquals(1_700_000_000_000_000L, full.getCommittedAtUnixMicros());
    assertEquals(1.0, gauge());

    a.ack(EPOCH, 1);
    Ack ack = engineGets(Ack.class);
    assertEquals(new Ack("host-1", EPOCH, 1), ack);
    assertEquals(1, registry.get("alcor_gateway_convergence_seconds").timer().count());

    vertx.eventBus().send(hello.deliveryAddress(), push("host-1", 1, 2, false), local);
    GoalStateDelta delta = a.next(WAIT).getDelta();
    assertEquals(UpdateType.DELTA, delta.getUpdateType());
    assertEquals(2, delta.getToVersion());
    a.send(AgentMessage.newBuilder().setNack(GoalStateNack.newBuilder().setEngineEpoch(EPOCH).setVersion(2).setDetail("map full")
        .addOperationStatuses(status("p1", ResourceType.PORT, OperationStatus.FAILURE))
        .addOperationStatuses(status("p2", ResourceType.PORT, OperationStatus.SUCCESS))
        .addOperationStatuses(status("p3", ResourceType.PORT, OperationStatus.INVALID_ARG))
        .addOperationStatuses(status("s1", ResourceType.SUBNET, OperationStatus.FAILURE))).build());
    Nack nack = engineGets(Nack.class);
    assertEquals(new Nack("host-1", EPOCH, 2, List.of("p1", "p3"), "map full"), nack);

    a.cancel();
    assertEquals(new Closed("host-1", gateway.deliveryAddress()), engineGets(Closed.class));
    assertEquals(0.0, gauge());
    assertEquals(2.0, registry.get("alcor_gateway_push_messages_total").counter().count());
    assertTrue(registry.get("alcor_gateway_push_bytes_total").counter().count() > 100);
    // a gRPC agent over HTTP/2 got both pushes as pre-framed writes, and decoded them above
    assertEquals(2, gateway.framedWrites);
    awaitPushBuffersReleased();
  }

  /** Every push's direct buffer is released once written or dropped (they are pooled: a leak is lost memory). */
  private void awaitPushBuffersReleased() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (gateway.liveBuffers != 0 && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(0, gateway.liveBuffers, "push buffers not released");
  }

  private static Push bigPush(String host, long from, long to) {
    List<Op> ops = new java.util.ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      Entry n = DeltaEncoderTest.neighbor("p" + i, "s1");
      ops.add(new Op(n.key(), OperationType.CREATE, n));
    }
    return new Push(host, new Delta(host, EPOCH, from, to, false, ops, null, 0), 1_700_000_000_000_000L);
  }

  @Test
  void aSlowAgentIsEndedAndThePushesHeldForItAreReleased() throws Exception {
    start();
    TestAgent a = new TestAgent("host-s", "10.9.0.7", false).notReading().connect(grpc, address, null);
    Hello hello = engineGets(Hello.class);
    // about 150 KB each (under the client's message limit), never read: flow control holds what was written,
    // the gateway holds one more and then gives up on the agent
    for (int v = 1; v <= 40 && refused("slow_agent") == 0; v++) {
      vertx.eventBus().send(hello.deliveryAddress(), bigPush("host-s", v, v + 1), local);
      Thread.sleep(50);
    }
    assertEquals(1.0, refused("slow_agent"), "pushes " + registry.get("alcor_gateway_push_messages_total").counter().count()
        + ", live " + gateway.liveBuffers + ", agent got " + a.received.size());
    assertEquals(new Closed("host-s", gateway.deliveryAddress()), engineGets(Closed.class));
    assertTrue(gateway.liveBuffers > 0, "the written push waits in flow control until the stream goes");
    a.cancel();
    awaitPushBuffersReleased();
  }

  private static GoalStateOperationStatus status(String id, ResourceType type, OperationStatus s) {
    return GoalStateOperationStatus.newBuilder().setResourceId(id).setResourceType(type).setOperationStatus(s).build();
  }

  @Test
  void theSessionLimitRefusesFurtherStreams() throws Exception {
    start(new GatewayConfig("127.0.0.1", 0, null, 1));
    answer = h -> null; // the first agent's hello stays pending: its stream counts
    new TestAgent("host-1", "10.9.0.1", false).connect(grpc, address, null);
    engineGets(Hello.class);
    End end = new TestAgent("host-2", "10.9.0.2", false).connect(grpc, address, null).end(WAIT);
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, end.status(), end.toString());
    assertEquals(1.0, refused("capacity"));
  }

  @Test
  void aRefusedHelloOrAMissingEngineEndTheStreamWithTheReason() throws Exception {
    start();
    answer = h -> new HelloResult("host ip 10.9.0.1 is already used by host-0", null, null);
    End refused = new TestAgent("host-1", "10.9.0.1", false).connect(grpc, address, null).end(WAIT);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, refused.status(), refused.toString());
    assertTrue(refused.message().contains("already used by host-0"), refused.message());
    engine.unregister().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    End noEngine = new TestAgent("host-1", "10.9.0.1", false).connect(grpc, address, null).end(WAIT);
    assertEquals(GrpcStatus.UNAVAILABLE, noEngine.status(), noEngine.toString());
    assertEquals(0.0, gauge());
  }

  @Test
  void aNewStreamOfTheSameHostReplacesTheOldWithoutUnregisteringTheHost() throws Exception {
    start();
    TestAgent first = new TestAgent("host-r", "10.9.0.5", false).connect(grpc, address, null);
    engineGets(Hello.class);
    first.next(WAIT);
    TestAgent second = new TestAgent("host-r", "10.9.0.5", false).connect(grpc, address, null);
    End replaced = first.end(WAIT);
    assertEquals(GrpcStatus.ABORTED, replaced.status());
    assertTrue(replaced.message().contains("replaced"), replaced.message());
    engineGets(Hello.class); // and no Closed: the host is still here, on the new stream
    second.next(WAIT);
    vertx.eventBus().send(gateway.deliveryAddress(), new Notice("host-r", EPOCH, 1), local);
    assertEquals(SessionNotice.Kind.IN_SYNC, second.next(WAIT).getNotice().getKind());
    assertNull(toEngine.poll(300, TimeUnit.MILLISECONDS), "no Closed for a replaced stream");
    assertEquals(1.0, gauge());
  }

  @Test
  void aLostConnectionIsAClose() throws Exception {
    start();
    GrpcClient own = GrpcClient.client(vertx);
    TestAgent a = new TestAgent("host-c", "10.9.0.6", false).connect(own, address, null);
    engineGets(Hello.class);
    a.next(WAIT);
    own.close();
    assertEquals(new Closed("host-c", gateway.deliveryAddress()), engineGets(Closed.class));
    assertEquals(0.0, gauge());
  }

  @Test
  void anAgentThatEndsItsSideIsClosedCleanly() throws Exception {
    start();
    TestAgent a = new TestAgent("host-e", "10.9.0.7", false).connect(grpc, address, null);
    engineGets(Hello.class);
    a.next(WAIT);
    a.endStream();
    End end = a.end(WAIT);
    assertEquals(GrpcStatus.OK, end.status(), end.toString());
    assertEquals(new Closed("host-e", gateway.deliveryAddress()), engineGets(Closed.class));
  }

  @Test
  void pushesSentBeforeTheHelloIsAnsweredAreDropped() throws Exception {
    start();
    BlockingQueue<Message<Object>> held = new LinkedBlockingQueue<>();
    engine.handler(m -> {
      toEngine.add(m.body());
      if (m.body() instanceof Hello) held.add(m);
    });
    TestAgent a = new TestAgent("host-p", "10.9.0.8", false).connect(grpc, address, null);
    Message<Object> hello = held.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    // a push decided before the engine resynced this host (it takes it back in the resync)
    vertx.eventBus().send(gateway.deliveryAddress(), push("host-p", 3, 4, false), local);
    Thread.sleep(200);
    hello.reply(new HelloResult(null, null, new Notice("host-p", EPOCH, 3)), local);
    ControllerMessage first = a.next(WAIT);
    assertEquals(SessionNotice.Kind.IN_SYNC, first.getNotice().getKind());
    assertEquals(3, first.getNotice().getVersion());
    assertNull(a.received.poll(300, TimeUnit.MILLISECONDS), "the stale push was not written");
    assertEquals(1.0, registry.get("alcor_gateway_resyncs_total").tag("kind", "in_sync").counter().count());
  }

  @Test
  void undeployingSaysShuttingDownAndEndsTheStreams() throws Exception {
    start();
    TestAgent a = new TestAgent("host-s", "10.9.0.9", false).connect(grpc, address, null);
    engineGets(Hello.class);
    a.next(WAIT);
    vertx.undeploy(gatewayDeployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(SessionNotice.Kind.SHUTTING_DOWN, a.next(WAIT).getNotice().getKind());
    End end = a.end(WAIT);
    assertEquals(GrpcStatus.OK, end.status(), end.toString());
    assertEquals(new Closed("host-s", gateway.deliveryAddress()), engineGets(Closed.class));
  }
}
