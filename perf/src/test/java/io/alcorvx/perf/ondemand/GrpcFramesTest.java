package io.alcorvx.perf.ondemand;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GrpcFramesTest {

  private static byte[] message(int length, int seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static List<byte[]> read(Buffer body, int[] cuts) {
    List<byte[]> got = new ArrayList<>();
    GrpcFrames.Reader reader = new GrpcFrames.Reader(1 << 20, m -> {
      byte[] copy = new byte[m.remaining()];
      m.get(copy);
      got.add(copy);
    });
    int from = 0;
    for (int cut : cuts) {
      reader.feed(body.slice(from, cut));
      from = cut;
    }
    reader.feed(body.slice(from, body.length()));
    return got;
  }

  @Test
  void everySplitOfTheBodyGivesTheSameMessages() {
    List<byte[]> sent = List.of(message(300, 1), message(0, 2), message(1, 3), message(17, 4), message(5, 5));
    Buffer body = Buffer.buffer();
    for (byte[] m : sent) body.appendBuffer(GrpcFrames.frame(m));
    for (int a = 0; a <= body.length(); a++) {
      for (int b = a; b <= body.length(); b += 7) {
        List<byte[]> got = read(body, new int[] {a, b});
        assertEquals(sent.size(), got.size(), "cut at " + a + " and " + b);
        for (int i = 0; i < sent.size(); i++) assertArrayEquals(sent.get(i), got.get(i), "message " + i + ", cut at " + a + ", " + b);
      }
    }
  }

  @Test
  void oneByteChunksGiveTheSameMessages() {
    List<byte[]> sent = List.of(message(40, 6), message(2, 7));
    Buffer body = Buffer.buffer();
    for (byte[] m : sent) body.appendBuffer(GrpcFrames.frame(m));
    int[] cuts = new int[body.length() - 1];
    for (int i = 0; i < cuts.length; i++) cuts[i] = i + 1;
    List<byte[]> got = read(body, cuts);
    assertEquals(2, got.size());
    assertArrayEquals(sent.get(0), got.get(0));
    assertArrayEquals(sent.get(1), got.get(1));
  }

  @Test
  void aMessageWithinOneChunkIsHandedOverInPlace() {
    Buffer chunk = GrpcFrames.frame(message(64, 8));
    List<ByteBuffer> got = new ArrayList<>();
    new GrpcFrames.Reader(1 << 20, got::add).feed(chunk);
    assertEquals(1, got.size());
    assertTrue(got.get(0).isDirect() || !got.get(0).hasArray() || got.get(0).array().length > 64,
        "expected a view of the chunk, not an array of the message's size");
  }

  @Test
  void compressedAndOversizedMessagesAreRefused() {
    Buffer compressed = Buffer.buffer().appendByte((byte) 1).appendInt(3).appendBytes(new byte[3]);
    IllegalStateException c = assertThrows(IllegalStateException.class,
        () -> new GrpcFrames.Reader(1 << 20, m -> {}).feed(compressed));
    assertTrue(c.getMessage().contains("compressed"), c.getMessage());

    Buffer huge = Buffer.buffer().appendByte((byte) 0).appendInt(2048);
    IllegalStateException h = assertThrows(IllegalStateException.class, () -> new GrpcFrames.Reader(1024, m -> {}).feed(huge));
    assertTrue(h.getMessage().contains("2048"), h.getMessage());

    Buffer negative = Buffer.buffer().appendByte((byte) 0).appendInt(-1);
    assertThrows(IllegalStateException.class, () -> new GrpcFrames.Reader(1024, m -> {}).feed(negative));
  }
}
