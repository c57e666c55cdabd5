package io.alcorvx.service.engine;

import io.alcorvx.engine.ChangeSet;
import io.vertx.core.Future;

/**
 * Where the engine owner makes change sets durable (the store). Commits complete in submission
 * order. After a failed commit the store refuses every later commit until {@link #reset} (they
 * may build on the failed one); the engine reloads from the database and then resets.
 */
public interface Durability {
  Future<Void> commit(ChangeSet changes);

  Future<Void> reset();
}
