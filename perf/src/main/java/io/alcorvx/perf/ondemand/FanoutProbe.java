package io.alcorvx.perf.ondemand;

import io.alcorvx.perf.http.LatencySummary;
import io.alcorvx.perf.http.RateSchedule;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.alcorvx.perf.cli.ApiTarget;
import io.alcorvx.perf.cli.GatewayTarget;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Push fan-out, measured per change: how long from a port create until the LAST host of its subnet
 * has the new neighbor entry (issue 4: "committed → all hosts applied").
 *
 * <ol>
 *   <li>{@code --hosts} probe agents ({@link ProbeFleet}, ids {@code host-<i>}) connect to the gateway;</li>
 *   <li>setup: a push-mode network with one subnet (or {@code --network-id});</li>
 *   <li>optional preload ({@code --preload-per-host}): one port bound to each agent's host, in bulk creates,
 *       then wait until no delta arrives for a while;</li>
 *   <li>rate phase ({@code --creates M --rate R}): M single-port creates, open loop at R/s, port i bound to
 *       {@code host-<i % hosts>}; with {@code --lead-in L}, the same stream starts L creates earlier and
 *       those are not measured;</li>
 *   <li>singles ({@code --singles K}): K times, one port create bound to {@code --single-host} (a host without
 *       an agent, so every agent must receive it), waiting for it to reach every host before the next.</li>
 * </ol>
 *
 * <p>For every measured port the agents record when each host received its neighbor key. The committed
 * instant lies between the POST being sent and its 201 (the service answers once the change is durable),
 * so {@code last - sent} is an upper bound and {@code last - 201} a lower bound of committed → all hosts
 * applied. Also shown: {@code last - stamp}, from the smallest {@code committed_at_unix_micros} of the deltas
 * that carried the key, and the per-delta {@code now - committed_at} that FleetDriver reports.
 */
@Command(name = "FanoutProbe", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measures push fan-out: port create -> every host of the subnet received the neighbor entry.")
public final class FanoutProbe implements Callable<Integer> {
  /** How often the warm-up clears the neighbor records it throws away (see where it is used). */
  private static final long WARMUP_CLEAR_MS = 4_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ApiTarget api = new ApiTarget();

  @Mixin GatewayTarget target = new GatewayTarget();

  @Option(names = "--hosts", description = "probe agents host-0 .. host-<N-1> (default ${DEFAULT-VALUE})")
  int hosts = 1000;

  @Option(names = "--connections", description = "HTTP/2 connections the agents share (default ${DEFAULT-VALUE})")
  int connections = 8;

  @Option(names = "--event-loops", description = "event loops of the agents (default ${DEFAULT-VALUE})")
  int eventLoops = 1;

  @Option(names = "--start-rate", description = "agents connected per second, 0 = all at once (default ${DEFAULT-VALUE})")
  double startRate = 2000;

  @Option(names = "--network-id", description = "use this network (its first subnet) instead of creating a push-mode one")
  String networkId;

  @Option(names = "--cidr", description = "subnet of the created network (default ${DEFAULT-VALUE})")
  String cidr = "10.0.0.0/16";

  @Option(names = "--preload-per-host", description = "create one port bound to each agent's host first")
  boolean preloadPerHost;

  @Option(names = "--preload-first", description = "with --preload-per-host: create the ports before the agents connect "
      + "(each agent then gets its whole goal state as one FULL) instead of after")
  boolean preloadFirst;

  @Option(names = "--preload-settle", description = "with --preload-per-host and agents connected: one bulk at a time, each "
      + "delivered (no delta for 1 s) before the next, so the controller's per-host queues stay small")
  boolean preloadSettle;

  @Option(names = "--bulk", description = "ports per bulk create in the preload (default ${DEFAULT-VALUE})")
  int bulk = 500;

  @Option(names = "--creates", description = "rate phase: single-port creates (default ${DEFAULT-VALUE})")
  int creates;

  @Option(names = "--rate", description = "rate phase: creates per second, open loop (default ${DEFAULT-VALUE})")
  double rate = 1000;

  @Option(names = "--warmup-creates", description = "rate phase: creates at --warmup-rate before the measured ones, not measured; "
      + "the service's and the agents' JIT keep compiling for the first thousands of creates, so use 20000 or more for "
      + "steady-state figures (default ${DEFAULT-VALUE})")
  int warmupCreates;

  @Option(names = "--warmup-rate", description = "creates per second of the warm-up, 0 = --rate; a warm-up faster than the "
      + "machine carries only builds a backlog (and client time-outs) instead of compiled code (default ${DEFAULT-VALUE})")
  double warmupRate;

  @Option(names = "--lead-in", description = "rate phase: creates at --rate sent just before the measured ones, in the same "
      + "open-loop stream, not measured: the measured creates then meet a service already at that rate, not one "
      + "stepping up from idle after the warm-up settled (default ${DEFAULT-VALUE})")
  int leadIn;

  @Option(names = "--http-connections", description = "HTTP keep-alive connections for the creates (default ${DEFAULT-VALUE})")
  int httpConnections = 64;

  @Option(names = "--singles", description = "single-port creates measured one at a time (default ${DEFAULT-VALUE})")
  int singles;

  @Option(names = "--single-host", description = "binding:host_id of the singles (default ${DEFAULT-VALUE}: no agent)")
  String singleHost = "host-extra";

  @Option(names = "--pause-ms", description = "pause between singles (default ${DEFAULT-VALUE})")
  long pauseMs = 2000;

  @Option(names = "--settle-quiet-ms", description = "no delta for this long = settled (default ${DEFAULT-VALUE})")
  long quietMs = 3000;

  @Option(names = "--settle-timeout-s", description = "give up waiting to settle after (default ${DEFAULT-VALUE})")
  long settleTimeoutS = 900;

  @Option(names = "--csv", description = "write one row per measured port here")
  Path csv;

  private final PrintStream out;
  private final PrintStream err;

  public FanoutProbe() { this(System.out, System.err); }

  FanoutProbe(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // Netty's default (adaptive) allocator does not pool buffers past its chunk size: the HTTP/2 reader's
    // buffer, which grows to a read's worth of deltas here, was then a fresh zeroed direct allocation per
    // read, a third of the probe's CPU in a 1,000-host push run. The pooled allocator reuses them.
    // It must be chosen before Netty's first use; an explicit -Dio.netty.allocator.type still wins.
    if (System.getProperty("io.netty.allocator.type") == null) System.setProperty("io.netty.allocator.type", "pooled");
    System.exit(new CommandLine(new FanoutProbe()).execute(args));
  }

  /** One measured port. */
  record Measured(String phase, int index, String portId, String key, long sentNanos, long okNanos, int status) {}

  /** What the agents saw of one measured port. */
  record Outcome(Measured port, int hostsReached, long firstNanos, long lastNanos, long stampMicros) {
    long lastMinusSentUs() { return (lastNanos - port.sentNanos) / 1000; }
    long lastMinusOkUs() { return (lastNanos - port.okNanos) / 1000; }
    long lastMinusStampUs() { return stampMicros == 0 ? -1 : Clock.wallMicrosOf(lastNanos) - stampMicros; }
    long firstMinusSentUs() { return (firstNanos - port.sentNanos) / 1000; }
  }

  @Override
  public Integer call() throws Exception {
    if (leadIn < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--lead-in must be 0 or more, got " + leadIn);
    SocketAddress gw = target.address();
    NeighborTracker tracker = new NeighborTracker();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(httpConnections));
    MultiMap headers = api.adminHeaders();
    String base = api.base();
    JsonObject report = new JsonObject().put("tool", "FanoutProbe").put("hosts", hosts).put("connections", connections);
    List<Outcome> all = new ArrayList<>();
    try (ProbeFleet fleet = new ProbeFleet(gw.host(), gw.port(), target.token, hosts, connections, eventLoops, "host-", tracker)) {
      // ---- network
      String net;
      String subnet;
      if (networkId == null) {
        JsonObject n = SetupCalls.post(web, base + "/v2.0/networks", headers,
            new JsonObject().put("network", new JsonObject().put("name", "fanout-probe").put("fanout_mode", "push")));
        net = n.getJsonObject("network").getString("id");
        JsonObject s = SetupCalls.post(web, base + "/v2.0/subnets", headers, new JsonObject().put("subnet", new JsonObject()
            .put("network_id", net).put("ip_version", 4).put("cidr", cidr).put("enable_dhcp", false)));
        subnet = s.getJsonObject("subnet").getString("id");
      } else {
        net = networkId;
        JsonObject page = SetupCalls.get(web, base + "/v2.0/subnets?network_id=" + net, headers);
        subnet = page.getJsonArray("subnets").getJsonObject(0).getString("id");
      }
      err.printf(Locale.ROOT, "network %s subnet %s%n", net, subnet);
      report.put("network_id", net).put("subnet_id", subnet);

      long t = System.nanoTime();
      if (preloadPerHost && preloadFirst) {
        preload(web, base, headers, net);
        err.printf(Locale.ROOT, "preload (before the agents connect): %d ports created in %.1f s%n", hosts, (System.nanoTime() - t) / 1e9);
        report.put("preload_first_create_s", round((System.nanoTime() - t) / 1e9));
      }

      // ---- agents
      t = System.nanoTime();
      fleet.start(startRate);
      if (!fleet.awaitSettled(1000, TimeUnit.SECONDS.toMillis(settleTimeoutS))) {
        err.printf("agents did not all sync: %d/%d synced, last error of host-0: %s%n", fleet.synced(), hosts, fleet.lastError(0));
        return 1;
      }
      err.printf(Locale.ROOT, "%d agents connected and synced in %.1f s (%d FULLs, %.1f MB received)%n", fleet.synced(),
          (System.nanoTime() - t) / 1e9, fleet.fulls(), fleet.bytes() / 1e6);

      // ---- preload
      report.put("agents_sync_s", round((System.nanoTime() - t) / 1e9)).put("agents_sync_bytes", fleet.bytes())
          .put("agents_sync_fulls", fleet.fulls());
      if (preloadPerHost && !preloadFirst) {
        t = System.nanoTime();
        long bytes0 = fleet.bytes();
        long deltas0 = fleet.deltas();
        if (preloadSettle) {
          for (int from = 0; from < hosts; from += bulk) {
            preloadBatch(web, base, headers, net, from, Math.min(hosts, from + bulk));
            fleet.awaitSettled(1000, TimeUnit.SECONDS.toMillis(settleTimeoutS));
            err.printf(Locale.ROOT, "  preloaded %d ports, delivered (%.1f s, %.1f MB so far)%n", Math.min(hosts, from + bulk),
                (System.nanoTime() - t) / 1e9, (fleet.bytes() - bytes0) / 1e6);
          }
        } else {
          preload(web, base, headers, net);
        }
        double created = (System.nanoTime() - t) / 1e9;
        boolean settled = fleet.awaitSettled(quietMs, TimeUnit.SECONDS.toMillis(settleTimeoutS));
        double total = (System.nanoTime() - t) / 1e9 - (settled ? quietMs / 1000.0 : 0);
        err.printf(Locale.ROOT, "preload: %d ports created in %.1f s; fleet settled %s after %.1f s (%d deltas, %.1f MB)%n",
            hosts, created, settled ? "" : "NOT", total, fleet.deltas() - deltas0, (fleet.bytes() - bytes0) / 1e6);
        report.put("preload", new JsonObject().put("ports", hosts).put("create_s", round(created)).put("settled", settled)
            .put("settle_s", round(total)).put("deltas", fleet.deltas() - deltas0).put("bytes", fleet.bytes() - bytes0));
      }

      // ---- rate phase
      if (creates > 0 && warmupCreates > 0) {
        tracker.arm(); // recorded and thrown away: the recording code is compiled before it is measured
        // The measured phase starts by clearing the records. A branch that C2 has never seen taken
        // is compiled as a trap, and the first clear inside the measured phase deoptimized the
        // recording code and the event loop it was inlined into, for seconds (-XX:+PrintCompilation).
        // Clearing now and then during the warm-up compiles that path with the rest.
        long clearing = vertx.setPeriodic(WARMUP_CLEAR_MS, id -> {
          tracker.clear();
          fleet.stampLatency.reset();
        });
        // Each phase is started from this thread (runOnContext outside Vert.x): C2 saw that only
        // once, before it compiled the context lookup, and the measured phase's start deoptimized
        // it and the probe's event loop it was inlined into (PrintCompilation, session 15). A
        // thread doing the same during the warm-up makes it an ordinary path.
        AtomicBoolean warming = new AtomicBoolean(true);
        Thread outsider = new Thread(() -> {
          while (warming.get()) {
            vertx.runOnContext(v -> { });
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
          }
        }, "warm-up-outsider");
        outsider.setDaemon(true);
        outsider.start();
        ratePhase(vertx, web, base, headers, net, subnet, warmupCreates, warmupRate > 0 ? warmupRate : rate, "fw-");
        warming.set(false);
        vertx.cancelTimer(clearing);
        boolean settled = fleet.awaitSettled(quietMs, TimeUnit.SECONDS.toMillis(settleTimeoutS));
        tracker.disarm();
        err.printf("warm-up: %d creates done, fleet settled: %s%n", warmupCreates, settled);
      }
      if (creates > 0) {
        tracker.clear();
        fleet.stampLatency.reset();
        tracker.arm();
        // The lead-in's creates are recorded like the measured ones, but only the measured ones are
        // summarized (the per-delta histogram covers both). Nothing happens at the boundary: a branch
        // first taken there would deoptimize the sending loop, as the first clear once did (session 15).
        List<Measured> sent = ratePhase(vertx, web, base, headers, net, subnet, leadIn + creates, rate, "fp-");
        List<Measured> ports = sent.subList(leadIn, sent.size());
        boolean settled = fleet.awaitSettled(quietMs, TimeUnit.SECONDS.toMillis(settleTimeoutS));
        tracker.disarm();
        List<Outcome> outcomes = outcomes(ports, tracker);
        all.addAll(outcomes);
        Histogram stamp = fleet.stampLatency.getIntervalHistogram();
        JsonObject phase = summarize("rate", outcomes, hosts - 1, stamp);
        phase.put("rate", rate).put("creates", creates).put("lead_in", leadIn).put("settled", settled);
        report.put("rate_phase", phase);
        printPhase("rate phase", phase);
      }

      // ---- singles
      if (singles > 0) {
        JsonArray rows = new JsonArray();
        List<Outcome> singlesOut = new ArrayList<>();
        tracker.clear();
        fleet.stampLatency.reset();
        for (int k = 0; k < singles; k++) {
          Thread.sleep(pauseMs);
          tracker.arm();
          Measured m = single(web, base, headers, net, subnet, k);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (System.nanoTime() < deadline) {
            NeighborTracker.Track tr = m.key == null ? null : tracker.get(m.key);
            if (tr != null && tr.hosts() >= hosts) break;
            Thread.sleep(5);
          }
          Thread.sleep(500); // late duplicates, if any
          tracker.disarm();
          Outcome o = outcomes(List.of(m), tracker).get(0);
          singlesOut.add(o);
          rows.add(row(o));
          err.printf(Locale.ROOT, "single %d: %d hosts, all reached %.1f ms after the POST was sent (%.1f ms after its 201, "
                  + "%.1f ms after the stamp); first host %.1f ms after sent; POST->201 %.1f ms%n", k, o.hostsReached,
              o.lastMinusSentUs() / 1000.0, o.lastMinusOkUs() / 1000.0, o.lastMinusStampUs() / 1000.0,
              o.firstMinusSentUs() / 1000.0, (m.okNanos - m.sentNanos) / 1e6);
        }
        all.addAll(singlesOut);
        JsonObject phase = summarize("singles", singlesOut, hosts, fleet.stampLatency.getIntervalHistogram());
        phase.put("rows", rows);
        report.put("singles", phase);
        printPhase("singles", phase);
      }
      report.put("agent_stream_errors", fleet.streamErrors()).put("agent_fulls", fleet.fulls()).put("agent_deltas", fleet.deltas());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (csv != null) writeCsv(csv, all);
    out.println(report.encode());
    return 0;
  }

  // ------------------------------------------------------------------ phases

  private void preload(WebClient web, String base, MultiMap headers, String net) throws Exception {
    int batches = (hosts + bulk - 1) / bulk;
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      Promise<Void> done = Promise.promise();
      workers.add(done.future());
      preloadNext(web, base, headers, net, batches, next, done);
    }
    ProbeFleet.await(Future.all(workers), settleTimeoutS);
  }

  private void preloadBatch(WebClient web, String base, MultiMap headers, String net, int from, int to) {
    JsonArray ports = new JsonArray();
    for (int i = from; i < to; i++) {
      ports.add(new JsonObject().put("network_id", net).put("name", "pre-" + i).put("binding:host_id", "host-" + i));
    }
    HttpResponse<Buffer> r = ProbeFleet.await(web.postAbs(base + "/v2.0/ports").putHeaders(headers).timeout(300_000)
        .sendBuffer(new JsonObject().put("ports", ports).toBuffer()), 310);
    if (r.statusCode() != 201) throw new IllegalStateException("bulk create answered " + r.statusCode() + ": " + r.bodyAsString());
  }

  private void preloadNext(WebClient web, String base, MultiMap headers, String net, int batches, AtomicInteger next,
      Promise<Void> done) {
    int b = next.getAndIncrement();
    if (b >= batches) {
      done.tryComplete();
      return;
    }
    JsonArray ports = new JsonArray();
    for (int i = b * bulk; i < Math.min(hosts, (b + 1) * bulk); i++) {
      ports.add(new JsonObject().put("network_id", net).put("name", "pre-" + i).put("binding:host_id", "host-" + i));
    }
    web.postAbs(base + "/v2.0/ports").putHeaders(headers).timeout(120_000)
        .sendBuffer(new JsonObject().put("ports", ports).toBuffer()).onComplete(ar -> {
          if (ar.failed() || ar.result().statusCode() != 201) {
            done.tryFail(ar.failed() ? ar.cause().toString() : "bulk create answered " + ar.result().statusCode() + ": "
                + ar.result().bodyAsString());
            return;
          }
          preloadNext(web, base, headers, net, batches, next, done);
        });
  }

  private List<Measured> ratePhase(Vertx vertx, WebClient web, String base, MultiMap headers, String net, String subnet,
      int creates, double rate, String namePrefix) throws Exception {
    RateSchedule schedule = new RateSchedule(rate);
    Measured[] results = new Measured[creates];
    long[] sent = new long[creates];
    AtomicInteger answered = new AtomicInteger();
    Promise<Void> all = Promise.promise();
    long t0 = System.nanoTime();
    // wall clock of the phase start: port i is due i / rate seconds later, which lines the --csv rows up with GC logs
    err.printf(Locale.ROOT, "rate phase (%s) starts at %d ms since the epoch%n", namePrefix, System.currentTimeMillis());
    int[] nextIndex = {0};
    vertx.runOnContext(v -> {
      long[] timer = {0};
      timer[0] = vertx.setPeriodic(1, id -> {
        long due = schedule.dueCount(System.nanoTime() - t0, creates);
        while (nextIndex[0] < due) {
          int i = nextIndex[0]++;
          JsonObject body = new JsonObject().put("port", new JsonObject().put("network_id", net).put("name", namePrefix + i)
              .put("binding:host_id", "host-" + (i % hosts)));
          sent[i] = System.nanoTime();
          web.postAbs(base + "/v2.0/ports").putHeaders(headers).timeout(60_000).sendBuffer(body.toBuffer()).onComplete(ar -> {
            long ok = System.nanoTime();
            String portId = null;
            int status = ar.succeeded() ? ar.result().statusCode() : -1;
            if (status == 201) portId = ar.result().bodyAsJsonObject().getJsonObject("port").getString("id");
            results[i] = new Measured("rate", i, portId, portId == null ? null : NeighborTracker.l2Key(portId, subnet), sent[i], ok,
                status);
            if (answered.incrementAndGet() == creates) all.tryComplete();
          });
        }
        if (nextIndex[0] >= creates) vertx.cancelTimer(timer[0]);
      });
    });
    ProbeFleet.await(all.future(), (long) (creates / rate) + 120);
    double secs = (System.nanoTime() - t0) / 1e9;
    long bad = 0;
    for (Measured m : results) if (m.status != 201) bad++;
    err.printf(Locale.ROOT, "rate phase (%s): %d creates in %.1f s (%.0f/s), %d not 201%n", namePrefix, creates, secs, creates / secs,
        bad);
    return List.of(results);
  }

  private Measured single(WebClient web, String base, MultiMap headers, String net, String subnet, int k) {
    JsonObject body = new JsonObject().put("port", new JsonObject().put("network_id", net).put("name", "single-" + k)
        .put("binding:host_id", singleHost));
    long sent = System.nanoTime();
    HttpResponse<Buffer> r = ProbeFleet.await(web.postAbs(base + "/v2.0/ports").putHeaders(headers).timeout(60_000)
        .sendBuffer(body.toBuffer()));
    long ok = System.nanoTime();
    String id = r.statusCode() == 201 ? r.bodyAsJsonObject().getJsonObject("port").getString("id") : null;
    return new Measured("single", k, id, id == null ? null : NeighborTracker.l2Key(id, subnet), sent, ok, r.statusCode());
  }

  // ------------------------------------------------------------------ results

  static List<Outcome> outcomes(List<Measured> ports, NeighborTracker tracker) {
    List<Outcome> out = new ArrayList<>(ports.size());
    for (Measured m : ports) {
      NeighborTracker.Track t = m.key == null ? null : tracker.get(m.key);
      out.add(t == null ? new Outcome(m, 0, 0, 0, 0) : new Outcome(m, t.hosts(), t.firstNanos(), t.lastNanos(), t.minCommittedMicros()));
    }
    return out;
  }

  /** Distributions over ports (µs) of the per-port "last host" latencies; {@code expectedHosts} per port. */
  static JsonObject summarize(String name, List<Outcome> outcomes, int expectedHosts, Histogram perDeltaStamp) {
    Histogram sent = LatencySummary.newHistogram();
    Histogram ok = LatencySummary.newHistogram();
    Histogram stamp = LatencySummary.newHistogram();
    Histogram first = LatencySummary.newHistogram();
    Histogram api = LatencySummary.newHistogram();
    int complete = 0;
    int failed = 0;
    for (Outcome o : outcomes) {
      if (o.port.status != 201) {
        failed++;
        continue;
      }
      api.recordValue(Math.max(0, (o.port.okNanos - o.port.sentNanos) / 1000));
      if (o.hostsReached < expectedHosts) continue;
      complete++;
      sent.recordValue(Math.max(0, o.lastMinusSentUs()));
      ok.recordValue(Math.max(0, o.lastMinusOkUs()));
      if (o.stampMicros > 0) stamp.recordValue(Math.max(0, o.lastMinusStampUs()));
      first.recordValue(Math.max(0, o.firstMinusSentUs()));
    }
    return new JsonObject().put("name", name).put("ports", outcomes.size()).put("not_201", failed)
        .put("expected_hosts_per_port", expectedHosts).put("ports_reaching_all_hosts", complete)
        .put("all_hosts_after_post_sent_ms", ms(sent))
        .put("all_hosts_after_201_ms", ms(ok))
        .put("all_hosts_after_min_stamp_ms", ms(stamp))
        .put("first_host_after_post_sent_ms", ms(first))
        .put("post_to_201_ms", ms(api))
        .put("per_delta_now_minus_stamp_ms", ms(perDeltaStamp));
  }

  static JsonObject ms(Histogram h) {
    LatencySummary s = LatencySummary.of(h);
    return new JsonObject().put("n", s.count()).put("p50", round(s.p50Us() / 1000.0)).put("p99", round(s.p99Us() / 1000.0))
        .put("max", round(s.maxUs() / 1000.0)).put("mean", round(s.meanUs() / 1000.0));
  }

  private static JsonObject row(Outcome o) {
    return new JsonObject().put("index", o.port.index).put("port_id", o.port.portId).put("hosts_reached", o.hostsReached)
        .put("all_after_sent_ms", round(o.lastMinusSentUs() / 1000.0)).put("all_after_201_ms", round(o.lastMinusOkUs() / 1000.0))
        .put("all_after_stamp_ms", round(o.lastMinusStampUs() / 1000.0)).put("first_after_sent_ms", round(o.firstMinusSentUs() / 1000.0))
        .put("post_to_201_ms", round((o.port.okNanos - o.port.sentNanos) / 1e6));
  }

  private void printPhase(String title, JsonObject p) {
    err.printf(Locale.ROOT, "== %s: %d ports (%d not 201), %d reached all %d hosts%n", title, p.getInteger("ports"),
        p.getInteger("not_201"), p.getInteger("ports_reaching_all_hosts"), p.getInteger("expected_hosts_per_port"));
    for (String k : List.of("all_hosts_after_post_sent_ms", "all_hosts_after_201_ms", "all_hosts_after_min_stamp_ms",
        "first_host_after_post_sent_ms", "post_to_201_ms", "per_delta_now_minus_stamp_ms")) {
      JsonObject h = p.getJsonObject(k);
      err.printf(Locale.ROOT, "   %-32s n=%-8d p50 %8.2f  p99 %8.2f  max %8.2f ms%n", k, h.getLong("n"), h.getDouble("p50"),
          h.getDouble("p99"), h.getDouble("max"));
    }
  }

  private static void writeCsv(Path path, List<Outcome> all) throws Exception {
    Files.createDirectories(path.toAbsolutePath().getParent());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path))) {
      w.println("phase,index,port_id,status,hosts_reached,post_to_201_us,first_after_sent_us,all_after_sent_us,all_after_201_us,all_after_stamp_us");
      for (Outcome o : all) {
        Measured m = o.port;
        boolean any = o.hostsReached > 0;
        w.printf(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%s,%s,%s,%s%n", m.phase, m.index, m.portId, m.status, o.hostsReached,
            (m.okNanos - m.sentNanos) / 1000, any ? o.firstMinusSentUs() : "", any ? o.lastMinusSentUs() : "",
            any ? o.lastMinusOkUs() : "", any && o.stampMicros > 0 ? o.lastMinusStampUs() : "");
      }
    }
  }



  static double round(double v) { return Math.round(v * 1000d) / 1000d; }
}
