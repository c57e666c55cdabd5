package io.alcorvx.perf.ondemand;

import io.alcorvx.perf.sim.HostConfig;
import io.alcorvx.proto.AgentHello;
import io.alcorvx.proto.AgentMessage;
import io.alcorvx.proto.AgentSessionGrpcClient;
import io.alcorvx.proto.GoalStateAck;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thousands of minimal measuring agents: each opens {@code AgentSession.Connect}, says hello holding
 * nothing (so it gets a FULL), and ACKs every delta as soon as it has read it. Unlike
 * {@link io.alcorvx.perf.sim.SimulatedHost} they keep no goal state and decode frames with
 * {@link WireScan} instead of protobuf objects, so 10,000 of them receiving 10,000 neighbors each
 * fit next to the service; while the {@link NeighborTracker} is armed they record, per neighbor
 * key, when each host received it. Same host naming as the simulated fleet ({@code prefix + i},
 * IP 10.128.x.y) so {@code binding:host_id = host-i} ports reach agent {@code i}.
 */
public final class ProbeFleet implements AutoCloseable {

  /** AgentSession.Connect's HTTP/2 path (names from the generated constant). */
  static final String CONNECT_PATH = "/" + AgentSessionGrpcClient.Connect.serviceName().fullyQualifiedName() + "/"
      + AgentSessionGrpcClient.Connect.methodName();
  /** Largest controller message an agent accepts (a FULL of a host in a very large push VPC). */
  static final int MAX_MESSAGE_BYTES = 512 << 20;

  private final Vertx vertx;
  private final SocketAddress gateway;
  private final String token;
  private final NeighborTracker tracker;
  private final List<Lane> lanes = new ArrayList<>();
  private final Agent[] agents;
  final LongAdder deltas = new LongAdder();
  final LongAdder fulls = new LongAdder();
  final LongAdder notices = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder streamErrors = new LongAdder();
  final AtomicLong lastDeltaNanos = new AtomicLong(System.nanoTime());
  /**
   * While the tracker is armed: per delta received, wall clock now minus its committed_at stamp (µs),
   * what {@link io.alcorvx.perf.sim.FleetDriver} reports as committed → applied.
   */
  final org.HdrHistogram.Recorder stampLatency = new org.HdrHistogram.Recorder(3_600_000_000L, 3);

  /**
   * One HTTP/2 connection on its own event loop. Its agents speak gRPC over plain HTTP/2 streams
   * with {@link GrpcFrames}, not through the gRPC client, whose message reader costs more than
   * everything else the probe does (see there).
   */
  static final class Lane extends VerticleBase {
    private final int streamWindow;
    private final int connectionWindow;
    HttpClientAgent client;

    Lane(int streamWindow, int connectionWindow) {
      this.streamWindow = streamWindow;
      this.connectionWindow = connectionWindow;
    }

    @Override
    public Future<?> start() {
      HttpClientOptions http = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
          .setHttp2ConnectionWindowSize(connectionWindow)
          .setInitialSettings(new Http2Settings().setInitialWindowSize(streamWindow));
      client = vertx.httpClientBuilder().with(http).withConnectHandler(Lane::cumulateWithoutCopies).build();
      return Future.succeededFuture();
    }

    /**
     * The HTTP/2 decoder keeps the unread tail of the socket's reads in one buffer that it grows
     * by copying. At a million neighbor entries a second, that buffer reached megabytes; the pooled
     * allocator took fresh 4 MB chunks for it and freed them again, and zeroing the new memory took
     * about a sixth of the probe's CPU. A composite cumulation keeps the reads as they came.
     */
    private static void cumulateWithoutCopies(HttpConnection connection) {
      if (!(connection instanceof ConnectionBase base)) return;
      for (Map.Entry<String, ChannelHandler> h : base.channelHandlerContext().pipeline()) {
        if (h.getValue() instanceof ByteToMessageDecoder decoder) decoder.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
      }
    }

    @Override
    public Future<?> stop() { return client == null ? Future.succeededFuture() : client.close(); }

    Context ctx() { return context; }
  }

  public ProbeFleet(String gatewayHost, int gatewayPort, String token, int hosts, int connections, int eventLoops,
      String prefix, NeighborTracker tracker) {
    this(gatewayHost, gatewayPort, token, hosts, connections, eventLoops, prefix, tracker, 256 << 10, 32 << 20);
  }

  /**
   * @param streamWindow HTTP/2 window per stream (bytes the gateway may send one agent before it reads)
   * @param connectionWindow HTTP/2 window per connection; together they bound what the agents have unread
   */
  public ProbeFleet(String gatewayHost, int gatewayPort, String token, int hosts, int connections, int eventLoops,
      String prefix, NeighborTracker tracker, int streamWindow, int connectionWindow) {
    this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2));
    this.gateway = SocketAddress.inetSocketAddress(gatewayPort, gatewayHost);
    this.token = token;
    this.tracker = tracker;
    this.agents = new Agent[hosts];
    int lanesN = Math.max(1, Math.min(connections, hosts));
    for (int k = 0; k < lanesN; k++) {
      Lane lane = new Lane(streamWindow, connectionWindow);
      await(vertx.deployVerticle(lane));
      lanes.add(lane);
    }
    for (int i = 0; i < hosts; i++) {
      Lane lane = lanes.get(i % lanesN);
      agents[i] = new Agent(lane, HostConfig.numbered(prefix, i, token, null, null));
    }
  }

  /** Starts {@code perSecond} agents a second (0 = all at once); returns at once. */
  public void start(double perSecond) {
    long t0 = System.nanoTime();
    for (int i = 0; i < agents.length; i++) {
      Agent a = agents[i];
      long delayMs = perSecond > 0 ? (long) (i * 1000 / perSecond) : 0;
      a.lane.ctx().runOnContext(v -> {
        if (delayMs <= 0) a.connect();
        else vertx.setTimer(Math.max(1, delayMs - (System.nanoTime() - t0) / 1_000_000), id -> a.connect());
      });
    }
  }

  public int hosts() { return agents.length; }

  /** Agents with an open stream. */
  public int connected() {
    int n = 0;
    for (Agent a : agents) if (a.connected) n++;
    return n;
  }

  /** Agents that hold a goal state (got a FULL, DELTA or IN_SYNC). */
  public int synced() {
    int n = 0;
    for (Agent a : agents) if (a.epoch != 0) n++;
    return n;
  }

  public long deltas() { return deltas.sum(); }

  public long fulls() { return fulls.sum(); }

  public long bytes() { return bytes.sum(); }

  public long streamErrors() { return streamErrors.sum(); }

  /** Nanos since the last delta any agent received. */
  public long quietNanos() { return System.nanoTime() - lastDeltaNanos.get(); }

  /** One agent's last error, for diagnostics (null = none). */
  public String lastError(int i) { return agents[i].lastError; }

  /** Waits until every agent holds a goal state and no delta came for {@code quietMs}, or the timeout. */
  public boolean awaitSettled(long quietMs, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (synced() == agents.length && quietNanos() >= TimeUnit.MILLISECONDS.toNanos(quietMs)) return true;
      Thread.sleep(50);
    }
    return false;
  }

  @Override
  public void close() {
    try {
      // end the streams first: closing connections under 1,000 open streams logs an error per stream
      List<Future<Void>> hungUp = new ArrayList<>();
      for (Agent a : agents) {
        Promise<Void> done = Promise.promise();
        a.lane.ctx().runOnContext(v -> a.hangUp().onComplete(done));
        hungUp.add(done.future());
      }
      Future.join(hungUp).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort
    }
  }

  /** A grpc-message header as text (it travels percent-encoded). */
  static String grpcMessage(String header) {
    return header == null ? "" : java.net.URLDecoder.decode(header, java.nio.charset.StandardCharsets.UTF_8);
  }

  static <T> T await(Future<T> f) { return await(f, 60); }

  static <T> T await(Future<T> f, long seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One measuring agent; confined to its lane's event loop. */
  final class Agent {
    final Lane lane;
    final HostConfig cfg;
    HttpClientRequest stream;
    volatile boolean connected;
    volatile long epoch;
    volatile long version;
    volatile String lastError;
    private boolean closing;

    Agent(Lane lane, HostConfig cfg) {
      this.lane = lane;
      this.cfg = cfg;
    }

    void connect() {
      lane.client.request(new RequestOptions().setMethod(HttpMethod.POST).setServer(gateway).setURI(CONNECT_PATH)).onComplete(ar -> {
        if (ar.failed()) {
          lastError = "connect: " + ar.cause();
          retry();
          return;
        }
        HttpClientRequest req = ar.result();
        if (closing) {
          req.reset();
          return;
        }
        req.setChunked(true); // an open-ended body (Vert.x sends no transfer-encoding over HTTP/2)
        req.putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc").putHeader("te", "trailers");
        if (token != null) req.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        stream = req;
        req.exceptionHandler(t -> ended(req, t));
        req.response().onComplete(rar -> {
          if (rar.failed()) {
            ended(req, rar.cause());
            return;
          }
          HttpClientResponse resp = rar.result();
          String refusal = resp.getHeader("grpc-status"); // a refusal comes as headers only
          if (resp.statusCode() != 200 || (refusal != null && !refusal.equals("0"))) {
            ended(req, new IllegalStateException("refused: HTTP " + resp.statusCode() + ", grpc-status " + refusal + " "
                + grpcMessage(resp.getHeader("grpc-message"))));
            return;
          }
          connected = true;
          GrpcFrames.Reader reader = new GrpcFrames.Reader(MAX_MESSAGE_BYTES, m -> onMessage(req, m));
          resp.handler(chunk -> {
            try {
              reader.feed(chunk);
            } catch (RuntimeException e) {
              ended(req, e);
            }
          });
          resp.exceptionHandler(t -> ended(req, t));
          resp.endHandler(v -> ended(req, new IllegalStateException("stream ended: grpc-status " + resp.getTrailer("grpc-status")
              + " " + grpcMessage(resp.getTrailer("grpc-message")))));
        });
        // holding nothing: epoch 0, version 0 → the controller answers with a FULL
        AgentHello hello = AgentHello.newBuilder().setHostId(cfg.hostId()).setHostName(cfg.hostName()).setHostIp(cfg.hostIp())
            .setHostMac(cfg.hostMac()).setAgentVersion("alcor-perf-probe/0.1").build();
        req.write(GrpcFrames.frame(AgentMessage.newBuilder().setHello(hello).build().toByteArray()));
      });
    }

    private void ended(HttpClientRequest req, Throwable t) {
      if (stream != req) return;
      stream = null;
      connected = false;
      epoch = 0;
      streamErrors.increment();
      lastError = String.valueOf(t);
      try {
        req.reset();
      } catch (RuntimeException ignored) {
        // gone
      }
      retry();
    }

    private void retry() {
      if (!closing) vertx.setTimer(1000, id -> connect());
    }

    /** Ends the stream for good (the fleet is closing); on the lane's event loop. */
    Future<Void> hangUp() {
      closing = true;
      HttpClientRequest req = stream;
      stream = null;
      connected = false;
      if (req == null) return Future.succeededFuture();
      return req.reset().otherwiseEmpty();
    }

    private void onMessage(HttpClientRequest req, ByteBuffer b) {
      if (stream != req) return;
      bytes.add(b.remaining());
      NeighborTracker.Recorder recorder = tracker != null && tracker.armed() ? tracker.recorder() : null;
      if (recorder != null) recorder.begin(b);
      WireScan.Header h = WireScan.controllerMessage(b, recorder);
      long now = System.nanoTime(); // decoded: what a stateless agent has to do before its ACK
      if (h.kind() == WireScan.Kind.NOTICE) {
        notices.increment();
        if (h.noticeKind() == 0) {
          epoch = h.epoch();
          version = h.toVersion();
        }
        return;
      }
      if (h.kind() != WireScan.Kind.DELTA) return;
      deltas.increment();
      if (h.full()) fulls.increment();
      lastDeltaNanos.accumulateAndGet(now, Math::max);
      if (recorder != null) {
        recorder.commit(now, h.committedAtMicros());
        if (h.committedAtMicros() > 0) {
          stampLatency.recordValue(Math.min(3_600_000_000L, Math.max(0, Clock.wallMicros() - h.committedAtMicros())));
        }
      }
      epoch = h.epoch();
      version = h.toVersion();
      req.write(GrpcFrames.frame(AgentMessage.newBuilder()
          .setAck(GoalStateAck.newBuilder().setEngineEpoch(h.epoch()).setVersion(h.toVersion())).build().toByteArray()));
    }
  }
}
