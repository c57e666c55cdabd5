package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Actor;
import io.alcorvx.engine.command.Command;
import io.alcorvx.engine.command.Command.CreateNetwork;
import io.alcorvx.engine.command.Command.CreatePort;
import io.alcorvx.engine.command.Command.CreateSubnet;
import io.alcorvx.engine.command.Command.UpdatePort;
import io.alcorvx.engine.model.FanoutPolicy;
import io.alcorvx.engine.model.Network;
import io.alcorvx.engine.model.Port;
import io.alcorvx.proto.OperationType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pending cap: a host that falls more than {@code maxPendingOps} operations behind drops
 * them and gets a FULL state instead, so a slow or dead host costs bounded memory; nothing it
 * missed is lost.
 */
class HostQueuesTest {
  private static final Actor ADMIN = new Actor("p1", true);
  private static final int CAP = 4;

  private Engine engine;
  private HostQueues queues;
  private GoalStateCompiler compiler;
  private Network net;
  private long now;
  /** The slow host's agent: applies every push it is sent. */
  private SimulatedAgent slow;
  private long overflowsAtStart;

  @BeforeEach
  void setUp() {
    engine = new Engine(EngineConfig.defaults(), IdSource.sequential("id"));
    queues = new HostQueues(7, CAP);
    compiler = new GoalStateCompiler(engine.model(), queues);
    queues.fullStateSource(compiler::fullState);
    compiler.initialize();
    net = (Network) apply(new CreateNetwork(ADMIN, null, null, "n", null, null, null, null, null, null, FanoutPolicy.PUSH));
    apply(new CreateSubnet(ADMIN, null, null, net.id(), "s", null, null, "10.0.0.0/16", null, null, null, null, null));
    slow = new SimulatedAgent("slow");
    port("slow");
    port("other");
    // the slow host's agent connects knowing nothing and takes its FULL
    deliver(queues.resync("slow", slow.epoch, slow.version, slow.digest(), slow.state.size()).delta());
    deliverAll();
    overflowsAtStart = queues.overflows(); // setting up may already overflow so tiny a cap
  }

  private long overflows() { return queues.overflows() - overflowsAtStart; }

  /** Applies a command, compiles it held back and releases it as durable at commit time {@code now} (micros). */
  private Object apply(Command c) {
    Result r = engine.apply(c, ++now);
    queues.release(compiler.compileStaged(r.changes()), now);
    return r.value();
  }

  /** Applies a command and compiles it, holding its operations back as while its commit is in flight. */
  private List<GoalStateCompiler.StagedOp> applyHeld(Command c) {
    Result r = engine.apply(c, ++now);
    return compiler.compileStaged(r.changes());
  }

  private CreatePort portOn(String host) {
    return new CreatePort(ADMIN, null, null, net.id(), "p", null, null, null, null, null, host, null, null, null);
  }

  private Port port(String host) {
    return (Port) apply(new CreatePort(ADMIN, null, null, net.id(), "p", null, null, null, null, null, host, null, null, null));
  }

  /**
   * A new port on another host: one neighbor entry for the slow host. The other host keeps up
   * (everything is delivered to it at once), so only the slow host can fall behind.
   */
  private Port otherPort() {
    Port p = port("other");
    Delta d;
    while ((d = queues.poll("other")) != null) deliver(d);
    return p;
  }

  /** Sends and acknowledges everything queued; the slow host's agent applies what it gets. */
  private void deliverAll() {
    for (HostQueue q : List.copyOf(queues.all())) {
      Delta d;
      while ((d = queues.poll(q.host())) != null) deliver(d);
    }
  }

  private void deliver(Delta d) {
    if (d.host().equals("slow")) slow.apply(d);
    assertTrue(queues.ack(d.host(), d.epoch(), d.toVersion()).accepted());
  }

  /** What a FULL delta installs: entry bodies by key (entries are rebuilt per call, so compare bodies). */
  private static Map<EntryKey, Message> asState(Delta full) {
    Map<EntryKey, Message> state = new LinkedHashMap<>();
    for (Op op : full.ops()) {
      assertEquals(OperationType.CREATE, op.type());
      state.put(op.key(), op.entry().configuration());
    }
    return state;
  }

  /** The host's goal state from the compiler, as entry bodies by key. */
  private Map<EntryKey, Message> goalState(String host) {
    Map<EntryKey, Message> state = new LinkedHashMap<>();
    compiler.fullState(host).forEach((k, e) -> state.put(k, e.configuration()));
    return state;
  }

  @Test
  void aHostFallingBehindPastTheCapGetsAFullStateThenDeltasAgain() {
    // the slow host has a push outstanding; other hosts' new ports queue neighbor entries behind it
    otherPort();
    Delta outstanding = queues.poll("slow");
    assertNotNull(outstanding);
    long firstWaitingCommit = now + 1;
    for (int i = 0; i < CAP; i++) {
      otherPort();
      assertTrue(queues.find("slow").pendingCount() <= CAP, "pending stays within the cap");
    }
    assertEquals(CAP, queues.find("slow").pendingCount(), "exactly at the cap is still fine");
    assertFalse(queues.find("slow").needsFull());
    assertEquals(0, overflows());

    otherPort(); // one more entry than the cap: fall back to a FULL
    HostQueue q = queues.find("slow");
    assertEquals(0, q.pendingCount(), "what waited is dropped, not kept");
    assertTrue(q.needsFull());
    assertEquals(1, overflows());
    for (int i = 0; i < 3 * CAP; i++) otherPort();
    assertEquals(0, q.pendingCount(), "nothing accumulates while a FULL is due");
    assertEquals(1, overflows(), "one fall-back, counted once");
    assertNull(queues.poll("slow"), "still one outstanding push per host");

    deliver(outstanding);
    Delta full = queues.poll("slow");
    assertTrue(full.full());
    assertEquals(outstanding.toVersion(), full.fromVersion());
    assertEquals(goalState("slow"), asState(full), "the FULL is the host's goal state");
    assertEquals(HostQueues.digest(compiler.fullState("slow").values()), full.expectedDigest());
    assertEquals(firstWaitingCommit, full.committedAtMicros(), "it carries the oldest change it delivers");
    deliver(full);
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state, "nothing the slow host missed is lost");

    Port late = otherPort();
    Delta next = queues.poll("slow");
    assertFalse(next.full(), "after the FULL is acknowledged: deltas again");
    assertEquals(full.toVersion(), next.fromVersion());
    assertEquals(1, next.ops().size());
    assertEquals(late.id(), next.ops().get(0).key().neighborPort());
    deliver(next);
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
    assertEquals(1, overflows());
  }

  /** The slow host's agent is connected (the queues know goal sizes) and has a push outstanding. */
  private Delta connectedSlowHostWithAPushOutstanding() {
    queues.goalSizeSource(compiler::goalSizeBound);
    queues.connected("slow", true);
    otherPort();
    Delta outstanding = queues.poll("slow");
    assertNotNull(outstanding);
    return outstanding;
  }

  @Test
  void aConnectedHostMayFallBehindByAsMuchAsItsGoalStateAndStillGetsADelta() {
    Delta outstanding = connectedSlowHostWithAPushOutstanding();
    for (int i = 0; i < 3 * CAP; i++) otherPort();
    HostQueue q = queues.find("slow");
    assertEquals(3 * CAP, q.pendingCount(), "three times the fixed cap waits: the goal state is larger still");
    assertFalse(q.needsFull());
    assertEquals(0, overflows());

    deliver(outstanding);
    Delta next = queues.poll("slow");
    assertFalse(next.full(), "what it missed, not its whole goal state");
    assertEquals(3 * CAP, next.ops().size());
    deliver(next);
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aHostThatDisconnectsWithMoreThanTheFixedCapWaitingFallsBackToAFull() {
    connectedSlowHostWithAPushOutstanding(); // never acknowledged: the agent reconnects without it
    for (int i = 0; i < 2 * CAP; i++) otherPort();
    assertEquals(0, overflows());

    queues.connected("slow", false);
    HostQueue q = queues.find("slow");
    assertTrue(q.needsFull(), "a host that may be gone for good keeps no more than the fixed cap");
    assertEquals(0, q.pendingCount());
    assertEquals(1, overflows());
    assertEquals(0, queues.overflowsOfConnectedHosts(), "it overflowed as a disconnected host");

    // it comes back without having applied the push in flight: its FULL carries everything
    queues.connected("slow", true);
    HostQueues.Resync r = queues.resync("slow", slow.epoch, slow.version, slow.digest(), slow.state.size());
    assertTrue(r.delta().full());
    deliver(r.delta());
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aHostThatDisconnectsWithinTheFixedCapKeepsWhatWaitsAndThenIsCappedAgain() {
    Delta outstanding = connectedSlowHostWithAPushOutstanding();
    for (int i = 0; i < CAP - 1; i++) otherPort();
    queues.connected("slow", false);
    HostQueue q = queues.find("slow");
    assertFalse(q.needsFull());
    assertEquals(CAP - 1, q.pendingCount());

    // while disconnected the fixed cap holds again (checked amortized: below twice the cap), where
    // the connected host above took three times the cap
    int added = 0;
    while (!q.needsFull() && added < 3 * CAP) {
      otherPort();
      added++;
    }
    assertTrue(q.needsFull());
    assertTrue(CAP - 1 + added <= 2 * CAP, "overflowed after " + added + " more");
    assertEquals(1, overflows());
    deliver(outstanding);
    Delta full = queues.poll("slow");
    assertTrue(full.full());
    deliver(full);
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aDisconnectReportedForAForgottenHostLeavesNoQueue() {
    queues.connected("gone", true);
    queues.remove("gone");
    queues.connected("gone", false);
    assertNull(queues.find("gone"));
  }

  @Test
  void aConnectedHostInASmallVpcKeepsTheFixedCap() {
    // the allowance is the larger of the cap and the goal state: a goal state smaller than the cap changes nothing
    queues.goalSizeSource(host -> 1);
    queues.connected("slow", true);
    otherPort();
    queues.poll("slow");
    for (int i = 0; i <= CAP; i++) otherPort();
    assertTrue(queues.find("slow").needsFull());
    assertEquals(1, overflows());
    assertEquals(1, queues.overflowsOfConnectedHosts(), "counted as a connected host's");
  }

  @Test
  void changesToEntriesAlreadyWaitingDoNotCountAgainstTheCap() {
    Port p = otherPort();
    Delta outstanding = queues.poll("slow");
    for (int i = 0; i < CAP - 1; i++) otherPort();
    assertEquals(CAP, queues.find("slow").pendingCount() + 1, "one slot left");
    for (int i = 0; i < 10; i++) {
      apply(new UpdatePort(ADMIN, p.id(), "name" + i, null, null, null, null, null, null, null, null, null));
    }
    assertEquals(CAP, queues.find("slow").pendingCount(), "the neighbor entry takes one slot, however often it changes");
    assertFalse(queues.find("slow").needsFull());
    assertEquals(0, overflows());
    deliver(outstanding);
    Delta next = queues.poll("slow");
    assertFalse(next.full());
    deliver(next);
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aNackedHostDoesNotAccumulateWhileItsFullIsDue() {
    otherPort();
    Delta failed = queues.poll("slow");
    assertTrue(queues.nack("slow", failed.epoch(), failed.toVersion()).accepted());
    for (int i = 0; i < 3 * CAP; i++) otherPort();
    assertEquals(0, queues.find("slow").pendingCount());
    assertEquals(0, overflows(), "a NACK is not an overflow");
    Delta full = queues.poll("slow");
    assertTrue(full.full());
    assertEquals(goalState("slow"), asState(full));
  }

  @Test
  void aReconnectThatPutsTheUnacknowledgedPushBackRespectsTheCap() {
    // outstanding: 3 neighbor entries; then 3 more wait behind it: 6 > CAP once merged
    for (int i = 0; i < 3; i++) otherPort();
    Delta lost = queues.poll("slow");
    assertEquals(3, lost.ops().size());
    for (int i = 0; i < 3; i++) otherPort();
    assertEquals(3, queues.find("slow").pendingCount());
    assertEquals(0, overflows());

    // the agent never got the push (same epoch/version as acknowledged, so a delta would do if it fit)
    HostQueues.Resync r = queues.resync("slow", slow.epoch, slow.version, slow.digest(), slow.state.size());
    assertFalse(r.inSync());
    assertTrue(r.delta().full(), "outstanding + pending exceed the cap: FULL");
    assertEquals(1, overflows());
    assertEquals(0, queues.find("slow").pendingCount());
    assertEquals(goalState("slow"), asState(r.delta()));
    deliver(r.delta());
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aReconnectWithinTheCapStillResyncsByDelta() {
    otherPort();
    Delta lost = queues.poll("slow");
    otherPort();
    HostQueues.Resync r = queues.resync("slow", slow.epoch, slow.version, slow.digest(), slow.state.size());
    assertFalse(r.delta().full());
    assertEquals(lost.ops().size() + 1, r.delta().ops().size(), "the lost push and what waited behind it");
    assertEquals(0, overflows());
    deliver(r.delta());
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aHostInSyncReconnectingWhileAChangeForItIsBeingCommittedStaysInSync() {
    // memory already holds a new neighbor of the slow host, but its commit is still in flight
    List<GoalStateCompiler.StagedOp> held = applyHeld(portOn("other"));
    HostQueues.Resync r = queues.resync("slow", slow.epoch, slow.version, slow.digest(), slow.state.size(), true);
    assertTrue(r.inSync(), "its version proves what it holds; the goal's digest counts a change it cannot have yet");
    assertEquals(slow.version, r.version());

    queues.release(held, now); // durable: the change reaches it as a delta
    deliver(queues.poll("slow"));
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void aHostBehindReconnectingWhileAChangeIsBeingCommittedGetsWhatItMissedWithoutAnUnreachableDigest() {
    otherPort();
    assertNotNull(queues.poll("slow")); // lost on the way: the agent never applies it
    List<GoalStateCompiler.StagedOp> held = applyHeld(portOn("other"));
    HostQueues.Resync r = queues.resync("slow", slow.epoch, slow.version, slow.digest(), slow.state.size(), true);
    assertFalse(r.inSync());
    assertFalse(r.delta().full(), "same epoch and version: a delta, not a FULL");
    assertEquals(1, r.delta().ops().size(), "what it missed; the change in flight follows once durable");
    assertNull(r.delta().expectedDigest(), "the digest of memory would count the change in flight");
    deliver(r.delta());

    queues.release(held, now);
    deliver(queues.poll("slow"));
    assertEquals(GoalStateOracle.of(engine.model(), "slow"), slow.state);
  }

  @Test
  void withNothingInFlightTheDigestIsStillChecked() {
    HostQueues.Resync r = queues.resync("slow", slow.epoch, slow.version, slow.digest() + 1, slow.state.size(), false);
    assertTrue(r.delta().full(), "same version but not the state it should hold: FULL");
    assertEquals(HostQueues.digest(compiler.fullState("slow").values()), r.delta().expectedDigest());
  }

  @Test
  void theCapMustAllowAtLeastOneOperation() {
    assertThrows(IllegalArgumentException.class, () -> new HostQueues(1, 0));
    assertEquals(HostQueues.DEFAULT_MAX_PENDING_OPS, new HostQueues(1).maxPendingOps());
  }
}
