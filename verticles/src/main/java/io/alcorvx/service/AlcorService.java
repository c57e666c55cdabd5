package io.alcorvx.service;

import io.alcorvx.service.api.ApiConfig;
import io.alcorvx.service.api.ApiDeps;
import io.alcorvx.service.api.ApiVerticle;
import io.alcorvx.service.engine.EngineVerticle;
import io.alcorvx.service.engine.EventBusEngineClient;
import io.alcorvx.service.gateway.GatewayConfig;
import io.alcorvx.service.gateway.GatewayMetrics;
import io.alcorvx.service.gateway.GatewayVerticle;
import io.alcorvx.service.ondemand.OnDemandHandler;
import io.alcorvx.service.store.ConnectOptions;
import io.alcorvx.service.store.DirtyWritebackCheck;
import io.alcorvx.service.store.PgLoader;
import io.alcorvx.service.store.PgResourceReader;
import io.alcorvx.service.store.PostgresServer;
import io.alcorvx.service.store.StoreClient;
import io.alcorvx.service.store.StoreVerticle;
import io.alcorvx.service.upstream.UpstreamAgentVerticle;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service: PostgreSQL (embedded unless a URL is given), then the store, the engine
 * owner (which loads the model) and the API instances, all on one Vert.x with a Prometheus
 * registry. Only wiring lives here.
 */
public final class AlcorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlcorService.class);

  /**
   * The embedded server is sized for this service's write pattern: many small group-committed
   * transactions. A large WAL budget keeps checkpoints (and the full-page images after each)
   * rare; durability settings (fsync, synchronous_commit, full_page_writes) stay on.
   *
   * <p>{@code wal_init_zero=off}: until checkpoints recycle old WAL segments (the first 15 min,
   * and whenever the WAL grows), the committing backend creates each new 16 MB segment itself, and
   * by default fills it with zeros and syncs it first. Every write waited those 50–70 ms, once per
   * 16 MB of WAL (every 1.5 s at 5,000 creates/s). Off, the segment is created at its size without
   * the zeros; {@code fdatasync} still makes the blocks each commit allocates durable.
   */
  static final Map<String, String> EMBEDDED_PG_SETTINGS = Map.of(
      "shared_buffers", "512MB",
      "wal_buffers", "32MB",
      "max_wal_size", "8GB",
      "checkpoint_timeout", "15min",
      "checkpoint_completion_target", "0.9",
      "wal_init_zero", "off");

  private final Vertx vertx;
  private final PostgresServer postgres;
  private final int httpPort;
  private final List<ApiVerticle> apis = new CopyOnWriteArrayList<>();
  private final List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();
  private volatile EngineVerticle engine;

  private AlcorService(Vertx vertx, PostgresServer postgres, int httpPort) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.httpPort = httpPort;
  }

  public static void main(String[] args) {
    ServiceConfig config;
    try {
      config = ServiceConfig.load(args, System.getenv());
    } catch (ServiceConfig.ConfigException e) {
      System.err.println("alcor: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      AlcorService service = start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(service::close, "alcor-shutdown"));
      log.info("Alcor on Vert.x ready: Neutron API on http://{}:{}/v2.0, metrics on /metrics, agent gateway (gRPC) on port {}",
          config.httpHost(), service.httpPort(), service.gatewayPort());
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      System.err.println("alcor: failed to start: " + root.getMessage());
      System.exit(1);
    }
  }

  /** Starts everything and returns once the API listens and the engine has loaded. Blocking. */
  public static AlcorService start(ServiceConfig config) throws Exception {
    PostgresServer postgres = null;
    PgConnectOptions db;
    if (config.embeddedPostgres()) {
      log.info("starting embedded PostgreSQL in {}", config.dataDir().resolve("postgres").toAbsolutePath());
      postgres = PostgresServer.start(config.dataDir().resolve("postgres"), config.embeddedPgPort(), EMBEDDED_PG_SETTINGS);
      DirtyWritebackCheck.forThisHost().ifPresent(advice -> log.warn("host: {}", advice));
      db = postgres.connectOptions();
    } else {
      db = PgConnectOptions.fromUri(config.pgUrl());
    }
    db = ConnectOptions.withStatementTimeout(db, config.storeStatementTimeoutMs());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        // epoll where it is available: fewer system calls per request than the JDK's selector,
        // which matters on VMs where each one is costly; elsewhere Vert.x falls back to NIO
        .with(new VertxOptions().setMetricsOptions(vertxMetricsOptions()).setPreferNativeTransport(true))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    log.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)" : "JDK NIO (" + vertx.unavailableNativeTransportCause() + ")");
    AlcorService service = new AlcorService(vertx, postgres, config.httpPort());
    try {
      service.deploy(config, db, registry).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      return service;
    } catch (Exception e) {
      service.close();
      throw e;
    }
  }

  /**
   * Vert.x's own meters without its event-bus and HTTP-server domains. Those two look up (and
   * tag) a meter on every bus message and every request: about 8 % of the service's CPU
   * samples per port create, for figures our own stages already give (API requests by route and
   * status, engine apply, store commit, gateway and on-demand histograms). The client, pool and
   * SQL meters stay.
   */
  static MicrometerMetricsOptions vertxMetricsOptions() {
    return new MicrometerMetricsOptions().setEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER);
  }

  private Future<Void> deploy(ServiceConfig config, PgConnectOptions db, PrometheusMeterRegistry registry) {
    AtomicBoolean storeReady = new AtomicBoolean();
    AtomicBoolean engineReady = new AtomicBoolean();
    Timer commitTimer = Timer.builder("alcor_store_commit_seconds").description("Store transaction latency (group commit)")
        .publishPercentileHistogram().register(registry);
    DistributionSummary batchSize = DistributionSummary.builder("alcor_store_commit_batch_size")
        .description("Change sets per store transaction").publishPercentileHistogram().register(registry);
    DistributionSummary rowsPerCommit = DistributionSummary.builder("alcor_store_commit_rows")
        .description("Rows written per store transaction").register(registry);
    StoreVerticle store = new StoreVerticle(db).commitListener((changeSets, rows, nanos) -> {
      commitTimer.record(nanos, TimeUnit.NANOSECONDS);
      batchSize.record(changeSets);
      rowsPerCommit.record(rows);
    });
    StoreClient storeClient = new StoreClient(vertx);
    Pool readPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8).setName("alcor-read")).connectingTo(db).using(vertx).build();
    EngineVerticle engine = this.engine = new EngineVerticle(config.engine(), storeClient,
        sink -> {
          // created on the engine's event loop, so rows arrive on it
          Pool loadPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("alcor-load")).connectingTo(db).using(vertx).build();
          return PgLoader.load(loadPool, sink).eventually(loadPool::close);
        },
        storeClient::nextEpoch, registry, engineReady, config.maxPendingOpsPerHost(), config.maxFullsInFlight())
        .fullSlotLease(config.fullSlotLeaseMs());
    ApiDeps apiDeps = ApiDeps.of(new EventBusEngineClient(vertx), new PgResourceReader(readPool),
        new ApiConfig(config.maxBodyBytes(), config.defaultProject(), true), registry);
    // instances share a port only when they ask for the same one: with 0 each would bind its own
    int apiPort = config.httpPort() == 0 && config.apiInstances() > 1 ? freePort(config.httpHost()) : config.httpPort();
    HttpServerOptions http = new HttpServerOptions().setHost(config.httpHost()).setPort(apiPort)
        .setCompressionSupported(true).setTcpNoDelay(true);
    if (config.agentToken() == null) {
      log.warn("no agent-token configured: the agent gateway accepts any agent (set agent-token or ALCOR_AGENT_TOKEN)");
    }
    // gateway instances share one port (Vert.x spreads connections over them, a free one for 0 as
    // for the API), their meters and the on-demand handler (thread-safe); each keeps its own
    // agents' streams and encoder
    GatewayMetrics gatewayMetrics = new GatewayMetrics(registry);
    GatewayConfig gatewayConfig = config.gateway().port() == 0 && config.gatewayInstances() > 1
        ? config.gateway().withPort(freePort(config.gateway().host())) : config.gateway();
    OnDemandHandler onDemand = new OnDemandHandler(engine.publishedView(), registry);
    return vertx.deployVerticle(store)
        .onSuccess(id -> storeReady.set(true))
        // before the engine: it attaches upstream-style agents as soon as it has loaded
        .compose(id -> vertx.deployVerticle(new UpstreamAgentVerticle(registry)))
        .compose(id -> vertx.deployVerticle(engine))
        .compose(id -> deployGateway(gatewayConfig, gatewayMetrics, onDemand, config.gatewayInstances()))
        .compose(id -> vertx.deployVerticle(() -> {
          ApiVerticle api = new ApiVerticle(apiDeps, http, router -> OpsRoutes.mount(vertx, router, registry, storeReady, engineReady));
          apis.add(api);
          return api;
        }, new DeploymentOptions().setInstances(config.apiInstances())))
        .mapEmpty();
  }

  /** A port free right now on {@code host} (for "port 0" with several instances; tests use that). */
  private static int freePort(String host) {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  private Future<String> deployGateway(GatewayConfig gatewayConfig, GatewayMetrics metrics, OnDemandHandler onDemand,
      int instances) {
    return vertx.deployVerticle(() -> {
      GatewayVerticle g = new GatewayVerticle(gatewayConfig, metrics).onDemand(onDemand);
      gateways.add(g);
      return g;
    }, new DeploymentOptions().setInstances(instances));
  }

  /** The port the Neutron API listens on (the bound one when configured as 0). */
  public int httpPort() {
    for (ApiVerticle api : apis) {
      int p = api.actualPort();
      if (p > 0) return p;
    }
    return httpPort;
  }

  /** The ports the API instances and the gateway instances listen on (one each when all share theirs). */
  public Set<Integer> listeningPorts(boolean gateway) {
    Set<Integer> ports = new TreeSet<>();
    if (gateway) for (GatewayVerticle g : gateways) ports.add(g.actualPort());
    else for (ApiVerticle a : apis) ports.add(a.actualPort());
    return ports;
  }

  /** The port the agent gateway (gRPC AgentSession) listens on, or -1 before it started. */
  public int gatewayPort() {
    for (GatewayVerticle g : gateways) {
      int p = g.actualPort();
      if (p > 0) return p;
    }
    return -1;
  }

  public Vertx vertx() { return vertx; }

  /** The engine owner (for checks that compare agents with the engine's goal states). */
  public EngineVerticle engine() { return engine; }

  /** The embedded PostgreSQL, or empty when the service uses an external one ({@code pg-url}). */
  public Optional<PostgresServer> embeddedPostgres() { return Optional.ofNullable(postgres); }

  /**
   * Graceful stop: Vert.x undeploys in reverse order — the API stops taking requests, the engine
   * waits for its commits in flight, the store finishes its transaction — then PostgreSQL stops.
   */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    if (postgres != null) postgres.close();
  }
}
