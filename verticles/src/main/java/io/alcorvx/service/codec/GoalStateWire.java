package io.alcorvx.service.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceType;
import java.io.IOException;

/**
 * Protobuf wire pieces of the goal-state messages that are written around cached entry
 * encodings (the gateway's deltas, the on-demand replies): GoalStateV2 map entries and
 * {@code ResourceIdType}, sized and written as the generated builders serialize them.
 */
public final class GoalStateWire {
  public static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private GoalStateWire() {}

  /** The GoalStateV2 map field that holds entries of a type. */
  public static int mapField(ResourceType type) {
    return switch (type) {
      case VPC -> GoalStateV2.VPC_STATES_FIELD_NUMBER;
      case SUBNET -> GoalStateV2.SUBNET_STATES_FIELD_NUMBER;
      case PORT -> GoalStateV2.PORT_STATES_FIELD_NUMBER;
      case DHCP -> GoalStateV2.DHCP_STATES_FIELD_NUMBER;
      case NEIGHBOR -> GoalStateV2.NEIGHBOR_STATES_FIELD_NUMBER;
      case SECURITYGROUP -> GoalStateV2.SECURITY_GROUP_STATES_FIELD_NUMBER;
      case ROUTER -> GoalStateV2.ROUTER_STATES_FIELD_NUMBER;
      case GATEWAY -> GoalStateV2.GATEWAY_STATES_FIELD_NUMBER;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown resource type");
    };
  }

  /** Size of a length-delimited field of {@code size} bytes, tag and length included. */
  public static int lengthDelimited(int field, int size) {
    return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  /** Size of {@code ResourceIdType{type, id}} (proto3: defaults are not written). */
  public static int resourceIdSize(EntryKey key) {
    int s = 0;
    if (key.type().getNumber() != 0) s += CodedOutputStream.computeEnumSize(ResourceIdType.TYPE_FIELD_NUMBER, key.type().getNumber());
    if (!key.keyUtf8().isEmpty()) s += CodedOutputStream.computeBytesSize(ResourceIdType.ID_FIELD_NUMBER, key.keyUtf8());
    return s;
  }

  /** The fields of {@code ResourceIdType{type, id}} ({@link #resourceIdSize} bytes; the id is a string, same bytes). */
  public static void writeResourceId(CodedOutputStream w, EntryKey key) throws IOException {
    if (key.type().getNumber() != 0) w.writeEnum(ResourceIdType.TYPE_FIELD_NUMBER, key.type().getNumber());
    if (!key.keyUtf8().isEmpty()) w.writeBytes(ResourceIdType.ID_FIELD_NUMBER, key.keyUtf8());
  }

  /** Size of the body of a map entry {@code {1: key, 2: state}}. */
  public static int mapEntrySize(EntryKey key, ByteString state) {
    return CodedOutputStream.computeBytesSize(1, key.keyUtf8()) + CodedOutputStream.computeBytesSize(2, state);
  }

  /** One map entry in map field {@code field}, whose body is {@code entrySize} ({@link #mapEntrySize}) bytes. */
  public static void writeMapEntry(CodedOutputStream w, int field, int entrySize, EntryKey key, ByteString state)
      throws IOException {
    w.writeTag(field, LEN);
    w.writeUInt32NoTag(entrySize);
    w.writeBytes(1, key.keyUtf8()); // the map key is a string field: same bytes
    w.writeBytes(2, state);
  }
}
