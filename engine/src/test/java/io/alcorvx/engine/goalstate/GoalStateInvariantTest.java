package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.EngineException;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Model;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.*;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.engine.model.PortStatus;
import io.alcorvx.engine.model.Router;
import io.alcorvx.engine.model.SecurityGroup;
import io.alcorvx.engine.model.Subnet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core invariant: over long random sequences of creates, updates and deletes of every
 * resource type, each host that applies exactly the deltas it was sent (with random ACK delays,
 * coalescing behind unacknowledged pushes, lost ACKs, reconnects and engine restarts) holds
 * exactly the goal state computed from scratch for it.
 */
class GoalStateInvariantTest {
  private static final Actor ADMIN = new Actor("p1", true);
  private static final List<String> HOST_IDS = List.of("h1", "h2", "h3", "h4", "h5", "h6");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void agentsConvergeToTheirGoalStates(long seed) {
    new Run(seed, HostQueues.DEFAULT_MAX_PENDING_OPS).go(1500);
  }

  /** The same with a pending cap so small that slow hosts keep falling back to FULL states. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void agentsConvergeWhenTinyQueuesFallBackToFullStates(long seed) {
    Run run = new Run(seed, 4);
    run.go(1500);
    assertTrue(run.overflows() > 10, "the cap should be hit often, was " + run.overflows());
  }

  /**
   * The same with connected hosts allowed to fall behind by their goal state's size, hosts
   * disconnecting (back to the tiny cap) and reconnecting.
   */
  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24})
  void agentsConvergeWhenConnectedHostsMayFallBehindByTheirGoalState(long seed) {
    Run run = new Run(seed, 4);
    run.connectedAllowance = true;
    run.wire();
    run.go(1500);
    assertTrue(run.overflows() > 0, "disconnected hosts should still overflow the tiny cap");
  }

  private static final class Run {
    final Random rnd;
    final IdSource ids = IdSource.sequential("r");
    final EngineConfig config = EngineConfig.defaults().withModeThresholds(12, 6).withVniRange(100, 200);
    Engine engine = new Engine(config, ids);
    long epoch = 1;
    HostQueues queues;
    GoalStateCompiler compiler;
    final Map<String, SimulatedAgent> agents = new TreeMap<>();
    final Map<String, Delta> inFlight = new HashMap<>();
    final Map<String, Integer> ackAt = new HashMap<>();
    int step;
    int accepted;
    int refused;
    int fullPushes;

    final int maxPendingOps;
    /** Wire {@link HostQueues#goalSizeSource} and tell the queues when agents connect and disconnect. */
    boolean connectedAllowance;
    /** Per host, the largest allowance seen since it last disconnected (when the fixed cap is enforced at once). */
    final Map<String, Integer> largestAllowance = new HashMap<>();
    /** Overflows of the queues of earlier engine incarnations. */
    long earlierOverflows;

    Run(long seed, int maxPendingOps) {
      rnd = new Random(seed);
      this.maxPendingOps = maxPendingOps;
      wire();
    }

    long overflows() { return earlierOverflows + queues.overflows(); }

    void wire() {
      if (queues != null) earlierOverflows += queues.overflows();
      queues = new HostQueues(epoch, maxPendingOps);
      compiler = new GoalStateCompiler(engine.model(), queues);
      queues.fullStateSource(compiler::fullState);
      if (connectedAllowance) {
        queues.goalSizeSource(compiler::goalSizeBound);
        for (String h : agents.keySet()) queues.connected(h, true); // the sessions outlive the engine
      }
      compiler.initialize();
    }

    void go(int steps) {
      for (step = 0; step < steps; step++) {
        Command c = randomCommand();
        if (c != null) {
          try {
            Result r = engine.apply(c, step);
            accepted++;
            compiler.compile(r.changes());
          } catch (EngineException e) {
            refused++;
          }
        }
        deliver();
        if (rnd.nextInt(40) == 0) reconnectRandomAgent();
        if (step % 150 == 149) {
          flushAndCheck();
          if (rnd.nextInt(3) == 0) restartEngine();
        }
      }
      flushAndCheck();
      assertTrue(accepted > steps / 3, "too few accepted commands (" + accepted + "), the generator is off");
    }

    // ---- delivery --------------------------------------------------------------------------

    SimulatedAgent agent(String host) { return agents.computeIfAbsent(host, SimulatedAgent::new); }

    void deliver() {
      for (HostQueue q : new ArrayList<>(queues.all())) {
        String h = q.host();
        // coalescing is amortized (HostQueue#enqueue): a host may pass its cap before the log is next checked, never twice it
        // the allowance is read when the log is checked; a goal state may have shrunk since
        int allowance = largestAllowance.merge(h, queues.allowance(q), Math::max);
        assertTrue(q.pendingCount() < 2 * allowance, h + " has " + q.pendingCount() + " pending, twice its allowance " + allowance);
        if (!agents.containsKey(h)) {
          hello(agent(h)); // a host's agent connects before it receives anything
        } else if (!inFlight.containsKey(h)) {
          Delta d = queues.poll(h);
          if (d != null) send(h, d, step + rnd.nextInt(4));
        }
      }
      for (String h : new ArrayList<>(inFlight.keySet())) {
        if (ackAt.get(h) <= step) applyAndAck(h);
      }
    }

    void send(String host, Delta d, int when) {
      if (d.full()) fullPushes++;
      inFlight.put(host, d);
      ackAt.put(host, when);
    }

    void applyAndAck(String host) {
      Delta d = inFlight.remove(host);
      agent(host).apply(d);
      HostQueues.Ack ack = queues.ack(host, d.epoch(), d.toVersion());
      assertTrue(ack.accepted(), ack.reason());
    }

    /** The agent's stream breaks: the push in flight was applied (ACK lost) or not; then it says hello. */
    void reconnectRandomAgent() {
      if (agents.isEmpty()) return;
      List<String> hosts = new ArrayList<>(agents.keySet());
      String h = hosts.get(rnd.nextInt(hosts.size()));
      Delta d = inFlight.remove(h);
      SimulatedAgent a = agent(h);
      if (d != null && rnd.nextBoolean()) a.apply(d);
      if (connectedAllowance) {
        queues.connected(h, false);
        largestAllowance.remove(h);
      }
      hello(a);
    }

    void hello(SimulatedAgent a) {
      if (connectedAllowance) queues.connected(a.host, true);
      HostQueues.Resync r = queues.resync(a.host, a.epoch, a.version, a.digest(), a.state.size());
      if (r.inSync()) {
        a.epoch = r.epoch();
        a.version = r.version();
      } else {
        send(a.host, r.delta(), step + rnd.nextInt(3));
      }
    }

    void flushAndCheck() {
      for (int rounds = 0; rounds < 1000; rounds++) {
        boolean busy = false;
        for (String h : new ArrayList<>(inFlight.keySet())) {
          applyAndAck(h);
          busy = true;
        }
        for (HostQueue q : new ArrayList<>(queues.all())) {
          if (!agents.containsKey(q.host())) {
            hello(agent(q.host()));
            busy = true;
            continue;
          }
          Delta d = queues.poll(q.host());
          if (d != null) {
            send(q.host(), d, step);
            busy = true;
          }
        }
        if (!busy) break;
      }
      assertTrue(inFlight.isEmpty(), "delivery did not settle");
      Model m = engine.model();
      Set<String> hosts = new HashSet<>(agents.keySet());
      for (Port p : m.ports()) if (p.isBound()) hosts.add(p.hostKey());
      for (String h : hosts) {
        var expected = GoalStateOracle.of(m, h);
        var actual = agent(h).state;
        if (!expected.equals(actual)) {
          fail("step " + step + ", host " + h + ": agent state differs from the goal state\n  missing: "
              + diff(expected, actual) + "\n  unexpected: " + diff(actual, expected));
        }
        assertEquals(HostQueues.digest(compiler.fullState(h).values()), agent(h).digest(), "digest of " + h);
        assertEquals(expected.keySet(), compiler.fullState(h).keySet(), "FULL state of " + h);
        assertTrue(compiler.goalSizeBound(h) >= expected.size(), "goal size bound of " + h + " below its " + expected.size() + " entries");
        // the compiler keeps scopes up to date incrementally for newly bound ports: they must be
        // what a computation from scratch gives
        HostScope kept = compiler.scopeOf(h);
        HostScope fresh = HostScope.of(m, h);
        assertEquals(fresh.ports, kept.ports, "ports in the scope of " + h);
        assertEquals(fresh.subnets, kept.subnets, "subnets in the scope of " + h);
        assertEquals(fresh.l3Subnets, kept.l3Subnets, "L3 subnets in the scope of " + h);
        assertEquals(fresh.networks, kept.networks, "networks in the scope of " + h);
        assertEquals(fresh.securityGroups, kept.securityGroups, "security groups in the scope of " + h);
        assertEquals(fresh.routers, kept.routers, "routers in the scope of " + h);
      }
    }

    static String diff(Map<EntryKey, ?> a, Map<EntryKey, ?> b) {
      List<String> out = new ArrayList<>();
      for (var e : a.entrySet()) if (!e.getValue().equals(b.get(e.getKey()))) out.add(e.getKey().toString());
      return out.toString();
    }

    /** A new engine incarnation loads the same records; agents that hold their goal state must not get a FULL. */
    void restartEngine() {
      Model old = engine.model();
      Engine fresh = new Engine(config, ids);
      old.hosts().forEach(fresh::load);
      old.networks().forEach(fresh::load);
      old.securityGroups().forEach(fresh::load);
      old.subnets().forEach(fresh::load);
      old.routers().forEach(fresh::load);
      old.ports().forEach(fresh::load);
      engine = fresh;
      epoch++;
      wire();
      for (SimulatedAgent a : agents.values()) {
        HostQueues.Resync r = queues.resync(a.host, a.epoch, a.version, a.digest(), a.state.size());
        assertTrue(r.inSync(), "after a restart " + a.host + " holds its goal state and must resync without FULL");
        a.epoch = r.epoch();
        a.version = r.version();
      }
    }

    // ---- random commands -------------------------------------------------------------------

    <T> T pick(java.util.Collection<T> items, Comparator<T> order) {
      if (items.isEmpty()) return null;
      List<T> list = new ArrayList<>(items);
      list.sort(order);
      return list.get(rnd.nextInt(list.size()));
    }

    Network net() { return pick(engine.model().networks(), Comparator.comparing(Network::id)); }

    Subnet subnet() { return pick(engine.model().subnets(), Comparator.comparing(Subnet::id)); }

    Port port() { return pick(engine.model().ports(), Comparator.comparing(Port::id)); }

    SecurityGroup group() { return pick(engine.model().securityGroups(), Comparator.comparing(SecurityGroup::id)); }

    Router router() { return pick(engine.model().routers(), Comparator.comparing(Router::id)); }

    String hostBinding() {
      String h = HOST_IDS.get(rnd.nextInt(HOST_IDS.size()));
      return rnd.nextInt(4) == 0 ? "name-" + h : h; // sometimes bound by host name
    }

    Command randomCommand() {
      int dice = rnd.nextInt(100);
      Model m = engine.model();
      if (m.networks().size() < 2 || (dice < 2 && m.networks().size() < 5)) {
        FanoutPolicy policy = FanoutPolicy.values()[rnd.nextInt(3)];
        return new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, policy);
      }
      if (m.subnets().size() < 2 || (dice < 10 && m.subnets().size() < 10)) {
        Network n = net();
        int v = rnd.nextInt(5);
        String cidr = v == 0 ? "fd00:" + Integer.toHexString(rnd.nextInt(8)) + "::/64" : "10." + rnd.nextInt(4) + "." + rnd.nextInt(4) + ".0/27";
        return new CreateSubnet(ADMIN, null, null, n.id(), "s", null, null, cidr, null, null, null, null, null);
      }
      if (dice < 40) {
        // keep the population around a few dozen ports so VPCs cross the mode thresholds both ways
        if (m.ports().size() > 45) {
          Port p = port();
          return p.isRouterInterface() ? null : new DeletePort(ADMIN, p.id());
        }
        return createPort();
      }
      if (dice < 55) return updatePort();
      if (dice < 63) {
        Port p = port();
        return p == null ? null : new DeletePort(ADMIN, p.id());
      }
      if (dice < 66) {
        String h = HOST_IDS.get(rnd.nextInt(HOST_IDS.size()));
        return new RegisterHost(Actor.SYSTEM, h, "name-" + h, "192.168.0." + (1 + rnd.nextInt(200)), "02:00:00:00:00:0" + (1 + rnd.nextInt(8)));
      }
      if (dice < 69) return new CreateSecurityGroup(ADMIN, null, null, "g", null);
      if (dice < 74) return createRule();
      if (dice < 76) {
        SecurityGroup g = group();
        if (g == null || g.rules().isEmpty()) return null;
        return new DeleteSecurityGroupRule(ADMIN, g.rules().get(rnd.nextInt(g.rules().size())).id());
      }
      if (dice < 77) {
        SecurityGroup g = group();
        return g == null ? null : new DeleteSecurityGroup(ADMIN, g.id());
      }
      if (dice < 79) return new CreateRouter(ADMIN, null, null, "r", null, null, null);
      if (dice < 85) {
        Router r = router();
        Subnet s = subnet();
        return r == null || s == null ? null : new AddRouterInterface(ADMIN, r.id(), s.id(), null);
      }
      if (dice < 88) {
        Router r = router();
        if (r == null || r.interfaces().isEmpty()) return null;
        return new RemoveRouterInterface(ADMIN, r.id(), r.interfaces().get(rnd.nextInt(r.interfaces().size())).subnetId(), null);
      }
      if (dice < 90) return updateRouterRoutes();
      if (dice < 91) {
        Router r = router();
        return r == null ? null : new DeleteRouter(ADMIN, r.id());
      }
      if (dice < 94) {
        Subnet s = subnet();
        return s == null ? null : new UpdateSubnet(ADMIN, s.id(), "s" + step, null,
            rnd.nextInt(3) == 0 ? Optional.empty() : null, null, rnd.nextBoolean(), List.of("8.8.8.8"), null);
      }
      if (dice < 95) {
        Subnet s = subnet();
        return s == null ? null : new DeleteSubnet(ADMIN, s.id());
      }
      if (dice < 97) {
        Network n = net();
        return new UpdateNetwork(ADMIN, n.id(), "n" + step, null, null, null, null, null, FanoutPolicy.values()[rnd.nextInt(3)]);
      }
      if (dice < 98) {
        Network n = net();
        return new DeleteNetwork(ADMIN, n.id());
      }
      Port p = port();
      if (p == null) return null;
      return new SetPortStatus(Actor.SYSTEM, Map.of(p.id(), PortStatus.values()[rnd.nextInt(3)]));
    }

    Command createPort() {
      Network n = net();
      List<FixedIpSpec> ips = null;
      List<String> subnets = new ArrayList<>(engine.model().subnetsOf(n.id()));
      if (!subnets.isEmpty() && rnd.nextInt(3) == 0) {
        ips = new ArrayList<>();
        ips.add(new FixedIpSpec(subnets.get(rnd.nextInt(subnets.size())), null));
        if (rnd.nextInt(4) == 0) ips.add(new FixedIpSpec(subnets.get(rnd.nextInt(subnets.size())), null));
      }
      List<String> groups = null;
      if (rnd.nextInt(3) == 0) {
        SecurityGroup g = group();
        groups = g == null ? List.of() : List.of(g.id());
      }
      String binding = rnd.nextInt(5) == 0 ? null : hostBinding();
      return new CreatePort(ADMIN, null, null, n.id(), "p", null, null, ips, null, null, binding, groups, null, null);
    }

    Command updatePort() {
      Port p = port();
      if (p == null || p.isRouterInterface()) return null;
      return switch (rnd.nextInt(5)) {
        case 0 -> new UpdatePort(ADMIN, p.id(), null, null, null, null, null, null, rnd.nextInt(4) == 0 ? "" : hostBinding(), null, null, null);
        case 1 -> {
          SecurityGroup g = group();
          yield new UpdatePort(ADMIN, p.id(), null, null, null, null, null, null, null, g == null ? List.of() : List.of(g.id()), null, null);
        }
        case 2 -> {
          List<String> subnets = new ArrayList<>(engine.model().subnetsOf(p.networkId()));
          if (subnets.isEmpty()) yield null;
          yield new UpdatePort(ADMIN, p.id(), null, null, null, List.of(new FixedIpSpec(subnets.get(rnd.nextInt(subnets.size())), null)),
              null, null, null, null, null, null);
        }
        case 3 -> new UpdatePort(ADMIN, p.id(), "renamed" + step, null, null, null, null, null, null, null,
            List.of(new AddressPairSpec("10.9.9." + rnd.nextInt(250), null)), null);
        default -> new UpdatePort(ADMIN, p.id(), null, null, null, null, null, null, null, null, null, rnd.nextBoolean());
      };
    }

    Command createRule() {
      SecurityGroup g = group();
      if (g == null) return null;
      String[] protocols = {"tcp", "udp", "icmp", null};
      String proto = protocols[rnd.nextInt(protocols.length)];
      Integer min = "tcp".equals(proto) || "udp".equals(proto) ? 1 + rnd.nextInt(1000) : null;
      Integer max = min == null ? null : min + rnd.nextInt(100);
      SecurityGroup remote = rnd.nextInt(3) == 0 ? group() : null;
      return new CreateSecurityGroupRule(ADMIN, null, null, g.id(), rnd.nextBoolean() ? "ingress" : "egress",
          rnd.nextInt(4) == 0 ? "IPv6" : "IPv4", proto, min, max, null, remote == null ? null : remote.id(), null);
    }

    Command updateRouterRoutes() {
      Router r = router();
      if (r == null || r.interfaces().isEmpty()) return null;
      Subnet s = engine.model().subnet(r.interfaces().get(0).subnetId());
      if (s.ipVersion() != 4) return new UpdateRouter(ADMIN, r.id(), null, null, null, List.of());
      String hop = s.cidr().first().plus(5).toString();
      return new UpdateRouter(ADMIN, r.id(), null, null, null, List.of(new RouteSpec("172.16." + rnd.nextInt(9) + ".0/24", hop)));
    }
  }

}
