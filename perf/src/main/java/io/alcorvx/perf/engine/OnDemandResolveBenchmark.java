package io.alcorvx.perf.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.ondemand.OnDemandBatch;
import io.alcorvx.engine.ondemand.OnDemandResolver;
import io.alcorvx.engine.ondemand.PublishedView;
import io.alcorvx.engine.ondemand.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * On-demand resolution in a VPC (ON_DEMAND policy, one /12 subnet) of {@code ports} ports, ten
 * per host, all in the project's default security group (egress anything; ingress from members of
 * the group). Each invocation resolves the next of 65,536 pre-generated random (source,
 * destination) pairs of existing ports of one VPC, TCP to port 80, asked by the source's host;
 * every pair is ROUTABLE (checked in setup). Addresses and asking-host names are pre-parsed and
 * distinct objects per pair, as a gateway would hand them over after decoding a request.
 *
 * <p>{@code modelPorts} is a control for CPU-cache effects: 0 (the default) builds the one VPC
 * only; n builds n / ports VPCs of {@code ports} ports each and draws every pair within a VPC
 * picked at random, so the engine's size and the working set stay the same while the VPC size
 * varies.
 *
 * <p>What is timed: {@link #resolve} is {@code OnDemandResolver.resolve} alone (both (VNI, IP)
 * lookups, host check, both security-group checks); {@link #resolveWithStates} also builds the
 * states of the reply ({@code statesFor}: the neighbor and subnet entries, as protobuf messages);
 * {@link #resolveBatch} resolves 64 requests of one host together, and {@link #answerBatch} also
 * reads what their replies copy.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
// as the service runs (run.sh): without huge pages, a large VPC's lookups also miss the TLB, and
// the score jumps when khugepaged happens to collapse the heap in the middle of a run
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnDemandResolveBenchmark {
  static final int PAIRS = 1 << 16;
  static final int PORTS_PER_HOST = 10;

  @Param({"100", "1000", "10000", "100000"})
  public int ports;

  @Param({"0"})
  public int modelPorts;

  /**
   * What the resolver reads: {@code model} (the engine owner's own indexes) or {@code published}
   * (the {@link PublishedView} the gateway resolves from in the service).
   */
  @Param({"model"})
  public String view;

  OnDemandResolver resolver;
  final String[] askingHost = new String[PAIRS];
  final long[] vni = new long[PAIRS];
  final IpAddress[] src = new IpAddress[PAIRS];
  final IpAddress[] dst = new IpAddress[PAIRS];
  int next;

  /** {@link #resolveBatch}'s requests: PAIRS / BATCH batches, each asked by one host about flows from its ports. */
  static final int BATCH = OnDemandRequests.BATCH;
  OnDemandRequests batches;
  int nextBatch;

  @Setup(Level.Trial)
  public void build() {
    long now = 1_000_000;
    Engine engine = Topology.newEngine(7);
    int vpcs = Math.max(1, modelPorts / ports);
    int hosts = Math.max(1, vpcs * ports / PORTS_PER_HOST);
    Topology.registerHosts(engine, hosts, now);
    List<List<Port>> byVpc = new ArrayList<>(vpcs);
    int bound = 0;
    for (int v = 0; v < vpcs; v++) {
      Network net = Topology.network(engine, Topology.TENANT, "on-demand-vpc-" + v, FanoutPolicy.ON_DEMAND, now);
      Topology.subnet(engine, Topology.TENANT, net.id(), "10.0.0.0/12", now);
      List<Port> vpc = new ArrayList<>(ports);
      for (int i = 0; i < ports; i++) vpc.add(Topology.port(engine, Topology.TENANT, net.id(), Topology.hostId(bound++ % hosts), now));
      byVpc.add(vpc);
    }
    resolver = switch (view) {
      case "model" -> new OnDemandResolver(engine.model());
      case "published" -> new OnDemandResolver(PublishedView.of(engine.model()));
      default -> throw new IllegalArgumentException("view must be model or published, got " + view);
    };

    Random rnd = new Random(1234);
    for (int k = 0; k < PAIRS; k++) {
      List<Port> vpc = byVpc.get(rnd.nextInt(vpcs));
      int s = rnd.nextInt(ports);
      int d = rnd.nextInt(ports - 1);
      if (d >= s) d++;
      Port a = vpc.get(s);
      Port b = vpc.get(d);
      askingHost[k] = new String(a.hostKey().toCharArray());
      vni[k] = engine.model().network(a.networkId()).segmentationId();
      src[k] = IpAddress.parse(a.fixedIps().get(0).ipAddress().toString());
      dst[k] = IpAddress.parse(b.fixedIps().get(0).ipAddress().toString());
      Resolution r = resolver.resolve(askingHost[k], vni[k], src[k], dst[k], OnDemandResolver.TCP, 80);
      if (!r.routable() || r.destination() != b) throw new IllegalStateException("pair " + k + " resolved to " + r.outcome());
    }
    batches = OnDemandRequests.build(engine, byVpc, PAIRS / BATCH, rnd);
    batches.checkAllRoutable(resolver, "resolveBatch");
  }

  @Benchmark
  public Resolution resolve() {
    int k = next;
    next = (k + 1) & (PAIRS - 1);
    return resolver.resolve(askingHost[k], vni[k], src[k], dst[k], OnDemandResolver.TCP, 80);
  }

  /**
   * A batch of 64 requests from one host, resolved stage by stage
   * ({@link OnDemandResolver#resolve(String, OnDemandBatch)}); scored per request.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public OnDemandBatch resolveBatch() {
    int b = nextBatch;
    nextBatch = (b + 1) & (PAIRS / BATCH - 1);
    return batches.resolve(resolver, b); // a new batch per request, as the gateway makes one
  }

  /** Where {@link #answerBatch} copies the reply bytes (a sink, reused: byte stores cost no barrier). */
  final byte[] replyScratch = new byte[1 << 16];

  /**
   * What the gateway does for one agent's request of 64, short of the protobuf parse and the
   * network: the batch resolved, its replies warmed, each answer's states found, and each state's
   * reply bytes ({@code Entry.replyWire}) copied out, as the reply encoder does. In a large VPC
   * the reply bytes are the destination's own cold memory, so this shows what a reply adds to a
   * resolution's cache misses. Scored per request.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int answerBatch() {
    return OnDemandRequests.copyReplies(resolver, resolveBatch(), replyScratch);
  }

  @Benchmark
  public List<Entry> resolveWithStates() {
    int k = next;
    next = (k + 1) & (PAIRS - 1);
    return resolver.statesFor(resolver.resolve(askingHost[k], vni[k], src[k], dst[k], OnDemandResolver.TCP, 80));
  }
}
