package io.alcorvx.service.store;

import io.alcorvx.engine.net.Cidr;
import io.alcorvx.engine.net.IpAddress;
import io.alcorvx.engine.net.MacAddress;
import io.alcorvx.service.codec.NeutronJson;
import io.alcorvx.service.codec.ResourceKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Shows and lists served from PostgreSQL with parameterised SQL only.
 *
 * <p><b>Visibility.</b> {@code visibleProject} null = admin, sees everything. Otherwise a
 * resource is visible when its project is that project; networks also when shared, subnets also
 * when their network is shared (as in the engine); hosts never.
 *
 * <p><b>Filters</b> ({@link ListQuery#filters}, values of one key are OR-ed, keys AND-ed):
 * <ul>
 *   <li>attributes with an indexed column compare on it: all kinds {@code id}, {@code name};
 *       {@code project_id}/{@code tenant_id} (not hosts); networks {@code shared} (true/false,
 *       also True/1/yes...); subnets {@code network_id}, {@code cidr}; ports {@code network_id},
 *       {@code device_id}, {@code device_owner}, {@code binding:host_id}, {@code mac_address}
 *       (any case), {@code status}, {@code description}, {@code admin_state_up} (as {@code shared}),
 *       {@code security_groups} (the port has one of the values; migration 5);</li>
 *   <li>ports {@code fixed_ips} entries {@code ip_address=A}, {@code subnet_id=S},
 *       {@code ip_address_substr=X} match a port having one fixed IP that satisfies all given
 *       sub-keys (Neutron's semantics), through the indexed {@code port_fixed_ips} table;
 *       addresses are compared in canonical form (so {@code fd00::0002} finds {@code fd00::2});</li>
 *   <li>networks {@code subnets=ID}: networks having that subnet;</li>
 *   <li>any other attribute of the body (stored as text, parsed as jsonb for this) compares
 *       {@code body->>'attr'} as text (booleans and numbers as their JSON text, so
 *       {@code admin_state_up=true}, {@code mtu=1450}; a boolean attribute also accepts
 *       True/False/1/0); for an array attribute a value matches when the array contains it
 *       (e.g. ports {@code security_groups=ID}).</li>
 * </ul>
 * Like Neutron, unknown filter keys are ignored: a key that the kind's body does not have
 * constrains nothing (rather than matching nothing or failing). Keys that are not plain
 * attribute names (pattern {@value #ATTRIBUTE_PATTERN}) and the internal {@code _alcor} key are
 * ignored too; attribute names are bound as parameters, never concatenated into SQL.
 *
 * <p><b>Sorting</b> on indexed columns, or on any body attribute as jsonb (numbers sort
 * numerically, strings by the database collation, JSON null first); unknown/invalid keys are
 * ignored. The id always ends the order (ascending) unless it is already a key.
 *
 * <p><b>Pagination</b> is keyset: rows strictly after the marker row in sort order, or with
 * {@code pageReverse} the rows strictly before it (the last page when there is no marker),
 * returned in normal order. A marker is applied whether or not a limit is given; a marker that
 * is not visible fails the future with {@link MarkerNotFoundException}. {@code limit} null or
 * &lt;= 0 means no limit; {@code hasMore} says the limit cut the result (with pageReverse: there
 * are rows before the page).
 *
 * <p>Network bodies get their {@code subnets} filled (ids in creation order) with one extra query
 * per page. Callbacks run on the context calling the methods.
 */
public final class PgResourceReader implements ResourceReader {

  /**
   * The body parsed as jsonb, for filters and sorts on attributes without a column. The body is
   * stored as text (cheaper to write and load); the lateral subquery parses it once per row that
   * passed the column filters (OFFSET 0 keeps the planner from inlining it into every reference,
   * which parsed it up to six times a row).
   */
  private static final String DOC = "d.doc";
  private static final String WITH_DOC = " CROSS JOIN LATERAL (SELECT t.body::jsonb AS doc OFFSET 0) d";

  static final String ATTRIBUTE_PATTERN = "[A-Za-z_][A-Za-z0-9_:.-]{0,63}";
  private static final Pattern ATTRIBUTE = Pattern.compile(ATTRIBUTE_PATTERN);

  private final Pool pool;

  public PgResourceReader(Pool pool) { this.pool = pool; }

  @Override
  public Future<JsonObject> get(ResourceKind kind, String id, String visibleProject) {
    if (id == null) return Future.succeededFuture(null);
    Sql sql = new Sql();
    sql.append("SELECT t.id, t.body FROM ").append(kind.table).append(" t WHERE t.id = ").append(sql.param(id));
    String vis = visibility(kind, visibleProject, sql);
    if (vis != null) sql.append(" AND ").append(vis);
    return sql.run(pool).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(null);
      List<JsonObject> bodies = bodies(rows);
      return withSubnets(kind, bodies).map(v -> bodies.get(0));
    });
  }

  @Override
  public Future<ListResult> list(ResourceKind kind, ListQuery query) {
    try {
      return doList(kind, query);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<ListResult> doList(ResourceKind kind, ListQuery q) {
    StoreTables.Table table = StoreTables.table(kind);
    Sql sql = new Sql();

    // order: the requested keys, then id; flipped for page_reverse
    List<String> exprs = new ArrayList<>();
    List<Boolean> ascending = new ArrayList<>();
    boolean hasId = false;
    if (q.sort() != null) {
      for (ListQuery.SortKey k : q.sort()) {
        if (k == null || k.attribute() == null) continue;
        String expr = sortExpression(table, k.attribute(), sql);
        if (expr == null) continue;
        if (expr.equals("t.id")) {
          if (hasId) continue;
          hasId = true;
        }
        exprs.add(expr);
        ascending.add(k.ascending());
      }
    }
    if (!hasId) {
      exprs.add("t.id");
      ascending.add(true);
    }
    boolean sortUsesDoc = sql.docUsed();
    boolean reverse = q.pageReverse();
    if (reverse) ascending.replaceAll(a -> !a);

    List<String> where = new ArrayList<>();
    String vis = visibility(kind, q.visibleProject(), sql);
    if (vis != null) where.add(vis);
    if (q.filters() != null) {
      for (Map.Entry<String, List<String>> f : q.filters().entrySet()) {
        String cond = filter(kind, table, f.getKey(), f.getValue(), sql);
        if (cond != null) where.add(cond);
      }
    }

    String marker = q.marker();
    StringBuilder prefix = new StringBuilder();
    if (marker != null) {
      prefix.append("WITH m AS (SELECT ");
      for (int i = 0; i < exprs.size(); i++) prefix.append(exprs.get(i)).append(" AS k").append(i).append(", ");
      prefix.append("1 AS one FROM ").append(kind.table).append(" t").append(sortUsesDoc ? WITH_DOC : "")
          .append(" WHERE t.id = ").append(sql.param(marker));
      if (vis != null) prefix.append(" AND ").append(vis); // an invisible marker gives an empty page, then a 404
      prefix.append(") ");
      // rows strictly after the marker's sort values; the redundant bound on the first key lets an
      // index on it start at the marker instead of scanning from the beginning
      where.add(exprs.get(0) + (ascending.get(0) ? " >= " : " <= ") + "(SELECT k0 FROM m)");
      StringBuilder keyset = new StringBuilder("(");
      for (int i = 0; i < exprs.size(); i++) {
        if (i > 0) keyset.append(" OR ");
        keyset.append('(');
        for (int j = 0; j < i; j++) keyset.append(exprs.get(j)).append(" = (SELECT k").append(j).append(" FROM m) AND ");
        keyset.append(exprs.get(i)).append(ascending.get(i) ? " > " : " < ").append("(SELECT k").append(i).append(" FROM m))");
      }
      where.add(keyset.append(')').toString());
    }

    Integer limit = q.limit() != null && q.limit() > 0 ? q.limit() : null;
    sql.prepend(prefix.toString());
    sql.append("SELECT t.id, t.body FROM ").append(kind.table).append(" t");
    if (sql.docUsed()) sql.append(WITH_DOC); // by a sort key or a filter
    if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
    sql.append(" ORDER BY ");
    for (int i = 0; i < exprs.size(); i++) {
      if (i > 0) sql.append(", ");
      sql.append(exprs.get(i)).append(ascending.get(i) ? " ASC" : " DESC");
    }
    if (limit != null) sql.append(" LIMIT ").append(sql.param((long) limit + 1));

    return sql.run(pool).compose(rows -> {
      List<JsonObject> items = bodies(rows);
      boolean hasMore = limit != null && items.size() > limit;
      if (hasMore) items = new ArrayList<>(items.subList(0, limit));
      if (reverse) Collections.reverse(items);
      List<JsonObject> page = items;
      Future<Void> markerCheck = page.isEmpty() && marker != null ? checkMarker(kind, marker, q.visibleProject()) : Future.succeededFuture();
      return markerCheck.compose(v -> withSubnets(kind, page)).map(v -> new ListResult(page, hasMore));
    });
  }

  /** An empty page after a marker: was it a marker we cannot see? */
  private Future<Void> checkMarker(ResourceKind kind, String marker, String visibleProject) {
    Sql sql = new Sql();
    sql.append("SELECT 1 FROM ").append(kind.table).append(" t WHERE t.id = ").append(sql.param(marker));
    String vis = visibility(kind, visibleProject, sql);
    if (vis != null) sql.append(" AND ").append(vis);
    return sql.run(pool).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new MarkerNotFoundException(kind, marker)) : Future.succeededFuture());
  }

  // ---- SQL pieces ----------------------------------------------------------------------------

  private static String visibility(ResourceKind kind, String project, Sql sql) {
    if (project == null) return null;
    if (kind == ResourceKind.HOST) return "FALSE";
    String p = sql.param(project);
    return switch (kind) {
      case NETWORK -> "(t.project_id = " + p + " OR t.shared)";
      case SUBNET -> "(t.project_id = " + p + " OR EXISTS (SELECT 1 FROM networks n WHERE n.id = t.network_id AND n.shared))";
      default -> "t.project_id = " + p;
    };
  }

  private static boolean validAttribute(String attr) {
    return attr != null && ATTRIBUTE.matcher(attr).matches() && !attr.equals(NeutronJson.INTERNAL);
  }

  private static String sortExpression(StoreTables.Table table, String attr, Sql sql) {
    String column = table.attributeColumns().get(attr);
    if (column != null) return "t." + column;
    if (!validAttribute(attr)) return null;
    return "COALESCE(" + sql.doc() + " -> " + sql.param(attr) + "::text, 'null'::jsonb)";
  }

  private static String filter(ResourceKind kind, StoreTables.Table table, String attr, List<String> rawValues, Sql sql) {
    if (attr == null || rawValues == null) return null;
    List<String> values = new ArrayList<>(rawValues.size());
    for (String v : rawValues) if (v != null) values.add(v);
    if (values.isEmpty()) return null;

    if (kind == ResourceKind.PORT && attr.equals("fixed_ips")) return fixedIpsFilter(values, sql);
    if (kind == ResourceKind.NETWORK && attr.equals("subnets")) {
      return "EXISTS (SELECT 1 FROM subnets s WHERE s.network_id = t.id AND s.id = ANY(" + sql.param(values.toArray(new String[0])) + "::text[]))";
    }
    String column = table.attributeColumns().get(attr);
    if (column != null) {
      if (StoreTables.isBooleanColumn(column)) {
        List<Boolean> bools = new ArrayList<>();
        for (String v : values) {
          Boolean b = parseBoolean(v);
          if (b != null) bools.add(b);
        }
        if (bools.isEmpty()) return "FALSE";
        return "t." + column + " = ANY(" + sql.param(bools.toArray(new Boolean[0])) + "::boolean[])";
      }
      if (StoreTables.isArrayColumn(column)) { // holds one of the values
        return "t." + column + " && " + sql.param(values.toArray(new String[0])) + "::text[]";
      }
      List<String> normalized = new ArrayList<>(values.size());
      for (String v : values) normalized.add(normalize(column, v));
      String match = "t." + column + " = ANY(" + sql.param(normalized.toArray(new String[0])) + "::text[])";
      // implied by the values, but the planner only uses a partial index when the query says it
      return table.isSparseColumn(column) && !normalized.contains("") ? "(" + match + " AND t." + column + " <> '')" : match;
    }
    if (!validAttribute(attr)) return null;

    String doc = sql.doc();
    String a = sql.param(attr) + "::text";
    String vs = sql.param(values.toArray(new String[0])) + "::text[]";
    StringBuilder cond = new StringBuilder("(NOT (" + doc + " ? ").append(a).append(")")
        .append(" OR " + doc + " ->> ").append(a).append(" = ANY(").append(vs).append(")");
    List<String> bools = new ArrayList<>();
    for (String v : values) {
      Boolean b = parseBoolean(v);
      if (b != null) bools.add(b.toString());
    }
    if (!bools.isEmpty()) {
      cond.append(" OR (jsonb_typeof(" + doc + " -> ").append(a).append(") = 'boolean' AND " + doc + " ->> ").append(a)
          .append(" = ANY(").append(sql.param(bools.toArray(new String[0]))).append("::text[]))");
    }
    cond.append(" OR (jsonb_typeof(" + doc + " -> ").append(a).append(") = 'array' AND " + doc + " -> ").append(a)
        .append(" ?| ").append(vs).append("))");
    return cond.toString();
  }

  /** Neutron's fixed_ips filter: one fixed IP of the port satisfies every given sub-key. */
  private static String fixedIpsFilter(List<String> values, Sql sql) {
    List<String> ips = new ArrayList<>();
    List<String> subnets = new ArrayList<>();
    List<String> substrings = new ArrayList<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq < 0) continue;
      String key = v.substring(0, eq).trim();
      String value = v.substring(eq + 1).trim();
      switch (key) {
        case "ip_address" -> ips.add(canonicalIp(value));
        case "subnet_id" -> subnets.add(value);
        case "ip_address_substr" -> substrings.add(value);
        default -> { } // unknown sub-key: ignored, like unknown filter keys
      }
    }
    if (ips.isEmpty() && subnets.isEmpty() && substrings.isEmpty()) return null;
    StringBuilder c = new StringBuilder("EXISTS (SELECT 1 FROM port_fixed_ips f WHERE f.port_id = t.id");
    if (!ips.isEmpty()) c.append(" AND f.ip_address = ANY(").append(sql.param(ips.toArray(new String[0]))).append("::text[])");
    if (!subnets.isEmpty()) c.append(" AND f.subnet_id = ANY(").append(sql.param(subnets.toArray(new String[0]))).append("::text[])");
    if (!substrings.isEmpty()) {
      c.append(" AND EXISTS (SELECT 1 FROM unnest(").append(sql.param(substrings.toArray(new String[0])))
          .append("::text[]) sub(s) WHERE strpos(f.ip_address, sub.s) > 0)");
    }
    return c.append(')').toString();
  }

  private static String normalize(String column, String v) {
    switch (column) {
      case "mac_address" -> {
        try {
          return MacAddress.format(MacAddress.parse(v));
        } catch (RuntimeException e) {
          return v.toLowerCase(Locale.ROOT);
        }
      }
      case "cidr" -> {
        try {
          return Cidr.parse(v).toString();
        } catch (RuntimeException e) {
          return v;
        }
      }
      default -> {
        return v;
      }
    }
  }

  private static String canonicalIp(String v) {
    try {
      return IpAddress.parse(v).toString();
    } catch (RuntimeException e) {
      return v;
    }
  }

  /** oslo's bool_from_string spellings; null when the value is not a boolean. */
  static Boolean parseBoolean(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "t", "1", "yes", "y", "on" -> Boolean.TRUE;
      case "false", "f", "0", "no", "n", "off" -> Boolean.FALSE;
      default -> null;
    };
  }

  // ---- results -------------------------------------------------------------------------------

  private static List<JsonObject> bodies(RowSet<Row> rows) {
    List<JsonObject> out = new ArrayList<>(rows.size());
    for (Row r : rows) out.add(new JsonObject(r.getString(1)));
    return out;
  }

  /** Networks show the ids of their subnets: one query for the whole page. */
  private Future<Void> withSubnets(ResourceKind kind, List<JsonObject> bodies) {
    if (kind != ResourceKind.NETWORK || bodies.isEmpty()) return Future.succeededFuture();
    String[] ids = new String[bodies.size()];
    for (int i = 0; i < ids.length; i++) ids[i] = bodies.get(i).getString("id");
    return pool.preparedQuery("SELECT network_id, id FROM subnets WHERE network_id = ANY($1::text[])"
            + " ORDER BY network_id, (body::jsonb -> '" + NeutronJson.INTERNAL + "' ->> 'created_ms')::bigint, id")
        .execute(Tuple.of(ids))
        .map(rows -> {
          Map<String, JsonArray> byNetwork = new HashMap<>();
          for (Row r : rows) byNetwork.computeIfAbsent(r.getString(0), k -> new JsonArray()).add(r.getString(1));
          for (JsonObject b : bodies) b.put("subnets", byNetwork.getOrDefault(b.getString("id"), new JsonArray()));
          return null;
        });
  }

  /** SQL text with positional parameters, and whether it refers to the parsed body. */
  private static final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private boolean docUsed;

    /** The parsed body ({@link #WITH_DOC} must join it): for sorts and filters on attributes without a column. */
    String doc() {
      docUsed = true;
      return DOC;
    }

    boolean docUsed() { return docUsed; }

    String param(Object value) {
      params.add(value);
      return "$" + params.size();
    }

    Sql append(Object s) {
      text.append(s);
      return this;
    }

    void prepend(String s) { text.insert(0, s); }

    Future<RowSet<Row>> run(Pool pool) { return pool.preparedQuery(text.toString()).execute(Tuple.wrap(params)); }
  }
}
