package io.alcorvx.perf.ondemand;

import io.alcorvx.perf.http.LatencySummary;
import io.alcorvx.perf.http.RateSchedule;
import io.alcorvx.proto.GoalStateProvisionerGrpcClient;
import io.alcorvx.proto.HostRequestReply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.alcorvx.perf.cli.ApiTarget;
import io.alcorvx.perf.cli.GatewayTarget;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * On-demand resolution load over gRPC ({@code GoalStateProvisioner.RequestGoalStates}).
 *
 * <ol>
 *   <li>setup over HTTP: a network with {@code fanout_mode = on_demand}, one subnet, {@code --ports} ports
 *       (bulk creates of {@code --bulk}) bound to {@code host-<i % --hosts>};</li>
 *   <li>a pool of pre-built calls ({@link RequestPool}): each a HostRequest of {@code --batch} flows from a
 *       port of the asking host to a random port of the VPC, sent with metadata
 *       {@code x-alcor-host-id: <host>} and {@code authorization: Bearer <token>};</li>
 *   <li>load: {@code --concurrency} calls in flight at most over {@code --connections} HTTP/2 connections,
 *       as fast as possible or open loop at {@code --rate} resolutions/s (latency then counts from each
 *       call's intended start, so queueing in the driver counts); a warm-up, then the measured window;</li>
 *   <li>every reply's statuses are counted (SUCCESS = resolution); every {@code --verify-every}-th reply is
 *       decoded and checked by {@link ReplyCheck} (neighbor state for the right IP).</li>
 * </ol>
 *
 * <p>Human-readable lines on stderr, one JSON line on stdout. Exit 0; 1 when a checked reply was wrong
 * or calls failed; 2 on bad options or a failed setup.
 */
@Command(name = "OnDemandDriver", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Drives GoalStateProvisioner.RequestGoalStates and reports resolutions/s and call latency.")
public final class OnDemandDriver implements Callable<Integer> {

  /** RequestGoalStates with raw frames (names from the generated constant): requests are pre-serialized. */
  static final ServiceMethod<Buffer, Buffer> REQUEST_GOAL_STATES = ServiceMethod.client(
      GoalStateProvisionerGrpcClient.RequestGoalStates.serviceName(), GoalStateProvisionerGrpcClient.RequestGoalStates.methodName(),
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);

  @Mixin ApiTarget api = new ApiTarget();

  @Mixin GatewayTarget target = new GatewayTarget();

  @Option(names = "--ports", description = "ports in the on-demand VPC (default ${DEFAULT-VALUE})")
  int ports = 1000;

  @Option(names = "--hosts", description = "hosts the ports are bound to, host-<i %% H> (default ${DEFAULT-VALUE})")
  int hosts = 4;

  @Option(names = "--host-prefix", description = "host id prefix (default ${DEFAULT-VALUE})")
  String hostPrefix = "host-";

  @Option(names = "--cidr", description = "subnet CIDR (default ${DEFAULT-VALUE})")
  String cidr = "10.0.0.0/12";

  @Option(names = "--bulk", description = "ports per bulk create (default ${DEFAULT-VALUE})")
  int bulk = 500;

  @Option(names = "--batch", description = "flows per RequestGoalStates call (default ${DEFAULT-VALUE})")
  int batch = 50;

  @Option(names = "--concurrency", description = "calls in flight at most (default ${DEFAULT-VALUE})")
  int concurrency = 64;

  @Option(names = "--connections", description = "HTTP/2 connections (default ${DEFAULT-VALUE})")
  int connections = 4;

  @Option(names = "--event-loops", description = "driver event loops (default ${DEFAULT-VALUE})")
  int eventLoops = 1;

  @Option(names = "--rate", description = "target resolutions per second, open loop; 0 = as fast as possible (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--warmup-s", description = "warm-up seconds, not measured (default ${DEFAULT-VALUE})")
  long warmupS = 5;

  @Option(names = "--duration-s", description = "measured seconds (default ${DEFAULT-VALUE})")
  long durationS = 20;

  @Option(names = "--pool", description = "distinct pre-built calls, cycled (default ${DEFAULT-VALUE})")
  int pool = 4096;

  @Option(names = "--seed", description = "random seed of the flows (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--verify-every", description = "decode and check every n-th reply; 0 = none (default ${DEFAULT-VALUE})")
  int verifyEvery = 100;

  @Option(names = "--progress-seconds", description = "progress line interval (default ${DEFAULT-VALUE})")
  long progressSeconds = 5;

  private final PrintStream out;
  private final PrintStream err;

  public OnDemandDriver() { this(System.out, System.err); }

  OnDemandDriver(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OnDemandDriver()).execute(args));
  }

  void validate() {
    if (ports < 2) throw new IllegalArgumentException("--ports must be >= 2");
    if (hosts < 1 || hosts > ports) throw new IllegalArgumentException("--hosts must be in 1..ports");
    if (batch < 1 || concurrency < 1 || connections < 1 || eventLoops < 1 || bulk < 1 || pool < 1) {
      throw new IllegalArgumentException("--batch, --concurrency, --connections, --event-loops, --bulk, --pool must be > 0");
    }
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) throw new IllegalArgumentException("--rate must be >= 0");
    if (durationS < 1 || warmupS < 0) throw new IllegalArgumentException("--duration-s must be > 0, --warmup-s >= 0");
    if (verifyEvery < 0) throw new IllegalArgumentException("--verify-every must be >= 0");
    if (connections > concurrency) connections = concurrency;
  }

  /** Calls per second for a target of {@code resolutionsPerSecond} at {@code batch} flows per call (0 = max). */
  static double callsPerSecond(double resolutionsPerSecond, int batch) {
    return resolutionsPerSecond <= 0 ? 0 : resolutionsPerSecond / batch;
  }

  // ------------------------------------------------------------------ shared measurement state

  /** Counters and histograms shared by the lanes. */
  static final class Stats {
    final Recorder latency = new Recorder(LatencySummary.HIGHEST_TRACKABLE_US, 3);
    /** Warm-up included, for the progress lines only. */
    final Recorder progressLatency = new Recorder(LatencySummary.HIGHEST_TRACKABLE_US, 3);
    final LongAdder progressCalls = new LongAdder();
    final LongAdder progressResolutions = new LongAdder();
    final Histogram total = LatencySummary.newHistogram();
    final LongAdder calls = new LongAdder();
    final LongAdder resolutions = new LongAdder();
    final LongAdder notSuccess = new LongAdder();
    final LongAdder failedCalls = new LongAdder();
    final LongAdder verified = new LongAdder();
    final LongAdder verifyProblems = new LongAdder();
    final AtomicReference<String> firstProblem = new AtomicReference<>();
    volatile long measureFrom;
    volatile long measureTo;

    boolean measured(long completedNanos) { return completedNanos - measureFrom >= 0 && completedNanos - measureTo < 0; }
  }

  /** One HTTP/2 connection with its share of the calls (calls k, k+L, k+2L, ...). */
  static final class Lane extends VerticleBase {
    private final int k;
    private final int lanes;
    private final int limit;
    private final RequestPool pool;
    private final RateSchedule schedule;
    private final SocketAddress gateway;
    private final String token;
    private final int verifyEvery;
    private final Stats stats;
    private GrpcClient client;
    private long t0;
    private long end;
    private long issued;
    private int inFlight;
    private Promise<Void> drained;
    private long timer = -1;

    Lane(int k, int lanes, int limit, RequestPool pool, RateSchedule schedule, SocketAddress gateway, String token,
        int verifyEvery, Stats stats) {
      this.k = k;
      this.lanes = lanes;
      this.limit = limit;
      this.pool = pool;
      this.schedule = schedule;
      this.gateway = gateway;
      this.token = token;
      this.verifyEvery = verifyEvery;
      this.stats = stats;
    }

    @Override
    public Future<?> start() {
      client = GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(64L << 20),
          new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() { return client == null ? Future.succeededFuture() : client.close(); }

    /** Runs until {@code end}; the future completes when the calls in flight are answered. */
    Future<Void> run(long t0, long end) {
      Promise<Void> p = Promise.promise();
      context.runOnContext(v -> {
        this.t0 = t0;
        this.end = end;
        drained = p;
        if (schedule == null) {
          while (inFlight < limit) issue(System.nanoTime());
        } else {
          timer = vertx.setPeriodic(1, id -> pump());
          pump();
        }
      });
      return p.future();
    }

    private void pump() {
      long now = System.nanoTime();
      if (now - end >= 0) {
        finishIfDone();
        return;
      }
      long due = RateSchedule.laneShare(schedule.dueCount(now - t0, Long.MAX_VALUE), k, lanes);
      while (issued < due && inFlight < limit) {
        long intended = t0 + schedule.offsetNanos(RateSchedule.globalIndex(issued, k, lanes));
        issue(intended);
      }
    }

    private void issue(long intendedNanos) {
      long global = RateSchedule.globalIndex(issued++, k, lanes);
      RequestPool.Call call = pool.call(global);
      boolean verify = verifyEvery > 0 && global % verifyEvery == 0;
      inFlight++;
      client.request(gateway, REQUEST_GOAL_STATES).compose(req -> {
        req.headers().set("x-alcor-host-id", call.host());
        if (token != null) req.headers().set("authorization", "Bearer " + token);
        req.end(Buffer.buffer(call.bytes()));
        return req.response().compose(resp -> resp.last().map(body -> {
          if (resp.status() != null && resp.status() != GrpcStatus.OK) {
            throw new IllegalStateException("status " + resp.status() + " " + resp.statusMessage());
          }
          return body;
        }));
      }).onComplete(ar -> done(call, verify, intendedNanos, ar.succeeded() ? ar.result() : null,
          ar.failed() ? ar.cause() : null));
    }

    private void done(RequestPool.Call call, boolean verify, long intendedNanos, Buffer body, Throwable failure) {
      inFlight--;
      long now = System.nanoTime();
      boolean measured = stats.measured(now);
      if (failure != null || body == null) {
        if (measured) stats.failedCalls.increment();
        stats.firstProblem.compareAndSet(null, "call failed: " + failure);
      } else {
        ByteBuffer bytes = ((io.vertx.core.internal.buffer.BufferInternal) body).getByteBuf().nioBuffer();
        WireScan.ReplyCounts c = WireScan.replyCounts(bytes);
        long us = Math.min(LatencySummary.HIGHEST_TRACKABLE_US, Math.max(0, (now - intendedNanos) / 1000));
        stats.progressCalls.increment();
        stats.progressResolutions.add(c.success());
        stats.progressLatency.recordValue(us);
        if (measured) {
          stats.calls.increment();
          stats.resolutions.add(c.success());
          stats.notSuccess.add(c.statuses() - c.success());
          stats.latency.recordValue(us);
        }
        if (verify) {
          String problem;
          try {
            problem = ReplyCheck.problem(call.request(), HostRequestReply.parseFrom(body.getBytes()));
          } catch (Exception e) {
            problem = "undecodable reply: " + e;
          }
          stats.verified.increment();
          if (problem != null) {
            stats.verifyProblems.increment();
            stats.firstProblem.compareAndSet(null, problem);
          }
        }
      }
      if (now - end < 0) {
        if (schedule == null) issue(now);
        else pump();
      } else {
        finishIfDone();
      }
    }

    private void finishIfDone() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      if (inFlight == 0 && drained != null) {
        Promise<Void> p = drained;
        drained = null;
        p.complete();
      }
    }
  }

  // ------------------------------------------------------------------ run

  @Override
  public Integer call() throws Exception {
    try {
      validate();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    SocketAddress gw = target.address();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops).setWorkerPoolSize(2));
    try {
      // ---- setup
      long t = System.nanoTime();
      Setup setup;
      try {
        setup = setup(vertx);
      } catch (RuntimeException e) {
        err.println("setup failed: " + e.getMessage());
        return 2;
      }
      double setupS = (System.nanoTime() - t) / 1e9;
      err.printf(Locale.ROOT, "setup: network %s (VNI %d, on_demand), %d ports on %d hosts in %.1f s (%.0f ports/s)%n",
          setup.networkId, setup.vni, setup.ports.size(), hosts, setupS, setup.ports.size() / setupS);
      RequestPool requests = RequestPool.build(setup.ports, setup.vni, batch, pool, seed);

      // ---- lanes
      Stats stats = new Stats();
      RateSchedule schedule = rate > 0 ? new RateSchedule(callsPerSecond(rate, batch)) : null;
      List<Lane> lanes = new ArrayList<>();
      for (int k = 0; k < connections; k++) {
        Lane lane = new Lane(k, connections, RateSchedule.split(concurrency, k, connections), requests, schedule, gw, target.token,
            verifyEvery, stats);
        ProbeFleet.await(vertx.deployVerticle(lane));
        lanes.add(lane);
      }
      long t0 = System.nanoTime();
      stats.measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmupS);
      stats.measureTo = stats.measureFrom + TimeUnit.SECONDS.toNanos(durationS);
      List<Future<Void>> runs = new ArrayList<>();
      for (Lane lane : lanes) runs.add(lane.run(t0, stats.measureTo));
      Future<Void> all = Future.all(runs).mapEmpty();

      // ---- progress
      long nextLine = t0 + TimeUnit.SECONDS.toNanos(progressSeconds);
      long lastRes = 0;
      long lastCalls = 0;
      Histogram interval = null;
      while (!all.isComplete()) {
        Thread.sleep(50);
        long now = System.nanoTime();
        if (now - nextLine >= 0) {
          interval = stats.progressLatency.getIntervalHistogram(interval);
          LatencySummary s = LatencySummary.of(interval);
          long res = stats.progressResolutions.sum();
          long calls = stats.progressCalls.sum();
          err.printf(Locale.ROOT, "[%5.1f s] %s %8.0f resolutions/s %7.0f calls/s  latency p50 %.2f ms p99 %.2f ms (n=%d)%n",
              (now - t0) / 1e9, now - stats.measureFrom < progressSeconds * 1_000_000_000L ? "warm-up " : "measured", (res - lastRes) / (double) progressSeconds,
              (calls - lastCalls) / (double) progressSeconds, s.p50Us() / 1000.0, s.p99Us() / 1000.0, s.count());
          lastRes = res;
          lastCalls = calls;
          nextLine += TimeUnit.SECONDS.toNanos(progressSeconds);
        }
        if (now - stats.measureTo > TimeUnit.SECONDS.toNanos(30)) break; // calls stuck
      }
      stats.total.add(stats.latency.getIntervalHistogram());
      LatencySummary lat = LatencySummary.of(stats.total);
      double window = durationS;
      JsonObject report = new JsonObject()
          .put("tool", "OnDemandDriver")
          .put("ports", setup.ports.size()).put("hosts", hosts).put("batch", batch).put("concurrency", concurrency)
          .put("connections", connections).put("event_loops", eventLoops)
          .put("target_rate", rate > 0 ? rate : "max").put("warmup_s", warmupS).put("duration_s", durationS)
          .put("setup_s", round(setupS))
          .put("calls", stats.calls.sum()).put("failed_calls", stats.failedCalls.sum())
          .put("resolutions", stats.resolutions.sum()).put("not_success", stats.notSuccess.sum())
          .put("resolutions_per_s", Math.round(stats.resolutions.sum() / window))
          .put("calls_per_s", Math.round(stats.calls.sum() / window))
          .put("latency_ms", new JsonObject().put("p50", round(lat.p50Us() / 1000.0)).put("p90", round(lat.p90Us() / 1000.0))
              .put("p99", round(lat.p99Us() / 1000.0)).put("p999", round(lat.p999Us() / 1000.0))
              .put("max", round(lat.maxUs() / 1000.0)).put("mean", round(lat.meanUs() / 1000.0)))
          .put("verified_replies", stats.verified.sum()).put("verify_problems", stats.verifyProblems.sum())
          .put("first_problem", stats.firstProblem.get());
      err.printf(Locale.ROOT, "== %d ports, batch %d, %s: %,d resolutions/s (%,d calls/s), call latency p50 %.2f ms, p99 %.2f ms, "
              + "max %.2f ms; %d not SUCCESS, %d failed calls; %d replies checked, %d wrong%s%n",
          setup.ports.size(), batch, rate > 0 ? "target " + (long) rate + "/s" : "max", report.getLong("resolutions_per_s"),
          report.getLong("calls_per_s"), lat.p50Us() / 1000.0, lat.p99Us() / 1000.0, lat.maxUs() / 1000.0,
          stats.notSuccess.sum(), stats.failedCalls.sum(), stats.verified.sum(), stats.verifyProblems.sum(),
          stats.firstProblem.get() == null ? "" : " (first problem: " + stats.firstProblem.get() + ")");
      out.println(report.encode());
      boolean bad = stats.verifyProblems.sum() > 0 || stats.failedCalls.sum() > 0 || stats.notSuccess.sum() > 0 || stats.verified.sum() == 0;
      return bad ? 1 : 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  record Setup(String networkId, long vni, RequestPool.Ports ports) {}

  private Setup setup(Vertx vertx) {
    String base = api.base();
    WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
    MultiMap headers = api.adminHeaders();
    JsonObject net = SetupCalls.post(web, base + "/v2.0/networks", headers, new JsonObject().put("network",
        new JsonObject().put("name", "on-demand-" + ports).put("fanout_mode", "on_demand"))).getJsonObject("network");
    if (!"on_demand".equals(net.getString("fanout_mode"))) {
      throw new IllegalStateException("the network was created with fanout_mode " + net.getString("fanout_mode"));
    }
    String netId = net.getString("id");
    long vni = net.getLong("provider:segmentation_id");
    SetupCalls.post(web, base + "/v2.0/subnets", headers, new JsonObject().put("subnet", new JsonObject().put("network_id", netId)
        .put("ip_version", 4).put("cidr", cidr).put("enable_dhcp", false)));
    int batches = (ports + bulk - 1) / bulk;
    String[] ips = new String[ports];
    String[] hostOf = new String[ports];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger filled = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      Promise<Void> p = Promise.promise();
      workers.add(p.future());
      bulkNext(web, base, headers, netId, batches, next, ips, hostOf, filled, p);
    }
    ProbeFleet.await(Future.all(workers), 3600);
    return new Setup(netId, vni, new RequestPool.Ports(List.of(ips), List.of(hostOf)));
  }

  private void bulkNext(WebClient web, String base, MultiMap headers, String net, int batches, AtomicInteger next,
      String[] ips, String[] hostOf, AtomicInteger filled, Promise<Void> done) {
    int b = next.getAndIncrement();
    if (b >= batches) {
      done.tryComplete();
      return;
    }
    int from = b * bulk;
    int to = Math.min(ports, from + bulk);
    JsonArray list = new JsonArray();
    for (int i = from; i < to; i++) {
      list.add(new JsonObject().put("network_id", net).put("name", "od-" + i).put("binding:host_id", hostPrefix + (i % hosts)));
    }
    web.postAbs(base + "/v2.0/ports").putHeaders(headers).timeout(120_000).sendBuffer(new JsonObject().put("ports", list).toBuffer())
        .onComplete(ar -> {
          if (ar.failed() || ar.result().statusCode() != 201) {
            done.tryFail(ar.failed() ? String.valueOf(ar.cause()) : "bulk create answered " + ar.result().statusCode() + ": "
                + ar.result().bodyAsString());
            return;
          }
          JsonArray created = ar.result().bodyAsJsonObject().getJsonArray("ports");
          for (int j = 0; j < created.size(); j++) {
            JsonObject p = created.getJsonObject(j);
            ips[from + j] = p.getJsonArray("fixed_ips").getJsonObject(0).getString("ip_address");
            hostOf[from + j] = p.getString("binding:host_id");
          }
          filled.addAndGet(created.size());
          bulkNext(web, base, headers, net, batches, next, ips, hostOf, filled, done);
        });
  }


  static double round(double v) { return Math.round(v * 1000d) / 1000d; }
}
