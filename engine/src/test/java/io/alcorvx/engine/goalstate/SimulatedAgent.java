package io.alcorvx.engine.goalstate;

import com.google.protobuf.Message;
import io.alcorvx.proto.GoalStateDigest;
import java.util.HashMap;
import java.util.Map;

/** What an agent holds: entry bodies by key, and the epoch/version it applied last. */
final class SimulatedAgent {
  final String host;
  final Map<EntryKey, Message> state = new HashMap<>();
  long epoch;
  long version;

  SimulatedAgent(String host) { this.host = host; }

  void apply(Delta d) {
    if (d.full()) state.clear();
    else if (d.fromVersion() != version || d.epoch() != epoch) {
      throw new AssertionError(host + ": delta from " + d.epoch() + "/" + d.fromVersion() + " applied on " + epoch + "/" + version);
    }
    for (Op op : d.ops()) {
      if (op.isDelete()) state.remove(op.key());
      else state.put(op.key(), op.entry().configuration());
    }
    epoch = d.epoch();
    version = d.toVersion();
    if (d.expectedDigest() != null) {
      if (d.expectedDigest() != digest() || d.expectedEntryCount() != state.size()) {
        throw new AssertionError(host + ": after resync delta the digest does not match (" + state.size() + " vs " + d.expectedEntryCount() + " entries)");
      }
    }
  }

  long digest() {
    long d = GoalStateDigest.EMPTY;
    for (Map.Entry<EntryKey, Message> e : state.entrySet()) {
      d = GoalStateDigest.add(d, GoalStateDigest.entryHash(e.getKey().type(), e.getKey().key(), e.getValue().toByteArray()));
    }
    return d;
  }
}
