package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.*;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compile run in steps of one evaluation (the service yields its event loop between steps)
 * queues exactly what the one-shot compile queues, for every host, over random changes.
 */
class SteppedCompileTest {
  private static final Actor ADMIN = new Actor("p1", true);

  /** Two engines fed the same commands: one compiled at once, one in single-evaluation steps. */
  private final Engine once = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
  private final Engine stepped = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
  private final HostQueues onceQueues = new HostQueues(1, 1 << 20);
  private final HostQueues steppedQueues = new HostQueues(1, 1 << 20);
  private final GoalStateCompiler onceCompiler = new GoalStateCompiler(once.model(), onceQueues);
  private final GoalStateCompiler steppedCompiler = new GoalStateCompiler(stepped.model(), steppedQueues);

  private static <T> T pick(Random rnd, java.util.Collection<T> items, Comparator<T> order) {
    if (items.isEmpty()) return null;
    List<T> l = new ArrayList<>(items);
    l.sort(order);
    return l.get(rnd.nextInt(l.size()));
  }

  private Command next(Random rnd) {
    var m = once.model();
    int dice = rnd.nextInt(100);
    if (m.networks().size() < 2) return new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.PUSH);
    var n = pick(rnd, m.networks(), Comparator.comparing(x -> x.id()));
    if (m.subnets().size() < 3 || dice < 4) {
      return new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, "10." + rnd.nextInt(6) + ".0.0/24", null, null, null, null, null);
    }
    if (dice < 50) return new CreatePort(ADMIN, null, null, n.id(), "p", null, null, null, null, null, "h" + rnd.nextInt(6), null, null, null);
    Port p = pick(rnd, m.ports(), Comparator.comparing(Port::id));
    if (dice < 62) return p == null || p.isRouterInterface() ? null : new DeletePort(ADMIN, p.id());
    if (dice < 75) {
      return p == null || p.isRouterInterface() ? null
          : new UpdatePort(ADMIN, p.id(), null, null, null, null, null, null, "h" + rnd.nextInt(6), null, null, null);
    }
    if (dice < 80) return new CreateRouter(ADMIN, null, null, "r", null, null, null);
    Router r = pick(rnd, m.routers(), Comparator.comparing(Router::id));
    if (r == null) return null;
    if (dice < 92) return new AddRouterInterface(ADMIN, r.id(), pick(rnd, m.subnets(), Comparator.comparing(Subnet::id)).id(), null);
    return r.interfaces().isEmpty() ? null : new RemoveRouterInterface(ADMIN, r.id(), r.interfaces().get(0).subnetId(), null);
  }

  /** Each host's coalesced pending operations, as comparable text. */
  private static Map<String, String> pending(HostQueues queues) {
    Map<String, String> out = new TreeMap<>();
    for (HostQueue q : queues.all()) {
      Map<String, String> ops = new TreeMap<>();
      for (Op o : q.drainPending()) ops.put(o.key().toString(), o.type() + (o.entry() == null ? "" : " " + o.entry().configuration()));
      out.put(q.host(), ops.toString());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void steppedCompilesQueueWhatOneShotCompilesQueue(long seed) {
    Random rnd = new Random(seed);
    int stepsSeen = 0;
    for (int i = 0; i < 300; i++) {
      Command c = next(rnd);
      if (c == null) continue;
      Result a;
      try {
        a = once.apply(c, i);
      } catch (EngineException refused) {
        assertThrowsToo(c, i);
        continue;
      }
      Result b = stepped.apply(c, i);
      onceCompiler.compile(a.changes());
      GoalStateCompiler.StagedCompile job = steppedCompiler.beginStaged(b.changes());
      int steps = 1;
      while (!job.step(1)) steps++;
      stepsSeen = Math.max(stepsSeen, steps);
      steppedQueues.release(job.staged());
      assertEquals(pending(onceQueues), pending(steppedQueues), "after command " + i + ": " + c);
    }
    assertTrue(stepsSeen > 5, "the scenario should need several steps per compile: " + stepsSeen);
  }

  private void assertThrowsToo(Command c, int i) {
    boolean refused = false;
    try {
      stepped.apply(c, i);
    } catch (EngineException e) {
      refused = true;
    }
    assertTrue(refused, "both engines refuse " + c);
  }
}
