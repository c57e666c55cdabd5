package io.alcorvx.perf.sim;

import io.alcorvx.perf.http.LatencySummary;
import io.vertx.core.net.SocketAddress;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.alcorvx.perf.cli.GatewayTarget;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs a fleet of simulated hosts against an agent gateway for a bounded time.
 *
 * <pre>
 * java -cp perf/target/alcor-benchmarks.jar io.alcorvx.perf.sim.FleetDriver \
 *     --gateway 127.0.0.1:9697 --hosts 5000 --connections 64 --token "$AGENT_TOKEN" \
 *     --ack-delay-ms 2 --nack-rate 0 --duration-s 120 --host-prefix sim-
 * </pre>
 *
 * <p>Progress every {@code --progress-seconds} on stderr (connected hosts, applied versions, FULLs,
 * NACKs, committed → applied latency p50/p99 of the interval); at the end a human-readable summary on
 * stdout, then one JSON line. Exit code 0; 1 when no host ever got a session; 2 when the options are
 * wrong.
 */
@Command(name = "FleetDriver", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Connects simulated host agents to the AgentSession gateway and reports convergence.")
public final class FleetDriver implements java.util.concurrent.Callable<Integer> {

  @Mixin GatewayTarget target = new GatewayTarget();

  @Option(names = "--hosts", description = "simulated hosts (default ${DEFAULT-VALUE})")
  int hosts = 1000;

  @Option(names = "--connections", description = "HTTP/2 connections the hosts are multiplexed over (default ${DEFAULT-VALUE})")
  int connections = 4;

  @Option(names = "--event-loops", description = "event loops (default: min(connections, cores))")
  int eventLoops;

  @Option(names = "--ack-delay-ms", description = "delay before each ACK/NACK, simulated programming time (default ${DEFAULT-VALUE})")
  long ackDelayMs;

  @Option(names = "--nack-rate", description = "probability in [0,1] that a delta with a port is NACKed (default ${DEFAULT-VALUE})")
  double nackRate;

  @Option(names = "--duration-s", description = "run time in seconds, then stop (default ${DEFAULT-VALUE})")
  long durationS = 60;

  @Option(names = "--host-prefix", description = "host ids and names are <prefix><index> (default ${DEFAULT-VALUE}); "
      + "use host- to match PortCreateDriver --hosts")
  String hostPrefix = "sim-";

  @Option(names = "--first-index", description = "index of the first host (default ${DEFAULT-VALUE})")
  int firstIndex;

  @Option(names = "--start-rate", description = "hosts started per second; 0 = all at once (default ${DEFAULT-VALUE})")
  double startRate;

  @Option(names = "--reconnect-min-ms", description = "first reconnect backoff (default ${DEFAULT-VALUE})")
  long reconnectMinMs = 100;

  @Option(names = "--reconnect-max-ms", description = "reconnect backoff cap (default ${DEFAULT-VALUE})")
  long reconnectMaxMs = 5_000;

  @Option(names = "--max-message-mb", description = "largest controller message accepted, MiB (default ${DEFAULT-VALUE})")
  int maxMessageMb = 64;

  @Option(names = "--progress-seconds", description = "progress line interval on stderr (default ${DEFAULT-VALUE})")
  long progressSeconds = 5;

  @Option(names = "--no-heap-probe", description = "skip the heap-after-GC-per-connected-host measurement at the end (3 full GCs)")
  boolean noHeapProbe;

  private final PrintStream out;
  private final PrintStream err;

  public FleetDriver() { this(System.out, System.err); }

  FleetDriver(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FleetDriver()).execute(args));
  }

  /** Parses host:port ({@code [v6]:port} too). */
  static SocketAddress parseGateway(String s) { return GatewayTarget.parse(s); }

  /** The fleet options after defaults are resolved; throws on nonsense. */
  SimulatedFleet.Options resolve() {
    if (hosts < 1) throw new IllegalArgumentException("--hosts must be > 0");
    if (connections < 1) throw new IllegalArgumentException("--connections must be > 0");
    if (durationS < 1) throw new IllegalArgumentException("--duration-s must be > 0");
    if (progressSeconds < 1) throw new IllegalArgumentException("--progress-seconds must be > 0");
    if (maxMessageMb < 1) throw new IllegalArgumentException("--max-message-mb must be > 0");
    if (eventLoops <= 0) eventLoops = Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
    connections = Math.min(connections, hosts);
    return new SimulatedFleet.Options()
        .gateway(target.address())
        .hosts(hosts)
        .connections(connections)
        .eventLoops(eventLoops)
        .hostPrefix(hostPrefix)
        .firstIndex(firstIndex)
        .token(target.token)
        .ack(new AckPolicy(ackDelayMs, nackRate))
        .reconnect(new ReconnectPolicy(reconnectMinMs, reconnectMaxMs))
        .startRatePerSecond(startRate)
        .maxMessageBytes((long) maxMessageMb << 20)
        .validate();
  }

  Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("gateway", target.gateway);
    c.put("hosts", hosts);
    c.put("connections", connections);
    c.put("event_loops", eventLoops);
    c.put("host_prefix", hostPrefix);
    c.put("first_index", firstIndex);
    c.put("token", target.token == null ? "none" : "set");
    c.put("ack_delay_ms", ackDelayMs);
    c.put("nack_rate", nackRate);
    c.put("start_rate", startRate > 0 ? startRate : "all at once");
    c.put("reconnect_ms", reconnectMinMs + ".." + reconnectMaxMs);
    c.put("duration_s", durationS);
    return c;
  }

  @Override
  public Integer call() {
    SimulatedFleet.Options options;
    try {
      options = resolve();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    long baseline = !noHeapProbe ? heapAfterGc() : -1;
    SimulatedFleet fleet = SimulatedFleet.create(options);
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(durationS);
    boolean warned = false;
    try {
      fleet.start().onFailure(t -> err.println("start failed: " + t));
      long nextLine = t0 + TimeUnit.SECONDS.toNanos(progressSeconds);
      while (true) {
        long now = System.nanoTime();
        long wake = Math.min(nextLine, deadline);
        if (wake - now > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wake - now);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
          now = System.nanoTime();
        }
        if (now - nextLine >= 0) {
          err.println(FleetReport.progressLine((now - t0) / 1e9, fleet.stats(),
              LatencySummary.of(fleet.latency().takeInterval())));
          nextLine += TimeUnit.SECONDS.toNanos(progressSeconds);
          String w = streamLimitWarning(fleet);
          if (!warned && w != null) {
            err.println("warning: " + w);
            warned = true;
          }
        }
        if (now - deadline >= 0) break;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      FleetStats stats = fleet.stats();
      long used = -1;
      long perHost = -1;
      if (!noHeapProbe) {
        used = heapAfterGc();
        int connected = fleet.stats().connected();
        perHost = connected == 0 ? -1 : Math.max(0, used - baseline) / connected;
      }
      List<String> warnings = new ArrayList<>();
      String w = streamLimitWarning(fleet);
      if (w != null) warnings.add(w);
      if (stats.counters().sessions() == 0) {
        String last = fleet.hosts().isEmpty() || fleet.host(0) == null ? null : fleet.host(0).lastError();
        warnings.add("no host got a session" + (last == null ? "" : "; last error of " + fleet.host(0).config().hostId()
            + ": " + last));
      }
      FleetReport report = new FleetReport(config(), seconds, stats, LatencySummary.of(fleet.latency().total()),
          fleet.serverMaxConcurrentStreams(), perHost, used, warnings);
      out.print(report.human());
      out.println(report.jsonLine());
      out.flush();
      return stats.counters().sessions() == 0 ? 1 : 0;
    } finally {
      fleet.close();
    }
  }

  /** A warning when the gateway allows fewer streams per connection than the fleet puts on one, else null. */
  static String streamLimitWarning(SimulatedFleet fleet) {
    long maxStreams = fleet.serverMaxConcurrentStreams();
    if (maxStreams < 0 || fleet.hostsPerConnection() <= maxStreams) return null;
    return String.format(Locale.ROOT, "%d hosts per connection but the gateway allows %d concurrent streams per "
        + "connection: the others wait for a stream; use --connections >= %d or raise the gateway's limit",
        fleet.hostsPerConnection(), maxStreams, (fleet.options().hosts() + maxStreams - 1) / maxStreams);
  }

  /** Heap in use after a full collection (a few GCs, so finalizable and reference-queued objects go too). */
  static long heapAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
