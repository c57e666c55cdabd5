package io.alcorvx.perf.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.alcorvx.perf.cli.ApiTarget;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end port-create load driver over the Neutron HTTP API (keep-alive HTTP clients, one per
 * event loop, a fixed number of connections, a bounded number of requests in flight; each phase
 * also reports the CPU the driver itself used, the share of a shared machine the service did not get).
 *
 * <ol>
 *   <li>setup: a network (or {@code --network-id}) with one large IPv4 subnet ({@code --cidr});</li>
 *   <li>optional preload: {@code --preload} ports in bulk creates of {@code --bulk}, as fast as possible;</li>
 *   <li>measured: {@code --ports} single-port creates, as fast as possible or open-loop at {@code --rate}/s
 *       (latency from each request's intended start, so queueing counts);</li>
 *   <li>optional verify: list every port of the network and check addresses are unique and the count matches.</li>
 * </ol>
 *
 * <p>Human-readable report on stdout, then one JSON line; progress every 5 s on stderr. Exit code 0,
 * 1 when the verification failed, 2 when the options or the setup failed.
 */
@Command(name = "PortCreateDriver", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Drives POST /v2.0/ports over HTTP and reports throughput and latency.")
public final class PortCreateDriver implements java.util.concurrent.Callable<Integer> {

  @Mixin ApiTarget api = new ApiTarget();

  @Option(names = "--network-id", description = "reuse this network (and its first IPv4 subnet, created from --cidr if it has none)")
  String networkId;

  @Option(names = "--cidr", description = "CIDR of the subnet created for the run (default ${DEFAULT-VALUE})")
  String cidr = "10.0.0.0/8";

  @Option(names = "--ports", description = "measured single-port creates (default ${DEFAULT-VALUE})")
  long ports = 10_000;

  @Option(names = "--concurrency", description = "requests in flight at most (default ${DEFAULT-VALUE})")
  int concurrency = 64;

  @Option(names = "--connections", description = "keep-alive connections (default: --concurrency)")
  int connections;

  @Option(names = "--client", description = "HTTP client of the create phases: raw (pre-encoded requests, answers parsed "
      + "for status and length only: less CPU a request, which the service gets on a shared machine) or vertx "
      + "(the full Vert.x client, for servers raw refuses) (default ${DEFAULT-VALUE})")
  String clientName = "raw";

  PostClient.Kind client;

  @Option(names = "--event-loops", description = "driver event loops, each with its own client and share of the load (default: min(4, cores/2), at least 1)")
  int eventLoops;

  @Option(names = "--rate", description = "open-loop target in creates per second; 0 = as fast as possible (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--hosts", description = "bind port i to host-<i %% H> (binding:host_id); 0 = unbound (default ${DEFAULT-VALUE})")
  int hosts;

  @Option(names = "--warmup", description = "single-port creates sent like the measured ones (same rate, connections and "
      + "concurrency) right before them and not measured: the driver's connections and JIT warm up (default ${DEFAULT-VALUE})")
  long warmup;

  @Option(names = "--preload", description = "ports created in bulk before the measured phase (default ${DEFAULT-VALUE})")
  long preload;

  @Option(names = "--bulk", description = "ports per bulk create in the preload (default ${DEFAULT-VALUE})")
  int bulk = 500;

  @Option(names = "--preload-concurrency", description = "bulk requests in flight during the preload (default ${DEFAULT-VALUE})")
  int preloadConcurrency = 8;

  @Option(names = "--max-seconds", description = "stop sending measured requests after this (default ${DEFAULT-VALUE})")
  long maxSeconds = 600;

  @Option(names = "--preload-max-seconds", description = "stop sending preload requests after this (default ${DEFAULT-VALUE})")
  long preloadMaxSeconds = 3600;

  @Option(names = "--timeout-ms", description = "per-request timeout (default ${DEFAULT-VALUE})")
  long timeoutMs = 30_000;

  @Option(names = "--progress-seconds", description = "progress line interval on stderr (default ${DEFAULT-VALUE})")
  long progressSeconds = 5;

  @Option(names = "--verify", description = "list the network's ports at the end and check unique IPs/MACs and the count")
  boolean verify;

  @Option(names = "--page-size", description = "ports per page when verifying (default ${DEFAULT-VALUE})")
  int pageSize = 1000;

  @Option(names = "--timeline", description = "write each measured request's due, sent and answered times (µs from the "
      + "phase's start, which the header gives as epoch ms) and status to this CSV file, to line slow requests up with GC logs")
  Path timelineFile;

  private final PrintStream out;
  private final PrintStream err;

  public PortCreateDriver() { this(System.out, System.err); }

  PortCreateDriver(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PortCreateDriver()).execute(args));
  }

  /** Settings after defaults are resolved; throws on nonsense. */
  void resolve() {
    if (ports < 0 || preload < 0 || warmup < 0) throw new IllegalArgumentException("--ports, --preload and --warmup must be >= 0");
    if (concurrency <= 0) throw new IllegalArgumentException("--concurrency must be > 0");
    if (connections <= 0) connections = concurrency;
    if (eventLoops <= 0) eventLoops = defaultEventLoops(Runtime.getRuntime().availableProcessors());
    eventLoops = Math.max(1, Math.min(eventLoops, Math.min(concurrency, connections)));
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) throw new IllegalArgumentException("--rate must be >= 0");
    if (hosts < 0) throw new IllegalArgumentException("--hosts must be >= 0");
    if (bulk <= 0 || preloadConcurrency <= 0) throw new IllegalArgumentException("--bulk and --preload-concurrency must be > 0");
    if (maxSeconds <= 0 || preloadMaxSeconds <= 0 || timeoutMs <= 0) throw new IllegalArgumentException("time limits must be > 0");
    if (pageSize <= 0) throw new IllegalArgumentException("--page-size must be > 0");
    client = switch (clientName.toLowerCase(java.util.Locale.ROOT)) {
      case "raw" -> PostClient.Kind.RAW;
      case "vertx" -> PostClient.Kind.VERTX;
      default -> throw new IllegalArgumentException("--client must be raw or vertx, got " + clientName);
    };
  }

  static int defaultEventLoops(int cores) { return Math.max(1, Math.min(4, cores / 2)); }

  Map<String, Object> config(String netId, String subnetId) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("url", api.url);
    c.put("project", api.project);
    c.put("network_id", netId);
    c.put("subnet_id", subnetId);
    c.put("ports", ports);
    c.put("rate", rate > 0 ? rate : "max");
    c.put("concurrency", concurrency);
    c.put("connections", connections);
    c.put("event_loops", eventLoops);
    c.put("client", client.name().toLowerCase(java.util.Locale.ROOT));
    c.put("hosts", hosts);
    c.put("warmup", warmup);
    c.put("preload", preload);
    if (preload > 0) c.put("bulk", bulk);
    c.put("max_seconds", maxSeconds);
    return c;
  }

  @Override
  public Integer call() {
    try {
      resolve();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    URI base = URI.create(api.base());
    String host = base.getHost();
    int port = base.getPort() > 0 ? base.getPort() : 80;
    String prefix = base.getRawPath() == null ? "" : base.getRawPath();
    String baseUrl = base.getScheme() + "://" + host + ":" + port + prefix;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops + 1));
    try {
      MultiMap headers = api.adminHeaders();
      WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
      NeutronApi api = new NeutronApi(web, baseUrl, headers, timeoutMs);

      String netId;
      String subnetId;
      long baseline = 0;
      try {
        long t = System.nanoTime();
        if (networkId == null) {
          netId = api.createNetwork("perf-net-" + System.currentTimeMillis());
          subnetId = api.createSubnet(netId, cidr, "perf-subnet");
        } else {
          netId = networkId;
          List<io.vertx.core.json.JsonObject> subnets = api.ipv4Subnets(netId);
          subnetId = subnets.isEmpty() ? api.createSubnet(netId, cidr, "perf-subnet") : subnets.get(0).getString("id");
          if (verify) {
            PortSetCheck before = new PortSetCheck();
            api.listPorts(netId, pageSize, before);
            baseline = before.listed();
          }
        }
        err.printf("setup: network %s, subnet %s, %d ports already there (%.0f ms)%n", netId, subnetId, baseline,
            (System.nanoTime() - t) / 1e6);
      } catch (RuntimeException e) {
        err.println("setup failed: " + e.getMessage());
        return 2;
      }

      PortBodies bodies = new PortBodies(netId, "p", hosts);
      PhaseResult preloaded = null;
      if (preload > 0) {
        PortBodies preBodies = new PortBodies(netId, "pre", hosts);
        long batches = PortBodies.batches(preload, bulk);
        LongFunction<Buffer> body = b -> Buffer.buffer(preBodies.bulk(b * bulk, Math.min(preload, (b + 1) * bulk)));
        LongUnaryOperator size = b -> Math.min(preload, (b + 1) * bulk) - b * bulk;
        int c = Math.min(preloadConcurrency, connections);
        preloaded = runPhase(vertx, "preload", host, port, prefix + "/v2.0/ports", headers, batches, c, c, null,
            preloadMaxSeconds, body, size, null);
        err.printf("preload: %d ports in %.1f s (%.0f ports/s), %d requests not 2xx%n", preloaded.portsCreated(),
            preloaded.seconds(), preloaded.portsPerSecond(), preloaded.notOk());
      }

      if (warmup > 0) {
        PortBodies warmBodies = new PortBodies(netId, "w", hosts);
        PhaseResult warm = runPhase(vertx, "warm-up", host, port, prefix + "/v2.0/ports", headers, warmup, concurrency, connections,
            rate > 0 ? new RateSchedule(rate) : null, maxSeconds, i -> Buffer.buffer(warmBodies.single(i)), i -> 1, null);
        err.printf("warm-up: %d ports in %.1f s (%.0f ports/s), %d requests not 2xx (not measured)%n", warm.portsCreated(),
            warm.seconds(), warm.portsPerSecond(), warm.notOk());
      }
      RateSchedule schedule = rate > 0 ? new RateSchedule(rate) : null;
      PhaseResult measured = runPhase(vertx, "measured", host, port, prefix + "/v2.0/ports", headers, ports, concurrency,
          connections, schedule, maxSeconds, i -> Buffer.buffer(bodies.single(i)), i -> 1, timelineFile);

      VerifyResult verified = null;
      if (verify) {
        long t = System.nanoTime();
        PortSetCheck check = new PortSetCheck();
        long expected = baseline + measured.portsCreated() + (preloaded == null ? 0 : preloaded.portsCreated());
        try {
          api.listPorts(netId, pageSize, check);
          verified = check.result(expected, System.nanoTime() - t);
        } catch (RuntimeException e) {
          VerifyResult partial = check.result(expected, System.nanoTime() - t);
          List<String> problems = new ArrayList<>(partial.problems());
          problems.add(0, "listing failed: " + e.getMessage());
          verified = new VerifyResult(partial.listed(), expected, partial.duplicateIps(), partial.duplicateMacs(),
              partial.withoutIp(), partial.pages(), partial.durationNanos(), problems);
        }
      }

      RunReport report = new RunReport(config(netId, subnetId), preloaded, measured, verified);
      out.print(report.human());
      out.println(report.jsonLine());
      out.flush();
      return verified != null && !verified.passed() ? 1 : 0;
    } finally {
      NeutronApi.await(vertx.close(), 30_000, "closing Vert.x");
    }
  }

  private PhaseResult runPhase(Vertx vertx, String name, String host, int port, String uri, MultiMap headers,
      long totalRequests, int concurrency, int connections, RateSchedule schedule, long maxSeconds,
      LongFunction<Buffer> body, LongUnaryOperator portsPerOk, Path timeline) {
    int lanes = (int) Math.max(1, Math.min(eventLoops, Math.min(Math.min(concurrency, connections), Math.max(1, totalRequests))));
    Lane.Progress progress = new Lane.Progress();
    List<Lane> laneList = new ArrayList<>();
    List<String> deployments = new ArrayList<>();
    for (int k = 0; k < lanes; k++) {
      Lane lane = new Lane(new Lane.Spec(host, port, uri, headers, k, lanes, totalRequests,
          RateSchedule.split(concurrency, k, lanes), RateSchedule.split(connections, k, lanes), schedule, timeoutMs,
          body, portsPerOk, client, timeline != null), progress);
      deployments.add(NeutronApi.await(vertx.deployVerticle(lane), 30_000, "deploying lane " + k));
      laneList.add(lane);
    }
    long t0 = System.nanoTime() + 20_000_000L;
    long t0EpochMillis = System.currentTimeMillis() + (t0 - System.nanoTime()) / 1_000_000L;
    long cpuAtStart = ProcessCpu.nanos();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (Lane lane : laneList) done.add(lane.go(t0, deadline).toCompletionStage().toCompletableFuture());
    CompletableFuture<Void> all = CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    long hardStop = deadline + TimeUnit.MILLISECONDS.toNanos(timeoutMs) + TimeUnit.SECONDS.toNanos(10);
    long lastLine = t0;
    long doneAtLastLine = 0;
    boolean abandoned = false;
    while (!all.isDone()) {
      try {
        all.get(progressSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        long now = System.nanoTime();
        long c = progress.completed.get();
        err.println(RunReport.progressLine(name, now - t0, c, totalRequests, progress.notOk.get(), doneAtLastLine, now - lastLine));
        lastLine = now;
        doneAtLastLine = c;
        if (now - hardStop > 0) {
          err.println(name + ": requests still unanswered past --max-seconds + timeout; reporting what completed");
          abandoned = true;
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandoned = true;
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(name + " failed", e.getCause());
      }
    }

    long cpuAtEnd = ProcessCpu.nanos();
    Histogram merged = LatencySummary.newHistogram();
    Map<String, Long> status = new TreeMap<>();
    List<String> samples = new ArrayList<>();
    List<Lane.Result> results = new ArrayList<>();
    long completed = 0;
    long created = 0;
    long last = t0;
    String stoppedBy = abandoned ? "unanswered requests" : null;
    for (Lane lane : laneList) {
      Lane.Result r = NeutronApi.await(lane.snapshot(), 30_000, "lane snapshot");
      results.add(r);
      merged.add(r.histogram());
      r.status().forEach((k, v) -> status.merge(k, v, Long::sum));
      completed += r.completed();
      created += r.portsCreated();
      if (r.lastCompletionNanos() != 0 && r.lastCompletionNanos() - last > 0) last = r.lastCompletionNanos();
      if (stoppedBy == null) stoppedBy = r.stoppedBy();
      for (String s : r.samples()) if (samples.size() < 5) samples.add(s);
    }
    for (String id : deployments) {
      Future<Void> f = vertx.undeploy(id);
      try {
        NeutronApi.await(f, 10_000, "undeploying lane");
      } catch (RuntimeException e) {
        err.println("warning: " + e.getMessage());
      }
    }
    if (timeline != null) writeTimeline(timeline, t0EpochMillis, results);
    long duration = Math.max(0, last - t0);
    return new PhaseResult(name, totalRequests, completed, created, new TreeMap<>(status), duration,
        LatencySummary.of(merged), stoppedBy, samples, cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart);
  }

  private void writeTimeline(Path file, long phaseStartEpochMillis, List<Lane.Result> results) {
    try (Writer w = Files.newBufferedWriter(file)) {
      RequestTimeline.writeHeader(w, phaseStartEpochMillis);
      for (Lane.Result r : results) r.timeline().writeRows(w, Math.toIntExact(r.sent()));
      err.println("timeline: " + file);
    } catch (IOException e) {
      err.println("warning: could not write the timeline to " + file + ": " + e.getMessage());
    }
  }
}
