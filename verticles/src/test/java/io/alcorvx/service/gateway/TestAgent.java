package io.alcorvx.service.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.AgentSessionGrpcClient;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GatewayState;
import io.alcorvx.proto.GoalStateAck;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.GoalStateNack;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.UpdateType;
import io.alcorvx.proto.VpcState;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A minimal agent for tests: one AgentSession stream over the generated client's method, a held
 * goal state {(type, map key) → configuration bytes} that deltas are applied to (FULL replaces),
 * the digest of docs/goal-state-protocol.md §5 checked against expected_digest, and ACKs — sent
 * automatically, or by the test when {@code autoAck} is off. Stream callbacks run on the client's
 * event loop; the test thread reads through the synchronized accessors and the queue.
 */
final class TestAgent {
  record HeldKey(ResourceType type, String key) {}

  record End(GrpcStatus status, String message) {}

  final String hostId;
  final String hostIp;
  final boolean autoAck;
  final BlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
  final CompletableFuture<End> ended = new CompletableFuture<>();
  private final Map<HeldKey, ByteString> held = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private long epoch;
  private long version;
  private long unanswered; // deltas received and not yet ACKed/NACKed
  private long lastActivity = System.nanoTime();
  private GrpcClientRequest<AgentMessage, ControllerMessage> request;
  private Context context;

  /** Set before opening: the agent never reads its stream (HTTP/2 flow control then holds the pushes). */
  private boolean readPaused;

  TestAgent(String hostId, String hostIp, boolean autoAck) {
    this.hostId = hostId;
    this.hostIp = hostIp;
    this.autoAck = autoAck;
  }

  /** Opens the stream with the given token (null = no header) and sends {@code first}. */
  TestAgent open(GrpcClient client, SocketAddress gateway, String token, AgentMessage first) throws Exception {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    client.request(gateway, AgentSessionGrpcClient.Connect).onComplete(ar -> {
      if (ar.failed()) {
        opened.completeExceptionally(ar.cause());
        return;
      }
      GrpcClientRequest<AgentMessage, ControllerMessage> req = ar.result();
      synchronized (this) {
        request = req;
        context = io.vertx.core.Vertx.currentContext();
      }
      if (token != null) req.headers().set("authorization", "Bearer " + token);
      req.response().onComplete(rr -> {
        if (rr.failed()) {
          ended.complete(new End(null, String.valueOf(rr.cause())));
          return;
        }
        GrpcClientResponse<AgentMessage, ControllerMessage> resp = rr.result();
        resp.handler(this::onMessage);
        if (readPaused) resp.pause();
        resp.endHandler(v -> ended.complete(new End(resp.status(), statusMessage(resp))));
        resp.exceptionHandler(e -> ended.complete(new End(null, String.valueOf(e))));
        resp.errorHandler(e -> ended.complete(new End(null, "reset: " + e)));
      });
      req.write(first);
      opened.complete(null);
    });
    opened.get(10, TimeUnit.SECONDS);
    return this;
  }

  /** Makes this agent one that never reads what it is sent (call before opening). */
  TestAgent notReading() {
    readPaused = true;
    return this;
  }

  /** Opens the stream and says hello with what this agent holds now. */
  TestAgent connect(GrpcClient client, SocketAddress gateway, String token) throws Exception {
    return open(client, gateway, token, AgentMessage.newBuilder().setHello(hello()).build());
  }

  synchronized AgentHello hello() {
    return AgentHello.newBuilder().setHostId(hostId).setHostName(hostId).setHostIp(hostIp).setEngineEpoch(epoch)
        .setGoalStateVersion(version).setStateDigest(digest()).setEntryCount(held.size()).setAgentVersion("test").build();
  }

  /** Takes over what another agent of the same host held (an agent restarting with its pinned state). */
  synchronized TestAgent holding(TestAgent other) {
    synchronized (other) {
      held.putAll(other.held);
      epoch = other.epoch;
      version = other.version;
    }
    return this;
  }

  private static String statusMessage(GrpcClientResponse<?, ?> resp) {
    String m = resp.statusMessage();
    if (m != null) return m;
    String raw = resp.trailers().get("grpc-message"); // the client reads it only from trailers-only responses
    return raw == null ? null : QueryStringDecoder.decodeComponent(raw, StandardCharsets.UTF_8);
  }

  private void onMessage(ControllerMessage m) {
    synchronized (this) {
      lastActivity = System.nanoTime();
      if (m.hasDelta()) {
        unanswered++;
        apply(m.getDelta());
      }
    }
    received.add(m);
    if (autoAck && m.hasDelta()) ack(m.getDelta().getEngineEpoch(), m.getDelta().getToVersion());
  }

  private synchronized void apply(GoalStateDelta d) {
    if (d.getUpdateType() == UpdateType.FULL) {
      held.clear();
    } else if (d.getEngineEpoch() != epoch || d.getFromVersion() != version) {
      problems.add("DELTA " + d.getFromVersion() + "->" + d.getToVersion() + " does not start at " + epoch + "/" + version);
    }
    GoalStateV2 gs = d.getGoalState();
    applyMap(ResourceType.VPC, gs.getVpcStatesMap(), VpcState::getOperationType, VpcState::getConfiguration);
    applyMap(ResourceType.SUBNET, gs.getSubnetStatesMap(), SubnetState::getOperationType, SubnetState::getConfiguration);
    applyMap(ResourceType.PORT, gs.getPortStatesMap(), PortState::getOperationType, PortState::getConfiguration);
    applyMap(ResourceType.DHCP, gs.getDhcpStatesMap(), DHCPState::getOperationType, DHCPState::getConfiguration);
    applyMap(ResourceType.NEIGHBOR, gs.getNeighborStatesMap(), NeighborState::getOperationType, NeighborState::getConfiguration);
    applyMap(ResourceType.SECURITYGROUP, gs.getSecurityGroupStatesMap(), SecurityGroupState::getOperationType,
        SecurityGroupState::getConfiguration);
    applyMap(ResourceType.ROUTER, gs.getRouterStatesMap(), RouterState::getOperationType, RouterState::getConfiguration);
    applyMap(ResourceType.GATEWAY, gs.getGatewayStatesMap(), GatewayState::getOperationType, GatewayState::getConfiguration);
    epoch = d.getEngineEpoch();
    version = d.getToVersion();
    if (d.hasExpectedDigest() && (digest() != d.getExpectedDigest() || held.size() != d.getExpectedEntryCount())) {
      problems.add("after " + d.getUpdateType() + " " + d.getToVersion() + ": digest/count " + digest() + "/" + held.size()
          + " but expected " + d.getExpectedDigest() + "/" + d.getExpectedEntryCount());
    }
  }

  /** DELTA: CREATE/UPDATE store the configuration under the map key, DELETE removes the key (FULL: all upserts). */
  private <S> void applyMap(ResourceType type, Map<String, S> states, Function<S, OperationType> op,
      Function<S, ? extends MessageLite> configuration) {
    for (Map.Entry<String, S> e : states.entrySet()) {
      HeldKey k = new HeldKey(type, e.getKey());
      if (op.apply(e.getValue()) == OperationType.DELETE) held.remove(k);
      else held.put(k, configuration.apply(e.getValue()).toByteString());
    }
  }

  synchronized long digest() {
    long d = GoalStateDigest.EMPTY;
    for (Map.Entry<HeldKey, ByteString> e : held.entrySet()) {
      d = GoalStateDigest.add(d, GoalStateDigest.entryHash(e.getKey().type(), e.getKey().key(), e.getValue().toByteArray()));
    }
    return d;
  }

  synchronized Map<HeldKey, ByteString> held() { return new LinkedHashMap<>(held); }

  synchronized List<String> problems() { return new ArrayList<>(problems); }

  synchronized long version() { return version; }

  synchronized long epoch() { return epoch; }

  ControllerMessage next(Duration timeout) throws InterruptedException {
    ControllerMessage m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) throw new AssertionError(hostId + ": nothing received within " + timeout + (ended.isDone() ? "; stream ended " + ended.getNow(null) : ""));
    return m;
  }

  End end(Duration timeout) throws Exception {
    return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void ack(long ackEpoch, long ackVersion) {
    synchronized (this) {
      if (unanswered > 0) unanswered--;
    }
    send(AgentMessage.newBuilder().setAck(GoalStateAck.newBuilder().setEngineEpoch(ackEpoch).setVersion(ackVersion)).build());
  }

  void nackPort(long nackEpoch, long nackVersion, String portId) {
    synchronized (this) {
      if (unanswered > 0) unanswered--;
    }
    send(AgentMessage.newBuilder().setNack(GoalStateNack.newBuilder().setEngineEpoch(nackEpoch).setVersion(nackVersion)
        .addOperationStatuses(GoalStateOperationStatus.newBuilder().setResourceId(portId).setResourceType(ResourceType.PORT)
            .setOperationType(OperationType.CREATE).setOperationStatus(OperationStatus.FAILURE))
        .addOperationStatuses(GoalStateOperationStatus.newBuilder().setResourceId("ok-port").setResourceType(ResourceType.PORT)
            .setOperationStatus(OperationStatus.SUCCESS))
        .setDetail("XDP map full")).build());
  }

  void send(AgentMessage m) {
    Context ctx;
    GrpcClientRequest<AgentMessage, ControllerMessage> req;
    synchronized (this) {
      ctx = context;
      req = request;
    }
    ctx.runOnContext(v -> req.write(m));
  }

  /** Resets the stream (an agent that goes away without a goodbye). */
  void cancel() {
    Context ctx;
    GrpcClientRequest<AgentMessage, ControllerMessage> req;
    synchronized (this) {
      ctx = context;
      req = request;
    }
    ctx.runOnContext(v -> req.cancel());
  }

  /** Half-closes: the agent says it sends nothing more. */
  void endStream() {
    Context ctx;
    GrpcClientRequest<AgentMessage, ControllerMessage> req;
    synchronized (this) {
      ctx = context;
      req = request;
    }
    ctx.runOnContext(v -> req.end());
  }

  /** Waits until every delta received was answered and nothing arrived for {@code quiet}. */
  void awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        if (unanswered == 0 && System.nanoTime() - lastActivity > quiet.toNanos()) return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(hostId + " did not settle within " + timeout);
  }

  /** Sends raw bytes as the first frame (not an AgentMessage) over a byte-level call of the same method. */
  static CompletableFuture<End> sendRawFrame(GrpcClient client, SocketAddress gateway, String token, byte[] frame) {
    CompletableFuture<End> end = new CompletableFuture<>();
    ServiceMethod<Buffer, Buffer> raw = ServiceMethod.client(AgentSessionGrpcClient.Connect.serviceName(), "Connect",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    client.request(gateway, raw).onComplete(ar -> {
      if (ar.failed()) {
        end.completeExceptionally(ar.cause());
        return;
      }
      GrpcClientRequest<Buffer, Buffer> req = ar.result();
      if (token != null) req.headers().set("x-alcor-agent-token", token);
      req.response().onComplete(rr -> {
        if (rr.failed()) {
          end.complete(new End(null, String.valueOf(rr.cause())));
          return;
        }
        GrpcClientResponse<Buffer, Buffer> resp = rr.result();
        resp.handler(b -> { });
        resp.endHandler(v -> end.complete(new End(resp.status(), statusMessage(resp))));
        resp.exceptionHandler(e -> end.complete(new End(null, String.valueOf(e))));
      });
      req.write(Buffer.buffer(frame));
    });
    return end;
  }
}
