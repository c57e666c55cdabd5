package io.alcorvx.service.store;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of stored bodies, in the requested order; {@code hasMore} when the limit cut it. */
public record ListResult(List<JsonObject> items, boolean hasMore) {}
