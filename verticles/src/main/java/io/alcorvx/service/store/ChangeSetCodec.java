package io.alcorvx.service.store;

import io.alcorvx.engine.ChangeSet;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for {@link ChangeSet}: local delivery only, the same (immutable once applied)
 * object is handed over without any encoding. Register it with {@link StoreVerticle#registerCodecs}.
 */
public final class ChangeSetCodec implements MessageCodec<ChangeSet, ChangeSet> {
  public static final String NAME = "alcor.changeset";

  @Override public void encodeToWire(Buffer buffer, ChangeSet changes) {
    throw new UnsupportedOperationException("ChangeSet is local to one JVM: send it with a local consumer");
  }

  @Override public ChangeSet decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("ChangeSet is local to one JVM");
  }

  @Override public ChangeSet transform(ChangeSet changes) { return changes; }

  @Override public String name() { return NAME; }

  @Override public byte systemCodecID() { return -1; }
}
