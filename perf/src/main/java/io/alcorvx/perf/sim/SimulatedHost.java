package io.alcorvx.perf.sim;

import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.AgentSessionGrpcClient;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.GoalStateAck;
import io.alcorvx.proto.GoalStateDelta;
import io.alcorvx.proto.GoalStateNack;
import io.alcorvx.proto.GoalStateOperationStatus;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.UpdateType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One simulated host agent: a client of {@code AgentSession.Connect} that behaves as
 * docs/goal-state-protocol.md §3–§5 asks of an agent, without a data plane.
 *
 * <ul>
 *   <li>Opens the stream (metadata {@code authorization: Bearer <token>} when a token is set) and
 *       sends an {@code AgentHello} with what it holds: epoch, version, digest, entry count.</li>
 *   <li>Keeps its state as (ResourceType, map key) → configuration bytes ({@link HeldState}). FULL
 *       replaces everything; DELTA upserts CREATE/UPDATE and removes DELETE by map key. A DELTA that
 *       does not start at the held (epoch, version) is NACKed without being applied.</li>
 *   <li>After applying, checks {@code expected_digest} / {@code expected_entry_count} when present; on a
 *       mismatch it counts it, drops the stream and reconnects with epoch 0, version 0 (forcing a FULL).</li>
 *   <li>Answers with {@code GoalStateAck{epoch, to_version}} after {@link AckPolicy#delayMs()}, or, with
 *       {@link AckPolicy#nackProbability()}, a NACK for one PORT of the delta (not applied).</li>
 *   <li>{@code SessionNotice{IN_SYNC}} adopts the notice's epoch and version.</li>
 *   <li>Reconnects whenever the stream ends, with {@link ReconnectPolicy} backoff, until stopped.</li>
 *   <li>Records committed → applied latency ({@code now - committed_at_unix_micros}, when the delta
 *       carries it) into a shared {@link LatencyRecorder}.</li>
 * </ul>
 *
 * <p>Threading: everything runs on one Vert.x context (an event loop, shared with the other hosts of
 * the same connection in a {@link SimulatedFleet}); no thread of its own. Getters of the progress
 * fields and {@link #counters()} may be called from any thread; {@link #state()} and the await
 * methods hop onto the context.
 */
public final class SimulatedHost {

  private final Context context;
  private final Vertx vertx;
  private final GrpcClient client;
  private final SocketAddress gateway;
  private final HostConfig config;
  private final LatencyRecorder latency;
  private final HeldState state = new HeldState();

  // --- confined to the context ---
  private GrpcClientRequest<AgentMessage, ControllerMessage> stream;
  private boolean forceFull;
  private boolean everAttempted;
  private int failures;
  private long reconnectTimer = -1;
  private ArrayList<Waiter> waiters;
  private Consumer<HttpConnection> connectionObserver;

  // --- written on the context only, readable anywhere ---
  private volatile boolean running;
  private volatile boolean connected;
  private volatile long epoch;
  private volatile long version;
  private volatile long digest;
  private volatile int entryCount;
  private volatile String lastError;
  private volatile long sessions;
  private volatile long reconnects;
  private volatile long connectFailures;
  private volatile long streamErrors;
  private volatile long deltas;
  private volatile long fulls;
  private volatile long inSync;
  private volatile long shutdownNotices;
  private volatile long subscribes;
  private volatile long acks;
  private volatile long nacks;
  private volatile long outOfOrder;
  private volatile long digestMismatches;

  /**
   * @param context the context (event loop) this host runs on; its requests are made from it, so a
   *     client whose connection lives on the same event loop never hops threads
   * @param client the gRPC client (one HTTP/2 connection, shared by many hosts)
   * @param gateway where {@code AgentSession} is served
   * @param config identity and behaviour
   * @param latency where committed → applied latencies go (shared by a fleet)
   */
  public SimulatedHost(Context context, GrpcClient client, SocketAddress gateway, HostConfig config,
      LatencyRecorder latency) {
    this.context = Objects.requireNonNull(context, "context");
    this.vertx = context.owner();
    this.client = Objects.requireNonNull(client, "client");
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.config = Objects.requireNonNull(config, "config");
    this.latency = latency == null ? new LatencyRecorder() : latency;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Starts the session loop (connect, hello, ..., reconnect on end). Idempotent. */
  public Future<Void> start() {
    return onContext(() -> {
      if (running) return;
      running = true;
      connect();
    });
  }

  /** Stops reconnecting and resets the current stream, if any. The held state is kept. */
  public Future<Void> stop() {
    return onContext(() -> {
      halt();
      GrpcClientRequest<AgentMessage, ControllerMessage> s = stream;
      stream = null;
      connected = false;
      if (s != null) s.cancel();
    });
  }

  /** Called with the connection of every new session (on the host's context); set before {@link #start()}. */
  void connectionObserver(Consumer<HttpConnection> observer) { connectionObserver = observer; }

  /** Stops reconnecting without touching the stream (the fleet closes the connection under it). */
  void halt() {
    running = false;
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
  }

  // ------------------------------------------------------------------ observation

  public HostConfig config() { return config; }

  public Context context() { return context; }

  /** Where this host records committed → applied latencies (shared in a fleet). */
  public LatencyRecorder latency() { return latency; }

  public boolean running() { return running; }

  /** True while a stream is open (response headers received, not ended). */
  public boolean connected() { return connected; }

  /** Engine epoch of the held state (0 = none). */
  public long epoch() { return epoch; }

  /** Last applied (or IN_SYNC-confirmed) version. */
  public long version() { return version; }

  /** Digest of the held state. */
  public long digest() { return digest; }

  public int entryCount() { return entryCount; }

  /** The last error seen (connect failure, stream error, digest mismatch), or null. */
  public String lastError() { return lastError; }

  public HostCounters counters() {
    return new HostCounters(sessions, reconnects, connectFailures, streamErrors, deltas, fulls, inSync,
        shutdownNotices, subscribes, acks, nacks, outOfOrder, digestMismatches);
  }

  /** A copy of the held state, taken on the host's context. */
  public Future<HostState> state() {
    Promise<HostState> p = Promise.promise();
    context.runOnContext(v -> p.complete(new HostState(epoch, version, state.digest(), state.entryCount(), state.copy())));
    return p.future();
  }

  /** Whether (type, key) is held. Only on the host's context (for {@link #await} predicates). */
  public boolean holds(ResourceType type, String key) {
    return state.contains(type, key);
  }

  /** Completes once the host has applied version {@code v} or later (of any epoch). */
  public Future<Void> awaitVersion(long v) {
    return await(h -> h.version >= v);
  }

  /** Completes once the host holds (type, key). */
  public Future<Void> awaitKey(ResourceType type, String key) {
    return await(h -> h.holds(type, key));
  }

  /**
   * Completes once {@code condition} holds; it is evaluated on the host's context now and after every
   * message the host handles. No timeout of its own: use {@code Future.timeout} or the caller's.
   */
  public Future<Void> await(Predicate<SimulatedHost> condition) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      if (condition.test(this)) {
        p.complete();
      } else {
        if (waiters == null) waiters = new ArrayList<>(2);
        waiters.add(new Waiter(condition, p));
      }
    });
    return p.future();
  }

  private record Waiter(Predicate<SimulatedHost> condition, Promise<Void> promise) {}

  private void checkWaiters() {
    if (waiters == null) return;
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      boolean done;
      try {
        done = w.condition.test(this);
      } catch (RuntimeException e) {
        it.remove();
        w.promise.fail(e);
        continue;
      }
      if (done) {
        it.remove();
        w.promise.complete();
      }
    }
    if (waiters.isEmpty()) waiters = null;
  }

  // ------------------------------------------------------------------ session

  private void connect() {
    reconnectTimer = -1;
    if (!running) return;
    if (everAttempted) reconnects++;
    everAttempted = true;
    client.request(gateway, AgentSessionGrpcClient.Connect).onComplete(ar -> {
      if (ar.failed()) {
        connectFailures++;
        lastError = "connect: " + ar.cause();
        scheduleReconnect();
        return;
      }
      GrpcClientRequest<AgentMessage, ControllerMessage> req = ar.result();
      if (!running) {
        req.cancel();
        return;
      }
      if (config.token() != null) req.headers().set("authorization", "Bearer " + config.token());
      stream = req;
      req.exceptionHandler(t -> onStreamEnd(req, t));
      req.response().onComplete(rar -> {
        if (rar.failed()) {
          if (stream == req) connectFailures++;
          onStreamEnd(req, rar.cause());
          return;
        }
        if (stream != req) return;
        GrpcClientResponse<AgentMessage, ControllerMessage> resp = rar.result();
        if (resp.status() != null && resp.status() != GrpcStatus.OK) { // trailers-only: refused
          connectFailures++;
          lastError = "refused: " + resp.status().name() + (resp.statusMessage() == null ? "" : " " + resp.statusMessage());
          stream = null;
          req.cancel();
          scheduleReconnect();
          return;
        }
        connected = true;
        sessions++;
        if (connectionObserver != null) connectionObserver.accept(req.connection());
        resp.handler(m -> onMessage(req, m));
        resp.exceptionHandler(t -> onStreamEnd(req, t));
        resp.endHandler(v -> onStreamEnd(req, resp.status() == null || resp.status() == GrpcStatus.OK ? null
            : new IllegalStateException("stream ended with status " + resp.status().name() + " " + resp.statusMessage())));
      });
      req.write(AgentMessage.newBuilder().setHello(hello()).build());
    });
  }

  private AgentHello hello() {
    AgentHello.Builder b = AgentHello.newBuilder()
        .setHostId(config.hostId())
        .setHostName(config.hostName())
        .setHostIp(config.hostIp())
        .setHostMac(config.hostMac())
        .setEngineEpoch(forceFull ? 0 : epoch)
        .setGoalStateVersion(forceFull ? 0 : version)
        .setStateDigest(state.digest())
        .setEntryCount(state.entryCount())
        .setAgentVersion(HostConfig.AGENT_VERSION);
    return b.build();
  }

  private void onStreamEnd(GrpcClientRequest<AgentMessage, ControllerMessage> req, Throwable cause) {
    if (stream != req) return;
    stream = null;
    connected = false;
    if (cause != null) {
      streamErrors++;
      lastError = "stream: " + cause;
      req.cancel();
    } else {
      req.end(); // half-close our side too, so the HTTP/2 stream is released
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (!running || reconnectTimer >= 0) return;
    long delay = config.reconnect().delayMs(failures);
    failures++;
    reconnectTimer = vertx.setTimer(delay, id -> connect());
  }

  /** Drops the current stream and reconnects soon (after the first backoff step). */
  private void restartSession(GrpcClientRequest<AgentMessage, ControllerMessage> req) {
    stream = null;
    connected = false;
    req.cancel();
    failures = 0;
    scheduleReconnect();
  }

  private void onMessage(GrpcClientRequest<AgentMessage, ControllerMessage> req, ControllerMessage m) {
    if (stream != req) return;
    failures = 0;
    switch (m.getBodyCase()) {
      case DELTA -> onDelta(req, m.getDelta());
      case NOTICE -> onNotice(m.getNotice());
      case SUBSCRIBE -> subscribes++;
      default -> { }
    }
    checkWaiters();
  }

  private void onNotice(SessionNotice n) {
    if (n.getKind() == SessionNotice.Kind.IN_SYNC) {
      inSync++;
      epoch = n.getEngineEpoch();
      version = n.getVersion();
      forceFull = false;
    } else if (n.getKind() == SessionNotice.Kind.SHUTTING_DOWN) {
      shutdownNotices++;
    }
  }

  private void onDelta(GrpcClientRequest<AgentMessage, ControllerMessage> req, GoalStateDelta d) {
    deltas++;
    boolean full = d.getUpdateType() == UpdateType.FULL;
    if (!full && (d.getEngineEpoch() != epoch || d.getFromVersion() != version)) {
      outOfOrder++;
      answerLater(req, nack(d, null, "DELTA from (" + d.getEngineEpoch() + ", " + d.getFromVersion()
          + ") but the host holds (" + epoch + ", " + version + ")"), 0);
      return;
    }
    double p = config.ack().nackProbability();
    if (p > 0) {
      Map.Entry<String, PortState> port = firstPort(d.getGoalState());
      if (port != null && (p >= 1 || ThreadLocalRandom.current().nextDouble() < p)) {
        GoalStateOperationStatus st = GoalStateOperationStatus.newBuilder()
            .setResourceId(port.getKey())
            .setResourceType(ResourceType.PORT)
            .setOperationType(port.getValue().getOperationType())
            .setOperationStatus(OperationStatus.FAILURE)
            .build();
        answerLater(req, nack(d, st, "simulated data-plane failure"), 0);
        return;
      }
    }
    apply(d.getGoalState(), full);
    if (full) {
      fulls++;
      forceFull = false;
    }
    epoch = d.getEngineEpoch();
    version = d.getToVersion();
    digest = state.digest();
    entryCount = state.entryCount();
    boolean digestBad = d.hasExpectedDigest() && d.getExpectedDigest() != state.digest();
    boolean countBad = (d.hasExpectedDigest() || d.getExpectedEntryCount() != 0)
        && d.getExpectedEntryCount() != state.entryCount();
    if (digestBad || countBad) {
      digestMismatches++;
      lastError = "digest mismatch after version " + d.getToVersion() + ": held " + Long.toHexString(state.digest())
          + "/" + state.entryCount() + ", expected " + Long.toHexString(d.getExpectedDigest()) + "/"
          + d.getExpectedEntryCount();
      forceFull = true;
      restartSession(req);
      return;
    }
    AgentMessage ack = AgentMessage.newBuilder()
        .setAck(GoalStateAck.newBuilder().setEngineEpoch(d.getEngineEpoch()).setVersion(d.getToVersion()))
        .build();
    answerLater(req, ack, GoalStateEntries.committedAtMicros(d));
  }

  private void apply(GoalStateV2 gs, boolean full) {
    if (full) state.clear();
    GoalStateEntries.forEach(gs, (type, key, op, configuration) -> {
      if (!full && op == OperationType.DELETE) {
        state.remove(type, key);
      } else {
        state.upsert(type, key, configuration.toByteArray());
      }
    });
  }

  private static Map.Entry<String, PortState> firstPort(GoalStateV2 gs) {
    if (gs.getPortStatesCount() == 0) return null;
    return gs.getPortStatesMap().entrySet().iterator().next();
  }

  private static AgentMessage nack(GoalStateDelta d, GoalStateOperationStatus status, String detail) {
    GoalStateNack.Builder n = GoalStateNack.newBuilder()
        .setEngineEpoch(d.getEngineEpoch())
        .setVersion(d.getToVersion())
        .setDetail(detail);
    if (status != null) n.addOperationStatuses(status);
    return AgentMessage.newBuilder().setNack(n).build();
  }

  /** Sends {@code m} after the ACK delay, on the same stream only; records latency for ACKs. */
  private void answerLater(GrpcClientRequest<AgentMessage, ControllerMessage> req, AgentMessage m, long committedMicros) {
    long delay = config.ack().delayMs();
    if (delay <= 0) {
      answer(req, m, committedMicros);
    } else {
      vertx.setTimer(delay, id -> answer(req, m, committedMicros));
    }
  }

  private void answer(GrpcClientRequest<AgentMessage, ControllerMessage> req, AgentMessage m, long committedMicros) {
    if (stream != req) return; // the session ended meanwhile: the next hello tells the controller
    if (m.hasAck()) {
      acks++;
      if (committedMicros > 0) latency.recordMicros(nowMicros() - committedMicros);
    } else {
      nacks++;
    }
    req.write(m);
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private Future<Void> onContext(Runnable r) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        r.run();
        p.complete();
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  @Override
  public String toString() {
    return "SimulatedHost[" + config.hostId() + " epoch=" + epoch + " version=" + version + " entries=" + entryCount
        + (connected ? " connected" : "") + "]";
  }
}
