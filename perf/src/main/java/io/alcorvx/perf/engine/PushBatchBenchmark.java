package io.alcorvx.perf.engine;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.GoalStateCompiler;
import io.alcorvx.engine.goalstate.HostQueue;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.model.Port;
import java.util.ArrayList;
import java.util.List;
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
 * Push fan-out under load, the engine's part: while hosts wait for acknowledgements, {@code batch}
 * port creates in one push VPC of {@code hosts} hosts are compiled held back, released as durable
 * (as the service does after each commit), and then every host's push is taken and acknowledged,
 * each carrying {@code batch} neighbor entries. Reports the time per batch; divided by batch × hosts,
 * the cost of one operation from compile to acknowledgement (without the wire encoding).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PushBatchBenchmark {

  @State(Scope.Thread)
  public static class Fixture {
    @Param({"1000"})
    public int hosts;

    @Param({"16", "100"})
    public int batch;

    Engine engine;
    GoalStateCompiler compiler;
    HostQueues queues;
    String networkId;
    final List<String> created = new ArrayList<>();
    long now = 1_000_000;
    int next;

    @Setup(Level.Trial)
    public void build() {
      engine = Topology.newEngine(42);
      networkId = Topology.pushVpcWithAPortPerHost(engine, hosts, now).id();
      compiler = Topology.compiler(engine, 1);
      queues = compiler.queues();
      deliverAll();
      int ops = createBatchAndDeliver();
      if (ops < batch * (hosts - 1)) throw new IllegalStateException("a batch delivered " + ops + " ops to " + hosts + " hosts");
      deleteBatch();
    }

    /** Applies a command, compiles it held back and releases it as durable. */
    Object apply(Command c) {
      var r = engine.apply(c, ++now);
      queues.release(compiler.compileStaged(r.changes()), now);
      return r.value();
    }

    int createBatchAndDeliver() {
      for (int i = 0; i < batch; i++) {
        String host = Topology.hostId(next);
        next = next + 1 == hosts ? 0 : next + 1;
        created.add(((Port) apply(Topology.createPort(Topology.TENANT, null, networkId, host))).id());
      }
      return deliverAll();
    }

    /** Takes and acknowledges every host's push; returns the number of ops delivered. */
    int deliverAll() {
      int ops = 0;
      for (HostQueue q : queues.all()) {
        Delta d = queues.poll(q.host());
        if (d == null) continue;
        ops += d.ops().size();
        queues.ack(q.host(), d.epoch(), d.toVersion());
      }
      return ops;
    }

    void deleteBatch() {
      for (String id : created) apply(new Command.DeletePort(Topology.TENANT, id));
      created.clear();
      deliverAll();
    }
  }

  /** Deletes (and delivers the deletion of) the ports the measured invocation created, outside the measurement. */
  @State(Scope.Thread)
  public static class Undo {
    Fixture fixture;

    @Setup(Level.Trial)
    public void bind(Fixture f) { fixture = f; }

    @TearDown(Level.Invocation)
    public void deleteBatch() { fixture.deleteBatch(); }
  }

  @Benchmark
  public int createBatchAndDeliver(Undo undo) { return undo.fixture.createBatchAndDeliver(); }
}
