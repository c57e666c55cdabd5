package io.alcorvx.engine.goalstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery state of one host: the version it acknowledged, the one push in flight, and the
 * operations waiting behind it, coalesced per entry (latest state wins) so their number is
 * bounded by the size of the host's goal state whatever the change rate.
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

  void enqueue(Op op) {
    Op older = pending.get(op.key());
    if (older == null) {
      pending.put(op.key(), op);
      return;
    }
    Op merged = coalesce(older, op);
    if (merged == null) pending.remove(op.key());
    else pending.put(op.key(), merged);
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

  /** Puts an unacknowledged push back in front of what is pending (pending is newer). */
  void requeueOutstanding() {
    if (outstanding == null) return;
    long since = outstanding.committedAtMicros();
    if (since > 0 && (pendingSinceMicros == 0 || since < pendingSinceMicros)) pendingSinceMicros = since;
    if (!outstanding.full()) {
      LinkedHashMap<EntryKey, Op> merged = new LinkedHashMap<>();
      for (Op o : outstanding.ops()) merged.put(o.key(), o);
      for (Map.Entry<EntryKey, Op> e : pending.entrySet()) {
        Op older = merged.get(e.getKey());
        Op m = older == null ? e.getValue() : coalesce(older, e.getValue());
        if (m == null) merged.remove(e.getKey());
        else merged.put(e.getKey(), m);
      }
      pending.clear();
      pending.putAll(merged);
    } else {
      needsFull = true; // an unconfirmed FULL cannot be turned into a delta
    }
    outstanding = null;
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
