package io.alcorvx.engine.goalstate;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
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

/**
 * One goal-state entry's body (its upstream XxxConfiguration), shared by every host that holds
 * it. The wrapping XxxState per operation type and the digest hash are computed once, lazily;
 * the races on those caches are benign (same value from any thread).
 */
public final class Entry {
  private final EntryKey key;
  private final Message configuration;
  private volatile Message[] states; // indexed by OperationType number
  private volatile ByteString[] encoded; // the same, serialized
  private volatile long hash;
  private volatile boolean hashed;

  public Entry(EntryKey key, Message configuration) {
    this.key = key;
    this.configuration = configuration;
  }

  public EntryKey key() { return key; }

  public Message configuration() { return configuration; }

  /** The XxxState message with the given operation type, built once per type. */
  public Message state(OperationType op) {
    Message[] cache = states;
    if (cache == null) {
      cache = new Message[OperationType.DELETE.getNumber() + 1];
      states = cache;
    }
    Message m = cache[op.getNumber()];
    if (m == null) {
      m = wrap(op);
      cache[op.getNumber()] = m;
    }
    return m;
  }

  /**
   * The serialized XxxState with the given operation type, encoded once for every host and every
   * push that carries this entry (serialize once, DESIGN.md §4).
   */
  public ByteString stateBytes(OperationType op) {
    ByteString[] cache = encoded;
    if (cache == null) {
      cache = new ByteString[OperationType.DELETE.getNumber() + 1];
      encoded = cache;
    }
    ByteString b = cache[op.getNumber()];
    if (b == null) {
      b = state(op).toByteString();
      cache[op.getNumber()] = b;
    }
    return b;
  }

  /** Whether {@link #stateBytes} already holds the encoding for this operation type. */
  public boolean isEncoded(OperationType op) {
    ByteString[] cache = encoded;
    return cache != null && cache[op.getNumber()] != null;
  }

  /** This entry's term of a host's digest (see docs/goal-state-protocol.md). */
  public long digestHash() {
    if (!hashed) {
      hash = GoalStateDigest.entryHash(key.type(), key.key(), configuration.toByteArray());
      hashed = true;
    }
    return hash;
  }

  private Message wrap(OperationType op) {
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

  /** Same body (the revision is part of it, so a new revision is a different body). */
  public boolean sameBody(Entry other) { return other != null && configuration.equals(other.configuration); }

  @Override public String toString() { return key + "=" + configuration; }
}
