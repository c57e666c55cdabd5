package io.alcorvx.perf.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Thousands of {@link SimulatedHost}s in one JVM, multiplexed as HTTP/2 streams over a fixed number
 * of connections: one {@link GrpcClient} per connection (its own HTTP client, whose HTTP/2 pool holds
 * at most one connection), each on its own Vert.x context; host {@code i} uses connection
 * {@code i % connections} and runs on that connection's event loop. Connections are spread
 * round-robin over the event loops. No thread per host; a host is its held-state maps, a few
 * counters and its stream.
 *
 * <p>The gateway must allow enough concurrent streams per connection: a Vert.x HTTP server
 * advertises {@code SETTINGS_MAX_CONCURRENT_STREAMS = 100} unless told otherwise, and streams beyond
 * the limit wait in the client's queue (those hosts stay unconnected). {@link #serverMaxConcurrentStreams()}
 * reports what the gateway advertised.
 */
public final class SimulatedFleet implements AutoCloseable {

  /** Settings of a fleet; fluent setters, checked by {@link #validate()}. */
  public static final class Options {
    private SocketAddress gateway = SocketAddress.inetSocketAddress(9697, "127.0.0.1");
    private int hosts = 1000;
    private int connections = 4;
    private int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
    private String hostPrefix = "sim-";
    private int firstIndex;
    private String token;
    private AckPolicy ack = AckPolicy.IMMEDIATE;
    private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
    private double startRatePerSecond;
    private long maxMessageBytes = 64L << 20;

    public SocketAddress gateway() { return gateway; }
    public Options gateway(SocketAddress a) { gateway = Objects.requireNonNull(a); return this; }
    public Options gateway(String host, int port) { return gateway(SocketAddress.inetSocketAddress(port, host)); }
    public int hosts() { return hosts; }
    public Options hosts(int n) { hosts = n; return this; }
    public int connections() { return connections; }
    public Options connections(int n) { connections = n; return this; }
    /** Event loops of the fleet's own Vert.x instance (ignored when a Vert.x instance is passed in). */
    public int eventLoops() { return eventLoops; }
    public Options eventLoops(int n) { eventLoops = n; return this; }
    public String hostPrefix() { return hostPrefix; }
    public Options hostPrefix(String p) { hostPrefix = Objects.requireNonNull(p); return this; }
    /** Host names are {@code prefix + (firstIndex + i)}. */
    public int firstIndex() { return firstIndex; }
    public Options firstIndex(int i) { firstIndex = i; return this; }
    public String token() { return token; }
    public Options token(String t) { token = t; return this; }
    public AckPolicy ack() { return ack; }
    public Options ack(AckPolicy a) { ack = Objects.requireNonNull(a); return this; }
    public ReconnectPolicy reconnect() { return reconnect; }
    public Options reconnect(ReconnectPolicy r) { reconnect = Objects.requireNonNull(r); return this; }
    /** Hosts started per second; 0 = all at once. */
    public double startRatePerSecond() { return startRatePerSecond; }
    public Options startRatePerSecond(double r) { startRatePerSecond = r; return this; }
    /** Largest controller message accepted (a FULL of a big host can be large); default 64 MiB. */
    public long maxMessageBytes() { return maxMessageBytes; }
    public Options maxMessageBytes(long b) { maxMessageBytes = b; return this; }

    public Options validate() {
      if (hosts < 0) throw new IllegalArgumentException("hosts must be >= 0");
      if (connections < 1) throw new IllegalArgumentException("connections must be >= 1");
      if (eventLoops < 1) throw new IllegalArgumentException("event loops must be >= 1");
      if (firstIndex < 0) throw new IllegalArgumentException("first index must be >= 0");
      if (!(startRatePerSecond >= 0) || Double.isInfinite(startRatePerSecond)) {
        throw new IllegalArgumentException("start rate must be >= 0");
      }
      if (maxMessageBytes < 1024) throw new IllegalArgumentException("max message size must be >= 1024 bytes");
      return this;
    }
  }

  /** One connection: a gRPC client created on its own context. */
  static final class Lane extends VerticleBase {
    private final long maxMessageBytes;
    GrpcClient client;

    Lane(long maxMessageBytes) { this.maxMessageBytes = maxMessageBytes; }

    @Override
    public Future<?> start() {
      client = GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(maxMessageBytes),
          new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return client == null ? Future.succeededFuture() : client.close();
    }

    Context context() { return context; }
  }

  private final Options options;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final List<Lane> lanes = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final SimulatedHost[] hosts;
  private volatile long serverMaxStreams = -1;
  private boolean started;
  private long rampTimer = -1;

  private SimulatedFleet(Vertx vertx, boolean ownsVertx, Options options) {
    this.options = options.validate();
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.hosts = new SimulatedHost[options.hosts()];
  }

  /** A fleet on its own Vert.x instance with {@link Options#eventLoops()} event loops (closed with the fleet). */
  public static SimulatedFleet create(Options options) {
    options.validate();
    Vertx v = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(options.eventLoops()).setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(2));
    return new SimulatedFleet(v, true, options);
  }

  /** A fleet on an existing Vert.x instance (not closed with the fleet). */
  public static SimulatedFleet create(Vertx vertx, Options options) {
    return new SimulatedFleet(vertx, false, options);
  }

  public Options options() { return options; }

  public Vertx vertx() { return vertx; }

  /** The hosts, index i = host {@code prefix + (firstIndex + i)}; empty slots before {@link #start()}. */
  public List<SimulatedHost> hosts() {
    return Collections.unmodifiableList(Arrays.asList(hosts));
  }

  public SimulatedHost host(int i) { return hosts[i]; }

  /** Committed → applied latencies of every host. */
  public LatencyRecorder latency() { return latency; }

  /**
   * The smallest {@code SETTINGS_MAX_CONCURRENT_STREAMS} the gateway advertised on a connection, -1
   * until a stream was opened. Hosts beyond it on a connection wait for a free stream.
   */
  public long serverMaxConcurrentStreams() { return serverMaxStreams; }

  /** Hosts per connection at most. */
  public int hostsPerConnection() {
    return (options.hosts() + options.connections() - 1) / options.connections();
  }

  /**
   * Opens the connections' clients, creates the hosts and starts them (all at once, or at
   * {@link Options#startRatePerSecond()}). Completes when every host was started (not connected:
   * watch {@link #stats()}).
   */
  public synchronized Future<Void> start() {
    if (started) return Future.failedFuture(new IllegalStateException("already started"));
    started = true;
    Future<Void> deployed = Future.succeededFuture();
    for (int k = 0; k < options.connections(); k++) {
      Lane lane = new Lane(options.maxMessageBytes());
      lanes.add(lane);
      deployed = deployed.compose(v -> vertx.deployVerticle(lane).map(id -> {
        synchronized (this) {
          deployments.add(id);
        }
        return null;
      }));
    }
    return deployed.compose(v -> {
      java.util.function.Consumer<io.vertx.core.http.HttpConnection> observer = conn -> {
        long max = conn.remoteSettings() == null ? -1 : conn.remoteSettings().getMaxConcurrentStreams();
        long cur = serverMaxStreams;
        if (max >= 0 && (cur < 0 || max < cur)) serverMaxStreams = max;
      };
      for (int i = 0; i < hosts.length; i++) {
        Lane lane = lanes.get(i % lanes.size());
        HostConfig cfg = HostConfig.numbered(options.hostPrefix(), options.firstIndex() + i, options.token(),
            options.ack(), options.reconnect());
        SimulatedHost h = new SimulatedHost(lane.context(), lane.client, options.gateway(), cfg, latency);
        h.connectionObserver(observer);
        hosts[i] = h;
      }
      return options.startRatePerSecond() > 0 ? ramp() : startAll(0, hosts.length);
    });
  }

  private Future<Void> startAll(int from, int to) {
    List<Future<Void>> fs = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) fs.add(hosts[i].start());
    return Future.all(fs).mapEmpty();
  }

  private Future<Void> ramp() {
    Promise<Void> done = Promise.promise();
    long t0 = System.nanoTime();
    int[] next = {0};
    Runnable tick = () -> {
      double elapsed = (System.nanoTime() - t0) / 1e9;
      int due = (int) Math.min(hosts.length, Math.floor(elapsed * options.startRatePerSecond()) + 1);
      if (due > next[0]) {
        startAll(next[0], due);
        next[0] = due;
      }
      if (next[0] >= hosts.length) {
        synchronized (this) {
          if (rampTimer >= 0) vertx.cancelTimer(rampTimer);
          rampTimer = -1;
        }
        done.tryComplete();
      }
    };
    tick.run();
    if (next[0] < hosts.length) {
      synchronized (this) {
        rampTimer = vertx.setPeriodic(10, id -> tick.run());
      }
    } else {
      done.tryComplete();
    }
    return done.future();
  }

  /** Stops every host (no more reconnects) and closes the connections. The hosts keep their state. */
  public Future<Void> stop() {
    List<String> ids;
    synchronized (this) {
      if (rampTimer >= 0) vertx.cancelTimer(rampTimer);
      rampTimer = -1;
      ids = new ArrayList<>(deployments);
      deployments.clear();
    }
    List<Future<Void>> halted = new ArrayList<>();
    for (SimulatedHost h : hosts) {
      if (h == null) continue;
      Promise<Void> p = Promise.promise();
      h.context().runOnContext(v -> {
        h.halt();
        p.complete();
      });
      halted.add(p.future());
    }
    return Future.all(halted).compose(v -> {
      List<Future<Void>> undeployed = new ArrayList<>();
      for (String id : ids) undeployed.add(vertx.undeploy(id));
      return Future.join(undeployed).mapEmpty();
    });
  }

  /** Stops the fleet and, when it owns it, closes its Vert.x instance; waits at most 30 s. */
  @Override
  public void close() {
    try {
      stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    if (ownsVertx) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  /** Aggregated progress and counters of all hosts (reads volatile fields; any thread). */
  public FleetStats stats() {
    return FleetStats.of(hosts);
  }
}
