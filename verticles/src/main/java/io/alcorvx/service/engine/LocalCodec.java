package io.alcorvx.service.engine;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes objects between verticles of one JVM by reference: commands, records and change sets
 * are immutable, so there is nothing to encode (DESIGN.md: no JSON re-encoding on the hot path).
 * Refuses to cross the wire, which would be a wiring mistake.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "alcor-local";

  /** Registers the codec once per Vert.x instance; safe to call again. */
  public static synchronized void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("alcor-local messages never leave the JVM");
  }

  @Override public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("alcor-local messages never leave the JVM");
  }

  @Override public Object transform(Object o) { return o; }

  @Override public String name() { return NAME; }

  @Override public byte systemCodecID() { return -1; }
}
