package io.alcorvx.service.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.goalstate.HostQueues;
import io.alcorvx.engine.goalstate.Op;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.proto.ResourceType;
import io.alcorvx.service.session.SessionMessages;
import io.alcorvx.service.session.SessionMessages.Ack;
import io.alcorvx.service.session.SessionMessages.Closed;
import io.alcorvx.service.session.SessionMessages.Hello;
import io.alcorvx.service.session.SessionMessages.HelloResult;
import io.alcorvx.service.session.SessionMessages.Nack;
import io.alcorvx.service.session.SessionMessages.Push;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine owner's session side with FULL pushes limited (max-fulls-in-flight) and pending
 * operations capped (max-pending-ops-per-host): a real EngineVerticle with an in-memory store,
 * and this test standing in for the gateway on the event bus (hellos, ACKs, NACKs, closes in;
 * pushes out).
 */
class FullPushLimitTest {
  private static final Actor ADMIN = new Actor("p1", true);
  private static final String GATEWAY = "test.gateway.delivery";
  private static final long WAIT_MS = 10_000;
  /** Long enough for a push that is due to arrive: the engine answers within milliseconds. */
  private static final long QUIET_MS = 500;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private final Map<String, BlockingQueue<Delta>> pushes = new ConcurrentHashMap<>();
  /** Hosts whose pushes the stand-in gateway acknowledges at once (agents that keep up). */
  private final Set<String> keepingUp = ConcurrentHashMap.newKeySet();
  private Vertx vertx;
  private EngineVerticle engine;
  private EngineClient client;
  /** Evaluations per event-loop turn of a compile (1 = every compile runs in many steps). */
  private long compileSlice = EngineVerticle.DEFAULT_COMPILE_SLICE;
  /** When set, commits complete only when the test completes it (a slow database). */
  private volatile Promise<Void> gate;
  private String network;

  private void start(int maxPendingOpsPerHost, int maxFullsInFlight) throws Exception {
    start(maxPendingOpsPerHost, maxFullsInFlight, EngineVerticle.DEFAULT_FULL_SLOT_LEASE_MS);
  }

  private void start(int maxPendingOpsPerHost, int maxFullsInFlight, long fullSlotLeaseMs) throws Exception {
    vertx = Vertx.vertx();
    LocalCodec.register(vertx);
    vertx.eventBus().<Object>localConsumer(GATEWAY, m -> {
      Push p = (Push) m.body();
      if (keepingUp.contains(p.hostId())) ack(p.delta());
      else pushes.computeIfAbsent(p.hostId(), h -> new LinkedBlockingQueue<>()).add(p.delta());
    }).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Durability memory = new Durability() {
      @Override public Future<Void> commit(ChangeSet changes) {
        Promise<Void> held = gate;
        return held == null ? Future.succeededFuture() : held.future();
      }

      @Override public Future<Void> reset() { return Future.succeededFuture(); }
    };
    engine = new EngineVerticle(EngineConfig.defaults(), memory, sink -> Future.succeededFuture(0L), () -> Future.succeededFuture(1L),
        registry, new AtomicBoolean(), maxPendingOpsPerHost, maxFullsInFlight).fullSlotLease(fullSlotLeaseMs)
        .compileSlice(compileSlice);
    vertx.deployVerticle(engine).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = new EventBusEngineClient(vertx);
    network = ((Network) run(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.PUSH))).id();
    run(new CreateSubnet(ADMIN, null, null, network, "s", null, null, "10.0.0.0/24", null, null, null, null, null));
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFullStateIsSentOnlyOnceEverythingItHoldsIsDurable() throws Exception {
    start(HostQueues.DEFAULT_MAX_PENDING_OPS, 16);
    // registered by a first hello (it holds nothing and is due nothing: in sync); a repeated hello
    // with the same address changes nothing, so it commits nothing
    Hello first = new Hello("b", "b", "192.168.0.2", "02:00:00:00:00:02", 0, 0, 0, 0, GATEWAY, 2);
    HelloResult registered = (HelloResult) vertx.eventBus().request(SessionMessages.ENGINE_ADDRESS, first, local)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    assertTrue(registered.accepted(), registered.error());
    close("b");
    gate = Promise.promise();
    client.execute(new CreatePort(ADMIN, null, null, network, "slow", null, null, null, null, null, "b", null, null, null));
    Hello again = new Hello("b", "b", "192.168.0.2", "02:00:00:00:00:02", 0, 0, 0, 0, GATEWAY, 3);
    CompletableFuture<Object> answer = vertx.eventBus().request(SessionMessages.ENGINE_ADDRESS, again, local)
        .map(m -> m.body()).toCompletionStage().toCompletableFuture();
    Thread.sleep(QUIET_MS);
    assertFalse(answer.isDone(), "the FULL would carry a port whose commit is still in flight");
    Promise<Void> open = gate;
    gate = null;
    vertx.runOnContext(v -> open.complete());
    HelloResult r = (HelloResult) answer.get(WAIT_MS, TimeUnit.MILLISECONDS);
    assertTrue(r.push().delta().full());
    assertTrue(r.push().delta().ops().stream().anyMatch(o -> o.key().type() == ResourceType.PORT), "the port, now durable");
  }

  @Test
  void aConnectedHostBehindByMoreThanTheCapGetsADeltaUntilItDisconnects() throws Exception {
    int cap = 16;
    start(cap, 16);
    port("slow");
    ack(hello("slow", 1));
    settle("slow");
    // the other ports are on a host whose agent keeps up (hosts that never connect would overflow the cap themselves)
    keepingUp.add("fast");
    port("fast");
    ack(hello("fast", 2));
    Delta outstanding = next("slow");
    for (int i = 0; i < 2 * cap; i++) port("fast");
    nothingFor("slow"); // one push outstanding: the rest waits
    ack(outstanding);
    Delta behind = next("slow");
    assertFalse(behind.full(), "a connected host in a VPC larger than the cap gets what it missed, not a FULL");
    assertTrue(behind.ops().size() >= 2 * cap, "every neighbor it missed (and the first one's status), got " + behind.ops().size());
    assertEquals(0.0, registry.get("alcor_goalstate_pending_overflows_total").counter().count());

    // its session ends with more than the cap waiting: a disconnected host keeps at most the cap
    for (int i = 0; i < 2 * cap; i++) port("fast");
    close("slow");
    await(() -> registry.get("alcor_goalstate_pending_overflows_total").counter().count() == 1.0, "one overflow");
    assertEquals(0.0, registry.get("alcor_goalstate_pending_overflows_connected_total").counter().count(), "of a disconnected host");
  }

  @Test
  void deltasLargerThanTheCapTakeFullSlotsToo() throws Exception {
    int cap = 16;
    start(cap, 1);
    twoHostsInSync("s1", "s2");
    keepingUp.add("fast");
    port("fast");
    ack(hello("fast", 3));
    Delta out1 = next("s1");
    Delta out2 = next("s2");
    for (int i = 0; i < 2 * cap; i++) port("fast"); // both connected hosts fall 2 x cap behind: no FULL, large deltas
    ack(out1);
    Delta large1 = next("s1");
    assertFalse(large1.full());
    assertTrue(large1.ops().size() > cap);
    ack(out2);
    nothingFor("s2"); // the one slot is s1's: a large delta is held as bytes like a FULL
    awaitGauge("alcor_goalstate_fulls_waiting", 1);
    ack(large1);
    Delta large2 = next("s2");
    assertFalse(large2.full());
    assertTrue(large2.ops().size() > cap);
    assertEquals(0.0, registry.get("alcor_goalstate_pending_overflows_total").counter().count());
  }

  @Test
  void commandsArrivingDuringASteppedCompileWaitForItInOrderAndHostsConverge() throws Exception {
    compileSlice = 1; // every compile yields the event loop after each evaluation
    start(HostQueues.DEFAULT_MAX_PENDING_OPS, 16);
    List<String> hosts = List.of("s1", "s2", "s3");
    Map<String, Map<EntryKey, Op>> held = new ConcurrentHashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      port(hosts.get(i));
      Delta full = hello(hosts.get(i), i + 1);
      applyTo(held.computeIfAbsent(hosts.get(i), h -> new ConcurrentHashMap<>()), full);
      ack(full);
    }
    List<CompletableFuture<Object>> creates = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) { // sent together: most arrive while an earlier one is still compiling
      // every other port on a host new to the subnet: its arrival changes the very host sets a
      // compile in progress is walking, so applying it early would break that compile
      String host = i % 2 == 0 ? hosts.get(i / 2 % hosts.size()) : "fresh-" + i;
      creates.add(client.execute(new CreatePort(ADMIN, null, null, network, "c" + i, null, null, null, null, null,
          host, null, null, null)).toCompletionStage().toCompletableFuture());
    }
    List<Long> addresses = new java.util.ArrayList<>();
    for (CompletableFuture<Object> c : creates) {
      io.alcorvx.engine.model.Port p = (io.alcorvx.engine.model.Port) c.get(WAIT_MS, TimeUnit.MILLISECONDS);
      addresses.add(p.fixedIps().get(0).ipAddress().lo());
    }
    assertEquals(addresses.stream().sorted().toList(), addresses, "applied in arrival order (addresses allocated in turn)");
    for (boolean busy = true; busy; ) { // the agents apply and acknowledge until nothing more comes
      busy = false;
      for (String h : hosts) {
        Delta d = queue(h).poll(QUIET_MS, TimeUnit.MILLISECONDS);
        if (d == null) continue;
        applyTo(held.get(h), d);
        ack(d);
        busy = true;
      }
    }
    for (String h : hosts) {
      Map<EntryKey, Entry> goal = engine.goalStateOf(h).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(goal.keySet(), held.get(h).keySet(), h + " holds exactly its goal state");
    }
  }

  private static void applyTo(Map<EntryKey, Op> state, Delta d) {
    if (d.full()) state.clear();
    for (Op o : d.ops()) {
      if (o.isDelete()) state.remove(o.key());
      else state.put(o.key(), o);
    }
  }

  @Test
  void aFullAfterANackWaitsForTheCommitsInFlight() throws Exception {
    start(HostQueues.DEFAULT_MAX_PENDING_OPS, 16);
    port("a");
    ack(hello("a", 1));
    port("a");
    Delta delta = next("a");
    gate = Promise.promise();
    client.execute(new CreatePort(ADMIN, null, null, network, "slow", null, null, null, null, null, "a", null, null, null));
    nack(delta); // the agent could not apply it: its next push is a FULL, read from memory
    nothingFor("a");
    Promise<Void> open = gate;
    gate = null;
    vertx.runOnContext(v -> open.complete());
    Delta full = next("a");
    assertTrue(full.full());
    assertEquals(engine.goalStateOf("a").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).keySet(),
        full.ops().stream().map(Op::key).collect(java.util.stream.Collectors.toSet()));
  }

  // ------------------------------------------------------------------ the stand-in gateway and agents

  private Object run(Command c) throws Exception {
    return client.execute(c).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void port(String host) throws Exception { run(portOn(host)); }

  private CreatePort portOn(String host) {
    return new CreatePort(ADMIN, null, null, network, "p", null, null, null, null, null, host, null, null, null);
  }

  /** The host's agent connects knowing nothing; returns the FULL state that answers it. */
  private Delta hello(String host, int n) throws Exception {
    Hello hello = new Hello(host, host, "192.168.0." + n, "02:00:00:00:00:0" + n, 0, 0, 0, 0, GATEWAY, n);
    HelloResult r = (HelloResult) vertx.eventBus().request(SessionMessages.ENGINE_ADDRESS, hello, local)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    assertTrue(r.accepted(), r.error());
    assertNotNull(r.push(), "a host holding nothing gets its goal state");
    assertTrue(r.push().delta().full());
    return r.push().delta();
  }

  private void ack(Delta d) {
    vertx.eventBus().send(SessionMessages.ENGINE_ADDRESS, new Ack(d.host(), d.epoch(), d.toVersion()), local);
  }

  private void nack(Delta d) {
    vertx.eventBus().send(SessionMessages.ENGINE_ADDRESS, new Nack(d.host(), d.epoch(), d.toVersion(), List.of(), "test"), local);
  }

  private void close(String host) {
    vertx.eventBus().send(SessionMessages.ENGINE_ADDRESS, new Closed(host, GATEWAY), local);
  }

  private BlockingQueue<Delta> queue(String host) { return pushes.computeIfAbsent(host, h -> new LinkedBlockingQueue<>()); }

  private Delta next(String host) throws InterruptedException {
    Delta d = queue(host).poll(WAIT_MS, TimeUnit.MILLISECONDS);
    assertNotNull(d, "no push for " + host);
    return d;
  }

  private void nothingFor(String host) throws InterruptedException {
    Delta d = queue(host).poll(QUIET_MS, TimeUnit.MILLISECONDS);
    assertNull(d, () -> host + " got a push it should not have: " + d);
  }

  /** Acknowledges whatever the hosts get until they get nothing more (the ports turning ACTIVE, for instance). */
  private void settle(String... hosts) throws InterruptedException {
    for (boolean busy = true; busy; ) {
      busy = false;
      for (String h : hosts) {
        Delta d = queue(h).poll(QUIET_MS, TimeUnit.MILLISECONDS);
        if (d != null) {
          ack(d);
          busy = true;
        }
      }
    }
  }

  /** Two hosts with a port each connect and acknowledge their FULLs and whatever follows (statuses). */
  private void twoHostsInSync(String a, String b) throws Exception {
    port(a);
    port(b);
    ack(hello(a, 1));
    ack(hello(b, 2));
    settle(a, b);
  }

  /** Two connected hosts in sync with a port each; then both are sent a delta they refuse, so both are due a FULL. */
  private Delta[] twoHostsDueAFull() throws Exception {
    port("h1");
    port("h2");
    Delta first = hello("h1", 1);
    Delta second = hello("h2", 2);
    // FULLs answering a hello are not held back, even past the limit
    ack(first);
    ack(second);
    settle("h1", "h2");
    port("h1"); // h1 gets the port, h2 its neighbor entry
    Delta d1 = next("h1");
    Delta d2 = next("h2");
    assertFalse(d1.full());
    assertFalse(d2.full());
    nack(d1);
    Delta full1 = next("h1");
    assertTrue(full1.full(), "a refused push is followed by a FULL");
    nack(d2);
    nothingFor("h2"); // the one FULL slot is taken by h1
    awaitGauge("alcor_goalstate_fulls_in_flight", 1);
    awaitGauge("alcor_goalstate_fulls_waiting", 1);
    return new Delta[] {full1, d2};
  }

  private void assertIsGoalStateOf(String host, Delta full) throws Exception {
    assertTrue(full.full());
    Map<EntryKey, Entry> goal = engine.goalStateOf(host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(goal.keySet(), full.ops().stream().map(Op::key).collect(Collectors.toSet()), "the FULL holds the whole goal state of " + host);
    assertEquals(HostQueues.digest(goal.values()), full.expectedDigest());
  }

  private void awaitGauge(String name, double value) {
    await(() -> registry.get(name).gauge().value() == value, name + " == " + value);
  }

  private void await(BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  // ------------------------------------------------------------------ tests

  @Test
  void aHostDueAFullWaitsForTheOutstandingFullToBeAcknowledged() throws Exception {
    start(2048, 1);
    Delta full1 = twoHostsDueAFull()[0];
    assertIsGoalStateOf("h1", full1);

    ack(full1);
    Delta full2 = next("h2");
    assertIsGoalStateOf("h2", full2); // nothing it missed while waiting is lost
    ack(full2);
    settle("h1", "h2");
    awaitGauge("alcor_goalstate_fulls_in_flight", 0);
    awaitGauge("alcor_goalstate_fulls_waiting", 0);
  }

  @Test
  void anUnansweredFullGivesItsSlotBackWhenItsLeaseEnds() throws Exception {
    start(2048, 1, 4_000); // longer than the set-up below takes, with the 1-s metrics sampling
    Delta[] due = twoHostsDueAFull(); // h1's FULL holds the only slot, h2 waits
    // h1 never answers (a hung agent with its stream still open): h2 gets its FULL once the lease ends
    Delta full2 = next("h2");
    assertIsGoalStateOf("h2", full2);
    await(() -> registry.get("alcor_goalstate_full_slots_expired_total").functionCounter().count() == 1.0, "one expired slot");
    // h1's FULL is still its outstanding push: a late answer is taken
    ack(due[0]);
    ack(full2);
    settle("h1", "h2");
    awaitGauge("alcor_goalstate_fulls_in_flight", 0);
  }

  @Test
  void aClosedSessionFreesItsFullSlotAndAHelloFullIsNeverHeldBack() throws Exception {
    start(2048, 1);
    twoHostsDueAFull();

    close("h1"); // its FULL will never be acknowledged on that stream
    Delta full2 = next("h2");
    assertIsGoalStateOf("h2", full2);
    nothingFor("h1");

    // h1 comes back while h2's FULL holds the only slot: the answer to its hello is not held back, and counts
    Delta again = hello("h1", 1);
    assertIsGoalStateOf("h1", again);
    awaitGauge("alcor_goalstate_fulls_in_flight", 2);
    ack(again);
    ack(full2);
    settle("h1", "h2");
    awaitGauge("alcor_goalstate_fulls_in_flight", 0);
  }

  @Test
  void aRefusedFullFreesItsSlotForTheHostWaitingLongest() throws Exception {
    start(2048, 1);
    Delta full1 = twoHostsDueAFull()[0];

    nack(full1); // h1 needs yet another FULL, but h2 has waited longer
    Delta full2 = next("h2");
    assertIsGoalStateOf("h2", full2);
    nothingFor("h1");
    ack(full2);
    Delta again = next("h1");
    assertIsGoalStateOf("h1", again);
    ack(again);
    settle("h1", "h2");
    awaitGauge("alcor_goalstate_fulls_waiting", 0);
  }

  @Test
  void aWaitingHostThatDisconnectsLeavesTheLine() throws Exception {
    start(2048, 1);
    Delta full1 = twoHostsDueAFull()[0];

    close("h2");
    awaitGauge("alcor_goalstate_fulls_waiting", 0);
    ack(full1);
    nothingFor("h2");
    awaitGauge("alcor_goalstate_fulls_in_flight", 0);

    // when it is back, its hello gets it everything
    Delta back = hello("h2", 2);
    assertIsGoalStateOf("h2", back);
  }

  @Test
  void aHostFallingTooFarBehindGetsAFullAndIsCounted() throws Exception {
    start(16, 1);
    twoHostsInSync("h1", "h2");
    keepingUp.add("h2");
    keepingUp.add("h1");
    List<String> gone = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) gone.add(((io.alcorvx.engine.model.Port) run(portOn("h2"))).id());
    settle("h1");
    keepingUp.remove("h1");

    port("h2");
    Delta slow = next("h1"); // h1 does not acknowledge this for a while
    // 20 neighbor entries h1 holds are deleted: more waits than the cap, and more than h1's whole
    // goal state now holds (a connected host may otherwise be as far behind as its goal state)
    for (String id : gone) run(new Command.DeletePort(ADMIN, id));
    await(() -> registry.get("alcor_goalstate_pending_overflows_total").counter().count() == 1, "one overflow counted");
    assertEquals(1, registry.get("alcor_goalstate_pending_overflows_connected_total").counter().count(), "of a connected host");
    nothingFor("h1");

    ack(slow);
    Delta full = next("h1");
    assertIsGoalStateOf("h1", full);
    ack(full);
    settle("h1");
    port("h2");
    assertFalse(next("h1").full(), "then deltas again");
    assertEquals(1, registry.get("alcor_goalstate_pending_overflows_total").counter().count());
  }
}
