package io.alcorvx.engine.goalstate;

import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.OperationType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The delivery protocol of DESIGN.md §4 for every host: versions under an engine epoch, one
 * outstanding push per host with later changes coalesced behind it, ACK/NACK, and resync on
 * (re)connect by delta, by proof of equality (IN_SYNC) or by FULL state. Pure bookkeeping: the
 * gateway moves the bytes.
 */
public final class HostQueues {
  /**
   * Operations that may wait behind a disconnected host's outstanding push before it falls back
   * to a FULL state: coalescing alone bounds them only by the host's goal state, which in a large
   * push VPC is one neighbor per port (10,000 hosts x 10,000 ops). A connected host may have as
   * many wait as its goal state holds (see {@link #allowance}).
   */
  public static final int DEFAULT_MAX_PENDING_OPS = 2048;

  private final long epoch;
  private final int maxPendingOps;
  private final Map<String, HostQueue> queues = new HashMap<>();
  private Function<String, Map<EntryKey, Entry>> fullStates;
  private ToIntFunction<String> goalSizes = host -> 0;
  private final ToIntFunction<HostQueue> allowance = this::allowance;
  private long overflows;
  private long overflowsOfConnected;
  private final Function<String, HostQueue> newQueue;

  /** @param epoch this engine incarnation's epoch (must differ from every earlier one, e.g. a persisted counter) */
  public HostQueues(long epoch) { this(epoch, DEFAULT_MAX_PENDING_OPS); }

  /**
   * @param maxPendingOps most operations one host may have waiting; past it the host's next push
   *     is a FULL state, so a slow or dead host costs at most this many operations of memory
   */
  public HostQueues(long epoch, int maxPendingOps) {
    if (maxPendingOps < 1) throw new IllegalArgumentException("maxPendingOps must be at least 1, got " + maxPendingOps);
    this.epoch = epoch;
    this.maxPendingOps = maxPendingOps;
    // made once: a lambda capturing the cap, written at the call, was allocated on every lookup
    // (one per host and operation released; 2.6 % of the service's allocation at 1,000 creates/s)
    this.newQueue = h -> new HostQueue(h, maxPendingOps);
  }

  /** Where FULL states come from (the compiler); set once at wiring time. */
  public void fullStateSource(Function<String, Map<EntryKey, Entry>> source) { this.fullStates = source; }

  /**
   * Where upper bounds of hosts' goal-state sizes come from (the compiler), for the allowance of
   * connected hosts; set once at wiring time. Without one, every host has {@link #maxPendingOps}.
   */
  public void goalSizeSource(ToIntFunction<String> source) { this.goalSizes = source; }

  public long epoch() { return epoch; }

  public int maxPendingOps() { return maxPendingOps; }

  /** How many times a host had more than its {@link #allowance} waiting and fell back to a FULL state. */
  public long overflows() { return overflows; }

  /**
   * Of {@link #overflows}, those of hosts whose agent was connected: hosts that fell behind by
   * more than their whole goal state (the others are agents that are gone, or never came).
   */
  public long overflowsOfConnectedHosts() { return overflowsOfConnected; }

  private void overflowed(HostQueue q) {
    overflows++;
    if (q.live) overflowsOfConnected++;
  }

  public HostQueue queue(String host) { return queues.computeIfAbsent(host, newQueue); }

  /**
   * How many distinct operations may wait for the host before it falls back to a FULL state.
   *
   * <p>A connected host may have as many as its goal state holds entries: until then what waits
   * is a smaller push than its FULL state, and its agent is there to take it. A FULL instead costs
   * the engine owner a goal-state build and every stream a push that grows with the VPC; capping
   * connected hosts at {@link #maxPendingOps} turned a few seconds of lag in a large push VPC
   * into FULL states of every neighbor (docs/benchmarks.md, session 13). A disconnected
   * host may be gone for good, so it keeps the small fixed cap: its memory stays bounded by
   * that, not by the size of its VPC.
   */
  int allowance(HostQueue q) {
    return q.live ? Math.max(maxPendingOps, goalSizes.applyAsInt(q.host)) : maxPendingOps;
  }

  /**
   * The host's agent connected ({@code true}) or its session ended ({@code false}); see
   * {@link #allowance}. A host that disconnects with more waiting than a disconnected host may
   * have falls back to a FULL state at once.
   */
  public void connected(String host, boolean connected) {
    HostQueue q = connected ? queue(host) : queues.get(host); // a forgotten host gets no queue back
    if (q == null) return;
    q.live = connected;
    if (connected) return;
    q.checkAtNextOperation();
    if (!q.needsFull && q.queuedCount() > maxPendingOps && q.pendingCount() > maxPendingOps) {
      q.fallBackToFull();
      overflowed(q);
    }
  }

  public HostQueue find(String host) { return queues.get(host); }

  public Collection<HostQueue> all() { return Collections.unmodifiableCollection(queues.values()); }

  void enqueue(String host, Op op) { enqueue(queue(host), op); }

  private void enqueue(HostQueue q, Op op) {
    if (!q.enqueue(op, allowance)) overflowed(q);
  }

  /** Releases staged operations (now durable) to their hosts' queues; returns the hosts touched. */
  public List<String> release(List<GoalStateCompiler.StagedOp> staged) { return release(staged, 0); }

  /** Same, noting when the operations became durable (epoch micros) for convergence measurement. */
  public List<String> release(List<GoalStateCompiler.StagedOp> staged, long committedAtMicros) {
    return release(StagedOps.of(staged), committedAtMicros);
  }

  private List<String> release(StagedOps staged, long committedAtMicros) {
    // each host once, in first-release order; a mark on the queue instead of a set of host names
    // (one change can release to thousands of hosts)
    List<HostQueue> touched = new ArrayList<>();
    for (int i = 0, n = staged.size(); i < n; i++) {
      HostQueue q = queue(staged.host(i));
      Op op = staged.op(i);
      if (!q.hasPending() && q.pendingSinceMicros == 0) q.pendingSinceMicros = committedAtMicros;
      if (op == null) q.fallBackToFull();
      else enqueue(q, op);
      if (!q.released) {
        q.released = true;
        touched.add(q);
      }
    }
    List<String> hosts = new ArrayList<>(touched.size());
    for (HostQueue q : touched) {
      q.released = false;
      hosts.add(q.host);
    }
    return hosts;
  }

  /** The next push for a host, or null if one is in flight or nothing is waiting. */
  public Delta poll(String host) {
    HostQueue q = queues.get(host);
    if (q == null || !q.hasWork()) return null;
    if (q.needsFull) return full(q);
    return sendPending(q, null, 0);
  }

  /** What waits, as the host's outstanding delta (with the digest and count it must reach, when known). */
  private Delta sendPending(HostQueue q, Long expectedDigest, int expectedEntries) {
    long since = q.takePendingSince();
    Delta d = new Delta(q.host, epoch, q.ackedVersion, ++q.sentVersion, false, q.drainPending(), expectedDigest, expectedEntries,
        since);
    q.outstanding = d;
    return d;
  }

  /** Outcome of an acknowledgement. */
  public record Ack(boolean accepted, Delta delta, String reason) {}

  /** The host applied {@code version}: the outstanding push is done. */
  public Ack ack(String host, long ackEpoch, long version) {
    HostQueue q = queues.get(host);
    if (q == null || q.outstanding == null) return new Ack(false, null, "no push is outstanding for host " + host);
    if (ackEpoch != epoch || version != q.outstanding.toVersion()) {
      return new Ack(false, null, "ACK of " + ackEpoch + "/" + version + " does not match the outstanding push "
          + epoch + "/" + q.outstanding.toVersion());
    }
    Delta done = q.outstanding;
    q.outstanding = null;
    q.ackedVersion = version;
    return new Ack(true, done, null);
  }

  /**
   * The host could not apply (all of) {@code version}: its state is no longer known, so its next
   * push is a FULL state (pending changes are included in it).
   */
  public Ack nack(String host, long nackEpoch, long version) {
    HostQueue q = queues.get(host);
    if (q == null || q.outstanding == null || nackEpoch != epoch || version != q.outstanding.toVersion()) {
      return new Ack(false, null, "NACK of " + nackEpoch + "/" + version + " does not match an outstanding push");
    }
    Delta failed = q.outstanding;
    q.outstanding = null;
    q.fallBackToFull();
    return new Ack(true, failed, null);
  }

  /** The answer to a hello: either the host is in sync, or the push that brings it there. */
  public record Resync(boolean inSync, long epoch, long version, Delta delta) {}

  /**
   * A (re)connecting host says which epoch/version it applied last and the digest of what it
   * holds. Same epoch and version: it gets what it missed as a delta (with the digest it must
   * reach). Otherwise, if its digest equals that of its goal state now, it is adopted as is;
   * else it gets a FULL state.
   */
  public Resync resync(String host, long agentEpoch, long agentVersion, long agentDigest, int agentEntries) {
    return resync(host, agentEpoch, agentVersion, agentDigest, agentEntries, false);
  }

  /**
   * Same, knowing whether changes for this host may still be being committed
   * ({@code unreleasedChanges}). The goal state is read from memory, which then already holds
   * changes whose operations have not been released to the host's queue: its agent cannot hold
   * them yet, so the goal's digest is not one it can match. An agent at the acknowledged version
   * of this epoch is then trusted by its version alone: with nothing waiting it is in sync,
   * otherwise it gets what waits without a digest to check. The changes in flight reach it as
   * deltas once durable. (Without this, every reconnect under write load ended in a FULL state.)
   * With nothing in flight the digest is checked as always.
   */
  public Resync resync(String host, long agentEpoch, long agentVersion, long agentDigest, int agentEntries,
      boolean unreleasedChanges) {
    HostQueue q = queue(host);
    if (agentEpoch == epoch && q.outstanding != null && agentVersion == q.outstanding.toVersion()) {
      ack(host, agentEpoch, agentVersion); // it applied the push, only the ACK was lost
    }
    if (!q.requeueOutstanding(allowance)) overflowed(q);
    if (agentEpoch == epoch && agentVersion == q.ackedVersion && !q.needsFull && unreleasedChanges) {
      // trusted by version: no digest to compare, so no goal state to compute
      if (!q.hasPending()) return new Resync(true, epoch, q.ackedVersion, null);
      return new Resync(false, epoch, q.ackedVersion, sendPending(q, null, 0));
    }
    Map<EntryKey, Entry> goal = fullStates.apply(host);
    long expected = digest(goal.values());
    if (agentEpoch == epoch && agentVersion == q.ackedVersion && !q.needsFull) {
      if (!q.hasPending()) {
        if (agentDigest == expected && agentEntries == goal.size()) return new Resync(true, epoch, q.ackedVersion, null);
        return new Resync(false, epoch, q.ackedVersion, full(q, goal));
      }
      return new Resync(false, epoch, q.ackedVersion, sendPending(q, expected, goal.size()));
    }
    if (agentDigest == expected && agentEntries == goal.size()) {
      // it holds exactly its goal state (e.g. after an engine restart): adopt it, no FULL
      q.clearPending();
      q.needsFull = false;
      q.ackedVersion = ++q.sentVersion;
      return new Resync(true, epoch, q.ackedVersion, null);
    }
    return new Resync(false, epoch, q.ackedVersion, full(q, goal));
  }

  /** Forgets a host (deleted). */
  public void remove(String host) { queues.remove(host); }

  public static long digest(Collection<Entry> entries) {
    long d = GoalStateDigest.EMPTY;
    for (Entry e : entries) d = GoalStateDigest.add(d, e.digestHash());
    return d;
  }

  private Delta full(HostQueue q) { return full(q, fullStates.apply(q.host)); }

  private Delta full(HostQueue q, Map<EntryKey, Entry> goal) {
    List<Op> ops = new ArrayList<>(goal.size());
    for (Entry e : goal.values()) ops.add(new Op(e.key(), OperationType.CREATE, e));
    long since = q.takePendingSince();
    q.clearPending();
    q.needsFull = false;
    Delta d = new Delta(q.host, epoch, q.ackedVersion, ++q.sentVersion, true, ops, digest(goal.values()), goal.size(), since);
    q.outstanding = d;
    return d;
  }
}
