package io.alcorvx.service.store;

import io.alcorvx.service.codec.ResourceKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Reads of stored resources for the API: shows and lists are served from the database (indexed
 * columns, filters, sorting and pagination in SQL), never from the engine owner's event loop.
 * Bodies are {@link io.alcorvx.service.codec.NeutronJson} bodies (internal fields included).
 */
public interface ResourceReader {

  /** The stored body, or null if there is no such resource visible to {@code visibleProject} (null = admin). */
  Future<JsonObject> get(ResourceKind kind, String id, String visibleProject);

  Future<ListResult> list(ResourceKind kind, ListQuery query);
}
