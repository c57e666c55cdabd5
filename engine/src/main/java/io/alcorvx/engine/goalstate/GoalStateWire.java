package io.alcorvx.engine.goalstate;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.HostRequestOperationStatus;
import io.alcorvx.proto.ResourceIdType;
import io.alcorvx.proto.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;

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
  public static int resourceIdSize(EntryKey key) { return resourceIdSize(key.type(), key.keyUtf8()); }

  private static int resourceIdSize(ResourceType type, ByteString id) {
    int s = 0;
    if (type.getNumber() != 0) s += CodedOutputStream.computeEnumSize(ResourceIdType.TYPE_FIELD_NUMBER, type.getNumber());
    if (!id.isEmpty()) s += CodedOutputStream.computeBytesSize(ResourceIdType.ID_FIELD_NUMBER, id);
    return s;
  }

  /** The fields of {@code ResourceIdType{type, id}} ({@link #resourceIdSize} bytes; the id is a string, same bytes). */
  public static void writeResourceId(CodedOutputStream w, EntryKey key) throws IOException {
    writeResourceId(w, key.type(), key.keyUtf8());
  }

  private static void writeResourceId(CodedOutputStream w, ResourceType type, ByteString id) throws IOException {
    if (type.getNumber() != 0) w.writeEnum(ResourceIdType.TYPE_FIELD_NUMBER, type.getNumber());
    if (!id.isEmpty()) w.writeBytes(ResourceIdType.ID_FIELD_NUMBER, id);
  }

  /** Size of the body of a map entry {@code {1: key, 2: state}}. */
  public static int mapEntrySize(EntryKey key, ByteString state) { return mapEntrySize(key.keyUtf8(), state); }

  private static int mapEntrySize(ByteString key, ByteString state) {
    return CodedOutputStream.computeBytesSize(1, key) + CodedOutputStream.computeBytesSize(2, state);
  }

  /**
   * An entry as an on-demand reply carries it, in one array: first the answer's
   * {@code resolved_resources} field that names it (HostRequestOperationStatus field 3, a
   * {@code ResourceIdType}), then its GoalStateV2 map entry with {@code state}. The first part
   * is {@link #replyIdLength} bytes long. {@code keyUtf8} is the key's text as UTF-8 (not read
   * from the key, so that nothing is cached on it).
   */
  public static byte[] replyWire(EntryKey key, ByteString keyUtf8, ByteString state) {
    int idSize = resourceIdSize(key.type(), keyUtf8);
    int field = mapField(key.type());
    int entrySize = mapEntrySize(keyUtf8, state);
    byte[] out = new byte[lengthDelimited(HostRequestOperationStatus.RESOLVED_RESOURCES_FIELD_NUMBER, idSize)
        + lengthDelimited(field, entrySize)];
    CodedOutputStream w = CodedOutputStream.newInstance(out);
    try {
      w.writeTag(HostRequestOperationStatus.RESOLVED_RESOURCES_FIELD_NUMBER, LEN);
      w.writeUInt32NoTag(idSize);
      writeResourceId(w, key.type(), keyUtf8);
      writeMapEntry(w, field, entrySize, keyUtf8, state);
      w.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an array of the computed size: cannot happen
    }
    return out;
  }

  /** How many leading bytes of a {@link #replyWire} are its {@code resolved_resources} field. */
  public static int replyIdLength(byte[] replyWire) {
    // the field's tag is one byte (field 3); then the length as a varint
    int length = 0;
    int pos = 1;
    for (int shift = 0; ; shift += 7) {
      byte b = replyWire[pos++];
      length |= (b & 0x7f) << shift;
      if (b >= 0) return pos + length;
    }
  }

  /** One map entry in map field {@code field}, whose body is {@code entrySize} ({@link #mapEntrySize}) bytes. */
  public static void writeMapEntry(CodedOutputStream w, int field, int entrySize, EntryKey key, ByteString state)
      throws IOException {
    writeMapEntry(w, field, entrySize, key.keyUtf8(), state);
  }

  private static void writeMapEntry(CodedOutputStream w, int field, int entrySize, ByteString key, ByteString state)
      throws IOException {
    w.writeTag(field, LEN);
    w.writeUInt32NoTag(entrySize);
    w.writeBytes(1, key); // the map key is a string field: same bytes
    w.writeBytes(2, state);
  }
}
