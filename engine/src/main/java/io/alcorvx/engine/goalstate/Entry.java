package io.alcorvx.engine.goalstate;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import io.alcorvx.proto.DHCPConfiguration;
import io.alcorvx.proto.DHCPState;
import io.alcorvx.proto.GoalStateDigest;
import io.alcorvx.proto.NeighborConfiguration;
import io.alcorvx.proto.NeighborState;
import io.alcorvx.proto.OperationType;
import io.alcorvx.proto.PortConfiguration;
import io.alcorvx.proto.PortState;
import io.alcorvx.proto.RouterConfiguration;
import io.alcorvx.proto.RouterState;
import io.alcorvx.proto.SecurityGroupConfiguration;
import io.alcorvx.proto.SecurityGroupState;
import io.alcorvx.proto.SubnetConfiguration;
import io.alcorvx.proto.SubnetState;
import io.alcorvx.proto.VpcConfiguration;
import io.alcorvx.proto.VpcState;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One goal-state entry's body (its upstream XxxConfiguration), shared by every host that holds
 * it. The wrapping XxxState per operation type and the digest hash are computed once, lazily;
 * the races on those caches are benign (same value from any thread).
 *
 * <p>The body is kept as its encoding, not as the message. A push-mode VPC holds one neighbor
 * entry per port for the port's lifetime; as a message graph that is seven objects (the message,
 * its fixed-IP message, the list wrapping it, the list's array, the address and MAC strings) that
 * every young collection copies until they are old. Everything the hot paths need works on the
 * bytes: {@link #stateBytes} wraps them, {@link #digestHash} hashes them, {@link #sameBody}
 * compares them. The message is parsed back only for {@link #configuration} and {@link #state},
 * which serve on-demand replies as messages, tests and logs.
 */
public final class Entry {
  private final EntryKey key;
  /** The configuration, serialized (the bytes {@code configuration.toByteString()} gives). */
  private final ByteString body;
  private volatile Message[] states; // indexed by OperationType number
  private volatile ByteString[] encoded; // the same, serialized
  private volatile byte[] replyWire; // see replyWire(); built only for on-demand replies
  private volatile long hash;
  private volatile boolean hashed;

  public Entry(EntryKey key, Message configuration) {
    this.key = key;
    this.body = configuration.toByteString();
  }

  public EntryKey key() { return key; }

  /** The configuration message (parsed from the kept encoding on every call). */
  public Message configuration() {
    try {
      return switch (key.type()) {
        case VPC -> VpcConfiguration.parseFrom(body);
        case SUBNET -> SubnetConfiguration.parseFrom(body);
        case PORT -> PortConfiguration.parseFrom(body);
        case NEIGHBOR -> NeighborConfiguration.parseFrom(body);
        case SECURITYGROUP -> SecurityGroupConfiguration.parseFrom(body);
        case DHCP -> DHCPConfiguration.parseFrom(body);
        case ROUTER -> RouterConfiguration.parseFrom(body);
        default -> throw new IllegalStateException("no goal-state entries of type " + key.type());
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("entry " + key + " holds bytes its own message type cannot parse", e);
    }
  }

  /** The XxxState message with the given operation type, built once per type. */
  public Message state(OperationType op) {
    Message[] cache = states;
    if (cache == null) {
      cache = new Message[OperationType.DELETE.getNumber() + 1];
      states = cache;
    }
    Message m = cache[op.getNumber()];
    if (m == null) {
      m = wrap(op, configuration());
      cache[op.getNumber()] = m;
    }
    return m;
  }

  /**
   * The serialized XxxState with the given operation type, encoded once for every host and every
   * push that carries this entry (serialize once, DESIGN.md §4). Byte for byte what the built
   * {@link #state} message serializes to: field 1, the operation type (absent when it is the
   * default, INFO), then field 2, the configuration (always present: a set message field).
   */
  public ByteString stateBytes(OperationType op) {
    ByteString[] cache = encoded;
    if (cache == null) {
      cache = new ByteString[OperationType.DELETE.getNumber() + 1];
      encoded = cache;
    }
    ByteString b = cache[op.getNumber()];
    if (b == null) {
      b = wrapBytes(op);
      cache[op.getNumber()] = b;
    }
    return b;
  }

  private ByteString wrapBytes(OperationType op) {
    int size = (op.getNumber() == 0 ? 0 : 1 + CodedOutputStream.computeEnumSizeNoTag(op.getNumber()))
        + 1 + CodedOutputStream.computeUInt32SizeNoTag(body.size()) + body.size();
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      if (op.getNumber() != 0) o.writeEnum(1, op.getNumber());
      o.writeBytes(2, body);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array of the computed size: cannot happen
    }
    return UnsafeByteOperations.unsafeWrap(out);
  }

  /**
   * This entry as an on-demand reply carries it (INFO), built once: the answer's field naming it
   * and its GoalStateV2 map entry, in one array ({@link GoalStateWire#replyWire}). A reply about a
   * port of a large VPC then reads one cold object for it, not the key, the key's bytes, the
   * encoded state and its bytes one after another. Neither the key's bytes nor the INFO state are
   * cached for it: they live on only inside this array.
   */
  public byte[] replyWire() {
    byte[] w = replyWire;
    if (w == null) {
      ByteString[] cache = encoded;
      ByteString info = cache != null && cache[OperationType.INFO_VALUE] != null ? cache[OperationType.INFO_VALUE]
          : wrapBytes(OperationType.INFO);
      w = GoalStateWire.replyWire(key, ByteString.copyFromUtf8(key.key()), info);
      replyWire = w;
    }
    return w;
  }

  /** {@link #replyWire} if it is built, else null; builds nothing. */
  public byte[] builtReplyWire() { return replyWire; }

  /**
   * Reads every cache line of {@code bytes} and returns a value of them (the caller must use it,
   * or the JIT drops the reads). For a batch of replies: a loop of these lets the CPU fetch many
   * entries' bytes at once before they are copied one by one.
   */
  public static long warmLines(byte[] bytes) {
    long sum = bytes[bytes.length - 1];
    for (int i = 0; i < bytes.length; i += 64) sum += bytes[i];
    return sum;
  }

  /** Whether {@link #stateBytes} already holds the encoding for this operation type. */
  public boolean isEncoded(OperationType op) {
    ByteString[] cache = encoded;
    return cache != null && cache[op.getNumber()] != null;
  }

  /** This entry's term of a host's digest (see docs/goal-state-protocol.md). */
  public long digestHash() {
    if (!hashed) {
      hash = GoalStateDigest.entryHash(key.type(), key.key(), body.toByteArray());
      hashed = true;
    }
    return hash;
  }

  private Message wrap(OperationType op, Message configuration) {
    return switch (key.type()) {
      case VPC -> VpcState.newBuilder().setOperationType(op).setConfiguration((VpcConfiguration) configuration).build();
      case SUBNET -> SubnetState.newBuilder().setOperationType(op).setConfiguration((SubnetConfiguration) configuration).build();
      case PORT -> PortState.newBuilder().setOperationType(op).setConfiguration((PortConfiguration) configuration).build();
      case NEIGHBOR -> NeighborState.newBuilder().setOperationType(op).setConfiguration((NeighborConfiguration) configuration).build();
      case SECURITYGROUP -> SecurityGroupState.newBuilder().setOperationType(op).setConfiguration((SecurityGroupConfiguration) configuration).build();
      case DHCP -> DHCPState.newBuilder().setOperationType(op).setConfiguration((DHCPConfiguration) configuration).build();
      case ROUTER -> RouterState.newBuilder().setOperationType(op).setConfiguration((RouterConfiguration) configuration).build();
      default -> throw new IllegalStateException("no goal-state entries of type " + key.type());
    };
  }

  /**
   * Same body (the revision is part of it, so a new revision is a different body). The encodings
   * are compared: the configurations have no map fields, so equal messages encode to equal bytes.
   */
  public boolean sameBody(Entry other) { return other != null && body.equals(other.body); }

  @Override public String toString() { return key + "=" + configuration(); }
}
