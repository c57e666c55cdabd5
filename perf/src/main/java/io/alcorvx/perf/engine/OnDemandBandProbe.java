package io.alcorvx.perf.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.ondemand.OnDemandBatch;
import io.alcorvx.engine.ondemand.OnDemandResolver;
import io.alcorvx.engine.ondemand.PublishedView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Issue 2's band (on-demand resolve within 10 % from a small to a large VPC), measured as a
 * ratio inside one JVM. On this VM the speed of memory swings by several times within minutes,
 * so separate JMH runs per size compare different machines. Here one engine holds a small and a
 * large VPC, read through one published view, and the two take turns in short slices; each turn
 * gives the ratio of two rates measured within a fraction of a second of each other, and the
 * summary reports their median. To compare two builds, compare their ratios (or their rates, run
 * by run, alternating builds), not single rates.
 *
 * <p>What a slice runs is JMH's {@code OnDemandResolveBenchmark.resolveBatch}: batches of 64
 * requests, each asked by one host about flows from its own ports (ten per host) to random ports
 * of the same VPC, TCP to port 80, all routable. With {@code --work answer} it is
 * {@code answerBatch} instead: also the replies warmed, their states found and each state's reply
 * bytes copied out, as the gateway does short of protobuf and the network.
 *
 * <pre>
 * java -Xms4g -Xmx4g -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch -cp perf/target/alcor-benchmarks.jar \
 *   io.alcorvx.perf.engine.OnDemandBandProbe [--small 100] [--large 100000] [--seconds 60] [--warmup 20] [--slice-ms 100] \
 *   [--work resolve|answer] [--only small|large] (one case alone, e.g. for a profiler) [--twice]
 * </pre>
 */
public final class OnDemandBandProbe {
  static final int BATCH = OnDemandRequests.BATCH;
  static final int BATCHES = 1024;
  static final int PORTS_PER_HOST = 10;

  /**
   * One case: a VPC's pre-built batches, read through one view.
   *
   * @param twice whether each batch is answered a second time right after the first, its data then in cache
   */
  private record Case(String name, OnDemandResolver resolver, OnDemandRequests requests, boolean twice) {
    Case again() { return new Case(name + "-twice", resolver, requests, true); }
  }

  private static long sink;
  /** Where answers copy reply bytes (reused: a sink). */
  private static final byte[] replyScratch = new byte[1 << 16];
  private static boolean answer;

  public static void main(String[] args) {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option [value], got " + args[i]);
      if (args[i].equals("--twice")) {
        opt.put("twice", "true");
      } else if (i + 1 < args.length) {
        opt.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
    }
    int small = Integer.parseInt(opt.getOrDefault("small", "100"));
    int large = Integer.parseInt(opt.getOrDefault("large", "100000"));
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "60"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "20"));
    long sliceNanos = Long.parseLong(opt.getOrDefault("slice-ms", "100")) * 1_000_000L;
    String work = opt.getOrDefault("work", "resolve");
    if (!work.equals("resolve") && !work.equals("answer")) throw new IllegalArgumentException("--work must be resolve or answer, got " + work);
    answer = work.equals("answer");
    String only = opt.get("only");
    if (only != null && !only.equals("small") && !only.equals("large")) {
      throw new IllegalArgumentException("--only must be small or large, got " + only);
    }
    if (only != null && opt.containsKey("twice")) throw new IllegalArgumentException("--twice compares both sizes: drop --only");
    if (small < 2 || large < small || seconds < 1 || sliceNanos <= 0) {
      throw new IllegalArgumentException("need 2 <= small <= large, seconds >= 1, slice-ms > 0");
    }

    long now = 1_000_000;
    Engine engine = Topology.newEngine(7);
    Topology.registerHosts(engine, Math.max(1, large / PORTS_PER_HOST), now);
    List<Port> smallVpc = vpc(engine, "small", small, now);
    List<Port> largeVpc = vpc(engine, "large", large, now);
    PublishedView view = PublishedView.of(engine.model());
    Random rnd = new Random(1234);
    List<Case> cases = List.of(build("small", view, engine, smallVpc, rnd), build("large", view, engine, largeVpc, rnd));
    if (only != null) cases = cases.stream().filter(c -> c.name().equals(only)).toList();
    // --twice: what a batch costs once its data is in cache, next to what it costs cold (see the summary)
    boolean twice = opt.containsKey("twice");
    if (twice) cases = List.of(cases.get(0), cases.get(1), cases.get(0).again(), cases.get(1).again());
    System.err.printf(Locale.ROOT, "built %d + %d ports; %s; %d s warm-up, then %d s of %d-ms slices per case in turn%n",
        small, large, work, warmup, seconds, sliceNanos / 1_000_000);

    List<double[]> turns = new ArrayList<>();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    long nextReport = start + 5_000_000_000L;
    int[] next = new int[cases.size()];
    while (System.nanoTime() < end) {
      double[] rates = new double[cases.size()];
      for (int c = 0; c < cases.size(); c++) rates[c] = slice(cases.get(c), next, c, sliceNanos);
      if (System.nanoTime() > measureFrom) turns.add(rates);
      if (System.nanoTime() > nextReport) {
        nextReport += 5_000_000_000L;
        System.err.printf(Locale.ROOT, "%3.0f s  %s%n", (System.nanoTime() - start) / 1e9, line(cases, rates));
      }
    }
    System.out.printf(Locale.ROOT, "turns: %d (sink %d)%n", turns.size(), sink);
    for (int c = 0; c < cases.size(); c++) {
      int k = c;
      System.out.printf(Locale.ROOT, "%-14s median %6.2f M requests/s%n", cases.get(c).name(), median(turns, t -> t[k]) / 1e6);
    }
    if (cases.size() < 2) return;
    System.out.printf(Locale.ROOT, "large / small: median of turns %5.1f %%%n", 100 * median(turns, t -> t[1] / t[0]));
    if (cases.size() < 4) return;
    // per request: ns of the twice case minus ns of the once case = the second answer, on data in cache
    System.out.printf(Locale.ROOT, "small: once %.1f ns, the second time %.1f ns per request (medians of turns)%n",
        median(turns, t -> 1e9 / t[0]), median(turns, t -> 1e9 / t[2] - 1e9 / t[0]));
    System.out.printf(Locale.ROOT, "large: once %.1f ns, the second time %.1f ns per request (medians of turns)%n",
        median(turns, t -> 1e9 / t[1]), median(turns, t -> 1e9 / t[3] - 1e9 / t[1]));
  }

  private static List<Port> vpc(Engine engine, String name, int ports, long now) {
    Network net = Topology.network(engine, Topology.TENANT, "on-demand-" + name, FanoutPolicy.ON_DEMAND, now);
    Topology.subnet(engine, Topology.TENANT, net.id(), "10.0.0.0/12", now);
    int hosts = Math.max(1, ports / PORTS_PER_HOST);
    List<Port> vpc = new ArrayList<>(ports);
    for (int i = 0; i < ports; i++) vpc.add(Topology.port(engine, Topology.TENANT, net.id(), Topology.hostId(i % hosts), now));
    return vpc;
  }

  private static Case build(String name, PublishedView view, Engine engine, List<Port> vpc, Random rnd) {
    Case c = new Case(name, new OnDemandResolver(view), OnDemandRequests.build(engine, List.of(vpc), BATCHES, rnd), false);
    c.requests().checkAllRoutable(c.resolver(), name);
    return c;
  }

  /** Batch {@code b} of the case answered (twice for a twice case: the second answer is the one returned). */
  private static OnDemandBatch batch(Case c, int b) {
    OnDemandBatch q = once(c, b);
    return c.twice() ? once(c, b) : q;
  }

  private static OnDemandBatch once(Case c, int b) {
    OnDemandBatch q = c.requests().resolve(c.resolver(), b);
    if (answer) sink += OnDemandRequests.copyReplies(c.resolver(), q, replyScratch);
    return q;
  }

  /** Runs the case's batches for about {@code nanos}; returns requests per second. */
  private static double slice(Case c, int[] next, int index, long nanos) {
    long t0 = System.nanoTime();
    long t;
    int batches = 0;
    int b = next[index];
    do {
      for (int i = 0; i < 16; i++) {
        sink += batch(c, b).size();
        b = (b + 1) & (BATCHES - 1);
      }
      batches += 16;
    } while ((t = System.nanoTime()) - t0 < nanos);
    next[index] = b;
    return batches * (double) BATCH * 1e9 / (t - t0);
  }

  private interface Pick { double of(double[] turn); }

  private static double median(List<double[]> turns, Pick pick) {
    double[] v = new double[turns.size()];
    for (int i = 0; i < v.length; i++) v[i] = pick.of(turns.get(i));
    Arrays.sort(v);
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  private static String line(List<Case> cases, double[] rates) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cases.size(); c++) sb.append(String.format(Locale.ROOT, "%s %.2f M/s  ", cases.get(c).name(), rates[c] / 1e6));
    return sb.toString();
  }
}
