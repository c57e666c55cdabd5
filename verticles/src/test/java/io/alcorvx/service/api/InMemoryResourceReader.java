package io.alcorvx.service.api;

import io.alcorvx.engine.ChangeSet;
import io.alcorvx.engine.model.Host;
import io.alcorvx.service.codec.NeutronJson;
import io.alcorvx.service.codec.ResourceKind;
import io.alcorvx.service.store.ListQuery;
import io.alcorvx.service.store.ListResult;
import io.alcorvx.service.store.ResourceReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stored NeutronJson bodies kept up to date from change sets, with Neutron list semantics done
 * the plain way (written independently of the API's own in-memory query, so each checks the other).
 */
final class InMemoryResourceReader implements ResourceReader {
  private final Map<ResourceKind, Map<String, JsonObject>> tables = new EnumMap<>(ResourceKind.class);
  volatile RuntimeException failWith;

  InMemoryResourceReader() {
    for (ResourceKind k : ResourceKind.values()) tables.put(k, new TreeMap<>());
  }

  synchronized void apply(ChangeSet changes) {
    for (ChangeSet.Change c : changes.changes()) {
      if (c.current() instanceof Host) continue;
      if (c.isDelete()) tables.get(ResourceKind.of(c.before())).remove(c.before().id());
      else tables.get(ResourceKind.of(c.after())).put(c.after().id(), NeutronJson.render(c.after()));
    }
  }

  synchronized int size(ResourceKind kind) { return tables.get(kind).size(); }

  @Override
  public synchronized Future<JsonObject> get(ResourceKind kind, String id, String visibleProject) {
    if (failWith != null) throw failWith;
    JsonObject b = tables.get(kind).get(id);
    return Future.succeededFuture(b != null && visible(kind, b, visibleProject) ? b.copy() : null);
  }

  @Override
  public synchronized Future<ListResult> list(ResourceKind kind, ListQuery q) {
    if (failWith != null) throw failWith;
    List<JsonObject> rows = new ArrayList<>();
    for (JsonObject b : tables.get(kind).values()) {
      if (visible(kind, b, q.visibleProject()) && matchesAll(b, q.filters())) rows.add(b.copy());
    }
    rows.sort((a, b) -> {
      for (ListQuery.SortKey k : q.sort()) {
        int c = compare(a.getValue(k.attribute()), b.getValue(k.attribute()));
        if (c != 0) return k.ascending() ? c : -c;
      }
      return a.getString("id").compareTo(b.getString("id"));
    });
    int start = 0;
    int end = rows.size();
    // (like the PostgreSQL reader, an unknown marker fails the future)
    if (q.marker() != null) {
      int at = -1;
      for (int i = 0; i < rows.size(); i++) if (rows.get(i).getString("id").equals(q.marker())) at = i;
      if (at < 0) return Future.failedFuture(new MarkerNotFoundException(q.marker()));
      if (q.pageReverse()) end = at;
      else start = at + 1;
    }
    List<JsonObject> window = rows.subList(start, end);
    boolean more = false;
    if (q.limit() != null && window.size() > q.limit()) {
      more = true;
      window = q.pageReverse() ? window.subList(window.size() - q.limit(), window.size()) : window.subList(0, q.limit());
    }
    return Future.succeededFuture(new ListResult(new ArrayList<>(window), more));
  }

  /** Same simple name as the store's exception, which the API maps to a 404. */
  static final class MarkerNotFoundException extends RuntimeException {
    MarkerNotFoundException(String marker) { super("marker " + marker + " not found", null, false, false); }
  }

  private boolean visible(ResourceKind kind, JsonObject b, String project) {
    if (project == null || project.equals(b.getString("project_id"))) return true;
    if (kind == ResourceKind.NETWORK) return b.getBoolean("shared", false);
    if (kind == ResourceKind.SUBNET) {
      JsonObject n = tables.get(ResourceKind.NETWORK).get(b.getString("network_id"));
      return n != null && n.getBoolean("shared", false);
    }
    return false;
  }

  private static boolean matchesAll(JsonObject b, Map<String, List<String>> filters) {
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      Object v = b.getValue(f.getKey());
      boolean ok;
      if (f.getKey().equals("fixed_ips")) {
        ok = true;
        for (String want : f.getValue()) {
          String key = want.substring(0, want.indexOf('='));
          String value = want.substring(want.indexOf('=') + 1);
          boolean found = false;
          for (Object o : (JsonArray) v) found |= value.equals(((JsonObject) o).getString(key));
          // different keys must all match; repeated values of one key are alternatives
          if (!found && f.getValue().stream().noneMatch(w -> w.startsWith(key + "=") && !w.equals(want) && anyHas((JsonArray) v, key, w))) ok = false;
        }
      } else if (v instanceof JsonArray a) {
        ok = a.stream().anyMatch(e -> f.getValue().contains(String.valueOf(e)));
      } else {
        ok = f.getValue().contains(v == null ? "" : String.valueOf(v));
      }
      if (!ok) return false;
    }
    return true;
  }

  private static boolean anyHas(JsonArray ips, String key, String want) {
    String value = want.substring(want.indexOf('=') + 1);
    for (Object o : ips) if (value.equals(((JsonObject) o).getString(key))) return true;
    return false;
  }

  private static int compare(Object a, Object b) {
    if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
    if (a instanceof Number x && b instanceof Number y) return Long.compare(x.longValue(), y.longValue());
    return String.valueOf(a).compareTo(String.valueOf(b));
  }
}
