package io.alcorvx.perf.ondemand;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * gRPC's length-prefixed message framing over a raw HTTP/2 body (1 byte compressed flag, 4 bytes
 * big-endian length, the message), for the probe agents.
 *
 * <p>Why not the gRPC client's own reader: it assembles each message by appending every HTTP/2
 * DATA chunk to a growing buffer, so a 300 KB delta is copied several times and its buffers are
 * reallocated as it grows; in a 1,000-host push run that was about a third of the probe's CPU, and
 * it grows with the delta size, so a fleet that fell behind (bigger deltas) fell further behind.
 * Here a message that lies within one chunk is handed over in place, and any other is copied once
 * into an array of its exact size.
 */
final class GrpcFrames {
  private GrpcFrames() {}

  static final int PREFIX = 5;

  /** One uncompressed message with its prefix. */
  static Buffer frame(byte[] message) {
    return Buffer.buffer(PREFIX + message.length).appendByte((byte) 0).appendInt(message.length).appendBytes(message);
  }

  /**
   * Splits a stream of body chunks into messages. Each message goes to the sink as a buffer
   * positioned on its bytes, valid only during the call. Confined to one thread (the stream's).
   */
  static final class Reader {
    private final int maxMessageBytes;
    private final Consumer<ByteBuffer> sink;
    private final byte[] prefix = new byte[PREFIX];
    private int prefixHave;
    private byte[] message;
    private int messageHave;

    Reader(int maxMessageBytes, Consumer<ByteBuffer> sink) {
      this.maxMessageBytes = maxMessageBytes;
      this.sink = sink;
    }

    /** Feeds the next chunk of the body; throws {@link IllegalStateException} for a frame this reader refuses. */
    void feed(Buffer chunk) {
      ByteBuf buf = ((BufferInternal) chunk).getByteBuf();
      int pos = buf.readerIndex();
      int end = buf.writerIndex();
      while (pos < end) {
        if (message == null) {
          if (prefixHave == 0 && end - pos >= PREFIX) {
            int length = length(buf.getByte(pos), buf.getInt(pos + 1));
            if (end - pos - PREFIX >= length) { // the whole message is in this chunk: no copy
              sink.accept(buf.nioBuffer(pos + PREFIX, length));
              pos += PREFIX + length;
              continue;
            }
          }
          while (prefixHave < PREFIX && pos < end) prefix[prefixHave++] = buf.getByte(pos++);
          if (prefixHave < PREFIX) return;
          int length = length(prefix[0], ByteBuffer.wrap(prefix, 1, 4).getInt());
          message = new byte[length];
          messageHave = 0;
        }
        int n = Math.min(end - pos, message.length - messageHave);
        buf.getBytes(pos, message, messageHave, n);
        pos += n;
        messageHave += n;
        if (messageHave == message.length) {
          byte[] whole = message;
          message = null;
          prefixHave = 0;
          sink.accept(ByteBuffer.wrap(whole));
        }
      }
    }

    private int length(byte flag, int length) {
      if (flag != 0) throw new IllegalStateException("compressed gRPC message (flag " + flag + "): none was negotiated");
      if (length < 0 || length > maxMessageBytes) {
        throw new IllegalStateException("gRPC message of " + Integer.toUnsignedString(length) + " bytes, over the limit of "
            + maxMessageBytes);
      }
      return length;
    }
  }
}
