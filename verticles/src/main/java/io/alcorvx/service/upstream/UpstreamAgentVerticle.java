package io.alcorvx.service.upstream;

import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.GoalStateOperationReply;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.GoalStateProvisionerGrpcClient;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.service.engine.LocalCodec;
import io.alcorvx.service.gateway.DeltaEncoder;
import io.alcorvx.service.session.SessionMessages;
import io.alcorvx.service.session.SessionMessages.UpstreamPush;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers goal states to upstream-style agents: agents that are themselves gRPC servers (like
 * upstream Alcor's, on the host's port 50001). For each such host it keeps one persistent channel
 * and one {@code PushGoalStatesStream}, writes each push as a {@code GoalStateV2} and turns the
 * agent's per-resource statuses into an ACK (all succeeded) or a NACK (the failed ports) for the
 * engine. A broken stream is reopened with backoff, and the host then gets its whole goal state
 * again, since an upstream agent keeps no versions to resync from.
 */
public final class UpstreamAgentVerticle extends AbstractVerticle {
  private static final Logger log = LoggerFactory.getLogger(UpstreamAgentVerticle.class);
  static final long MAX_BACKOFF_MS = 10_000;

  private final MeterRegistry registry;
  private final Map<String, Link> links = new HashMap<>();
  private final DeltaEncoder encoder = new DeltaEncoder();
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private GrpcClient client;
  private Counter pushes;
  private Counter failures;

  public UpstreamAgentVerticle(MeterRegistry registry) { this.registry = registry; }

  @Override
  public void start(Promise<Void> started) {
    LocalCodec.register(vertx);
    client = GrpcClient.client(vertx);
    pushes = Counter.builder("alcor_upstream_push_messages_total").description("GoalStateV2 pushes to upstream-style agents").register(registry);
    failures = Counter.builder("alcor_upstream_stream_failures_total").description("Upstream agent streams that failed").register(registry);
    vertx.eventBus().<Object>localConsumer(SessionMessages.UPSTREAM_ADDRESS, this::onPush).completion().onComplete(started);
  }

  @Override
  public void stop(Promise<Void> stopped) {
    for (Link l : links.values()) l.close();
    client.close().onComplete(ar -> stopped.complete());
  }

  private void onPush(Message<Object> message) {
    if (!(message.body() instanceof UpstreamPush push)) return;
    Link link = links.get(push.hostId());
    if (link != null && !link.endpoint.equals(push.endpoint())) {
      link.close();
      link = null;
    }
    if (link == null) {
      link = new Link(push.hostId(), push.endpoint());
      links.put(push.hostId(), link);
    }
    link.send(push);
  }

  /** One host's channel and stream. */
  private final class Link {
    final String host;
    final String endpoint;
    GrpcClientRequest<GoalStateV2, GoalStateOperationReply> stream;
    UpstreamPush outstanding;
    UpstreamPush waiting;
    boolean connecting;
    boolean closed;
    long backoffMs = 100;

    Link(String host, String endpoint) {
      this.host = host;
      this.endpoint = endpoint;
    }

    void send(UpstreamPush push) {
      if (stream == null) {
        waiting = push; // the newest push wins: the engine sends one at a time per host
        connect();
        return;
      }
      write(push);
    }

    private void connect() {
      if (connecting || closed) return;
      connecting = true;
      client.request(address(), GoalStateProvisionerGrpcClient.PushGoalStatesStream).onComplete(ar -> {
        connecting = false;
        if (ar.failed()) {
          broken("cannot open PushGoalStatesStream to " + endpoint + ": " + ar.cause().getMessage());
          return;
        }
        stream = ar.result();
        stream.response().onComplete(resp -> {
          if (resp.failed()) {
            broken("stream to " + endpoint + " failed: " + resp.cause().getMessage());
            return;
          }
          resp.result().handler(this::onReply);
          resp.result().exceptionHandler(e -> broken("stream to " + endpoint + " failed: " + e.getMessage()));
          resp.result().endHandler(v -> broken("agent " + endpoint + " ended the stream"));
        });
        backoffMs = 100;
        UpstreamPush first = waiting;
        waiting = null;
        if (first != null) write(first);
      });
    }

    private void write(UpstreamPush push) {
      GoalStateV2 goalState;
      try {
        goalState = ControllerMessage.parseFrom(encoder.encode(push.delta(), push.hostIp(), push.committedAtMicros()))
            .getDelta().getGoalState();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException("our own encoding did not parse", e);
      }
      outstanding = push;
      stream.write(goalState);
      pushes.increment();
    }

    private void onReply(GoalStateOperationReply reply) {
      UpstreamPush done = outstanding;
      outstanding = null;
      if (done == null) return; // a reply we did not ask for
      List<String> failedPorts = new ArrayList<>();
      boolean failed = false;
      for (GoalStateOperationStatus s : reply.getOperationStatusesList()) {
        if (s.getOperationStatus() == OperationStatus.SUCCESS) continue;
        failed = true;
        if (s.getResourceType() == ResourceType.PORT) failedPorts.add(s.getResourceId());
      }
      Object answer = failed
          ? new SessionMessages.Nack(host, done.delta().epoch(), done.delta().toVersion(), failedPorts, "upstream agent reported failures")
          : new SessionMessages.Ack(host, done.delta().epoch(), done.delta().toVersion());
      vertx.eventBus().send(SessionMessages.ENGINE_ADDRESS, answer, local);
    }

    private void broken(String why) {
      if (stream == null && !connecting && closed) return;
      log.warn("upstream agent of host {}: {}", host, why);
      failures.increment();
      if (stream != null) stream.cancel();
      stream = null;
      outstanding = null;
      if (closed) return;
      long delay = backoffMs;
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      // reopen, then ask the engine for the whole goal state: what the agent holds is unknown
      vertx.setTimer(delay, id -> {
        if (closed || stream != null || connecting) return;
        connect();
        vertx.eventBus().send(SessionMessages.ENGINE_ADDRESS, new SessionMessages.UpstreamAttach(host), local);
      });
    }

    private SocketAddress address() {
      int colon = endpoint.lastIndexOf(':');
      String ip = endpoint.substring(0, colon).replace("[", "").replace("]", "");
      return SocketAddress.inetSocketAddress(Integer.parseInt(endpoint.substring(colon + 1)), ip);
    }

    void close() {
      closed = true;
      if (stream != null) stream.cancel();
      stream = null;
    }
  }
}
