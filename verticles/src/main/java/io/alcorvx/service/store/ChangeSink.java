package io.alcorvx.service.store;

import io.alcorvx.engine.ChangeSet;
import io.vertx.core.Future;

/**
 * Where the engine owner sends each command's changes to make them durable. The future completes
 * once they are committed (visible to readers, surviving a crash), and fails if they could not be
 * (then none of them is stored, and the caller must revert them in memory). Futures complete in
 * the order of the calls.
 */
public interface ChangeSink {
  Future<Void> commit(ChangeSet changes);
}
