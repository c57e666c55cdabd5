package io.alcorvx.perf.ondemand;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads just what the measuring tools need out of wire bytes, without building protobuf objects:
 * a {@code ControllerMessage}'s delta header (epoch, versions, update type, committed-at stamp) and,
 * on request, the map keys of its {@code neighbor_states}; a {@code HostRequestReply}'s statuses.
 * A FULL of a host with 10,000 neighbors is ~3 MB; the probe agents skip it instead of parsing it,
 * so thousands of simulated hosts fit on a machine that also runs the service. Pure, no I/O.
 *
 * <p>Field numbers: docs/goal-state-protocol.md §2 and proto/src/main/proto.
 */
public final class WireScan {
  private WireScan() {}

  /** {@code ControllerMessage} oneof numbers. */
  static final int CM_DELTA = 1;
  static final int CM_SUBSCRIBE = 2;
  static final int CM_NOTICE = 3;
  /** {@code GoalStateV2.neighbor_states}. */
  static final int GS_NEIGHBOR_STATES = 7;
  /** {@code OperationType.DELETE}. */
  static final int OP_DELETE = 4;

  /** Receives neighbor keys as positions in the scanned buffer (valid only during the scan). */
  @FunctionalInterface
  public interface KeySink {
    void key(ByteBuffer bytes, int offset, int length);
  }

  /** A sink that decodes each key to a String (tests, tools that are not hot). */
  public static KeySink strings(Consumer<String> keys) {
    return (bytes, offset, length) -> {
      byte[] k = new byte[length];
      bytes.get(offset, k, 0, length);
      keys.accept(new String(k, java.nio.charset.StandardCharsets.UTF_8));
    };
  }

  /** What a ControllerMessage was. */
  public enum Kind { DELTA, NOTICE, SUBSCRIBE, OTHER }

  /**
   * The header of one controller message.
   *
   * @param kind which body
   * @param epoch delta's engine_epoch, or the notice's
   * @param fromVersion delta's from_version
   * @param toVersion delta's to_version, or the notice's version
   * @param full delta's update_type is FULL
   * @param committedAtMicros delta's committed_at_unix_micros (0 = absent)
   * @param noticeKind notice's kind (0 = IN_SYNC, 1 = SHUTTING_DOWN), -1 for a delta
   * @param neighborUpserts neighbor entries in the delta that are not DELETEs (counted only when keys were asked for)
   */
  public record Header(Kind kind, long epoch, long fromVersion, long toVersion, boolean full, long committedAtMicros,
      int noticeKind, int neighborUpserts) {}

  /**
   * Scans a ControllerMessage. When {@code neighborKeys} is not null it is given the position in
   * {@code bytes} of the map key of every neighbor entry of the delta whose state is not a DELETE (FULL: every entry), and
   * {@link Header#neighborUpserts()} counts them; otherwise the goal state is skipped unread.
   */
  public static Header controllerMessage(ByteBuffer bytes, KeySink neighborKeys) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      Source src = new Source(bytes, bytes.position());
      Header h = new Header(Kind.OTHER, 0, 0, 0, false, 0, -1, 0);
      while (true) {
        int tag = in.readTag();
        if (tag == 0) return h;
        int field = WireFormat.getTagFieldNumber(tag);
        if (field == CM_DELTA && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = in.pushLimit(in.readRawVarint32());
          h = delta(in, src, neighborKeys);
          in.popLimit(limit);
        } else if (field == CM_NOTICE && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = in.pushLimit(in.readRawVarint32());
          h = notice(in);
          in.popLimit(limit);
        } else if (field == CM_SUBSCRIBE) {
          in.skipField(tag);
          h = new Header(Kind.SUBSCRIBE, 0, 0, 0, false, 0, -1, 0);
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("undecodable ControllerMessage", e);
    }
  }

  /** {@link #controllerMessage(ByteBuffer, KeySink)} over a byte array. */
  public static Header controllerMessage(byte[] bytes, KeySink neighborKeys) {
    return controllerMessage(ByteBuffer.wrap(bytes), neighborKeys);
  }

  private static Header delta(CodedInputStream in, Source src, KeySink neighborKeys) throws IOException {
    long epoch = 0;
    long from = 0;
    long to = 0;
    boolean full = false;
    long committed = 0;
    int upserts = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> epoch = in.readUInt64();
        case 2 -> from = in.readUInt64();
        case 3 -> to = in.readUInt64();
        case 4 -> full = in.readEnum() == 1;
        case 5 -> {
          if (neighborKeys == null) {
            in.skipField(tag);
          } else {
            int limit = in.pushLimit(in.readRawVarint32());
            upserts += neighbors(in, src, neighborKeys);
            in.popLimit(limit);
          }
        }
        case 8 -> committed = in.readUInt64();
        default -> in.skipField(tag);
      }
    }
    return new Header(Kind.DELTA, epoch, from, to, full, committed, -1, upserts);
  }

  /** Neighbor map entries of a GoalStateV2 (the stream is limited to it). */
  private static int neighbors(CodedInputStream in, Source src, KeySink keys) throws IOException {
    int n = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) return n;
      if (WireFormat.getTagFieldNumber(tag) != GS_NEIGHBOR_STATES) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      int keyOffset = 0;
      int keyLength = 0;
      int op = 0;
      while (true) {
        int t = in.readTag();
        if (t == 0) break;
        int f = WireFormat.getTagFieldNumber(t);
        if (f == 1) {
          keyLength = in.readRawVarint32();
          keyOffset = src.base + in.getTotalBytesRead(); // where the key lies: handed over as is, no String
          in.skipRawBytes(keyLength);
        } else if (f == 2) {
          int l2 = in.pushLimit(in.readRawVarint32());
          while (true) {
            int st = in.readTag();
            if (st == 0) break;
            if (WireFormat.getTagFieldNumber(st) == 1) op = in.readEnum();
            else in.skipField(st);
          }
          in.popLimit(l2);
        } else {
          in.skipField(t);
        }
      }
      in.popLimit(limit);
      if (op != OP_DELETE) {
        keys.key(src.bytes, keyOffset, keyLength);
        n++;
      }
    }
  }

  /** The scanned buffer and the index its stream started at (stream offsets + base = buffer indexes). */
  private record Source(ByteBuffer bytes, int base) {}

  private static Header notice(CodedInputStream in) throws IOException {
    int kind = 0;
    long epoch = 0;
    long version = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) break;
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> kind = in.readEnum();
        case 2 -> epoch = in.readUInt64();
        case 3 -> version = in.readUInt64();
        default -> in.skipField(tag);
      }
    }
    return new Header(Kind.NOTICE, epoch, 0, version, false, 0, kind, 0);
  }

  /**
   * Statuses of a {@code HostRequestReply}.
   *
   * @param statuses operation statuses in the reply
   * @param success those with operation_status SUCCESS (the proto3 default, 0)
   */
  public record ReplyCounts(int statuses, int success) {}

  /** Counts the operation statuses of a HostRequestReply and how many are SUCCESS; skips the states. */
  public static ReplyCounts replyCounts(ByteBuffer bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      int statuses = 0;
      int success = 0;
      while (true) {
        int tag = in.readTag();
        if (tag == 0) return new ReplyCounts(statuses, success);
        if (WireFormat.getTagFieldNumber(tag) != 2) {
          in.skipField(tag);
          continue;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        int status = 0;
        while (true) {
          int t = in.readTag();
          if (t == 0) break;
          if (WireFormat.getTagFieldNumber(t) == 2) status = in.readEnum();
          else in.skipField(t);
        }
        in.popLimit(limit);
        statuses++;
        if (status == 0) success++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("undecodable HostRequestReply", e);
    }
  }
}
