package io.alcorvx.service.gateway;

import static io.alcorvx.engine.goalstate.GoalStateWire.LEN;
import static io.alcorvx.engine.goalstate.GoalStateWire.lengthDelimited;
import static io.alcorvx.engine.goalstate.GoalStateWire.mapEntrySize;
import static io.alcorvx.engine.goalstate.GoalStateWire.mapField;
import static io.alcorvx.engine.goalstate.GoalStateWire.resourceIdSize;
import static io.alcorvx.engine.goalstate.GoalStateWire.writeMapEntry;
import static io.alcorvx.engine.goalstate.GoalStateWire.writeResourceId;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.alcorvx.engine.goalstate.Delta;
import io.alcorvx.engine.goalstate.Entry;
import io.alcorvx.engine.goalstate.EntryKey;
import io.alcorvx.engine.goalstate.Op;
import io.alcorvx.proto.ControllerMessage;
import io.alcorvx.proto.DHCPConfiguration;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GatewayConfiguration;
import io.alcorvx.proto.GatewayState;
import io.alcorvx.proto.GoalStateV2;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.RouterConfiguration;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupConfiguration;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SessionNotice;
import io.alcorvx.proto.SubnetConfiguration;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.UpdateType;
import io.alcorvx.proto.VpcConfiguration;
import io.alcorvx.proto.VpcState;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine {@link Delta} → wire {@code ControllerMessage{delta: GoalStateDelta}} bytes, serializing
 * each entry state once (DESIGN.md §4 "serialize once").
 *
 * <p>An entry state ({@code XxxState} = operation type + configuration) is the large part of a
 * delta and the part many hosts share: the compiler builds one {@link Entry} per change (and
 * keeps one per neighbor across changes) and hands the same object to every host it concerns.
 * The entry holds its own encoding per operation type ({@link Entry#stateBytes}); a DELETE's is
 * memoized here per key. Each host's message is assembled around those
 * bytes with {@link CodedOutputStream}: GoalStateV2 map entries are length-delimited
 * {@code {1: key, 2: value}}, so the per-delta work is the keys, lengths and resource ids around
 * the bodies, never the bodies again; and a delta whose operations another host was just sent
 * reuses that whole part ({@link Body}), so its own work is the versions, the host IP and the
 * commit time. Fields are written in field-number order and
 * map entries in op order, which is what a builder-made message serializes to, so the bytes
 * are identical to {@code builder.build().toByteArray()}, not only equivalent.
 *
 * <p>An entry's bytes live as long as the entry. The DELETE memo is bounded (cleared when full:
 * deletes are rare and cheap to encode again). Not thread-safe: one encoder per gateway verticle
 * instance (its event loop).
 */
public final class DeltaEncoder {
  private static final int MAX_MEMOIZED_DELETES = 1 << 16;

  /**
   * Delta bodies remembered for reuse (a power of two; see {@link #body}). They are live whenever a
   * young GC runs and are copied by it; 64 reused as many pushes at 1,000 creates/s into 1,000 hosts
   * as 256 did (97 % against 98 %, docs/benchmarks.md, session 15).
   */
  private static final int RECENT_BODIES_BITS = 6;
  /** Larger deltas (a host far behind) are unlikely to repeat and would hold much memory: not remembered. */
  private static final int MAX_SHARED_OPS = 4096;
  private static final int MAX_SHARED_BODY_BYTES = 256 << 10;

  private final Map<EntryKey, ByteString> deletes = new HashMap<>();
  /** Recently encoded bodies of plain deltas, direct-mapped by {@link #slotOf}: a miss only costs an encoding. */
  private final Body[] recentBodies = new Body[1 << RECENT_BODIES_BITS];
  private final Counter encoded;
  private final Counter reused;
  private long encodings;
  private long bodyEncodings;
  private long bodyReuses;

  /** An encoder that counts its bodies only in {@link #bodyEncodings} and {@link #bodyReuses}. */
  public DeltaEncoder() { this(null, null); }

  /**
   * @param encoded counts delta bodies encoded ({@link Body}); null for none
   * @param reused counts delta bodies taken from an earlier host's delta; null for none
   */
  public DeltaEncoder(Counter encoded, Counter reused) {
    this.encoded = encoded;
    this.reused = reused;
  }

  /** How many entry states this encoder has serialized (each (entry, op) once; each DELETE key once). */
  public long stateEncodings() { return encodings; }

  /** Delta bodies (the operations' part of a message) encoded so far. */
  public long bodyEncodings() { return bodyEncodings; }

  /** Deltas whose body was the one encoded for an earlier delta with the same operations. */
  public long bodyReuses() { return bodyReuses; }

  /**
   * The ControllerMessage carrying {@code delta} for the host with IP {@code hostIp}.
   *
   * @param committedAtMicros wall-clock Unix micros when the newest change in it was durable (0 = unknown)
   */
  public byte[] encode(Delta delta, String hostIp, long committedAtMicros) {
    Layout l = layout(delta, utf8(hostIp), committedAtMicros);
    byte[] out = new byte[l.total];
    l.writeTo(CodedOutputStream.newInstance(out));
    return out;
  }

  /** A host IP as the UTF-8 bytes of the {@code host_resources} key (none: the empty key). */
  public static ByteString utf8(String hostIp) { return hostIp == null ? ByteString.EMPTY : ByteString.copyFromUtf8(hostIp); }

  /** gRPC's message prefix: a compressed flag and a big-endian length. */
  public static final int GRPC_PREFIX = 5;

  /** {@code message} behind gRPC's frame prefix (a copy: for small messages). */
  public static byte[] framed(byte[] message) {
    byte[] out = new byte[GRPC_PREFIX + message.length];
    writePrefix(out, message.length);
    System.arraycopy(message, 0, out, GRPC_PREFIX, message.length);
    return out;
  }

  private static void writePrefix(byte[] out, int length) {
    out[0] = 0; // not compressed
    out[1] = (byte) (length >>> 24);
    out[2] = (byte) (length >>> 16);
    out[3] = (byte) (length >>> 8);
    out[4] = (byte) length;
  }

  /**
   * The same message behind gRPC's 5-byte frame prefix (uncompressed, length), written into a
   * direct buffer from {@code alloc}: what an HTTP/2 stream of the agent session carries, written
   * as is. The gRPC server's own {@code writeMessage} copies every message into a new buffer to put
   * the prefix in front (at 1,000 creates/s into 1,000 hosts, half of what the service allocated),
   * and the socket writes direct memory, so a heap array would be copied again on its way out (4 %
   * of the service's CPU). The host IP comes in UTF-8: a stream keeps its own, written into every
   * push. The caller owns the buffer and releases it once it is written or dropped.
   */
  public ByteBuf encodeFramed(Delta delta, ByteString hostIp, long committedAtMicros, ByteBufAllocator alloc) {
    Layout l = layout(delta, hostIp, committedAtMicros);
    ByteBuf out = alloc.directBuffer(GRPC_PREFIX + l.total);
    try {
      out.writeByte(0); // not compressed
      out.writeInt(l.total);
      l.writeTo(CodedOutputStream.newInstance(out.nioBuffer(GRPC_PREFIX, l.total)));
      out.writerIndex(GRPC_PREFIX + l.total);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private Layout layout(Delta delta, ByteString hostIp, long committedAtMicros) {
    Body body = delta.full() ? encodeBody(delta.ops()) : body(delta.ops());
    int hostEntry = CodedOutputStream.computeBytesSize(1, hostIp) + lengthDelimited(2, body.resourceIds.length);
    int goalState = CodedOutputStream.computeUInt32Size(1, 1) + lengthDelimited(2, hostEntry) + body.maps.length;
    int deltaSize = 0;
    if (delta.epoch() != 0) deltaSize += CodedOutputStream.computeUInt64Size(1, delta.epoch());
    if (delta.fromVersion() != 0) deltaSize += CodedOutputStream.computeUInt64Size(2, delta.fromVersion());
    if (delta.toVersion() != 0) deltaSize += CodedOutputStream.computeUInt64Size(3, delta.toVersion());
    if (delta.full()) deltaSize += CodedOutputStream.computeEnumSize(4, UpdateType.FULL_VALUE);
    deltaSize += lengthDelimited(5, goalState);
    if (delta.expectedDigest() != null) deltaSize += CodedOutputStream.computeFixed64Size(6, delta.expectedDigest());
    if (delta.expectedEntryCount() != 0) deltaSize += CodedOutputStream.computeUInt32Size(7, delta.expectedEntryCount());
    if (committedAtMicros != 0) deltaSize += CodedOutputStream.computeUInt64Size(8, committedAtMicros);
    int total = lengthDelimited(ControllerMessage.DELTA_FIELD_NUMBER, deltaSize);
    return new Layout(delta, hostIp, committedAtMicros, body, hostEntry, goalState, deltaSize, total);
  }

  /** One host's message, sized: {@link #total} bytes, written by {@link #writeTo}. */
  private record Layout(Delta delta, ByteString hostIp, long committedAtMicros, Body body, int hostEntry, int goalState,
      int deltaSize, int total) {
    void writeTo(CodedOutputStream w) {
      try {
        w.writeTag(ControllerMessage.DELTA_FIELD_NUMBER, LEN);
        w.writeUInt32NoTag(deltaSize);
        if (delta.epoch() != 0) w.writeUInt64(1, delta.epoch());
        if (delta.fromVersion() != 0) w.writeUInt64(2, delta.fromVersion());
        if (delta.toVersion() != 0) w.writeUInt64(3, delta.toVersion());
        if (delta.full()) w.writeEnum(4, UpdateType.FULL_VALUE);
        w.writeTag(5, LEN);
        w.writeUInt32NoTag(goalState);
        w.writeUInt32(1, 1); // format_version
        w.writeTag(2, LEN); // host_resources: {host IP -> the ids this host applies}
        w.writeUInt32NoTag(hostEntry);
        w.writeBytes(1, hostIp); // the map key is a string field: same bytes
        w.writeTag(2, LEN);
        w.writeUInt32NoTag(body.resourceIds.length);
        w.writeRawBytes(body.resourceIds);
        w.writeRawBytes(body.maps);
        if (delta.expectedDigest() != null) w.writeFixed64(6, delta.expectedDigest());
        if (delta.expectedEntryCount() != 0) w.writeUInt32(7, delta.expectedEntryCount());
        if (committedAtMicros != 0) w.writeUInt64(8, committedAtMicros);
        w.checkNoSpaceLeft();
      } catch (IOException e) {
        throw new UncheckedIOException("sizing bug while assembling a goal-state delta", e);
      }
    }
  }

  /**
   * The body of a delta with these operations: from {@link #recentBodies} when another host's
   * delta held the very same operations (the same objects, in the same order), else encoded and
   * remembered there.
   */
  private Body body(List<Op> ops) {
    int n = ops.size();
    if (n == 0 || n > MAX_SHARED_OPS) return encodeBody(ops);
    int slot = slotOf(ops);
    Body b = recentBodies[slot];
    if (b != null && b.isFor(ops)) {
      bodyReuses++;
      if (reused != null) reused.increment();
      return b;
    }
    b = encodeBody(ops);
    if (b.resourceIds.length + b.maps.length <= MAX_SHARED_BODY_BYTES) recentBodies[slot] = b;
    return b;
  }

  /** A slot from the identities of the first and last operations and the count (verified by {@link Body#isFor}). */
  private static int slotOf(List<Op> ops) {
    int n = ops.size();
    int h = System.identityHashCode(ops.get(0)) * 31 + System.identityHashCode(ops.get(n - 1));
    h = h * 31 + n;
    h ^= h >>> 16;
    return (h * 0x9E3779B1) >>> (32 - RECENT_BODIES_BITS);
  }

  /** Encodes the parts of a GoalStateV2 that depend only on the operations (see {@link Body}). */
  private Body encodeBody(List<Op> ops) {
    int n = ops.size();
    ByteString[] bodies = new ByteString[n];
    int[] field = new int[n];
    int[] entrySize = new int[n];
    int[] ridSize = new int[n];
    int[] perField = new int[11];
    int maps = 0;
    int resourceIds = 0;
    for (int i = 0; i < n; i++) {
      EntryKey key = ops.get(i).key();
      bodies[i] = stateBytes(ops.get(i));
      field[i] = mapField(key.type());
      perField[field[i]]++;
      entrySize[i] = mapEntrySize(key, bodies[i]);
      maps += lengthDelimited(field[i], entrySize[i]);
      ridSize[i] = resourceIdSize(key);
      resourceIds += lengthDelimited(1, ridSize[i]);
    }
    byte[] ids = new byte[resourceIds];
    byte[] entries = new byte[maps];
    try {
      CodedOutputStream w = CodedOutputStream.newInstance(ids);
      for (int i = 0; i < n; i++) {
        w.writeTag(1, LEN);
        w.writeUInt32NoTag(ridSize[i]);
        writeResourceId(w, ops.get(i).key());
      }
      w.checkNoSpaceLeft();
      w = CodedOutputStream.newInstance(entries);
      for (int f = 3; f <= 10; f++) {
        if (perField[f] == 0) continue;
        for (int i = 0; i < n; i++) {
          if (field[i] == f) writeMapEntry(w, f, entrySize[i], ops.get(i).key(), bodies[i]);
        }
      }
      w.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("sizing bug while encoding a goal-state delta's entries", e);
    }
    bodyEncodings++;
    if (encoded != null) encoded.increment();
    return new Body(ops.toArray(new Op[0]), ids, entries);
  }

  /**
   * What a delta's message holds that depends only on its operations: the {@code HostResources}
   * content (a {@code ResourceIdType} per operation) and the GoalStateV2 map entries, in field
   * order. In push mode the hosts of a subnet are sent the same operations (the same objects, from
   * one compile) and, acknowledging at similar times, often exactly the same run of them; such
   * hosts share one body, and their messages differ only in the versions, the host IP and the
   * commit time around it. {@code ops} is a copy, compared by identity: operations and entries are
   * immutable, so the same objects encode to the same bytes.
   */
  private record Body(Op[] ops, byte[] resourceIds, byte[] maps) {
    boolean isFor(List<Op> other) {
      if (other.size() != ops.length) return false;
      for (int i = 0; i < ops.length; i++) {
        if (other.get(i) != ops[i]) return false;
      }
      return true;
    }
  }

  /** {@code ControllerMessage{notice: IN_SYNC(epoch, version)}}. */
  public static byte[] inSync(long epoch, long version) {
    return ControllerMessage.newBuilder().setNotice(SessionNotice.newBuilder().setKind(SessionNotice.Kind.IN_SYNC)
        .setEngineEpoch(epoch).setVersion(version)).build().toByteArray();
  }

  /** {@code ControllerMessage{notice: SHUTTING_DOWN}}. */
  public static byte[] shuttingDown(String detail) {
    return ControllerMessage.newBuilder().setNotice(SessionNotice.newBuilder().setKind(SessionNotice.Kind.SHUTTING_DOWN)
        .setDetail(detail)).build().toByteArray();
  }

  /** The encoded XxxState of one operation, from the memo when another host already needed it. */
  ByteString stateBytes(Op op) {
    if (op.isDelete()) {
      ByteString b = deletes.get(op.key());
      if (b == null) {
        b = deleteState(op.key()).toByteString();
        encodings++;
        if (deletes.size() >= MAX_MEMOIZED_DELETES) deletes.clear();
        deletes.put(op.key(), b);
      }
      return b;
    }
    Entry e = op.entry();
    if (e == null) throw new IllegalArgumentException(op.type() + " of " + op.key() + " without an entry");
    if (!e.isEncoded(op.type())) encodings++;
    return e.stateBytes(op.type());
  }

  /**
   * A DELETE: the state of the key's type with operation DELETE and a configuration carrying only
   * the resource id (a neighbor key's port). The map key is what identifies the entry.
   */
  static Message deleteState(EntryKey key) {
    String id = key.isNeighborKey() ? key.neighborPort() : key.key();
    OperationType del = OperationType.DELETE;
    return switch (key.type()) {
      case VPC -> VpcState.newBuilder().setOperationType(del).setConfiguration(VpcConfiguration.newBuilder().setId(id)).build();
      case SUBNET -> SubnetState.newBuilder().setOperationType(del).setConfiguration(SubnetConfiguration.newBuilder().setId(id)).build();
      case PORT -> PortState.newBuilder().setOperationType(del).setConfiguration(PortConfiguration.newBuilder().setId(id)).build();
      case NEIGHBOR -> NeighborState.newBuilder().setOperationType(del).setConfiguration(NeighborConfiguration.newBuilder().setId(id)).build();
      case SECURITYGROUP -> SecurityGroupState.newBuilder().setOperationType(del)
          .setConfiguration(SecurityGroupConfiguration.newBuilder().setId(id)).build();
      case DHCP -> DHCPState.newBuilder().setOperationType(del).setConfiguration(DHCPConfiguration.newBuilder().setId(id)).build();
      case ROUTER -> RouterState.newBuilder().setOperationType(del).setConfiguration(RouterConfiguration.newBuilder().setId(id)).build();
      case GATEWAY -> GatewayState.newBuilder().setOperationType(del).setConfiguration(GatewayConfiguration.newBuilder().setId(id)).build();
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown resource type of " + key);
    };
  }
}
