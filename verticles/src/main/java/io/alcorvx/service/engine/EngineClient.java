package io.alcorvx.service.engine;

import io.alcorvx.engine.command.Command;
import io.vertx.core.Future;

/**
 * How the API reaches the engine owner. The future completes after the command's changes are
 * durable, with the command's value (the created/updated record, a list for a batch,
 * a RouterInterfaceInfo, or null for deletes). It fails with
 * {@link io.alcorvx.engine.EngineException} when the engine refused the command (nothing changed),
 * and with {@link EngineUnavailableException} when it could not be made durable or the engine is
 * not ready.
 */
public interface EngineClient {
  Future<Object> execute(Command command);
}
