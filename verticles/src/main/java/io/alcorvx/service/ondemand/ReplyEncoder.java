package io.alcorvx.service.ondemand;

import static io.alcorvx.engine.goalstate.GoalStateWire.LEN;
import static io.alcorvx.engine.goalstate.GoalStateWire.lengthDelimited;
import static io.alcorvx.engine.goalstate.GoalStateWire.replyIdLength;

import com.google.protobuf.CodedOutputStream;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.OperationStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * On-demand answers → {@code HostRequestReply} bytes, copied together from each entry's cached
 * reply encoding ({@link Entry#replyWire}) instead of building protobuf messages per request: a
 * reply is mostly neighbor and subnet states that many requests share, and building them again
 * for every request was its main cost and garbage. The bytes parse to the same message the
 * builders make: each entry's state is written once (entries are told apart by identity; two
 * distinct entries under one key, possible only across a concurrent change, parse as a builder's
 * map does, the key keeping its first position and the last value), map entries in first-seen
 * order, which the parser does not depend on across map fields.
 */
final class ReplyEncoder {
  /** One answered request: its id, outcome, why (may be empty) and the entries that answer it. */
  record Answer(String requestId, OperationStatus status, String detail, List<Entry> entries) {}

  private ReplyEncoder() {}

  static byte[] encode(List<Answer> answers, int totalMicros) {
    int references = 0;
    for (Answer a : answers) references += a.entries().size();
    DistinctWires states = new DistinctWires(references);
    int[] statusSize = new int[answers.size()];
    int statuses = 0;
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      int s = 0;
      if (!a.requestId().isEmpty()) s += CodedOutputStream.computeStringSize(1, a.requestId());
      if (a.status().getNumber() != 0) s += CodedOutputStream.computeEnumSize(2, a.status().getNumber());
      List<Entry> entries = a.entries();
      for (int e = 0; e < entries.size(); e++) s += replyIdLength(states.add(entries.get(e)));
      if (!a.detail().isEmpty()) s += CodedOutputStream.computeStringSize(4, a.detail());
      statusSize[i] = s;
      statuses += lengthDelimited(HostRequestReply.OPERATION_STATUSES_FIELD_NUMBER, s);
    }
    int goalState = CodedOutputStream.computeUInt32Size(GoalStateV2.FORMAT_VERSION_FIELD_NUMBER, 1) + states.mapEntryBytes();
    int total = CodedOutputStream.computeUInt32Size(HostRequestReply.FORMAT_VERSION_FIELD_NUMBER, 1) + statuses
        + (totalMicros != 0 ? CodedOutputStream.computeUInt32Size(HostRequestReply.TOTAL_OPERATION_TIME_FIELD_NUMBER, totalMicros) : 0)
        + lengthDelimited(HostRequestReply.RESOLVED_STATES_FIELD_NUMBER, goalState);

    byte[] out = new byte[total];
    CodedOutputStream w = CodedOutputStream.newInstance(out);
    try {
      w.writeUInt32(HostRequestReply.FORMAT_VERSION_FIELD_NUMBER, 1);
      for (int i = 0; i < answers.size(); i++) {
        Answer a = answers.get(i);
        w.writeTag(HostRequestReply.OPERATION_STATUSES_FIELD_NUMBER, LEN);
        w.writeUInt32NoTag(statusSize[i]);
        if (!a.requestId().isEmpty()) w.writeString(HostRequestOperationStatus.REQUEST_ID_FIELD_NUMBER, a.requestId());
        if (a.status().getNumber() != 0) w.writeEnum(HostRequestOperationStatus.OPERATION_STATUS_FIELD_NUMBER, a.status().getNumber());
        List<Entry> entries = a.entries();
        for (int e = 0; e < entries.size(); e++) {
          byte[] wire = entries.get(e).replyWire(); // built by states.add above
          w.writeRawBytes(wire, 0, replyIdLength(wire));
        }
        if (!a.detail().isEmpty()) w.writeString(HostRequestOperationStatus.DETAIL_FIELD_NUMBER, a.detail());
      }
      if (totalMicros != 0) w.writeUInt32(HostRequestReply.TOTAL_OPERATION_TIME_FIELD_NUMBER, totalMicros);
      w.writeTag(HostRequestReply.RESOLVED_STATES_FIELD_NUMBER, LEN);
      w.writeUInt32NoTag(goalState);
      w.writeUInt32(GoalStateV2.FORMAT_VERSION_FIELD_NUMBER, 1);
      states.writeMapEntries(w);
      w.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("sizing bug while assembling an on-demand reply", e);
    }
    return out;
  }

  /**
   * The distinct entries of one reply, by identity, in first-seen order, with their reply
   * encodings. An open-addressing table sized for every reference, so it never grows: hashing by
   * identity reads nothing but the entry's header, where a key's hash would read its key object,
   * one more cold line per entry in a large VPC.
   */
  private static final class DistinctWires {
    private final Entry[] table;
    private final byte[][] wires;
    private int size;
    private int mapEntryBytes;

    DistinctWires(int references) {
      table = new Entry[Integer.highestOneBit(Math.max(2, references) * 2 - 1) << 1];
      wires = new byte[references][];
    }

    /** Adds the entry if it is new here; returns its reply encoding. */
    byte[] add(Entry e) {
      int mask = table.length - 1;
      for (int i = (System.identityHashCode(e) * 0x9E3779B9) >>> 7 & mask; ; i = (i + 1) & mask) {
        Entry held = table[i];
        if (held == null) {
          table[i] = e;
          byte[] wire = e.replyWire();
          wires[size++] = wire;
          mapEntryBytes += wire.length - replyIdLength(wire);
          return wire;
        }
        if (held == e) return e.replyWire();
      }
    }

    /** The size of every distinct entry's map-entry field. */
    int mapEntryBytes() { return mapEntryBytes; }

    void writeMapEntries(CodedOutputStream w) throws IOException {
      for (int i = 0; i < size; i++) {
        byte[] wire = wires[i];
        int id = replyIdLength(wire);
        w.writeRawBytes(wire, id, wire.length - id);
      }
    }
  }
}
