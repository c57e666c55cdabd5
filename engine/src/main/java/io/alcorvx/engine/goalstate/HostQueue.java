package io.alcorvx.engine.goalstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Delivery state of one host: the version it acknowledged, the one push in flight, and the
 * operations waiting behind it, coalesced per entry (latest state wins) so their number is
 * bounded by the size of the host's goal state whatever the change rate — and by an allowance
 * ({@link HostQueues#allowance}): a host that falls further behind drops what waits and gets a
 * FULL state instead.
 *
 * <p>Pending operations are appended to a log and coalesced only when they are taken (or when the
 * log reaches the length at which its allowance is checked): in push mode one change appends to thousands of hosts' queues, and an
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
  /** The host's agent is connected (see {@link HostQueues#connected}). */
  boolean live;
  /** Length of the log at which {@link #enqueue} next coalesces it and checks the allowance. */
  private int checkAt;

  HostQueue(String host, int firstCheckAt) {
    this.host = host;
    this.checkAt = firstCheckAt;
  }

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

  /** Checks the allowance again at the next operation (it may have shrunk: the host disconnected). */
  void checkAtNextOperation() { checkAt = 0; }

  public boolean needsFull() { return needsFull; }

  public boolean hasWork() { return outstanding == null && (needsFull || !pending.isEmpty()); }

  /**
   * Queues one operation behind the outstanding push. Returns false when more than the host's
   * allowance of distinct operations would wait: the host then drops them all and its next push
   * is a FULL state, built from the model when it is sent, so it includes everything dropped.
   *
   * <p>The log is coalesced and checked only when it reaches {@link #checkAt}, which is then set
   * to the larger of the allowance and twice what coalescing left: a host that stays near its
   * allowance costs O(1) per operation, not one coalescing each, and holds less than twice its
   * allowance. (A host exactly at its allowance is checked at every operation, as before.)
   */
  boolean enqueue(Op op, ToIntFunction<HostQueue> allowance) {
    // a FULL is coming and will be built from the model, which already holds this change
    if (needsFull) return true;
    if (pending.size() >= checkAt) {
      int cap = allowance.applyAsInt(this);
      // the cap counts distinct entries: coalesce first, and overflow only for a new one
      Map<EntryKey, Op> byKey = fold();
      if (byKey.size() >= cap && !byKey.containsKey(op.key())) {
        fallBackToFull();
        return false;
      }
      // at the cap (this change was to an entry already waiting) the next new entry must overflow: check it
      checkAt = byKey.size() >= cap ? 0 : Math.max(cap, 2 * byKey.size());
    }
    pending.add(op);
    if (pending.size() > 1) compacted = false;
    return true;
  }

  /** Coalesces the log unless it is known to be coalesced already, or found to need none. */
  private void compact() {
    if (compacted) return;
    if (DistinctKeys.of(pending)) compacted = true;
    else fold();
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
   * false when together they are more than the host's allowance: the host falls back to a FULL
   * state as in {@link #enqueue}.
   */
  boolean requeueOutstanding(ToIntFunction<HostQueue> allowance) {
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
    if (fold().size() > allowance.applyAsInt(this)) {
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
