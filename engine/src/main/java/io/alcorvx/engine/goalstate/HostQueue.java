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
 *
 * <p>Pending operations are appended to a log and coalesced only when they are taken (or when the
 * log reaches the cap): in push mode one change appends to thousands of hosts' queues, and an
 * append is one array store where a per-host map update was several cache-missing hash lookups.
 * The coalesced result is the same as folding every operation into a per-key map in order.
 */
public final class HostQueue {
  final String host;
  long ackedVersion;
  long sentVersion;
  Delta outstanding;
  boolean needsFull;
  /** Operations in arrival order, not yet coalesced (see {@link #compact}). */
  private ArrayList<Op> pending = new ArrayList<>(4);
  /** True while {@link #pending} is known to hold each key at most once. */
  private boolean compacted = true;
  /** Marks the queue while {@link HostQueues#release} collects the hosts it touched. */
  boolean released;
  /** Commit time of the oldest pending operation (0 = none or unknown). */
  long pendingSinceMicros;

  HostQueue(String host) { this.host = host; }

  public String host() { return host; }

  public long ackedVersion() { return ackedVersion; }

  public Delta outstanding() { return outstanding; }

  /** Operations waiting, after coalescing. */
  public int pendingCount() {
    compact();
    return pending.size();
  }

  boolean hasPending() { return !pending.isEmpty(); }

  /** Operations waiting, before coalescing (an upper bound of {@link #pendingCount}; no work to read). */
  public int queuedCount() { return pending.size(); }

  /** Drops what waits (a FULL will carry it, or the host is gone). */
  void clearPending() {
    pending = new ArrayList<>(4);
    compacted = true;
  }

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
    if (pending.size() >= maxPending) {
      // the cap counts distinct entries: coalesce first, and overflow only for a new one
      Map<EntryKey, Op> byKey = fold();
      if (byKey.size() >= maxPending && !byKey.containsKey(op.key())) {
        fallBackToFull();
        return false;
      }
    }
    pending.add(op);
    if (pending.size() > 1) compacted = false;
    return true;
  }

  /** Coalesces the log unless it is known to be coalesced already. */
  private void compact() {
    if (!compacted) fold();
  }

  /**
   * Coalesces the log to one operation per key (latest state wins), in the order the keys first
   * arrived, exactly as folding each operation into a per-key map on arrival would; returns that map.
   */
  private LinkedHashMap<EntryKey, Op> fold() {
    LinkedHashMap<EntryKey, Op> byKey = new LinkedHashMap<>(Math.max(16, pending.size() * 2));
    for (Op op : pending) {
      Op older = byKey.get(op.key());
      if (older == null) {
        byKey.put(op.key(), op);
        continue;
      }
      Op merged = coalesce(older, op);
      if (merged == null) byKey.remove(op.key());
      else byKey.put(op.key(), merged);
    }
    pending = new ArrayList<>(byKey.values());
    compacted = true;
    return byKey;
  }

  /**
   * What the host holds is no longer what we can describe by operations (a NACK, too much
   * pending): its next push is a FULL state. The commit time of what waited is kept, since the
   * FULL delivers those changes too.
   */
  void fallBackToFull() {
    clearPending();
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
    ArrayList<Op> merged = new ArrayList<>(unconfirmed.ops().size() + pending.size());
    merged.addAll(unconfirmed.ops());
    merged.addAll(pending);
    pending = merged;
    compacted = false;
    if (fold().size() > maxPending) {
      fallBackToFull();
      return false;
    }
    return true;
  }

  List<Op> drainPending() {
    compact();
    List<Op> ops = pending;
    clearPending();
    return ops;
  }

  /** Takes the pending operations' oldest commit time, resetting it with the queue. */
  long takePendingSince() {
    long since = pendingSinceMicros;
    pendingSinceMicros = 0;
    return since;
  }
}
