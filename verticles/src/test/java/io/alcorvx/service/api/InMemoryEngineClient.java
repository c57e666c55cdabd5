package io.alcorvx.service.api;

import io.alcorvx.engine.Engine;
import io.alcorvx.engine.EngineConfig;
import io.alcorvx.engine.IdSource;
import io.alcorvx.engine.Result;
import io.alcorvx.engine.command.Command;
import io.alcorvx.service.engine.EngineClient;
import io.alcorvx.service.engine.EngineUnavailableException;
import io.vertx.core.Future;

/**
 * A real engine applied synchronously (one lock, since several API instances call it), whose
 * change sets go straight into an {@link InMemoryResourceReader}, as the store would make them
 * durable and readable before the reply.
 */
final class InMemoryEngineClient implements EngineClient {
  final Engine engine = new Engine(EngineConfig.defaults(), IdSource.randomUuids());
  private final InMemoryResourceReader reader;
  volatile boolean unavailable;
  volatile int commands;

  InMemoryEngineClient(InMemoryResourceReader reader) { this.reader = reader; }

  @Override
  public synchronized Future<Object> execute(Command command) {
    if (unavailable) return Future.failedFuture(new EngineUnavailableException("engine is loading"));
    commands++;
    try {
      Result r = engine.apply(command, System.currentTimeMillis());
      reader.apply(r.changes());
      return Future.succeededFuture(r.value());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
