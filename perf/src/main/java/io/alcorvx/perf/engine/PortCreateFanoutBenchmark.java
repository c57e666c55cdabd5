package io.alcorvx.perf.engine;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.Engine;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.GoalStateCompiler;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.model.Network;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One port create in a push-mode VPC whose subnet spans {@code hosts} hosts, each of which already
 * has one port in that subnet: the new port's L2 neighbor entry must reach every one of them.
 *
 * <p>What is timed:
 * <ul>
 *   <li>{@link #createPort}: {@code engine.apply(CreatePort)} (validation, MAC/IP allocation,
 *       indexing) + {@code compiler.compile(changes)} (ops queued on all {@code hosts} host
 *       queues). The port is deleted again (apply + compile) in an untimed per-invocation
 *       teardown; its DELETE ops cancel the pending CREATE ops, so every create starts from the
 *       same state (empty queues).</li>
 *   <li>{@link #createAndDeletePort}: the same create followed by the delete, both timed, with no
 *       per-invocation fixtures (a cross-check of {@link #createPort} without JMH's
 *       Level.Invocation machinery).</li>
 *   <li>{@link #createPortAndDeliver}: create + compile, then for every touched host
 *       {@code poll} (builds its {@link Delta}) and {@code ack}: everything the engine side does
 *       before the gateway writes bytes. The delete and its delivery run in the untimed teardown.</li>
 * </ul>
 * Each invocation binds the port to the next host in turn.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PortCreateFanoutBenchmark {

  static final String PORT_ID = "0b5e4f9c-bench-port-0000-000000000001";

  @State(Scope.Thread)
  public static class Fixture {
    @Param({"1000", "10000"})
    public int hosts;

    Engine engine;
    GoalStateCompiler compiler;
    HostQueues queues;
    Command.CreatePort[] creates;
    Command.DeletePort delete;
    long now = 1_000_000;
    int next;

    @Setup(Level.Trial)
    public void build() {
      engine = Topology.newEngine(42);
      Network net = Topology.pushVpcWithAPortPerHost(engine, hosts, now);
      compiler = Topology.compiler(engine, 1);
      queues = compiler.queues();
      creates = new Command.CreatePort[hosts];
      for (int i = 0; i < hosts; i++) creates[i] = Topology.createPort(Topology.TENANT, PORT_ID, net.id(), Topology.hostId(i));
      delete = new Command.DeletePort(Topology.TENANT, PORT_ID);

      // the fan-out really reaches every host, and create + delete leaves the queues empty
      Set<String> touched = create();
      if (touched.size() != hosts) throw new IllegalStateException("create reached " + touched.size() + " hosts, expected " + hosts);
      long ops = queues.all().stream().mapToLong(q -> q.pendingCount()).sum();
      if (ops < hosts) throw new IllegalStateException("only " + ops + " ops queued for " + hosts + " hosts");
      delete();
      long left = queues.all().stream().mapToLong(q -> q.pendingCount()).sum();
      if (left != 0) throw new IllegalStateException(left + " ops left after create + delete");
    }

    Set<String> create() {
      ChangeSet changes = engine.apply(creates[next], ++now).changes();
      next = next + 1 == hosts ? 0 : next + 1;
      return compiler.compile(changes);
    }

    Set<String> delete() { return compiler.compile(engine.apply(delete, ++now).changes()); }

    /** Polls and acknowledges the push of every host given; returns the number of ops delivered. */
    int deliver(Set<String> touched) {
      int ops = 0;
      for (String host : touched) {
        Delta d = queues.poll(host);
        ops += d.ops().size();
        queues.ack(host, d.epoch(), d.toVersion());
      }
      return ops;
    }
  }

  /*
   * The measured methods reach the fixture through the Undo states (rather than taking it as a
   * second parameter): with Scope.Thread, JMH 1.37 would otherwise create two Fixture instances,
   * one for the method and one for the Undo state's dependency.
   */

  /** Deletes the port created by the measured invocation, outside the measurement. */
  @State(Scope.Thread)
  public static class Undo {
    Fixture fixture;

    @Setup(Level.Trial)
    public void bind(Fixture f) { fixture = f; }

    @TearDown(Level.Invocation)
    public void deletePort() { fixture.delete(); }
  }

  /** Deletes and delivers the deletion of the port created by the measured invocation, outside the measurement. */
  @State(Scope.Thread)
  public static class UndoDelivered {
    Fixture fixture;

    @Setup(Level.Trial)
    public void bind(Fixture f) { fixture = f; }

    @TearDown(Level.Invocation)
    public void deleteAndDeliver() { fixture.deliver(fixture.delete()); }
  }

  @Benchmark
  public Set<String> createPort(Undo undo) {
    return undo.fixture.create();
  }

  @Benchmark
  public Set<String> createAndDeletePort(Fixture f) {
    f.create();
    return f.delete();
  }

  @Benchmark
  public int createPortAndDeliver(UndoDelivered undo) {
    Fixture f = undo.fixture;
    return f.deliver(f.create());
  }
}
