package io.alcorvx.service.ondemand;

import static io.alcorvx.service.codec.GoalStateWire.LEN;
import static io.alcorvx.service.codec.GoalStateWire.lengthDelimited;
import static io.alcorvx.service.codec.GoalStateWire.mapEntrySize;
import static io.alcorvx.service.codec.GoalStateWire.mapField;
import static io.alcorvx.service.codec.GoalStateWire.resourceIdSize;
import static io.alcorvx.service.codec.GoalStateWire.writeMapEntry;
import static io.alcorvx.service.codec.GoalStateWire.writeResourceId;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.HostRequestReply;
import io.alcorvx.proto.OperationStatus;
import io.alcorvx.proto.OperationType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * On-demand answers → {@code HostRequestReply} bytes, written around each entry's cached
 * encoding ({@link Entry#stateBytes}) instead of building protobuf messages per request: a reply
 * is mostly neighbor and subnet states that many requests share, and building them again for
 * every request was its main cost and garbage. The bytes parse to the same message the builders
 * make (fields in number order, map entries in first-seen order, a repeated key keeping its
 * first position and its last value, as a builder's map does).
 */
final class ReplyEncoder {
  /** One answered request: its id, outcome, why (may be empty) and the entries that answer it. */
  record Answer(String requestId, OperationStatus status, String detail, List<Entry> entries) {}

  private ReplyEncoder() {}

  static byte[] encode(List<Answer> answers, int totalMicros) {
    // resolved_states: per GoalStateV2 map field, entries by key (deduplicated across answers)
    @SuppressWarnings("unchecked")
    Map<EntryKey, Entry>[] maps = new Map[GoalStateV2.GATEWAY_STATES_FIELD_NUMBER + 1];
    int[] statusSize = new int[answers.size()];
    int statuses = 0;
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      int s = 0;
      if (!a.requestId().isEmpty()) s += CodedOutputStream.computeStringSize(1, a.requestId());
      if (a.status().getNumber() != 0) s += CodedOutputStream.computeEnumSize(2, a.status().getNumber());
      for (Entry e : a.entries()) {
        s += lengthDelimited(3, resourceIdSize(e.key()));
        int f = mapField(e.key().type());
        if (maps[f] == null) maps[f] = new LinkedHashMap<>();
        maps[f].put(e.key(), e); // equal keys are equal map keys: no text built per request
      }
      if (!a.detail().isEmpty()) s += CodedOutputStream.computeStringSize(4, a.detail());
      statusSize[i] = s;
      statuses += lengthDelimited(HostRequestReply.OPERATION_STATUSES_FIELD_NUMBER, s);
    }
    int goalState = CodedOutputStream.computeUInt32Size(GoalStateV2.FORMAT_VERSION_FIELD_NUMBER, 1);
    for (int f = 0; f < maps.length; f++) {
      if (maps[f] == null) continue;
      for (Entry e : maps[f].values()) goalState += lengthDelimited(f, mapEntrySize(e.key(), info(e)));
    }
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
        for (Entry e : a.entries()) {
          w.writeTag(HostRequestOperationStatus.RESOLVED_RESOURCES_FIELD_NUMBER, LEN);
          w.writeUInt32NoTag(resourceIdSize(e.key()));
          writeResourceId(w, e.key());
        }
        if (!a.detail().isEmpty()) w.writeString(HostRequestOperationStatus.DETAIL_FIELD_NUMBER, a.detail());
      }
      if (totalMicros != 0) w.writeUInt32(HostRequestReply.TOTAL_OPERATION_TIME_FIELD_NUMBER, totalMicros);
      w.writeTag(HostRequestReply.RESOLVED_STATES_FIELD_NUMBER, LEN);
      w.writeUInt32NoTag(goalState);
      w.writeUInt32(GoalStateV2.FORMAT_VERSION_FIELD_NUMBER, 1);
      for (int f = 0; f < maps.length; f++) {
        if (maps[f] == null) continue;
        for (Entry e : maps[f].values()) writeMapEntry(w, f, mapEntrySize(e.key(), info(e)), e.key(), info(e));
      }
      w.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("sizing bug while assembling an on-demand reply", e);
    }
    return out;
  }

  /** A resolved state is sent as an INFO operation. */
  private static ByteString info(Entry e) { return e.stateBytes(OperationType.INFO); }
}
