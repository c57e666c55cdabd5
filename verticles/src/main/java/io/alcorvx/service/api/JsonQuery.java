package io.alcorvx.service.api;

import io.alcorvx.service.store.ListQuery;
import io.alcorvx.service.store.ListResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters, sorts and pages JSON bodies in memory, for what the store does not keep as rows
 * (security-group rules live inside their groups). Same semantics as {@link ListQuery}.
 */
final class JsonQuery {
  private JsonQuery() {}

  /** Applies filters, sort, marker and limit (the visibility part of the query is the caller's). */
  static ListResult apply(List<JsonObject> items, ListQuery q, ApiResource r) {
    List<JsonObject> matched = new ArrayList<>();
    for (JsonObject o : items) {
      if (matches(o, q.filters())) matched.add(o);
    }
    matched.sort(comparator(q.sort()));
    int from = 0;
    int to = matched.size();
    if (q.marker() != null) {
      int at = -1;
      for (int i = 0; i < matched.size(); i++) {
        if (q.marker().equals(matched.get(i).getString("id"))) {
          at = i;
          break;
        }
      }
      if (at < 0) throw ApiException.notFound(r.typeName + "NotFound", "Marker " + q.marker() + " could not be found.");
      if (q.pageReverse()) to = at;
      else from = at + 1;
    }
    boolean more = false;
    if (q.limit() != null && to - from > q.limit()) {
      more = true;
      if (q.pageReverse()) from = to - q.limit();
      else to = from + q.limit();
    }
    return new ListResult(new ArrayList<>(matched.subList(from, to)), more);
  }

  static boolean matches(JsonObject o, Map<String, List<String>> filters) {
    for (Map.Entry<String, List<String>> f : filters.entrySet()) {
      if (!matches(o, f.getKey(), f.getValue())) return false;
    }
    return true;
  }

  private static boolean matches(JsonObject o, String attribute, List<String> values) {
    Object v = o.getValue(attribute);
    if (attribute.equals("fixed_ips")) return fixedIpsMatch(v, values);
    if (v instanceof JsonArray a) {
      for (Object e : a) {
        if (e != null && values.contains(e.toString())) return true;
      }
      return false;
    }
    return values.contains(v == null ? "" : v.toString());
  }

  /** Every filtered key (ip_address, subnet_id) must match one of the port's fixed IPs. */
  private static boolean fixedIpsMatch(Object v, List<String> values) {
    if (!(v instanceof JsonArray ips)) return false;
    Map<String, List<String>> byKey = new HashMap<>();
    for (String s : values) {
      int eq = s.indexOf('=');
      byKey.computeIfAbsent(s.substring(0, Math.max(eq, 0)), k -> new ArrayList<>()).add(s.substring(eq + 1));
    }
    for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
      boolean any = false;
      for (Object ip : ips) {
        if (ip instanceof JsonObject j && e.getValue().contains(j.getString(e.getKey()))) any = true;
      }
      if (!any) return false;
    }
    return true;
  }

  static Comparator<JsonObject> comparator(List<ListQuery.SortKey> sort) {
    Comparator<JsonObject> c = (a, b) -> 0;
    for (ListQuery.SortKey k : sort) {
      Comparator<JsonObject> one = (a, b) -> compare(a.getValue(k.attribute()), b.getValue(k.attribute()));
      c = c.thenComparing(k.ascending() ? one : one.reversed());
    }
    return c.thenComparing(o -> o.getString("id"), Comparator.nullsFirst(Comparator.naturalOrder()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
    if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
    if (a instanceof Comparable ca && a.getClass() == b.getClass()) return ca.compareTo(b);
    return a.toString().compareTo(b.toString());
  }
}
