package io.alcorvx.service.api;

import io.alcorvx.service.api.ApiResource.Type;
import io.alcorvx.service.store.ListQuery;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A list request's query string, validated: filters on any visible attribute (repeated = OR),
 * {@code fields}, {@code limit}/{@code marker}/{@code page_reverse}, paired
 * {@code sort_key}/{@code sort_dir}.
 *
 * @param query what the reader gets
 * @param fields the attributes to answer with, or empty for all
 * @param noMatch a filter that nothing can match (tags: we keep none), so the answer is empty
 */
record ListParams(ListQuery query, Set<String> fields, boolean noMatch) {

  static final Set<String> RESERVED = Set.of("fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir", "verbose");

  static ListParams parse(ApiResource r, MultiMap params, String visibleProject) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    boolean noMatch = false;
    for (String name : params.names()) {
      if (RESERVED.contains(name)) continue;
      List<String> values = params.getAll(name);
      if (name.equals("tags") || name.equals("tags-any")) {
        noMatch = true; // no resource carries tags
        continue;
      }
      if (name.equals("not-tags") || name.equals("not-tags-any")) continue;
      Type type = r.attributes.get(name);
      if (type == null || !type.filterable()) throw ApiException.badRequest("[" + name + "] is invalid attribute for filtering");
      String attribute = name.equals("tenant_id") ? "project_id" : name;
      List<String> normalized = filters.computeIfAbsent(attribute, k -> new ArrayList<>());
      for (String v : values) normalized.add(normalize(name, type, v));
    }
    List<ListQuery.SortKey> sort = sort(r, params.getAll("sort_key"), params.getAll("sort_dir"));
    Integer limit = limit(params.get("limit"));
    String marker = params.get("marker");
    if (marker != null && marker.isEmpty()) marker = null;
    boolean reverse = bool("page_reverse", params.get("page_reverse"));
    Set<String> fields = new LinkedHashSet<>();
    for (String f : params.getAll("fields")) {
      for (String part : f.split(",")) {
        if (!part.isBlank()) fields.add(part.trim());
      }
    }
    return new ListParams(new ListQuery(filters, sort, limit, marker, reverse, visibleProject), fields, noMatch);
  }

  /** Only the {@code fields} of a show. */
  static Set<String> fields(MultiMap params) {
    Set<String> fields = new LinkedHashSet<>();
    for (String f : params.getAll("fields")) {
      for (String part : f.split(",")) {
        if (!part.isBlank()) fields.add(part.trim());
      }
    }
    return fields;
  }

  private static String normalize(String name, Type type, String v) {
    switch (type) {
      case BOOL -> { return Boolean.toString(bool(name, v)); }
      case INT -> {
        if (!v.matches("-?[0-9]{1,18}")) throw ApiException.badRequest("Invalid input for " + name + ". Reason: '" + v + "' is not an integer.");
        return Long.toString(Long.parseLong(v));
      }
      case FIXED_IPS -> {
        int eq = v.indexOf('=');
        String key = eq < 0 ? "" : v.substring(0, eq);
        if (!key.equals("ip_address") && !key.equals("subnet_id")) {
          throw ApiException.badRequest("Invalid input for fixed_ips filter: '" + v + "' is not ip_address=... or subnet_id=...");
        }
        return v;
      }
      default -> { return v; }
    }
  }

  private static boolean bool(String name, String v) {
    if (v == null || v.isEmpty()) return false;
    String l = v.toLowerCase(Locale.ROOT);
    if (l.equals("true") || l.equals("1")) return true;
    if (l.equals("false") || l.equals("0")) return false;
    throw ApiException.badRequest("Invalid input for " + name + ". Reason: '" + v + "' cannot be converted to boolean.");
  }

  private static Integer limit(String v) {
    if (v == null || v.isEmpty()) return null;
    long l;
    try {
      l = Long.parseLong(v);
    } catch (NumberFormatException e) {
      l = -1;
    }
    if (l < 0) throw ApiException.badRequest("Bad limit request: Limit must be an integer 0 or greater and not '" + v + "'");
    return l == 0 ? null : (int) Math.min(l, Integer.MAX_VALUE);
  }

  private static List<ListQuery.SortKey> sort(ApiResource r, List<String> keys, List<String> dirs) {
    if (keys.isEmpty()) {
      if (!dirs.isEmpty()) throw ApiException.badRequest("sort_dir given without sort_key");
      return List.of();
    }
    if (!dirs.isEmpty() && dirs.size() != keys.size()) {
      throw ApiException.badRequest("The number of sort_keys and sort_dirs must be same");
    }
    List<ListQuery.SortKey> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      Type type = r.attributes.get(key);
      if (type == null || !type.sortable()) throw ApiException.badRequest("Attribute '" + key + "' is not supported for sorting");
      String dir = dirs.isEmpty() ? "asc" : dirs.get(i).toLowerCase(Locale.ROOT);
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw ApiException.badRequest("Invalid sort direction '" + dirs.get(i) + "': must be 'asc' or 'desc'");
      }
      out.add(new ListQuery.SortKey(key.equals("tenant_id") ? "project_id" : key, dir.equals("asc")));
    }
    return out;
  }
}
