package io.alcorvx.service.engine;

import io.alcorvx.engine.Model;
import io.alcorvx.engine.model.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Record-by-record comparison of two engine models (live vs freshly loaded). */
final class StateComparison {
  private StateComparison() {}

  static JsonObject compare(Model live, Model loaded) {
    JsonArray differences = new JsonArray();
    JsonObject counts = new JsonObject();
    compare("networks", live.networks(), loaded.networks(), counts, differences);
    compare("subnets", live.subnets(), loaded.subnets(), counts, differences);
    compare("ports", live.ports(), loaded.ports(), counts, differences);
    compare("security_groups", live.securityGroups(), loaded.securityGroups(), counts, differences);
    compare("routers", live.routers(), loaded.routers(), counts, differences);
    compare("hosts", live.hosts(), loaded.hosts(), counts, differences);
    return new JsonObject().put("consistent", differences.isEmpty()).put("counts", counts).put("differences", differences);
  }

  private static void compare(String kind, Collection<? extends Resource> live, Collection<? extends Resource> loaded,
      JsonObject counts, JsonArray differences) {
    Map<String, Resource> byId = new HashMap<>();
    for (Resource r : loaded) byId.put(r.id(), r);
    counts.put(kind, new JsonObject().put("live", live.size()).put("loaded", loaded.size()));
    for (Resource r : live) {
      Resource other = byId.remove(r.id());
      if (!r.equals(other) && differences.size() < 20) {
        differences.add(kind + "/" + r.id() + (other == null ? " is not in the database" : " differs from the database"));
      }
    }
    for (String id : byId.keySet()) if (differences.size() < 20) differences.add(kind + "/" + id + " is only in the database");
  }
}
