package io.alcorvx.perf.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.goalstate.GoalStateCompiler;
import io.alcorvx.engine.goalstate.HostScope;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.Random;

/**
 * Heap held by the engine with 1,000,000 ports on 10,000 hosts (not a JMH benchmark: run it with
 * {@code java -Xmx3g -cp perf/target/alcor-benchmarks.jar io.alcorvx.perf.engine.EngineMemoryFootprint}).
 *
 * <p>The VPCs are a mix of sizes: 10 VPCs of 10,000 ports, 400 of 1,000 and 5,000 of 100, owned by
 * 1,000 projects (each with its default security group), one IPv4 subnet per VPC (tenant
 * subnets overlap across VPCs, as they do in real clouds), each port bound to a host drawn at
 * random, with Neutron-style UUID ids. Fan-out policy AUTO (the default): the 10 large VPCs go
 * on-demand when they pass 1,000 ports, the others stay in push mode.
 *
 * <p>Prints the heap used after forced GCs: before building, after the model is built, and after
 * the goal-state compiler has computed every host's scope ({@code initialize()}); and the times.
 */
public final class EngineMemoryFootprint {
  private EngineMemoryFootprint() {}

  /** VPC size classes: {ports per VPC, number of VPCs, subnet prefix length}. */
  static final int[][] MIX = {{10_000, 10, 18}, {1_000, 400, 21}, {100, 5_000, 24}};
  static final int HOSTS = 10_000;
  static final int PROJECTS = 1_000;

  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.out.printf(Locale.ROOT, "max heap %,d MB, %s %s%n", Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
    long base = usedAfterGc(memory);
    long now = 1_000_000;

    long t0 = System.nanoTime();
    Engine engine = Topology.newEngine(2024);
    Topology.registerHosts(engine, HOSTS, now);
    Random rnd = new Random(99);
    Actor[] projects = new Actor[PROJECTS];
    for (int p = 0; p < PROJECTS; p++) projects[p] = new Actor(String.format("%032x", rnd.nextLong() & Long.MAX_VALUE), false);
    int vpcs = 0;
    int onDemand = 0;
    long ports = 0;
    for (int[] size : MIX) {
      for (int v = 0; v < size[1]; v++) {
        Actor owner = projects[vpcs++ % PROJECTS];
        Network net = Topology.network(engine, owner, null, FanoutPolicy.AUTO, now);
        Topology.subnet(engine, owner, net.id(), "10.0.0.0/" + size[2], now);
        for (int i = 0; i < size[0]; i++) {
          engine.apply(Topology.createPort(owner, null, net.id(), Topology.hostId(rnd.nextInt(HOSTS))), ++now);
        }
        ports += size[0];
        if (!engine.model().network(net.id()).pushMode()) onDemand++;
      }
    }
    long buildNanos = System.nanoTime() - t0;
    long model = usedAfterGc(memory);

    long t1 = System.nanoTime();
    GoalStateCompiler compiler = Topology.compiler(engine, 1);
    long initNanos = System.nanoTime() - t1;
    long withScopes = usedAfterGc(memory);

    long scopePorts = 0;
    long scopeSubnets = 0;
    for (int h = 0; h < HOSTS; h++) {
      HostScope s = compiler.scopeOf(Topology.hostId(h));
      scopePorts += s.ports().size();
      scopeSubnets += s.subnets().size();
    }

    System.out.printf(Locale.ROOT, "model: %,d ports, %,d hosts, %,d VPCs (%,d on-demand, %,d push), %,d subnets, %,d security groups%n",
        engine.model().ports().size(), engine.model().hosts().size(), vpcs, onDemand, vpcs - onDemand,
        engine.model().subnets().size(), engine.model().securityGroups().size());
    System.out.printf(Locale.ROOT, "scopes: %,d hosts, %,d port refs, %,d subnet refs%n", HOSTS, scopePorts, scopeSubnets);
    System.out.printf(Locale.ROOT, "build (register hosts + %,d commands): %.1f s (%.1f µs per port)%n",
        ports + vpcs * 2L, buildNanos / 1e9, buildNanos / 1e3 / ports);
    System.out.printf(Locale.ROOT, "compiler.initialize(): %.2f s%n", initNanos / 1e9);
    System.out.printf(Locale.ROOT, "heap used after GC: empty JVM %,d MB%n", base >> 20);
    System.out.printf(Locale.ROOT, "heap used after GC: engine model %,d MB (%,d bytes per port over the empty JVM)%n",
        model >> 20, (model - base) / ports);
    System.out.printf(Locale.ROOT, "heap used after GC: model + compiler scopes %,d MB (scopes %,d MB)%n",
        withScopes >> 20, (withScopes - model) >> 20);
    Reference.reachabilityFence(engine);
    Reference.reachabilityFence(compiler);
  }

  /** Heap in use after a few full collections (until it stops shrinking). */
  static long usedAfterGc(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used && i >= 2) return now;
      used = Math.min(used, now);
    }
    return used;
  }
}
