package io.alcorvx.engine.goalstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery state of one host: the version it acknowledged, the one push in flight, and the
 * operations waiting behind it, coalesced per entry (latest state wins) so their number is
 * bounded by the size of the host's goal state whatever the change rate — and, because a goal
 * state can be huge (every neighbor of a large push VPC), by a cap: a host that falls further
 * behind drops what waits and gets a FULL state instead.
 */
public final class HostQueue {
  final String host;
  long ackedVersion;
  long sentVersion;
  Delta outstanding;
  boolean needsFull;
  final LinkedHashMap<EntryKey, Op> pending = new LinkedHashMap<>();
  /** Commit time of the oldest pending operation (0 = none or unknown). */
  long pendingSinceMicros;

  HostQueue(String host) { this.host = host; }

  public String host() { return host; }

  public long ackedVersion() { return ackedVersion; }

  public Delta outstanding() { return outstanding; }

  public int pendingCount() { return pending.size(); }

  public boolean needsFull() { return needsFull; }

  public boolean hasWork() { return outstanding == null && (needsFull || !pending.isEmpty()); }

  /**
   * Queues one operation behind the outstanding push. Returns false when it would make more than
   * {@code maxPending} operations wait: the host then drops them all and its next push is a FULL
   * state, built from the model when it is sent, so it includes everything dropped.
   */
  boolean enqueue(Op op, int maxPending) {
    // a FULL is coming and will be built from the model, which already holds this change
    if (needsFull) return true;
    Op older = pending.get(op.key());
    if (older == null) {
      if (pending.size() >= maxPending) {
        fallBackToFull();
        return false;
      }
      pending.put(op.key(), op);
      return true;
    }
    Op merged = coalesce(older, op);
    if (merged == null) pending.remove(op.key());
    else pending.put(op.key(), merged);
    return true;
  }

  /**
   * What the host holds is no longer what we can describe by operations (a NACK, too much
   * pending): its next push is a FULL state. The commit time of what waited is kept, since the
   * FULL delivers those changes too.
   */
  void fallBackToFull() {
    pending.clear();
    needsFull = true;
  }

  /**
   * The net effect of {@code older} then {@code newer} on the same entry, relative to what the
   * host held before {@code older}; null when they cancel out (created, then deleted).
   */
  static Op coalesce(Op older, Op newer) {
    if (newer.isDelete()) return older.type() == io.alcorvx.proto.OperationType.CREATE ? null : newer;
    return switch (older.type()) {
      case CREATE -> new Op(newer.key(), io.alcorvx.proto.OperationType.CREATE, newer.entry());
      case DELETE -> new Op(newer.key(), io.alcorvx.proto.OperationType.UPDATE, newer.entry());
      default -> new Op(newer.key(), io.alcorvx.proto.OperationType.UPDATE, newer.entry());
    };
  }

  /**
   * Puts an unacknowledged push back in front of what is pending (pending is newer). Returns
   * false when together they are more than {@code maxPending} operations: the host falls back to
   * a FULL state as in {@link #enqueue}.
   */
  boolean requeueOutstanding(int maxPending) {
    if (outstanding == null) return true;
    Delta unconfirmed = outstanding;
    outstanding = null;
    long since = unconfirmed.committedAtMicros();
    if (since > 0 && (pendingSinceMicros == 0 || since < pendingSinceMicros)) pendingSinceMicros = since;
    if (unconfirmed.full() || needsFull) {
      // an unconfirmed FULL cannot be turned into a delta; a host already due a FULL gets it anyway
      fallBackToFull();
      return true;
    }
    LinkedHashMap<EntryKey, Op> merged = new LinkedHashMap<>();
    for (Op o : unconfirmed.ops()) merged.put(o.key(), o);
    for (Map.Entry<EntryKey, Op> e : pending.entrySet()) {
      Op older = merged.get(e.getKey());
      Op m = older == null ? e.getValue() : coalesce(older, e.getValue());
      if (m == null) merged.remove(e.getKey());
      else merged.put(e.getKey(), m);
    }
    if (merged.size() > maxPending) {
      fallBackToFull();
      return false;
    }
    pending.clear();
    pending.putAll(merged);
    return true;
  }

  List<Op> drainPending() {
    List<Op> ops = new ArrayList<>(pending.values());
    pending.clear();
    return ops;
  }

  /** Takes the pending operations' oldest commit time, resetting it with the queue. */
  long takePendingSince() {
    long since = pendingSinceMicros;
    pendingSinceMicros = 0;
    return since;
  }
}
